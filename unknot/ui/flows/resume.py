"""At start, a session cut off last time (a kill, a crash): offered back, or ended.

The checkpoint left behind (session_keeper.py) says where the session stood,
on which clock; if the cue service carried it after the app died, its log says
what happened next (taken back here, so the service stops playing). Where the
session stands now comes from the deadlines (``unknot.core.playback.cut_off``);
it is held there while the offer shows: "Continue Chin tucks, level 1: rep 4
of 10?" or "End it". Either way it goes on in the session's own screens and its
own history row: continued, it plays on and ends as any session does; ended,
the end screen says what to do (a heat pack on: take it off now). A session
the service's notification ended shows its end screen at once.

A checkpoint that cannot be read is set aside like any damaged file, and the
person is told through the notices.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from kivy.uix.screenmanager import Screen

from unknot.core.playback.checkpoint import CheckpointError, read_checkpoint
from unknot.core.playback.cut_off import CutOff, recover
from unknot.core.playback.handover import pinned
from unknot.core.playback.session import EndReason, Session
from unknot.core.storage.damaged import set_aside
from unknot.core.storage.notices import Notices
from unknot.ui.flows.session import SessionFlow
from unknot.ui.navigator import Name, Navigator
from unknot.ui.session_keeper import SessionKeeper

log = logging.getLogger("unknot.session")

NOTICE_KEY = "session.checkpoint"


class ResumeFlow:
    def __init__(
        self,
        nav: Navigator,
        keeper: SessionKeeper,
        session: SessionFlow,
        notices: Notices,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.nav = nav
        self.keeper = keeper
        self.session = session
        self.notices = notices
        self.now = now
        self.cut: CutOff | None = None
        nav.register(Name.RESUME, self._screen)

    def _screen(self) -> Screen:
        from unknot.ui.screens.resume import ResumeScreen

        screen = ResumeScreen()
        screen.bind(
            on_continue=lambda *_: self.go_on(),
            on_end=lambda *_: self.end(),
            on_red_flags=lambda *_: self.session.warning_signs(),
        )
        return screen

    def offer(self) -> bool:
        """Shows the offer when a session was cut off; True when something was shown."""
        path = self.keeper.path
        try:
            saved = read_checkpoint(path)
            if saved is None:
                return False
            taken = self.keeper.carrier.take_back()
            cut = recover(
                saved,
                self.keeper.clock,
                self.keeper.stamp(),
                taken.log if taken is not None else None,
            )
        except CheckpointError as problem:
            self._set_aside(str(problem))
            return False
        except OSError as error:
            log.warning("The cut-off session's checkpoint cannot be read (%s)", error)
            return False
        self.cut = cut
        if cut.ended_by is not None:
            self._adopt(cut)
            return True
        screen = self.nav.screen(Name.RESUME)
        screen.question = cut.question
        screen.note = cut.note
        screen.heat_off = cut.heat_off
        screen.can_continue = cut.can_continue
        self.nav.reset(Name.RESUME)
        return True

    def go_on(self) -> None:
        """Continue: the player, where the deadlines put the session, playing again."""
        cut, self.cut = self.cut, None
        if cut is None:
            return
        self._adopt(cut)
        if self.session.active() and not self.session.running():
            self.session.controller.toggle_pause()

    def end(self) -> None:
        """End it: the end screen (a heat pack on: take it off), the history row ended."""
        cut, self.cut = self.cut, None
        if cut is None:
            return
        if not cut.can_continue:
            self.keeper.carrier.end()
            self._forget()
            self.nav.reset(Name.HOME)
            return
        self._adopt(cut)
        self.session.controller.stop(EndReason.STOPPED_BY_PERSON)

    # -- inside ------------------------------------------------------------------------------

    def _adopt(self, cut: CutOff) -> Session:
        """The session goes on in the app's own controller and history row, cues muted meanwhile.

        A session the cue service ended is ended here too, at its instant: the end
        screen follows, as if the app had been there.
        """
        gate = self.keeper.gate
        gate.open = False
        try:
            session = self.session.adopt(cut.session, cut.saved.history_id)
            if cut.ended_by is not None and cut.ended_at is not None:
                with pinned(session, cut.ended_at):
                    self.session.controller.stop(cut.ended_by)
        finally:
            gate.open = True
        return session

    def _set_aside(self, problem: str) -> None:
        path = self.keeper.path
        try:
            aside = set_aside(path, self.now)
        except OSError as error:
            log.warning("The damaged checkpoint %s could not be moved (%s)", path, error)
            self._forget()
            return
        self.keeper.carrier.end()
        self.notices.tell(
            NOTICE_KEY,
            f"The routine that was cut off last time could not be read ({problem}). "
            f"Its saved place was kept as {aside.name}; there is nothing to continue.",
        )

    def _forget(self) -> None:
        try:
            self.keeper.path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("The checkpoint could not be removed (%s)", error)
