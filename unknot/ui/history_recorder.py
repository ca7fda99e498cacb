"""Writes each session to the history as it goes, so a crash keeps what was done.

It watches the session controller: a new session is begun in the store, each
pain answer and each step left behind is written when it happens (one
transaction each), and the end with its reason. Times are the wall clock's
(the history is read by dates), while the session itself runs on the
monotonic clock. A history that cannot be written never stops a session: the
failure is logged once and the routine goes on.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from unknot.core.history.store import HistoryError, HistoryStore
from unknot.core.playback.session import EndReason, Session, Snapshot
from unknot.core.routines.version import routine_version
from unknot.ui.session_controller import SessionController

log = logging.getLogger("unknot.history")


class HistoryRecorder:
    def __init__(
        self,
        store: HistoryStore,
        controller: SessionController,
        wall_clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.controller = controller
        self.wall_clock = wall_clock
        self.session_id: int | None = None
        self._session: Session | None = None
        self._answers = 0
        self._step = -1
        self._failed = False
        # The end is not bound here: the App calls ``end`` itself, first, so the rules it
        # runs at the end (the next level) read this session as ended.
        controller.bind(snapshot=self._on_snapshot)

    def begin(self, session: Session, *, eased: bool = False) -> None:
        """Called right after the controller began ``session``."""
        self._session = session
        self._answers = 1  # the first answer is the baseline, stored with the session
        self._step = 0
        routine = session.routine
        self.session_id = self._write(
            self.store.begin_session,
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
        self._session = session
        self.session_id = session_id
        self._answers = len(session.answers)
        self._step = session.segment.step_index

    def _on_snapshot(self, _controller: SessionController, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self._catch_up()

    def _catch_up(self) -> None:
        session, sid = self._session, self.session_id
        if session is None or sid is None or session is not self.controller.session:
            return
        for answer in session.answers[self._answers :]:
            self._write(
                self.store.record_check,
                sid,
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
                self._write(self.store.record_step_done, sid, self._step, self.wall_clock())
            self._step += 1

    def end(self, session: Session) -> None:
        """Writes the session's end: its reason, its final pain, the last step if finished."""
        if session is not self._session or self.session_id is None:
            return
        self._catch_up()
        sid = self.session_id
        reason = session.end_reason or EndReason.STOPPED_BY_PERSON
        last = len(session.routine.steps) - 1
        if reason is EndReason.COMPLETED and last not in session.skipped_steps:
            self._write(self.store.record_step_done, sid, last, self.wall_clock())
        final = session.answers[-1].rating if len(session.answers) > 1 else None
        self._write(
            self.store.end_session,
            sid,
            ended_at=self.wall_clock(),
            end_reason=reason,
            pain_after=final,
            eased=session.eased,
        )
        self.session_id = None
        self._session = None

    def _write(self, call: Callable[..., int | None], *args: Any, **kwargs: Any) -> int | None:
        try:
            return call(*args, **kwargs)
        except (HistoryError, sqlite3.Error, OSError, ValueError) as error:
            if not self._failed:
                self._failed = True
                log.warning("The history could not be written (%s); the session goes on", error)
            return None
