"""A damaged, odd or read-only history never raises: it is set aside, read around, or refused.

Each test here is a way a tester broke the app: a history whose table descriptions
are not UTF-8 stopped every start (``UnicodeDecodeError``), an index that no longer
matched its table passed ``quick_check`` and hid sessions, a start time of "banana"
crashed the History screen, and a read-only file said it was writable.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.core.history.test_history_store import FIXED_NOW, T0, record_session
from tests.core.history.unwritable import make_writable, unwritable
from unknot.core.history.store import (
    HistoryReadOnlyError,
    HistoryStore,
    HistoryWriteError,
)
from unknot.core.storage.notices import Notices

UTC = timezone.utc
GARBLED = b"CREATE TABLE checks (id INTEGER) \xff".hex()
"""A table description SQLite quotes in its error, with a byte that is not UTF-8."""
ASIDE = "history.sqlite3.damaged-20260309-100000"


def history(tmp_path: Path, sessions: int = 5) -> Path:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        for day in range(sessions):
            record_session(store, T0 + timedelta(days=day))
    return path


def edit(path: Path, *statements: str, schema: bool = False) -> None:
    """Changes the file as another program would, past Unknot's store and its checks."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    if schema:
        connection.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        connection.execute(statement)
    connection.close()


def open_store(path: Path, notices: Notices | None = None) -> HistoryStore:
    return HistoryStore(path, now=lambda: FIXED_NOW, notices=notices)


# -- damage found at open ---------------------------------------------------------------


def test_a_table_description_that_is_not_utf8_is_set_aside_not_raised(tmp_path: Path) -> None:
    """SQLite's error quotes the garbled description; Python cannot decode it."""
    path = history(tmp_path)
    edit(
        path,
        f"UPDATE sqlite_master SET sql = CAST(X'{GARBLED}' AS TEXT) WHERE name = 'checks'",
        schema=True,
    )
    with pytest.raises(UnicodeDecodeError):  # what the app met: not a sqlite3 error
        sqlite3.connect(path).execute("SELECT * FROM sessions").fetchall()
    notices = Notices()
    with open_store(path, notices) as store:
        assert store.problem is not None
        assert "its table descriptions are garbled" in store.problem
        assert f"kept as {ASIDE}" in store.problem
        assert store.writable and store.sessions() == []
        record_session(store)
        assert len(store.sessions()) == 1
    assert [n.key for n in notices.pending] == ["history.open"]
    assert notices.pending[0].text == store.problem


def test_an_index_that_no_longer_matches_its_table_is_found_at_open(tmp_path: Path) -> None:
    """``quick_check`` passes this file, and a query by start time then finds nothing."""
    path = history(tmp_path, sessions=30)
    connection = sqlite3.connect(path, isolation_level=None)
    roots = dict(
        connection.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'index'")
    )
    connection.close()
    edit(
        path,
        f"UPDATE sqlite_master SET rootpage = {roots['checks_by_session']} "
        "WHERE name = 'sessions_by_start'",
        f"UPDATE sqlite_master SET rootpage = {roots['sessions_by_start']} "
        "WHERE name = 'checks_by_session'",
        schema=True,
    )
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchall() == [("ok",)]
    with open_store(path) as store:
        assert store.problem is not None
        assert "missing from index" in store.problem
        assert store.writable
    assert (tmp_path / ASIDE).exists()


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("CREATE TABLE notes (text TEXT)", "table notes is not Unknot's"),
        ("DROP INDEX sessions_by_start", "index sessions_by_start is missing"),
        (
            "UPDATE sqlite_master SET sql = replace(sql, 'BETWEEN 0 AND 10', 'BETWEEN 0 AND 1') "
            "WHERE name = 'checks'",
            "table checks is not as Unknot made it",
        ),
        ("PRAGMA user_version = 1", "index sessions_by_start is not Unknot's"),
        ("PRAGMA user_version = 0", "is not Unknot's"),
        ("PRAGMA user_version = -1", "its format number -1 is not one Unknot writes"),
        ("PRAGMA user_version = 2000000", "its format number 2000000 is not one Unknot writes"),
    ],
)
def test_a_file_whose_tables_are_not_unknots_is_set_aside(
    tmp_path: Path, statement: str, found: str
) -> None:
    """A CHECK changed to ``BETWEEN 0 AND 1`` would refuse every later rating above 1."""
    path = history(tmp_path)
    edit(path, statement, schema=True)
    before = path.read_bytes()
    with open_store(path) as store:
        assert store.problem is not None
        assert found in store.problem
        assert f"kept as {ASIDE}" in store.problem
        assert store.writable
    assert (tmp_path / ASIDE).read_bytes() == before


def test_a_format_number_a_newer_unknot_could_write_is_kept_and_only_read(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    edit(path, "PRAGMA user_version = 3")
    notices = Notices()
    with open_store(path, notices) as store:
        assert store.problem is not None and "newer Unknot" in store.problem
        assert len(store.sessions()) == 5
        with pytest.raises(HistoryReadOnlyError, match="must be updated"):
            record_session(store)
    assert [n.key for n in notices.pending] == ["history.open"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_where_the_history_was_is_set_aside_without_waiting_on_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    os.mkfifo(path)
    with open_store(path) as store:
        assert store.problem is not None and "it is not a regular file" in store.problem
        assert store.writable
    assert stat.S_ISFIFO((tmp_path / ASIDE).stat().st_mode)


def test_a_journal_left_beside_a_damaged_file_goes_aside_with_it(tmp_path: Path) -> None:
    """A hot rollback journal beside the new, empty file would be played into it."""
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database at all")
    (tmp_path / "history.sqlite3-journal").write_bytes(b"old journal")
    with open_store(path) as store:
        assert store.writable
    assert (tmp_path / f"{ASIDE}-journal").read_bytes() == b"old journal"
    assert not (tmp_path / "history.sqlite3-journal").exists()


# -- rows that make no sense ------------------------------------------------------------


def test_a_start_time_that_is_not_a_date_leaves_that_session_out_and_says_so_once(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    edit(path, "UPDATE sessions SET started_at = 'banana' WHERE id = 2")
    notices = Notices()
    with open_store(path, notices) as store:
        assert store.problem is None  # the file is sound: nothing set aside
        records = store.sessions()
        assert [r.id for r in records] == [1, 3, 4, 5]
        assert store.session(2) is None
        store.sessions()
        store.days_with_sessions(T0.date(), T0.date() + timedelta(days=6), UTC)
        # Once: the same sentence again would be a second notice after a dismissal.
        (notice,) = notices.pending
        assert notice.key == "history.read"
        assert notice.text.startswith("1 session in your history could not be read")
        assert store.problem == notice.text
    assert not list(tmp_path.glob("*.damaged-*"))


@pytest.mark.parametrize(
    ("statement", "left_out"),
    [
        ("UPDATE sessions SET baseline = 42 WHERE id = 3", True),
        ("UPDATE sessions SET baseline = 'five' WHERE id = 3", True),
        ("UPDATE sessions SET end_reason = 'exploded' WHERE id = 3", True),
        ("UPDATE sessions SET started_at = '0001-01-01T00:00:00+00:00' WHERE id = 3", True),
        ("UPDATE sessions SET started_at = '2026-03-02T07:30:05' WHERE id = 3", True),
        ("UPDATE sessions SET started_at = X'ff00' WHERE id = 3", True),
        ("UPDATE sessions SET pain_after = 99 WHERE id = 3", False),
        ("UPDATE sessions SET ended_at = 'banana' WHERE id = 3", False),
        ("UPDATE sessions SET step_count = -4 WHERE id = 3", False),
        ("UPDATE checks SET rating = 11 WHERE session_id = 3", False),
        ("UPDATE checks SET zone = 'panic' WHERE session_id = 3", False),
    ],
)
def test_a_value_out_of_range_leaves_out_its_session_or_is_read_as_unknown(
    tmp_path: Path, statement: str, left_out: bool
) -> None:
    path = history(tmp_path)
    edit(path, statement)
    notices = Notices()
    with open_store(path, notices) as store:
        records = store.sessions()
    assert (3 not in {r.id for r in records}) is left_out
    assert len(records) == (4 if left_out else 5)
    (notice,) = notices.pending
    assert notice.key == "history.read"
    if not left_out:
        (third,) = [r for r in records if r.id == 3]
        assert third.final_rating is None or 0 <= third.final_rating <= 10
        assert all(0 <= c.rating <= 10 for c in third.checks)
        assert "shown without them" in notice.text


def test_text_that_is_not_utf8_or_holds_escapes_is_read_as_one_printable_line(
    tmp_path: Path,
) -> None:
    path = history(tmp_path, sessions=2)
    edit(
        path,
        "UPDATE sessions SET routine_title = CAST(X'4368696eff' AS TEXT) WHERE id = 1",
        "UPDATE sessions SET routine_title = char(27) || '[31mred' || char(10) || 'x' WHERE id = 2",
    )
    with open_store(path) as store:
        first, second = store.sessions()
    assert first.routine_title == "Chin\ufffd"
    assert second.routine_title == " [31mred x"


# -- damage found later -----------------------------------------------------------------


def test_damage_found_by_a_later_read_sets_the_file_aside_then(tmp_path: Path) -> None:
    """New sessions must never go into a file found damaged, even after it opened well."""
    path = history(tmp_path)
    notices = Notices()
    with open_store(path, notices) as store:
        assert store.problem is None and store.generation == 0
        (cookie,) = sqlite3.connect(path).execute("PRAGMA schema_version").fetchone()
        edit(
            path,
            "UPDATE sqlite_master SET sql = 'banana' WHERE name = 'checks'",
            f"PRAGMA schema_version = {cookie + 1}",  # so that open connections read it anew
            schema=True,
        )
        assert store.sessions() == []
        assert store.generation == 1
        assert store.problem is not None and f"kept as {ASIDE}" in store.problem
        record_session(store)
        assert len(store.sessions()) == 1
    assert [n.key for n in notices.pending] == ["history.open"]
    with open_store(path) as store:
        assert store.problem is None and len(store.sessions()) == 1


# -- read-only ----------------------------------------------------------------------------


def test_a_read_only_history_says_so_and_recording_fails_with_a_sentence(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    before = path.read_bytes()
    notices = Notices()
    with unwritable(path), open_store(path, notices) as store:
        assert not store.writable
        assert store.problem is not None
        assert "cannot be written (the file is read-only)" in store.problem
        assert len(store.sessions()) == 5  # still read
        with pytest.raises(HistoryReadOnlyError) as refused:
            record_session(store)
        assert str(refused.value) == (
            "Sessions cannot be added to your history: the file is read-only."
        )
        assert [n.key for n in notices.pending] == ["history.open"]
    assert path.read_bytes() == before


def test_a_history_made_writable_again_is_reopened_and_the_notice_withdrawn(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    notices = Notices()
    with unwritable(path):
        store = open_store(path, notices)
        assert not store.reopen()
        make_writable(path)
        assert store.reopen()
    assert store.problem is None
    assert notices.pending == ()
    record_session(store, T0 + timedelta(days=30))
    assert len(store.sessions()) == 6
    store.close()


def test_a_read_only_folder_with_a_history_in_it_is_read_but_not_written(
    tmp_path: Path,
) -> None:
    """WAL needs its -wal and -shm files beside the history: none can be made here."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = history(folder)
    with unwritable(folder), open_store(path) as store:
        assert not store.writable
        assert store.problem is not None
        assert "cannot be written (its folder cannot be written)" in store.problem
        assert len(store.sessions()) == 5
        with pytest.raises(HistoryReadOnlyError, match="its folder cannot be written"):
            record_session(store)


def test_a_read_only_folder_without_a_history_records_nothing_and_says_why(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    notices = Notices()
    with unwritable(folder), open_store(folder / "history.sqlite3", notices) as store:
        assert not store.writable
        assert store.sessions() == []
        with pytest.raises(HistoryReadOnlyError, match="its folder cannot be written"):
            record_session(store)
    (notice,) = notices.pending
    assert notice.key == "history.open"
    assert "cannot be opened right now" in notice.text
    assert not (folder / "history.sqlite3").exists()


def test_a_write_that_fails_is_a_save_error_with_a_sentence(tmp_path: Path) -> None:
    """Another window holding the write lock past the timeout: the file is fine, just busy."""
    path = history(tmp_path)
    store = HistoryStore(path, timeout=0.05)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(HistoryWriteError) as failed:
            record_session(store)
        assert isinstance(failed.value, OSError)  # a SaveError
        assert str(failed.value) == (
            "Sessions cannot be added to your history: another Unknot window kept it busy."
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    record_session(store)
    assert len(store.sessions()) == 6
    store.close()


# -- the file's mode ----------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_new_history_and_its_wal_files_are_the_owners_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with HistoryStore(tmp_path / "history.sqlite3") as store:
            record_session(store)
            modes = {
                p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.glob("history.sqlite3*")
            }
    finally:
        os.umask(old)
    assert modes == {
        "history.sqlite3": 0o600,
        "history.sqlite3-wal": 0o600,
        "history.sqlite3-shm": 0o600,
    }


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_history_started_after_damage_is_the_owners_only_too(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage")
    path.chmod(0o644)
    with open_store(path) as store:
        assert store.writable
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / ASIDE).stat().st_mode) == 0o644  # kept as it was


def test_a_session_recorded_after_open_reads_back_at_the_instant_it_was_given(
    tmp_path: Path,
) -> None:
    """The checks above must not cost the round trip: times in, times out."""
    path = history(tmp_path, sessions=1)
    with open_store(path) as store:
        (kept,) = store.sessions()
    assert kept.started_at == T0
    assert kept.started_at.tzinfo is not None
    assert datetime.fromisoformat("2026-03-02T07:30:00+00:00") == kept.started_at
