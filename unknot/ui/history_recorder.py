"""Writes each session to the history as it goes, so a crash keeps what was done.

It watches the session controller: a new session is begun in the store, each
pain answer and each step left behind is written when it happens (one
transaction each), and the end with its reason. Times are the wall clock's
(the history is read by dates), while the session itself runs on the
monotonic clock.

A history that cannot be written never stops a session, and is never silent.
Every call is queued first and written from the queue, in order: a call that
fails (a read-only file, a full disk, another window holding the lock) stays
there, with everything after it, and the person is told once, in words, under
``"history.save"``. :meth:`retry` (which the notice carries, so the app's retry
timer calls it) reopens a history that could not be written and writes what
waits; when the queue empties the notice is withdrawn. If the store started a
new file while a session was being recorded (the old one was found damaged and
set aside), that session is written into the new file whole, from its start.
What still waits when the app closes is lost, and the notice has said so.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from unknot.core.history.faults import plain_reason
from unknot.core.history.store import HistoryError, HistoryReadOnlyError, HistoryStore
from unknot.core.playback.session import EndReason, Session, Snapshot
from unknot.core.routines.version import routine_version
from unknot.core.storage.notices import Notices
from unknot.ui.session_controller import SessionController

log = logging.getLogger("unknot.history")

SAVE_KEY = "history.save"
REFUSED_KEY = "history.refused"


@dataclass
class _Call:
    """One store call of a session; ``session_id`` is filled in when the session has one."""

    kind: str
    """"begin", "check", "step" or "end"."""
    arguments: dict[str, Any]


@dataclass
class _Recording:
    """One session's calls: those written, and those still to write, in order."""

    written: list[_Call] = field(default_factory=list)
    waiting: list[_Call] = field(default_factory=list)
    session_id: int | None = None
    generation: int | None = None
    """The store's file the session was begun in."""

    @property
    def ended(self) -> bool:
        return any(call.kind == "end" for call in self.written)


class HistoryRecorder:
    def __init__(
        self,
        store: HistoryStore,
        controller: SessionController,
        wall_clock: Callable[[], datetime],
        notices: Notices | None = None,
    ) -> None:
        self.store = store
        self.controller = controller
        self.wall_clock = wall_clock
        self.notices = notices
        self._recordings: list[_Recording] = []
        self._current: _Recording | None = None
        self._session: Session | None = None
        self._answers = 0
        self._step = -1
        self._said: str | None = None
        # The end is not bound here: the App calls ``end`` itself, first, so the rules it
        # runs at the end (the next level) read this session as ended.
        controller.bind(snapshot=self._on_snapshot)

    @property
    def session_id(self) -> int | None:
        """The running session's id in the history; None before it could be written."""
        return None if self._current is None else self._current.session_id

    @property
    def waiting(self) -> int:
        """Calls not yet written to the history."""
        return sum(len(recording.waiting) for recording in self._recordings)

    def begin(self, session: Session, *, eased: bool = False) -> None:
        """Called right after the controller began ``session``."""
        self._session = session
        self._answers = 1  # the first answer is the baseline, stored with the session
        self._step = 0
        self._current = _Recording()
        self._recordings.append(self._current)
        routine = session.routine
        self._add(
            "begin",
            routine_id=routine.id,
            routine_title=routine.title,
            routine_version=routine_version(routine),
            started_at=self.wall_clock(),
            baseline=session.baseline,
            eased=eased,
            step_count=len(routine.steps),
        )
        self._catch_up()

    def resume(self, session: Session, session_id: int | None) -> None:
        """Goes on recording a session begun before a kill, into its own row.

        What it recorded then is there already; steps that went by while the app
        was closed are not counted as done.
        """
        if session_id is None:  # it never reached the history: it begins there now
            self.begin(session, eased=session.eased)
            return
        self._session = session
        self._current = _Recording(session_id=session_id, generation=self.store.generation)
        self._recordings.append(self._current)
        self._answers = len(session.answers)
        self._step = session.segment.step_index

    def _on_snapshot(self, _controller: SessionController, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self._catch_up()

    def _catch_up(self) -> None:
        session = self._session
        if session is None or self._current is None or session is not self.controller.session:
            return
        for answer in session.answers[self._answers :]:
            self._add(
                "check",
                at=self.wall_clock(),
                rating=answer.rating,
                zone=answer.zone,
                reason=answer.reason,
                step_index=answer.step_index,
                sharp=answer.sharp_on_touch,
            )
        self._answers = len(session.answers)
        step = session.segment.step_index
        while self._step < step:
            # A step the person skipped (all or part of it) is not a step done.
            if self._step not in session.skipped_steps:
                self._add("step", step_index=self._step, at=self.wall_clock())
            self._step += 1

    def end(self, session: Session) -> None:
        """Writes the session's end: its reason, its final pain, the last step if finished."""
        if session is not self._session or self._current is None:
            return
        self._catch_up()
        reason = session.end_reason or EndReason.STOPPED_BY_PERSON
        last = len(session.routine.steps) - 1
        if reason is EndReason.COMPLETED and last not in session.skipped_steps:
            self._add("step", step_index=last, at=self.wall_clock())
        final = session.answers[-1].rating if len(session.answers) > 1 else None
        self._add(
            "end",
            ended_at=self.wall_clock(),
            end_reason=reason,
            pain_after=final,
            eased=session.eased,
        )
        self._current = None
        self._session = None

    def retry(self) -> bool:
        """Writes what waits, reopening a history that could not be written; True when done.

        Never raises: it is called from the app's retry timer.
        """
        if self.waiting and not self.store.writable:
            try:
                self.store.reopen()
            except Exception:  # opening must not stop the app; the next retry tries again
                log.exception("Reopening the history failed")
        return self._write_waiting()

    # -- the queue -------------------------------------------------------------------

    def _add(self, kind: str, **arguments: Any) -> None:
        assert self._current is not None
        self._current.waiting.append(_Call(kind, arguments))
        self._write_waiting()

    def _write_waiting(self) -> bool:
        """Writes the queue in order, stopping at a call that must wait; True when empty."""
        for recording in self._recordings:
            if recording.session_id is not None and recording.generation != self.store.generation:
                # Its file was set aside as damaged: the session goes into the new one whole.
                recording.waiting[:0] = recording.written
                recording.written, recording.session_id = [], None
            while recording.waiting:
                call = recording.waiting[0]
                try:
                    self._apply(recording, call)
                except HistoryReadOnlyError as error:
                    self._tell(error)
                    return False
                except (HistoryError, ValueError, sqlite3.IntegrityError) as error:
                    self._refused(recording, call, error)
                except (sqlite3.Error, OSError) as error:
                    self._tell(error)
                    return False
                except Exception as error:  # a fault of the app's: said, never raised
                    log.exception("Recording a %s failed", call.kind)
                    self._refused(recording, call, error)
                else:
                    recording.written.append(call)
                    recording.waiting.pop(0)
        # Kept while running: a session whose file is set aside is written again whole.
        self._recordings = [
            r for r in self._recordings if r is self._current or (r.waiting and not r.ended)
        ]
        self._all_written()
        return True

    def _refused(self, recording: _Recording, call: _Call, error: Exception) -> None:
        """A call the history refuses for good (a value out of range, no such session)."""
        log.warning("The history refused a %s (%s); it is left out", call.kind, error)
        if call.kind == "begin":
            recording.waiting.clear()
        else:
            recording.waiting.pop(0)
        if self.notices is not None:
            self.notices.tell(
                REFUSED_KEY,
                f"Part of this session could not be added to your history ({plain_reason(error)}).",
            )

    def _apply(self, recording: _Recording, call: _Call) -> None:
        store = self.store
        if call.kind == "begin":
            recording.generation = store.generation
            recording.session_id = store.begin_session(**call.arguments)
            return
        sid = recording.session_id
        if sid is None:
            raise HistoryError("the session was not begun in the history")
        if call.kind == "check":
            store.record_check(sid, **call.arguments)
        elif call.kind == "step":
            store.record_step_done(sid, call.arguments["step_index"], call.arguments["at"])
        else:
            store.end_session(sid, **call.arguments)

    def _tell(self, error: BaseException) -> None:
        reason = getattr(error, "reason", None) or plain_reason(error)
        sentence = (
            f"This session could not be added to your history: {reason}. Unknot will try again."
        )
        if sentence != self._said:
            self._said = sentence
            log.warning("The history could not be written (%s); the session goes on", error)
        if self.notices is not None:
            self.notices.tell(SAVE_KEY, sentence, retry=self.retry)

    def _all_written(self) -> None:
        if self._said is not None:
            self._said = None
            log.info("What waited has been written to the history")
            if self.notices is not None:
                self.notices.withdraw(SAVE_KEY)
