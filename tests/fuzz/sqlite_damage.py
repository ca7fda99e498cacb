"""Seeded damage to a history file, the ways storage, hands and other programs damage one.

A realistic history is made once (:func:`make_templates`: about three months of
sessions from :mod:`tests.core.history_records`, written through the real store),
then each :class:`Case` copies it into a folder of its own and damages it:

- random bytes in page 1 (the header and the table descriptions), or in any one
  page (the cases go through every page in turn), a page of garbage, a page of
  zeros, a file cut short or grown;
- a ``-wal`` of garbage, a real ``-wal`` with damaged frames, a ``-shm`` or a
  ``-journal`` of garbage;
- a table description edited to nonsense, to text that is not UTF-8, to another
  meaning (a CHECK that refuses ratings above 1, a renamed column), an index
  dropped, an extra table, a table pointed at another page;
- a value edited in place (a start time of "banana", a rating of 11, an end
  reason no Unknot wrote, NULL where NULL is not allowed, a 10 kB title);
- the format number changed; a folder, a pipe or a text file where the file was.

Everything is drawn from one ``random.Random(seed)``: a failing case is found again
from its seed and number.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tests.core.history_records import BERLIN, session
from unknot.core.history.records import SessionRecord
from unknot.core.history.store import HISTORY_FILE, HistoryStore
from unknot.core.playback.session import EndReason

GARBLED = b"CREATE TABLE checks (id INTEGER) \xff".hex()
"""A table description SQLite quotes in its error, with a byte that is not UTF-8."""
START = datetime(2026, 1, 5, 8, 0, tzinfo=BERLIN)
DAYS = 90
WAL_SESSIONS = 6


def record(store: HistoryStore, kept: SessionRecord) -> int:
    """Writes a record into ``store`` the way the recorder does, call by call; its new id."""
    sid = store.begin_session(
        routine_id=kept.routine_id,
        routine_title=kept.routine_title,
        routine_version=kept.routine_version,
        started_at=kept.started_at,
        baseline=kept.baseline,
        eased=kept.eased,
        step_count=kept.step_count,
    )
    for check in kept.checks:
        store.record_check(
            sid,
            at=check.at,
            rating=check.rating,
            zone=check.zone,
            reason=check.reason,
            step_index=check.step_index,
            sharp=check.sharp,
        )
    for step in range(kept.steps_done):
        store.record_step_done(sid, step, kept.started_at + timedelta(minutes=step))
    if kept.end_reason is not None:
        assert kept.ended_at is not None
        store.end_session(
            sid,
            ended_at=kept.ended_at,
            end_reason=kept.end_reason,
            pain_after=kept.final_rating,
            eased=kept.eased,
        )
    return sid


def realistic_sessions(rng: random.Random, days: int = DAYS) -> list[SessionRecord]:
    """One to three sessions most days: mostly calm, some eased, stopped or unfinished."""
    found = []
    for day in range(days):
        if rng.random() < 0.15:
            continue
        for hour in sorted(rng.sample((7, 12, 18, 21), rng.randint(1, 3))):
            start = START + timedelta(days=day, hours=hour - 8, minutes=rng.randint(0, 59))
            baseline = rng.choice((1, 2, 2, 3, 3, 4))
            ratings = [max(0, min(10, baseline + rng.choice((-1, 0, 0, 1)))) for _ in range(3)]
            end = rng.choice(
                (EndReason.COMPLETED,) * 6
                + (EndReason.STOPPED_BY_PERSON, EndReason.STOPPED_FOR_PAIN, None)
            )
            steps = rng.randint(3, 6)
            found.append(
                session(
                    start,
                    routine_id=rng.choice(("chin-tucks-1", "chin-tucks-1", "desk-break")),
                    title=rng.choice(("Chin tucks, level 1", "Desk break")),
                    baseline=baseline,
                    ratings=ratings[: rng.randint(1, 3)],
                    end=end,
                    eased=rng.random() < 0.1,
                    steps_done=steps if end is EndReason.COMPLETED else rng.randint(0, steps),
                    step_count=steps,
                )
            )
    return found


@dataclass(frozen=True)
class Templates:
    """Sound histories to copy: one checkpointed, one with its last sessions in the WAL."""

    folder: Path
    session_ids: frozenset[int]
    """Every session either template holds."""
    days: int

    @property
    def now(self) -> datetime:
        """A few days after the last session: the rules have a recent history to read."""
        return START + timedelta(days=self.days + 3, hours=2)

    @property
    def main(self) -> Path:
        return self.folder / "main" / HISTORY_FILE

    @property
    def with_wal(self) -> Path:
        return self.folder / "wal" / HISTORY_FILE

    @property
    def pages(self) -> int:
        return self.main.stat().st_size // page_size(self.main)


def make_templates(folder: Path, seed: int = 0, days: int = DAYS) -> Templates:
    """Both templates, from ``days`` days of sessions (the suite makes do with fewer)."""
    rng = random.Random(seed)
    main = folder / "main" / HISTORY_FILE
    with HistoryStore(main) as store:
        ids = {record(store, kept) for kept in realistic_sessions(rng, days)}
    wal = folder / "wal" / HISTORY_FILE
    wal.parent.mkdir(parents=True)
    live = folder / "live" / HISTORY_FILE
    live.parent.mkdir(parents=True)
    shutil.copyfile(main, live)
    with HistoryStore(live) as store:
        later = START + timedelta(days=days)
        for n in range(WAL_SESSIONS):
            ids.add(record(store, session(later + timedelta(hours=n), steps_done=1, step_count=1)))
        # Copied while the store is open: the WAL holds the last sessions (closing
        # would move them into the main file).
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(live.with_name(live.name + suffix), wal.with_name(wal.name + suffix))
    return Templates(folder, frozenset(ids), days)


def page_size(path: Path) -> int:
    with path.open("rb") as stream:
        header = stream.read(18)
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


# -- the cases -----------------------------------------------------------------------------


Damage = Callable[[Path], None]
"""Damages the history at the path given (a copy of a template, with its companions)."""


@dataclass(frozen=True)
class Case:
    number: int
    kind: str
    detail: str
    damage: Damage
    wal: bool = False
    """Start from the template whose last sessions are still in its WAL."""
    said: bool = False
    """Reading must say that it left something out or read it as unknown."""


def _rewrite(path: Path, change: Callable[[bytearray], None]) -> None:
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(bytes(data))


def _random_bytes(rng: random.Random, start: int, end: int, count: int) -> Damage:
    spots = [(rng.randrange(start, end), rng.randrange(256)) for _ in range(count)]

    def damage(path: Path) -> None:
        def change(data: bytearray) -> None:
            for spot, value in spots:
                if spot < len(data):
                    data[spot] = value

        _rewrite(path, change)

    return damage


def _fill_page(page: int, size: int, filler: bytes) -> Damage:
    def damage(path: Path) -> None:
        def change(data: bytearray) -> None:
            data[page * size : (page + 1) * size] = filler[:size].ljust(size, b"\0")

        _rewrite(path, change)

    return damage


def _companion(suffix: str, content: bytes) -> Damage:
    def damage(path: Path) -> None:
        path.with_name(path.name + suffix).write_bytes(content)

    return damage


def _sql(*statements: str, writable_schema: bool = False) -> Damage:
    """Runs statements on the file as another program would, outside Unknot's store."""

    def damage(path: Path) -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA ignore_check_constraints = ON")
            if writable_schema:
                connection.execute("PRAGMA writable_schema = ON")
            for statement in statements:
                connection.execute(statement)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()

    return damage


def _null_in(table: str, column: str, where: str) -> Damage:
    """NULL where the table says NOT NULL: the description is edited, the row, then back."""

    def damage(path: Path) -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        (original,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        loose = original.replace(f"{column} TEXT NOT NULL", f"{column} TEXT").replace(
            f"{column} INTEGER NOT NULL", f"{column} INTEGER"
        )
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (loose, table))
        connection.close()
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute(f"UPDATE {table} SET {column} = NULL WHERE {where}")
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (original, table))
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()

    return damage


def _replace_with_folder(path: Path) -> None:
    content = path.read_bytes()
    path.unlink()
    path.mkdir()
    (path / "inside.bin").write_bytes(content)


def _replace_with_pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


_SCHEMA_EDITS = (
    ("nonsense", "UPDATE sqlite_master SET sql = 'banana' WHERE name = '{table}'"),
    (
        "not UTF-8",
        f"UPDATE sqlite_master SET sql = CAST(X'{GARBLED}' AS TEXT) WHERE name = '{{table}}'",
    ),
    (
        "not UTF-8 in a column",
        "UPDATE sqlite_master SET sql = replace(sql, 'id', CAST(X'69ff64' AS TEXT)) "
        "WHERE name = '{table}'",
    ),
    (
        "a CHECK of another meaning",
        "UPDATE sqlite_master SET sql = replace(sql, 'BETWEEN 0 AND 10', 'BETWEEN 0 AND 1') "
        "WHERE name = '{table}'",
    ),
    (
        "a renamed column",
        "UPDATE sqlite_master SET sql = replace(sql, 'started_at', 'begun_at') "
        "WHERE name = '{table}'",
    ),
    ("a renamed table", "UPDATE sqlite_master SET name = 'x{table}' WHERE name = '{table}'"),
    (
        "another root page",
        "UPDATE sqlite_master SET rootpage = rootpage + 1 WHERE name = '{table}'",
    ),
    ("no description", "UPDATE sqlite_master SET sql = NULL WHERE name = '{table}'"),
)
_TABLES = ("sessions", "checks", "steps_done", "morning_checks", "sessions_by_start")

_VALUE_EDITS = (
    # table, column, the new value in SQL, and whether reading must say so: text is
    # cleaned or cut without a word, and an orphan check or step is never read.
    ("sessions", "started_at", "'banana'", True),
    ("sessions", "started_at", "''", True),
    ("sessions", "started_at", "12345", True),
    ("sessions", "started_at", "X'ff00'", True),
    ("sessions", "started_at", "'0001-01-01T00:00:00+00:00'", True),
    ("sessions", "started_at", "'9999-12-31T23:59:59+00:00'", True),
    ("sessions", "started_at", "'2026-03-02T07:30:05'", True),
    ("sessions", "started_at", "'2026-13-45T99:00:00+00:00'", True),
    ("sessions", "ended_at", "'banana'", True),
    ("sessions", "baseline", "42", True),
    ("sessions", "baseline", "-1", True),
    ("sessions", "baseline", "'five'", True),
    ("sessions", "baseline", "2.5", True),
    ("sessions", "end_reason", "'exploded'", True),
    ("sessions", "end_reason", "7", True),
    ("sessions", "pain_after", "99", True),
    ("sessions", "eased", "7", True),
    ("sessions", "routine_title", "printf('%.10000c', 'x')", False),
    ("sessions", "routine_title", "CAST(X'4368696eff' AS TEXT)", False),
    ("sessions", "routine_title", "char(27) || '[31mred' || char(0) || 'x'", False),
    ("sessions", "routine_id", "''", True),
    ("sessions", "routine_version", "X'00'", False),
    ("sessions", "step_count", "-4", True),
    ("checks", "rating", "11", True),
    ("checks", "rating", "'high'", True),
    ("checks", "zone", "'panic'", True),
    ("checks", "at", "'banana'", True),
    ("checks", "reason", "'why'", True),
    ("checks", "step_index", "-2", True),
    ("checks", "session_id", "999999", False),
    ("checks", "sharp", "5", True),
    ("steps_done", "step_index", "-1", False),
)

_NULLS = (
    ("sessions", "started_at"),
    ("sessions", "routine_id"),
    ("sessions", "routine_title"),
    ("sessions", "baseline"),
    ("checks", "at"),
    ("checks", "rating"),
    ("checks", "zone"),
)

KINDS = (
    "page 1 bytes",
    "page 1 header",
    "page bytes",
    "page garbage",
    "page zeroed",
    "truncated",
    "grown",
    "wal garbage",
    "wal damaged",
    "shm garbage",
    "journal garbage",
    "schema row",
    "value",
    "null",
    "format number",
    "not a file",
    "not sqlite",
    "extra table",
    "dropped index",
)
"""Every kind, in the order :func:`cases` goes round them."""


PAGE_KINDS = ("page bytes", "page garbage", "page zeroed")
"""The kinds that damage one page: each goes through the pages in turn, 1, 2, 3..."""


def cases(
    seed: int, count: int, templates: Templates, kinds: tuple[str, ...] = KINDS
) -> Iterator[Case]:
    """``count`` cases from ``seed``, going round ``kinds``."""
    rng = random.Random(seed)
    size = page_size(templates.main)
    pages = templates.pages
    wal_size = templates.with_wal.with_name(HISTORY_FILE + "-wal").stat().st_size
    visits = dict.fromkeys(PAGE_KINDS, 0)
    for number in range(count):
        kind = kinds[number % len(kinds)]
        page = 0
        if kind in visits:
            page = visits[kind] % pages
            visits[kind] += 1
        yield _case(number, kind, rng, size, pages, page, wal_size)


def _case(
    number: int,
    kind: str,
    rng: random.Random,
    size: int,
    pages: int,
    page: int,
    wal_size: int,
) -> Case:
    def make(detail: str, damage: Damage, wal: bool = False, said: bool = False) -> Case:
        return Case(number, kind, detail, damage, wal, said)

    if kind == "page 1 bytes":
        count = rng.randint(1, 16)
        return make(f"{count} bytes", _random_bytes(rng, 0, size, count))
    if kind == "page 1 header":
        count = rng.randint(1, 4)
        return make(f"{count} bytes", _random_bytes(rng, 0, 100, count))
    if kind == "page bytes":
        count = rng.randint(1, 16)
        return make(
            f"page {page + 1}, {count} bytes",
            _random_bytes(rng, page * size, (page + 1) * size, count),
        )
    if kind == "page garbage":
        return make(f"page {page + 1}", _fill_page(page, size, rng.randbytes(size)))
    if kind == "page zeroed":
        return make(f"page {page + 1}", _fill_page(page, size, b""))
    if kind == "truncated":
        length = rng.choice((rng.randrange(pages * size), size * rng.randrange(pages), 0, 50))

        def cut(path: Path) -> None:
            with path.open("r+b") as stream:
                stream.truncate(length)

        return make(f"to {length} bytes", cut)
    if kind == "grown":
        extra = rng.randbytes(rng.choice((1, 100, size, 3 * size + 7)))

        def grow(path: Path) -> None:
            with path.open("ab") as stream:
                stream.write(extra)

        return make(f"{len(extra)} bytes more", grow)
    if kind == "wal garbage":
        head = rng.choice((b"", bytes.fromhex("377f0682"), bytes.fromhex("377f0683")))
        junk = head + rng.randbytes(rng.randrange(0, 5 * size))
        return make(f"{len(junk)} bytes", _companion("-wal", junk))
    if kind == "wal damaged":
        count = rng.randint(1, 16)
        spots = [(rng.randrange(wal_size), rng.randrange(256)) for _ in range(count)]

        def in_wal(path: Path) -> None:
            def change(data: bytearray) -> None:
                for spot, value in spots:
                    data[spot] = value

            _rewrite(path.with_name(path.name + "-wal"), change)

        return make(f"{count} bytes of the WAL", in_wal, wal=True)
    if kind == "shm garbage":
        junk = rng.randbytes(rng.choice((8, 32768)))
        return make(f"{len(junk)} bytes", _companion("-shm", junk), wal=True)
    if kind == "journal garbage":
        junk = rng.choice((b"", bytes.fromhex("d9d505f920a163d7"))) + rng.randbytes(size)
        return make(f"{len(junk)} bytes", _companion("-journal", junk))
    if kind == "schema row":
        what, statement = rng.choice(_SCHEMA_EDITS)
        table = rng.choice(_TABLES)
        return make(f"{table}: {what}", _sql(statement.format(table=table), writable_schema=True))
    if kind == "value":
        table, column, value, said = rng.choice(_VALUE_EDITS)
        row = rng.randint(1, 40)
        where = f"rowid = {row}" if table != "steps_done" else f"session_id = {row}"
        if table == "steps_done":
            where += " AND step_index = 0"  # one row: the key (session, step) stays unique
        return make(
            f"{table}.{column} = {value[:30]} ({where})",
            _sql(f"UPDATE {table} SET {column} = {value} WHERE {where}"),
            said=said,
        )
    if kind == "null":
        table, column = rng.choice(_NULLS)
        row = rng.randint(1, 40)
        return make(
            f"{table}.{column} of row {row}",
            _null_in(table, column, f"rowid = {row}"),
            said=True,
        )
    if kind == "format number":
        version = rng.choice((-1, 0, 1, 3, 7, 1000, 2**31 - 1, rng.randrange(-(2**31), 2**31)))
        return make(f"user_version {version}", _sql(f"PRAGMA user_version = {version}"))
    if kind == "not a file":
        if hasattr(os, "mkfifo") and rng.random() < 0.5:
            return make("a named pipe", _replace_with_pipe)
        return make("a folder", _replace_with_folder)
    if kind == "not sqlite":
        text = rng.choice((b"", b"my notes\n", b"SQLite format 3", rng.randbytes(300)))

        def overwrite(path: Path) -> None:
            path.write_bytes(text)

        return make(f"{len(text)} bytes of text", overwrite)
    if kind == "extra table":
        return make("a table of another program", _sql("CREATE TABLE notes (text TEXT)"))
    if kind == "dropped index":
        index = rng.choice(("sessions_by_start", "checks_by_session"))
        return make(index, _sql(f"DROP INDEX {index}"))
    raise AssertionError(f"no such kind: {kind}")


def prepare(case: Case, templates: Templates, folder: Path) -> Path:
    """Copies the case's template into ``folder``, damages it, and returns the history's path."""
    folder.mkdir(parents=True, exist_ok=True)
    source = templates.with_wal if case.wal else templates.main
    path = folder / HISTORY_FILE
    for suffix in ("", "-wal", "-shm"):
        origin = source.with_name(source.name + suffix)
        if origin.exists():
            shutil.copyfile(origin, path.with_name(path.name + suffix))
    case.damage(path)
    return path
