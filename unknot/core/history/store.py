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
- **Nothing a file holds raises out of here.** Opening checks the file whole
  (:mod:`.opening`: a regular file, SQLite's ``integrity_check``, exactly the
  tables of its version); reads check every value (:mod:`.rows`) and leave out
  what makes no sense, saying so once; a read that finds damage later sets the
  file aside then. Every SQLite error, and the ``UnicodeDecodeError`` Python
  raises when SQLite's message quotes a garbled table description, is caught.
- **A damaged file is set aside, never reset**: it is renamed (with its ``-wal``,
  ``-shm`` and ``-journal`` files) to ``history.sqlite3.damaged-STAMP``,
  :attr:`HistoryStore.problem` says so in a sentence, and a new, empty history
  starts, so new sessions never go into the damaged file. :attr:`generation`
  counts the files started, so a recorder can tell its session's file is gone.
- **A newer schema is refused, not touched**: a file whose ``user_version`` is
  above :data:`CURRENT_VERSION` was written by a newer Unknot. It is opened
  ``query_only``; reading is attempted, nothing is written (the write methods
  raise :class:`HistoryReadOnlyError`), and :attr:`HistoryStore.problem` says why.
- **A file that cannot be written** (read-only, a full disk, another window
  holding the lock past the timeout) is found at open by a real write, not
  assumed writable; it is read if it can be, writes raise
  :class:`HistoryReadOnlyError` with a sentence, and :meth:`reopen` tries again.
- **A failed migration** is rolled back and the file left as it was: the fault
  is more likely the app's than the file's. ``problem`` says so, reads give
  nothing and writes raise :class:`HistoryReadOnlyError`.
- **Problems are told** through :class:`~unknot.core.storage.notices.Notices`
  when one is given: ``"history.open"`` for what opening found, ``"history.read"``
  for sessions left out or a history that cannot be read.
- **The file is its owner's only** (0600), like the JSON files; SQLite gives its
  ``-wal`` and ``-shm`` files the same mode.

Instants are stored as UTC ISO 8601 text to the second ("2026-03-02T07:30:05+00:00"),
which sorts as time does; local days are worked out when reading
(:mod:`unknot.core.clock.days`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from unknot.core.clock.days import aware_utc, day_bounds, day_start, local_day
from unknot.core.history.faults import describe, is_damage, one_line, plain_reason
from unknot.core.history.opening import (
    SQLITE_HEADER,
    CannotWriteError,
    DamagedError,
    create_private,
    file_problem,
    integrity_problem,
    set_aside_whole,
)
from unknot.core.history.records import CheckRecord, SessionRecord
from unknot.core.history.rows import Tally, between, lenient_text, read_sessions
from unknot.core.history.schema import (
    CURRENT_VERSION,
    NEWEST_BELIEVABLE,
    MigrationError,
    migrate,
    schema_problems,
    schema_version,
)
from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone, check_rating
from unknot.core.storage.notices import Notices, SaveError

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "HISTORY_FILE",
    "SQLITE_HEADER",
    "CheckRecord",
    "HistoryError",
    "HistoryReadOnlyError",
    "HistoryStore",
    "HistoryWriteError",
    "SessionRecord",
]

log = logging.getLogger("unknot.core.history.store")

HISTORY_FILE = "history.sqlite3"
"""The file's name in the user data folder."""

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another connection's write to finish before giving up."""

OPEN_KEY = "history.open"
READ_KEY = "history.read"

_Result = TypeVar("_Result")
_TROUBLE = (sqlite3.Error, UnicodeDecodeError)
"""What SQLite can raise on any call: its errors, and a message it quoted that is not UTF-8."""


class HistoryError(RuntimeError):
    """A history call that cannot be done, such as recording into a session that ended."""


class HistoryReadOnlyError(HistoryError):
    """The history cannot be written now; ``str()`` is a sentence, ``reason`` its cause."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Sessions cannot be added to your history: {reason}.")
        self.reason = reason


class HistoryWriteError(SaveError):
    """A write that did not reach the file (full, busy, failing storage); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Sessions cannot be added to your history: {reason}.")
        self.reason = reason


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
        notices: Notices | None = None,
    ) -> None:
        self.path = path
        self.problem: str | None = None
        self.notices = notices
        self.generation = 0
        """Counts the files this store has started anew after setting one aside."""
        self._now = now
        self._timeout = timeout
        self._writable = False
        self._cannot_write = "the history is closed"
        self._connection: sqlite3.Connection | None = None
        self._left_out: tuple[int, int] = (0, 0)
        self._open()

    # -- opening -------------------------------------------------------------------

    def _open(self) -> None:
        self._writable = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._refuse(
                f"The history folder {self.path.parent} cannot be made ({error}). "
                "Sessions are not being recorded.",
                f"its folder cannot be made ({plain_reason(error)})",
            )
            return
        damage = file_problem(self.path)
        if damage is not None:
            self._set_aside(damage)
            return
        try:
            create_private(self.path)
            self._connect()
        except CannotWriteError as error:
            self._read_only(error.reason)
        except _NotMigratedError as error:
            self._close_quietly()
            self._refuse(
                f"Your session history {self.path} could not be brought up to this "
                f"version of Unknot ({error}). It is kept as it is, and sessions are "
                "not being recorded.",
                "it could not be brought up to this version of Unknot",
            )
        except DamagedError as error:
            self._set_aside(str(error))
        except (*_TROUBLE, OSError) as error:
            if is_damage(error):
                self._set_aside(describe(error))
            else:
                self._close_quietly()
                self._open_for_reading(error)

    def _connect(self, *, read_only: str | None = None) -> None:
        """Opens and checks the file; raises what it found, else sets the store up.

        ``read_only`` is a SQLite URI's query ("mode=ro") for a file that cannot be
        opened for writing: it is checked the same way, and only read.
        """
        self._close_quietly()
        if read_only is None:
            connection = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=True
            )
        else:
            connection = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?{read_only}",
                uri=True,
                timeout=self._timeout,
                isolation_level=None,
                check_same_thread=True,
            )
        self._connection = connection
        connection.text_factory = lenient_text
        connection.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000):d}")
        found = integrity_problem(connection.execute("PRAGMA integrity_check").fetchall())
        if found:
            raise DamagedError(found)
        version = schema_version(connection)
        if not 0 <= version <= NEWEST_BELIEVABLE:
            raise DamagedError(f"its format number {version} is not one Unknot writes")
        if version > CURRENT_VERSION:
            connection.execute("PRAGMA query_only = ON")
            self._cannot_write = (
                "it was written by a newer Unknot, and this one must be updated to add to it"
            )
            self._report(
                f"Your session history was written by a newer Unknot (history format "
                f"{version}; this version knows up to {CURRENT_VERSION}). It is kept as it "
                "is, and nothing new is added to it until Unknot is updated."
            )
            return
        problems = schema_problems(connection, version)
        if problems:
            raise DamagedError(f"its tables are not the ones Unknot keeps: {problems[0]}")
        if read_only is not None:
            connection.execute("PRAGMA query_only = ON")
            raise CannotWriteError("the file cannot be opened for writing")
        connection.execute("PRAGMA synchronous = FULL")
        self._migrate(connection)
        self._prove_writable(connection)
        self._writable = True

    def _migrate(self, connection: sqlite3.Connection) -> None:
        try:
            applied = migrate(connection)
        except (MigrationError, *_TROUBLE) as error:
            if isinstance(error, sqlite3.OperationalError) and not is_damage(error):
                raise CannotWriteError(self._why_unwritable(error)) from None
            # Rolled back, so the file is as it was. Most likely the migration's fault,
            # not the file's: it stays where it is, for an update that migrates it.
            raise _NotMigratedError(describe(error)) from None
        if applied and applied[0] > 1:
            log.info("history %s migrated to version %s", self.path, applied[-1])

    def _prove_writable(self, connection: sqlite3.Connection) -> None:
        """Writes the version over itself: a read-only file opens, and only a write tells.

        After the migrations, so that a file that cannot be migrated is left byte
        for byte; WAL is turned on here too, for the same reason.
        """
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(f"PRAGMA user_version = {schema_version(connection):d}")
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if connection.in_transaction:
                with contextlib.suppress(*_TROUBLE):
                    connection.execute("ROLLBACK")
            if is_damage(error):
                raise
            raise CannotWriteError(self._why_unwritable(error)) from None

    def _open_for_reading(self, error: BaseException) -> None:
        """The file would not open for writing: read it if it can be read.

        ``mode=ro`` first; in a read-only folder SQLite cannot make the ``-wal`` and
        ``-shm`` files even to read, and ``immutable=1`` reads the main file alone
        (sessions still only in a ``-wal`` left there are then not seen).
        """
        reason = self._why_unwritable(error)
        for query in ("mode=ro", "immutable=1"):
            try:
                self._connect(read_only=query)
            except CannotWriteError:
                self._read_only(reason)
                return
            except DamagedError as damage:
                self._set_aside(str(damage))  # says so if it cannot be moved either
                return
            except (*_TROUBLE, OSError) as again:
                self._close_quietly()
                if is_damage(again):
                    self._set_aside(describe(again))
                    return
                continue
            return  # a newer Unknot's file, opened read-only: _connect has said so
        self._refuse(
            f"Your session history {self.path} cannot be opened right now ({describe(error)}). "
            "Sessions are not being recorded.",
            reason,
        )

    def _why_unwritable(self, error: BaseException) -> str:
        """SQLite says "unable to open" for a read-only folder: the folder is the reason."""
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return "its folder cannot be written"
        if self.path.exists() and not os.access(self.path, os.W_OK):
            return "the file is read-only"
        return plain_reason(error)

    def _read_only(self, reason: str) -> None:
        self._writable = False
        self._cannot_write = reason
        self._report(
            f"Your session history {self.path} cannot be written ({reason}). It can still "
            "be read, but new sessions are not added to it until that is fixed."
        )

    def _refuse(self, sentence: str, reason: str) -> None:
        self._writable = False
        self._cannot_write = reason
        self._report(sentence)

    def _set_aside(self, reason: str) -> None:
        self._close_quietly()
        reason = one_line(reason)
        try:
            aside = set_aside_whole(self.path, self._now)
        except OSError as error:
            self._refuse(
                f"Your session history {self.path} is damaged ({reason}) and could not be "
                f"moved aside ({error}). Sessions are not being recorded.",
                "it is damaged and could not be moved aside",
            )
            return
        self.generation += 1
        try:
            create_private(self.path)
            self._connect()
        except (DamagedError, CannotWriteError, _NotMigratedError, *_TROUBLE, OSError) as error:
            self._close_quietly()
            self._refuse(
                f"Your session history {self.path} was damaged ({reason}) and was kept as "
                f"{aside.name}, but a new one cannot be started ({error}). "
                "Sessions are not being recorded.",
                f"a new history cannot be started ({error})",
            )
            return
        self._report(
            f"Your session history {self.path} could not be read ({reason}). It was kept "
            f"as {aside.name}, and a new history was started."
        )

    def _report(self, sentence: str, key: str = OPEN_KEY) -> None:
        self.problem = sentence
        log.warning("%s", sentence)
        if self.notices is not None:
            self.notices.tell(key, sentence)

    def _close_quietly(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(*_TROUBLE):
                self._connection.close()
            self._connection = None

    # -- life ------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        """False for a newer Unknot's history, or one that could not be opened or written."""
        return self._writable

    @property
    def version(self) -> int | None:
        """The file's schema version, or None when it is not open."""
        if self._connection is None:
            return None
        try:
            return schema_version(self._connection)
        except _TROUBLE:
            return None

    def reopen(self) -> bool:
        """Opens the file again if it could not be written; True when it can be now.

        For a retry after the person freed space or fixed the folder: what opening
        said before is withdrawn when this open finds nothing to say.
        """
        if self._writable:
            return True
        self._close_quietly()
        self.problem = None
        self._open()
        if self._writable and self.problem is None and self.notices is not None:
            self.notices.withdraw(OPEN_KEY)
        return self._writable

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
        """One write transaction, committed when the block ends, rolled back on error.

        SQLite's failures come out as :class:`HistoryWriteError` (a ``SaveError``
        with a sentence); a write that finds the file damaged sets it aside first,
        so the next write goes into a new, sound file.
        """
        if not self._writable or self._connection is None:
            raise HistoryReadOnlyError(self._cannot_write)
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")
        except BaseException as error:
            if connection.in_transaction:
                with contextlib.suppress(*_TROUBLE):
                    connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.IntegrityError) or not isinstance(error, _TROUBLE):
                raise
            if is_damage(error):
                self._set_aside(describe(error))
            raise HistoryWriteError(plain_reason(error)) from error

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

    def _query(self, run: Callable[[sqlite3.Connection], _Result], empty: _Result) -> _Result:
        """``run`` in one read transaction: every query in it sees the same committed moment.

        Any failure gives ``empty`` and is told; damage found now (the file changed
        on disk since it was checked) sets the file aside at once.
        """
        connection = self._connection
        if connection is None:
            return empty
        try:
            connection.execute("BEGIN")
            try:
                return run(connection)
            finally:
                if connection.in_transaction:
                    with contextlib.suppress(*_TROUBLE):
                        connection.execute("COMMIT")
        except _TROUBLE as error:
            if is_damage(error) and self._writable:
                self._set_aside(describe(error))
            else:
                self._report(
                    f"Your session history {self.path} cannot be read ({describe(error)}).",
                    READ_KEY,
                )
            return empty

    def _read(self, where: str, parameters: list[object]) -> list[SessionRecord]:
        tally = Tally()
        none: list[SessionRecord] = []
        records = self._query(lambda c: read_sessions(c, where, parameters, tally), none)
        if tally:
            self._tell_left_out(tally)
        return records

    def _tell_left_out(self, tally: Tally) -> None:
        """Says, once for each new count, what reading left out or read as unknown."""
        counts = (len(tally.skipped), len(tally.repaired))
        if counts[0] <= self._left_out[0] and counts[1] <= self._left_out[1]:
            return
        self._left_out = (max(counts[0], self._left_out[0]), max(counts[1], self._left_out[1]))
        sentences = []
        if counts[0]:
            sessions = "1 session" if counts[0] == 1 else f"{counts[0]} sessions"
            sentences.append(
                f"{sessions} in your history could not be read (a start time, a pain rating "
                "or an ending that makes no sense) and {0} not shown.".format(
                    "is" if counts[0] == 1 else "are"
                )
            )
        if counts[1]:
            sessions = "1 session" if counts[1] == 1 else f"{counts[1]} sessions"
            sentences.append(
                f"{sessions} had details that could not be read; they are shown without them."
            )
        sentences.append("The rest of your history is shown as it was saved.")
        sentence = " ".join(sentences)
        log.warning("%s (%s)", sentence, self.path)
        if self.problem is None:
            self.problem = sentence
        if self.notices is not None:
            self.notices.tell(READ_KEY, sentence)

    def sessions(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[SessionRecord]:
        """Sessions started in ``[since, until)``, oldest first, each with its checks.

        One read transaction: a session is never seen with checks from a later
        moment than its own row, even while a session is being recorded elsewhere.
        """
        where, parameters = between(since, until)
        records = self._read(where, parameters)
        # The text compare above is exact for what Unknot writes; this is for the rest.
        return [
            r
            for r in records
            if (since is None or r.started_at >= since) and (until is None or r.started_at < until)
        ]

    def session(self, session_id: int) -> SessionRecord | None:
        found = self._read("WHERE id = ?", [session_id])
        return found[0] if found else None

    def days_with_sessions(self, start: date, end: date, zone: tzinfo) -> dict[date, int]:
        """Every local day from ``start`` to ``end`` (both included), with its session count.

        Days without a session are there with 0, so a calendar strip needs no gaps filled.
        """
        if end < start:
            return {}
        counts = {start + timedelta(days=n): 0 for n in range((end - start).days + 1)}
        for record in self.sessions(day_start(start, zone), day_bounds(end, zone)[1]):
            day = local_day(record.started_at, zone)
            if day in counts:
                counts[day] += 1
        return counts


class _NotMigratedError(Exception):
    """A migration failed and was rolled back; the file is as it was."""


def _instant(moment: datetime) -> str:
    return aware_utc(moment).isoformat(timespec="seconds")
