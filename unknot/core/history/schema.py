"""The history database's tables, and the forward migrations between their versions.

SQLite's ``PRAGMA user_version`` holds the schema version: 0 for a new, empty
file. Opening a history runs every migration after the file's version, in order,
each in its own transaction that also sets the new version, so a kill during a
migration leaves the file at the old version, whole, and the next start runs it
again. A fresh database is built by the same migrations (v1, then v2), which
keeps the oldest path exercised on every test run, not only in the migration test.

Version 1 was the first history: sessions with an outcome word and their pain
ratings. Version 2 (current) keeps what the issue "History and safety" asks for:
the routine's version, why a session ended in the session's own words (a red
flag apart from a stop by the person), the pain rule's zone, reason and step of
each check, the steps done, whether the session was eased, and the next-morning
answers. The ``morning_checks`` table is no longer written: the next-morning rule
now compares pain ratings (``unknot.core.safety.morning``) and asks nothing. It
stays, with any rows old versions wrote, so that every history file still opens
and no migration touches a person's records for it.

A file is only trusted when its tables are exactly those its version's migrations
make (:func:`schema_problems`): a damaged table description can still parse, and
a ``CHECK`` that now reads ``BETWEEN 0 AND 1`` would refuse every later rating.

Rules for later migrations: never edit a released one; add the next to
:data:`MIGRATIONS`; when a table must be rebuilt, follow SQLite's twelve-step
procedure (foreign keys off, create, copy, drop, rename, ``foreign_key_check``),
as :func:`_to_v2` does.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

SCHEMA_V1: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_title TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
        outcome TEXT CHECK (outcome IN ('done', 'stopped', 'pain'))
    )
    """,
    """
    CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        at TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10)
    )
    """,
    "CREATE INDEX checks_by_session ON checks (session_id)",
)
"""Version 1, as it was released: kept verbatim so that a test can build a real v1 file."""


_V2_TABLES: tuple[str, ...] = (
    """
    CREATE TABLE sessions_v2 (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_title TEXT NOT NULL,
        routine_version TEXT,
        step_count INTEGER CHECK (step_count >= 0),
        started_at TEXT NOT NULL,
        ended_at TEXT,
        baseline INTEGER NOT NULL CHECK (baseline BETWEEN 0 AND 10),
        end_reason TEXT CHECK (
            end_reason IN ('completed', 'stopped_by_person', 'stopped_for_pain', 'red_flag')
        ),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        eased INTEGER NOT NULL DEFAULT 0 CHECK (eased IN (0, 1))
    )
    """,
    """
    CREATE TABLE checks_v2 (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
        zone TEXT NOT NULL CHECK (zone IN ('continue', 'ease', 'stop')),
        reason TEXT CHECK (reason IN ('after_set', 'after_step', 'final')),
        step_index INTEGER CHECK (step_index >= 0),
        sharp INTEGER NOT NULL DEFAULT 0 CHECK (sharp IN (0, 1))
    )
    """,
)

_V2_COPY: tuple[str, ...] = (
    # v1's three outcome words become the session's end reasons; v1 could not tell a
    # red flag from a stop by the person, so its "stopped" stays a stop by the person.
    """
    INSERT INTO sessions_v2 (
        id, routine_id, routine_title, routine_version, step_count, started_at, ended_at,
        baseline, end_reason, pain_after, eased
    )
    SELECT
        id, routine_id, routine_title, NULL, NULL, started_at, ended_at, pain_before,
        CASE outcome
            WHEN 'done' THEN 'completed'
            WHEN 'stopped' THEN 'stopped_by_person'
            WHEN 'pain' THEN 'stopped_for_pain'
        END,
        NULL, 0
    FROM sessions
    """,
    # v1 kept no zone: it is worked out from the rating and the session's baseline
    # with the pain rule as it stood when v2 was written (the clinical guide's rules 3-5),
    # frozen here in SQL so a later change of the rule cannot rewrite old history.
    """
    INSERT INTO checks_v2 (id, session_id, at, rating, zone, reason, step_index, sharp)
    SELECT
        c.id, c.session_id, c.at, c.rating,
        CASE
            WHEN c.rating >= 6
                OR c.rating - s.pain_before >= 2
                OR (s.pain_before <= 4 AND c.rating - s.pain_before >= 1) THEN 'stop'
            WHEN c.rating >= 4 THEN 'ease'
            ELSE 'continue'
        END,
        NULL, NULL, 0
    FROM checks AS c JOIN sessions AS s ON s.id = c.session_id
    """,
    "DROP TABLE checks",
    "DROP TABLE sessions",
    "ALTER TABLE sessions_v2 RENAME TO sessions",
    "ALTER TABLE checks_v2 RENAME TO checks",
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    "CREATE INDEX checks_by_session ON checks (session_id)",
    """
    CREATE TABLE steps_done (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step_index INTEGER NOT NULL CHECK (step_index >= 0),
        at TEXT NOT NULL,
        PRIMARY KEY (session_id, step_index)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE morning_checks (
        day TEXT PRIMARY KEY,
        settled INTEGER NOT NULL CHECK (settled IN (0, 1)),
        rating INTEGER CHECK (rating BETWEEN 0 AND 10),
        at TEXT NOT NULL
    ) WITHOUT ROWID
    """,
)


def _run(statements: tuple[str, ...]) -> Callable[[sqlite3.Connection], None]:
    def apply(connection: sqlite3.Connection) -> None:
        for statement in statements:
            connection.execute(statement)

    return apply


def _to_v2(connection: sqlite3.Connection) -> None:
    """Rebuilds both tables (SQLite cannot add a CHECKed NOT NULL column in place)."""
    _run(_V2_TABLES + _V2_COPY)(connection)


@dataclass(frozen=True)
class Migration:
    """Takes a database from ``version - 1`` to ``version``."""

    version: int
    what: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions and their pain ratings", _run(SCHEMA_V1)),
    Migration(
        2,
        "routine versions, end reasons, check zones, steps done, eased sessions, "
        "next-morning answers",
        _to_v2,
    ),
)

CURRENT_VERSION = MIGRATIONS[-1].version


class MigrationError(RuntimeError):
    """A migration left the database inconsistent; it was rolled back."""


def schema_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(connection: sqlite3.Connection, target: int = CURRENT_VERSION) -> list[int]:
    """Brings the database up to ``target``; returns the versions applied, in order.

    ``connection`` must be in autocommit mode (``isolation_level=None``): each
    migration opens its own ``BEGIN IMMEDIATE``, which takes the write lock at once,
    so two processes opening an old file together cannot both migrate it (the
    second waits, then finds the version already moved on). Foreign keys are off
    during a migration (a pragma that cannot change inside a transaction) because
    rebuilding a table drops the one others refer to; ``foreign_key_check`` then
    proves nothing was left dangling before the commit.
    """
    applied: list[int] = []
    if schema_version(connection) >= target:
        return applied  # the usual case, decided without taking the write lock
    foreign_keys = int(connection.execute("PRAGMA foreign_keys").fetchone()[0])
    connection.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in MIGRATIONS:
            if migration.version > target:
                break
            connection.execute("BEGIN IMMEDIATE")
            try:
                if schema_version(connection) >= migration.version:
                    connection.execute("COMMIT")
                    continue
                migration.apply(connection)
                dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    raise MigrationError(
                        f"migrating the history to version {migration.version} left "
                        f"{len(dangling)} rows pointing at nothing"
                    )
                connection.execute(f"PRAGMA user_version = {migration.version:d}")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            applied.append(migration.version)
    finally:
        connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return applied


NEWEST_BELIEVABLE = 999
"""A ``user_version`` above this, or below 0, is damage, not a newer Unknot."""

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\w+|[^\s\w]""")


def _tokens(sql: object) -> tuple[str, ...] | None:
    """A table description as SQLite reads it: case, spacing and identifier quotes aside.

    ``ALTER TABLE ... RENAME`` rewrites a description with the new name quoted, and
    SQLite versions differ in how; comparing tokens keeps a file written by another
    SQLite from looking damaged.
    """
    if sql is None:
        return None
    if not isinstance(sql, str):
        return ("<not text>",)
    tokens = []
    for token in _TOKEN.findall(sql):
        if token[0] in '"`[':
            tokens.append(token[1:-1].lower())
        else:
            tokens.append(token if token[0] == "'" else token.lower())
    return tuple(tokens)


_Schema = dict[tuple[str, str], tuple[str, tuple[str, ...] | None]]


def _described(connection: sqlite3.Connection) -> _Schema:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {
        (str(kind), str(name)): (str(table).lower(), _tokens(sql))
        for kind, name, table, sql in rows
        if not str(name).startswith("sqlite_stat")  # ANALYZE's, which changes no meaning
    }


@functools.cache
def expected_schema(version: int) -> _Schema:
    """What the migrations up to ``version`` make, built in memory by this SQLite."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(connection, version)
        return _described(connection)
    finally:
        connection.close()


def schema_problems(connection: sqlite3.Connection, version: int) -> list[str]:
    """How the file's tables differ from what its ``user_version`` promises; [] when alike."""
    expected = expected_schema(version)
    found = _described(connection)
    problems = [f"{kind} {name} is missing" for kind, name in expected.keys() - found.keys()]
    problems += [f"{kind} {name} is not Unknot's" for kind, name in found.keys() - expected.keys()]
    problems += [
        f"{kind} {name} is not as Unknot made it"
        for (kind, name), described in found.items()
        if (kind, name) in expected and expected[kind, name] != described
    ]
    return sorted(problems)
