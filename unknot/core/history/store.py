"""Every session a person does, kept in SQLite in the user data folder, as it happens.

Why SQLite (the standard library's ``sqlite3``) rather than a JSON file like the
reminders: a session is written a piece at a time (it begins, each pain check,
each step done, it ends), and Android may kill the app at any of those moments.
Each call here is one transaction, committed before it returns, so a kill keeps
every call that returned and loses at most the one in flight; a JSON file would
have to be rewritten whole on every check.

- **WAL journal**: readers (a history screen, an export on a worker thread with
  its own store) never block the session's writes, and see a consistent snapshot.
- **synchronous=FULL**: with WAL, NORMAL would survive a killed app but could lose
  the last sessions on a power cut; a few fsyncs per session cost nothing.
- **BEGIN IMMEDIATE** for every write: the write lock is taken at the start, so a
  second writer waits (``busy_timeout``) instead of failing with "database is
  locked" when a read transaction tries to become a write one.
- **One connection per store**, used from the thread that opened it
  (``check_same_thread`` stays on). Another thread opens its own
  ``HistoryStore`` on the same path: connections are cheap, and WAL is made for that.
- **A damaged file is set aside, never reset**: a file that is not a SQLite
  database, or fails SQLite's ``quick_check``, is renamed (with its ``-wal`` and
  ``-shm`` files) to ``history.sqlite3.damaged-STAMP``, :attr:`HistoryStore.problem`
  says so in a sentence, and a new, empty history starts.
- **A newer schema is refused, not touched**: a file whose ``user_version`` is
  above :data:`CURRENT_VERSION` was written by a newer Unknot. It is opened
  ``query_only``; reading is attempted, nothing is written (the write methods
  raise :class:`HistoryReadOnlyError`), and :attr:`HistoryStore.problem` says why.
- **A failed migration, or a file that cannot be opened** (no permission, locked
  past the timeout) is left exactly as it is: the migration was rolled back, and
  the fault is more likely the app's than the file's. ``problem`` says so, reads
  give nothing and writes raise :class:`HistoryReadOnlyError`; the UI shows the
  sentence and plays routines without recording them.

Instants are stored as UTC ISO 8601 text to the second ("2026-03-02T07:30:05+00:00"),
which sorts as time does; local days are worked out when reading
(:mod:`unknot.core.clock.days`).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType

from unknot.core.clock.days import aware_utc, day_bounds, day_start, local_day
from unknot.core.history.schema import CURRENT_VERSION, MigrationError, migrate, schema_version
from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone, check_rating
from unknot.core.storage.damaged import set_aside

log = logging.getLogger("unknot.core.history.store")

HISTORY_FILE = "history.sqlite3"
"""The file's name in the user data folder."""

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another connection's write to finish before giving up."""

SQLITE_HEADER = b"SQLite format 3\x00"

_SESSION_COLUMNS = (
    "id, routine_id, routine_title, routine_version, step_count, started_at, ended_at, "
    "baseline, end_reason, pain_after, eased"
)


class HistoryError(RuntimeError):
    """A history call that cannot be done, such as recording into a session that ended."""


class HistoryReadOnlyError(HistoryError):
    """The history cannot be written: a newer Unknot's file, or one that could not be opened."""


# -- what the history holds ------------------------------------------------------------


@dataclass(frozen=True)
class CheckRecord:
    """One pain check during a session (not the baseline: that is the session's own)."""

    at: datetime
    rating: int
    zone: Zone
    reason: PainCheckReason | None
    """What asked: after a set, after a step, the final check; ``None`` when unknown."""
    step_index: int | None
    sharp: bool = False
    """Sharp or electric pain on touching the scalp was reported."""


@dataclass(frozen=True)
class SessionRecord:
    """One session as the history keeps it; ``end_reason`` None means it never finished.

    A session without an end is one the app did not get to close: a crash, a
    kill, a battery gone flat. Everything it recorded before that is here.
    """

    id: int
    routine_id: str
    routine_title: str
    routine_version: str | None
    """``None`` for sessions recorded before versions were kept (history v1)."""
    step_count: int | None
    started_at: datetime
    ended_at: datetime | None
    baseline: int
    end_reason: EndReason | None
    checks: tuple[CheckRecord, ...] = ()
    steps_done: int = 0
    eased: bool = False
    """The eased version was played, or the session eased off part-way."""
    final_rating: int | None = None
    """The pain given when the session ended, if :meth:`HistoryStore.end_session` had one."""

    @property
    def pain_before(self) -> int:
        return self.baseline

    @property
    def pain_after(self) -> int | None:
        """The pain at the end: the rating given at the end, else the last check's."""
        if self.final_rating is not None:
            return self.final_rating
        return self.checks[-1].rating if self.checks else None

    @property
    def highest_pain(self) -> int:
        return max([self.baseline, *(check.rating for check in self.checks)])

    @property
    def finished(self) -> bool:
        """The routine was played to its end with every step done: not stopped, not cut
        off, and nothing skipped (skipping everything once counted as finished)."""
        if self.end_reason is not EndReason.COMPLETED:
            return False
        return self.step_count is None or self.steps_done >= self.step_count

    @property
    def ended(self) -> bool:
        return self.end_reason is not None

    @property
    def duration(self) -> timedelta | None:
        return None if self.ended_at is None else self.ended_at - self.started_at


# -- the store -------------------------------------------------------------------------


class HistoryStore:
    """The session history at ``path``; :attr:`problem` is a sentence when it is not usable.

    Opening creates the folder and the file when they are missing and migrates an
    older file. Each ``record``/``begin``/``end`` call is one committed
    transaction. Use it from one thread; other threads open their own store.
    """

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime] = datetime.now,
        timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.path = path
        self.problem: str | None = None
        self._now = now
        self._timeout = timeout
        self._writable = False
        self._connection: sqlite3.Connection | None = None
        self._open()

    # -- opening -------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._report(f"The history folder {self.path.parent} cannot be made ({error}).")
            return
        damage = self._header_problem()
        if damage is None:
            try:
                self._connect()
                return
            except sqlite3.OperationalError as error:
                # Locked past the timeout, no permission, disk full: the file may be
                # fine, so it is left alone.
                self._close_quietly()
                self._report(
                    f"Your session history {self.path} cannot be opened right now ({error}). "
                    "Sessions are not being recorded."
                )
                return
            except _NotMigratedError as error:
                self._close_quietly()
                self._report(
                    f"Your session history {self.path} could not be brought up to this "
                    f"version of Unknot ({error}). It is kept as it is, and sessions are "
                    "not being recorded."
                )
                return
            except (sqlite3.DatabaseError, _DamagedError) as error:
                self._close_quietly()
                damage = str(error)
        self._set_aside(damage)

    def _header_problem(self) -> str | None:
        """Why the file is plainly not a SQLite database, before SQLite is let near it."""
        try:
            with self.path.open("rb") as stream:
                header = stream.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return None
        except OSError:
            return None  # SQLite will say what is wrong, and it may not be damage
        if header and header != SQLITE_HEADER:
            return "it is not a SQLite database"
        return None

    def _connect(self) -> None:
        connection = sqlite3.connect(
            self.path, timeout=self._timeout, isolation_level=None, check_same_thread=True
        )
        self._connection = connection
        connection.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000):d}")
        check = connection.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise _DamagedError(f"SQLite's check found: {check[0][0]}")
        version = schema_version(connection)
        if version > CURRENT_VERSION:
            connection.execute("PRAGMA query_only = ON")
            self._report(
                f"Your session history was written by a newer Unknot (history format "
                f"{version}; this version knows up to {CURRENT_VERSION}). It is kept as it "
                "is, and nothing new is added to it until Unknot is updated."
            )
            return
        connection.execute("PRAGMA synchronous = FULL")
        try:
            applied = migrate(connection)
        except (MigrationError, sqlite3.Error) as error:
            # Rolled back, so the file is as it was. Most likely the migration's fault,
            # not the file's: it stays where it is, for an update that migrates it.
            raise _NotMigratedError(str(error)) from None
        # After the migrations, so a file that cannot be migrated is left byte for byte.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = ON")
        if applied and applied[0] > 1:
            log.info("history %s migrated to version %s", self.path, applied[-1])
        self._writable = True

    def _set_aside(self, reason: str) -> None:
        try:
            aside = set_aside(self.path, self._now)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    # A stale WAL beside a new file would be replayed into it.
                    companion.replace(aside.with_name(aside.name + suffix))
        except OSError as error:
            self._report(
                f"Your session history {self.path} is damaged ({reason}) and could not be "
                f"moved aside ({error}). Sessions are not being recorded."
            )
            return
        try:
            self._connect()
        except (sqlite3.DatabaseError, _DamagedError) as error:
            self._close_quietly()
            self._report(
                f"Your session history {self.path} was damaged ({reason}) and was kept as "
                f"{aside.name}, but a new one cannot be started ({error}). "
                "Sessions are not being recorded."
            )
            return
        self._report(
            f"Your session history {self.path} could not be read ({reason}). It was kept "
            f"as {aside.name}, and a new history was started."
        )

    def _report(self, sentence: str) -> None:
        self.problem = sentence
        log.warning("%s", sentence)

    def _close_quietly(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    # -- life ------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        """False for a newer Unknot's history, or one that could not be opened."""
        return self._writable

    @property
    def version(self) -> int | None:
        """The file's schema version, or None when it is not open."""
        if self._connection is None:
            return None
        return schema_version(self._connection)

    def close(self) -> None:
        self._close_quietly()
        self._writable = False

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends, rolled back on error."""
        if not self._writable or self._connection is None:
            raise HistoryReadOnlyError(self.problem or "the history is closed")
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection | None]:
        """One read transaction: every query in it sees the same committed moment."""
        connection = self._connection
        if connection is None:
            yield None
            return
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------

    def begin_session(
        self,
        *,
        routine_id: str,
        routine_title: str,
        routine_version: str | None,
        started_at: datetime,
        baseline: int,
        eased: bool = False,
        step_count: int | None = None,
    ) -> int:
        """Records a session's start (after the red-flag question and the baseline); its id.

        ``routine_version`` is :func:`unknot.core.routines.version.routine_version` of the
        routine as the person has it, also for an eased session (``eased`` says so):
        the eased variant is made from it by a fixed rule.
        """
        check_rating(baseline)
        if step_count is not None and step_count < 0:
            raise ValueError(f"a routine has 0 or more steps, not {step_count}")
        with self._write() as connection:
            cursor = connection.execute(
                "INSERT INTO sessions (routine_id, routine_title, routine_version, step_count, "
                "started_at, baseline, eased) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    routine_id,
                    routine_title,
                    routine_version,
                    step_count,
                    _instant(started_at),
                    baseline,
                    int(eased),
                ),
            )
            session_id = cursor.lastrowid
        assert session_id is not None
        return session_id

    def record_check(
        self,
        session_id: int,
        *,
        at: datetime,
        rating: int,
        zone: Zone,
        reason: PainCheckReason | None = None,
        step_index: int | None = None,
        sharp: bool = False,
    ) -> None:
        """Records one pain check's answer, as
        :class:`~unknot.core.playback.session.PainAnswer` has it."""
        check_rating(rating)
        with self._write() as connection:
            self._require_open_session(connection, session_id)
            connection.execute(
                "INSERT INTO checks (session_id, at, rating, zone, reason, step_index, sharp) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    _instant(at),
                    rating,
                    Zone(zone).value,
                    None if reason is None else PainCheckReason(reason).value,
                    step_index,
                    int(sharp),
                ),
            )

    def record_step_done(self, session_id: int, step_index: int, at: datetime) -> None:
        """Records that step ``step_index`` was played to its end; again is harmless."""
        if step_index < 0:
            raise ValueError(f"a step index is 0 or more, not {step_index}")
        with self._write() as connection:
            self._require_open_session(connection, session_id)
            connection.execute(
                "INSERT OR IGNORE INTO steps_done (session_id, step_index, at) VALUES (?, ?, ?)",
                (session_id, step_index, _instant(at)),
            )

    def end_session(
        self,
        session_id: int,
        *,
        ended_at: datetime,
        end_reason: EndReason,
        pain_after: int | None = None,
        eased: bool = False,
    ) -> None:
        """Records how the session ended; ``eased`` True if it eased off part-way."""
        if pain_after is not None:
            check_rating(pain_after)
        reason = EndReason(end_reason)
        with self._write() as connection:
            self._require_open_session(connection, session_id)
            connection.execute(
                "UPDATE sessions SET ended_at = ?, end_reason = ?, pain_after = ?, "
                "eased = MAX(eased, ?) WHERE id = ?",
                (_instant(ended_at), reason.value, pain_after, int(eased), session_id),
            )

    @staticmethod
    def _require_open_session(connection: sqlite3.Connection, session_id: int) -> None:
        row = connection.execute(
            "SELECT end_reason FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise HistoryError(f"there is no session {session_id} in the history")
        if row[0] is not None:
            raise HistoryError(f"session {session_id} has already ended ({row[0]})")

    # -- reading ---------------------------------------------------------------------

    def sessions(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[SessionRecord]:
        """Sessions started in ``[since, until)``, oldest first, each with its checks.

        One read transaction: a session is never seen with checks from a later
        moment than its own row, even while a session is being recorded elsewhere.
        """
        where, parameters = _between(since, until)
        with self._read() as connection:
            if connection is None:
                return []
            try:
                return _sessions(connection, where, parameters)
            except sqlite3.DatabaseError as error:
                self._report(f"Your session history {self.path} cannot be read ({error}).")
                return []

    def session(self, session_id: int) -> SessionRecord | None:
        with self._read() as connection:
            if connection is None:
                return None
            try:
                found = _sessions(connection, "WHERE id = ?", [session_id])
            except sqlite3.DatabaseError as error:
                self._report(f"Your session history {self.path} cannot be read ({error}).")
                return None
        return found[0] if found else None

    def days_with_sessions(self, start: date, end: date, zone: tzinfo) -> dict[date, int]:
        """Every local day from ``start`` to ``end`` (both included), with its session count.

        Days without a session are there with 0, so a calendar strip needs no gaps filled.
        """
        if end < start:
            return {}
        counts = {start + timedelta(days=n): 0 for n in range((end - start).days + 1)}
        for record in self.sessions(day_start(start, zone), day_bounds(end, zone)[1]):
            counts[local_day(record.started_at, zone)] += 1
        return counts


class _DamagedError(Exception):
    """The file opened, but SQLite's own check says its content is broken."""


class _NotMigratedError(Exception):
    """A migration failed and was rolled back; the file is as it was."""


def _instant(moment: datetime) -> str:
    return aware_utc(moment).isoformat(timespec="seconds")


def _parse(text: str) -> datetime:
    return aware_utc(datetime.fromisoformat(text))


def _between(since: datetime | None, until: datetime | None) -> tuple[str, list[object]]:
    conditions: list[str] = []
    parameters: list[object] = []
    if since is not None:
        conditions.append("started_at >= ?")
        parameters.append(_instant(since))
    if until is not None:
        conditions.append("started_at < ?")
        parameters.append(_instant(until))
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), parameters


def _sessions(
    connection: sqlite3.Connection, where: str, parameters: list[object]
) -> list[SessionRecord]:
    rows = connection.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions {where} ORDER BY started_at, id", parameters
    ).fetchall()
    if not rows:
        return []
    chosen = f"SELECT id FROM sessions {where}"
    checks: dict[int, list[CheckRecord]] = {}
    for session_id, at, rating, zone, reason, step_index, sharp in connection.execute(
        "SELECT session_id, at, rating, zone, reason, step_index, sharp FROM checks "
        f"WHERE session_id IN ({chosen}) ORDER BY session_id, id",
        parameters,
    ):
        checks.setdefault(session_id, []).append(
            CheckRecord(
                _parse(at),
                rating,
                Zone(zone),
                None if reason is None else PainCheckReason(reason),
                step_index,
                bool(sharp),
            )
        )
    steps = dict(
        connection.execute(
            "SELECT session_id, COUNT(*) FROM steps_done "
            f"WHERE session_id IN ({chosen}) GROUP BY session_id",
            parameters,
        ).fetchall()
    )
    return [
        SessionRecord(
            id=session_id,
            routine_id=routine_id,
            routine_title=title,
            routine_version=version,
            step_count=step_count,
            started_at=_parse(started),
            ended_at=None if ended is None else _parse(ended),
            baseline=baseline,
            end_reason=None if reason is None else EndReason(reason),
            checks=tuple(checks.get(session_id, ())),
            steps_done=int(steps.get(session_id, 0)),
            eased=bool(eased),
            final_rating=pain_after,
        )
        for (
            session_id,
            routine_id,
            title,
            version,
            step_count,
            started,
            ended,
            baseline,
            reason,
            pain_after,
            eased,
        ) in rows
    ]
