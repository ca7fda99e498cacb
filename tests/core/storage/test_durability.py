"""A save survives a power cut: the fsyncs are made, and made in the order that works.

The kill tests (``test_library_kill``, ``test_history_kill``) prove the atomic
replace when a process dies; they pass without any fsync, because the kernel
still writes what it holds. These tests record the calls instead
(:mod:`tests.core.storage.os_calls`) and fail when the file's fsync or the
folder's is missing, or the order write, mode, fsync, rename, folder fsync is
broken. Each was seen to fail with that step removed or moved.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.core.storage.os_calls import OsCalls, record_os_calls
from unknot.core.history.store import HISTORY_FILE, HistoryStore
from unknot.core.storage.atomic import make_folders, remove_durably, rename_durably, write_atomic
from unknot.core.storage.temp_files import is_temp_name

pytestmark = pytest.mark.skipif(
    not hasattr(os, "O_DIRECTORY"), reason="folders are fsynced on POSIX only"
)

PAYLOAD = b'{"reminders": [' + b'"07:30", ' * 2000 + b'"21:00"]}'


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> OsCalls:
    return record_os_calls(monkeypatch)


def test_the_recorder_sees_what_pathlib_does(tmp_path: Path, recorded: OsCalls) -> None:
    (tmp_path / "a").write_text("x")
    (tmp_path / "a").replace(tmp_path / "b")
    (tmp_path / "b").unlink()
    (tmp_path / "c").mkdir()
    assert [call.name for call in recorded.calls] == ["replace", "unlink", "mkdir"]


def test_the_whole_new_content_is_fsynced_before_the_rename(
    tmp_path: Path, recorded: OsCalls
) -> None:
    path = tmp_path / "reminders.json"
    path.write_bytes(b"[]")

    write_atomic(path, PAYLOAD)

    inode = path.stat().st_ino  # the temporary file's, which the rename kept
    synced = recorded.fsync_of_file(inode)
    assert recorded.calls[synced].size == len(PAYLOAD), "fsynced before the data was written"
    renamed = recorded.replace_onto(path)
    assert recorded.calls[renamed].inode == inode
    assert synced < renamed, "renamed before its content was on the disk"


def test_the_folder_is_fsynced_after_the_rename(tmp_path: Path, recorded: OsCalls) -> None:
    path = tmp_path / "settings.json"

    write_atomic(path, PAYLOAD)

    renamed = recorded.replace_onto(path)
    assert recorded.fsync_of_folder(tmp_path, start=renamed + 1) > renamed


def test_the_mode_is_set_before_the_fsync(tmp_path: Path, recorded: OsCalls) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("old")
    path.chmod(0o640)  # not mkstemp's 0600: a mode set after the fsync would show

    write_atomic(path, PAYLOAD)

    synced = recorded.fsync_of_file(path.stat().st_ino)
    assert recorded.calls[synced].mode == 0o640
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_new_file_is_private_before_its_fsync(tmp_path: Path, recorded: OsCalls) -> None:
    path = tmp_path / "screening.json"

    write_atomic(path, PAYLOAD)

    synced = recorded.fsync_of_file(path.stat().st_ino)
    assert recorded.calls[synced].mode == 0o600


def test_the_order_is_write_fsync_rename_fsync_folder_and_nothing_after(
    tmp_path: Path, recorded: OsCalls
) -> None:
    path = tmp_path / "checkpoint.json"
    path.write_bytes(b"{}")

    write_atomic(path, PAYLOAD)

    assert [call.name for call in recorded.calls] == ["fsync-file", "replace", "fsync-dir"]


def test_the_temporary_files_are_named_as_the_stale_file_cleaner_expects(
    tmp_path: Path, recorded: OsCalls
) -> None:
    """The cleaner only knows the pattern: if Python's mkstemp changed it, this says so."""
    for number in range(30):
        write_atomic(tmp_path / f"file-{number}.json", PAYLOAD)

    for call in recorded.named("replace"):
        assert call.source is not None and call.path is not None
        assert call.source.parent == call.path.parent
        assert call.source.name.startswith(f".{call.path.name}.")
        assert is_temp_name(call.source.name), call.source.name


def test_each_new_folder_is_fsynced_in_its_parent(tmp_path: Path, recorded: OsCalls) -> None:
    folder = tmp_path / "data" / "routines" / "images"

    make_folders(folder)

    assert folder.is_dir()
    made = recorded.named("mkdir")
    assert [call.path for call in made] == [folder.parents[1], folder.parent, folder]
    for call in made:
        assert call.path is not None
        created = recorded.calls.index(call)
        assert recorded.fsync_of_folder(call.path.parent, start=created + 1) > created


def test_an_existing_folder_costs_no_fsync(tmp_path: Path, recorded: OsCalls) -> None:
    make_folders(tmp_path)
    assert recorded.calls == []


def test_a_removal_is_fsynced_in_its_folder(tmp_path: Path, recorded: OsCalls) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("id: old")

    assert remove_durably(path)
    assert not remove_durably(path)

    removed = recorded.index(lambda c: c.name == "unlink" and c.path == path)
    recorded.fsync_of_folder(tmp_path, start=removed + 1)


def test_a_rename_between_folders_is_fsynced_in_both(tmp_path: Path, recorded: OsCalls) -> None:
    (tmp_path / "trash").mkdir()
    source, target = tmp_path / "x.yaml", tmp_path / "trash" / "x.yaml"
    source.write_text("id: x")

    rename_durably(source, target)

    renamed = recorded.replace_onto(target)
    recorded.fsync_of_folder(tmp_path / "trash", start=renamed + 1)
    recorded.fsync_of_folder(tmp_path, start=renamed + 1)


# -- the history: SQLite fsyncs by itself, if it is told to ----------------------------------


def test_the_history_runs_with_full_synchronous_and_a_wal_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With WAL, synchronous=NORMAL or OFF survives a killed app but not a power cut."""
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = real_connect(*args, **kwargs)
        if str(args[0] if args else kwargs.get("database")) != ":memory:":
            opened.append(connection)  # not the schema's scratch copy it compares with
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)
    store = HistoryStore(tmp_path / HISTORY_FILE)
    try:
        assert store.writable
        (connection,) = opened
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()
