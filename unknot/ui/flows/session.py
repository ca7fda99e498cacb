"""A session from its first step to its end: the player, the pain checks, the end screens.

Also the warning-signs screen, since opening it during a session pauses the
session and its "stop the session" ends it. The clinical decisions are the
core's (``unknot.core.safety.pain_rule``, ``unknot.core.playback.session``); this
shows their outcome and records it. After a stop, the screen says why, suggests a
clinician review when this stop makes one due (rule 8), and after a "yes" to
sharp pain offers to leave the pressure steps out from now on (rule 6): saved to
the safety answers (the first-run question about shooting pain), so the catalog
reshapes every routine at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from kivy.uix.screenmanager import Screen

from unknot.core.history.advisor import HistoryAdvisor
from unknot.core.playback.plan import HEAT_OFF, PainCheckReason
from unknot.core.playback.session import EndReason, Session, SessionState
from unknot.core.routines.model import Routine
from unknot.core.safety.screening import Screening, ScreeningStore
from unknot.services.dialer import CallForHelp, NullDialer
from unknot.services.heat_alarm import HeatAlarm, NullHeatAlarm
from unknot.ui.catalog import Catalog
from unknot.ui.history_recorder import HistoryRecorder
from unknot.ui.navigator import Name, Navigator
from unknot.ui.reminder_controller import ReminderController
from unknot.ui.session_controller import SessionController

log = logging.getLogger("unknot.session")

KEY_ESCAPE, KEY_SPACE, KEY_LEFT, KEY_RIGHT = 27, 32, 276, 275


class SessionFlow:
    def __init__(
        self,
        nav: Navigator,
        controller: SessionController,
        recorder: HistoryRecorder,
        reminders: ReminderController,
        advisor: HistoryAdvisor,
        catalog: Catalog,
        *,
        screening_store: ScreeningStore,
        after_session: Callable[[], None],
        open_routine: Callable[[str], None],
        call_for_help: CallForHelp | None = None,
        heat_alarm: HeatAlarm | None = None,
    ) -> None:
        self.nav = nav
        self.controller = controller
        self.recorder = recorder
        self.reminders = reminders
        self.advisor = advisor
        self.catalog = catalog
        self.screening_store = screening_store
        self.after_session = after_session
        """Home, or back to the editor after its Try it."""
        self.open_routine = open_routine
        self.call_for_help = call_for_help or CallForHelp(NullDialer(), str, can_dial=False)
        self.heat_alarm = heat_alarm or NullHeatAlarm()
        """Android's alarm for a heat step's end while the app is away (Null elsewhere)."""
        self._next_level: str | None = None
        nav.register(Name.PLAYER, self._player)
        nav.register(Name.PAIN, self._pain)
        nav.register(Name.STOPPED, self._stopped)
        nav.register(Name.FINISHED, self._finished)
        nav.register(Name.RED_FLAGS, self._red_flags)
        nav.guard_back(self._not_into_an_ended_session)
        controller.bind(
            on_pain_check=lambda *_: self.show_pain_check(),
            on_end=lambda _c, session: self.show_end(session),
        )

    # -- screens -----------------------------------------------------------------

    def _player(self) -> Screen:
        from unknot.ui.screens.player import PlayerScreen

        screen = PlayerScreen()
        screen.attach(self.controller)
        screen.bind(
            on_stop_for_pain=lambda *_: self.controller.stop(EndReason.STOPPED_FOR_PAIN),
            on_stop=lambda *_: self.controller.stop(EndReason.STOPPED_BY_PERSON),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def _pain(self) -> Screen:
        from unknot.ui.screens.pain_check import PainCheckScreen

        screen = PainCheckScreen()
        screen.bind(
            on_answer=lambda _s, rating, sharp: self.answer_pain(rating, sharp),
            on_stop_for_pain=lambda *_: self.controller.stop(EndReason.STOPPED_FOR_PAIN),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def _stopped(self) -> Screen:
        from unknot.ui.screens.stopped import StoppedScreen

        screen = StoppedScreen()
        screen.bind(
            on_home=lambda *_: self.after_session(),
            on_red_flags=lambda *_: self.warning_signs(),
            on_hide_pressure=lambda *_: self.hide_pressure(),
        )
        return screen

    def _finished(self) -> Screen:
        from unknot.ui.screens.finished import FinishedScreen

        screen = FinishedScreen()
        screen.bind(
            on_home=lambda *_: self.after_session(),
            on_red_flags=lambda *_: self.warning_signs(),
            on_open_next=lambda *_: self._open_next_level(),
        )
        return screen

    def _red_flags(self) -> Screen:
        from unknot.ui.screens.red_flags import RedFlagsScreen

        call = self.call_for_help
        screen = RedFlagsScreen(can_dial=call.can_dial)
        screen.bind(
            on_back=lambda *_: self.nav.back(),
            on_stop_session=lambda *_: self.controller.stop(EndReason.RED_FLAG),
            on_pre_enter=lambda *_: screen.offer_call(call.number()),
            on_call=lambda _s, number: call.call(number, screen.show_number),
        )
        return screen

    # -- the session ---------------------------------------------------------------

    def active(self) -> bool:
        session = self.controller.session
        return session is not None and session.state in (SessionState.RUNNING, SessionState.PAUSED)

    def running(self) -> bool:
        session = self.controller.session
        return session is not None and session.state is SessionState.RUNNING

    def begin(
        self,
        routine: Routine,
        baseline: int,
        *,
        eased: bool,
        eased_start: bool = False,
        notice: str = "",
    ) -> None:
        """Plays ``routine``; ``eased_start`` eases it from the first step (baseline 4-5).

        ``notice`` is why the session is eased (a flare day, a baseline of 4 or 5),
        shown on the player until a check says all is well.
        """
        session = self.controller.begin(routine, baseline, eased_start=eased_start)
        self.recorder.begin(session, eased=eased)
        self.nav.reset(Name.PLAYER, below=(Name.HOME, Name.ROUTINE))
        # After the player is built (on its first visit), so that its binding sees it.
        self.controller.notice = notice

    def adopt(self, saved: Session, history_id: int | None) -> Session:
        """Goes on with a session from before (cut off by a kill) in the player, its history
        row the same; ``saved`` stands where the session is now."""
        session = self.controller.begin(saved.routine, saved.baseline)
        session.load(saved.checkpoint())
        self.recorder.resume(session, history_id)
        self.nav.reset(Name.PLAYER, below=(Name.HOME,))
        self.controller.tick()
        return session

    def warning_signs(self) -> None:
        """The warning signs, one tap from every screen; a running session waits meanwhile."""
        screen = self.nav.screen(Name.RED_FLAGS)
        screen.in_session = self.active()
        screen.heat_off = ""
        if self.running():
            self.controller.toggle_pause()
        self.nav.go(Name.RED_FLAGS)

    def urgent_care(self) -> None:
        """After a "yes" to a warning sign before a session: Back leads home, not to the
        question again (a "No" there would have started the routine)."""
        screen = self.nav.screen(Name.RED_FLAGS)
        screen.in_session = False
        screen.heat_off = ""
        self.nav.reset(Name.RED_FLAGS, below=(Name.HOME,))

    def show_pain_check(self) -> None:
        session = self.controller.session
        if session is None:
            return
        final = session.segment.pain_reason is PainCheckReason.FINAL
        self.nav.screen(Name.PAIN).show(session.baseline, final)
        self.nav.show(Name.PAIN)

    def answer_pain(self, rating: int, sharp: bool) -> None:
        self.controller.answer_pain(rating, sharp_on_touch=sharp)
        if self.active():
            self.nav.show(Name.PLAYER)

    def show_end(self, session: Session) -> None:
        self.heat_alarm.cancel()
        # The history first: the next-level rule below reads this session as ended.
        self.recorder.end(session)
        reason = session.end_reason
        if reason is not EndReason.STOPPED_BY_PERSON:
            # Done, or stopped for pain (rest for the rest of the day): either way it counts.
            self.reminders.record_session(stopped_for_pain=reason is not EndReason.COMPLETED)
        if reason is EndReason.COMPLETED:
            suggestion = self.advisor.next_level(session.routine, self.catalog.report.routines)
            self._next_level = suggestion.next.id if suggestion else None
            self.nav.screen(Name.FINISHED).show(
                session,
                next_level=suggestion.message if suggestion else "",
                next_title=suggestion.next.title if suggestion else "",
            )
            self.nav.reset(Name.FINISHED, below=(Name.HOME,))
        elif reason is EndReason.RED_FLAG:
            screen = self.nav.screen(Name.RED_FLAGS)
            screen.in_session = False
            screen.heat_off = f"{HEAT_OFF}." if session.ended_with_heat_on else ""
            self.nav.reset(Name.RED_FLAGS, below=(Name.HOME,))
        else:
            review = self.advisor.review() if reason is EndReason.STOPPED_FOR_PAIN else None
            screening = self.catalog.screening
            sharp = session.answers[-1].sharp_on_touch
            self.nav.screen(Name.STOPPED).show(
                session,
                review=review.message if review else "",
                offer_hide_pressure=sharp and screening is not None and not screening.hide_pressure,
            )
            self.nav.reset(Name.STOPPED, below=(Name.HOME,))

    def hide_pressure(self) -> None:
        """Leaves pressure steps out from now on: the "shooting pain on touch" answer, saved."""
        old = self.catalog.screening
        if old is None:
            return
        screening = Screening({**old.answers, "shooting_pain": True}, old.answered_at)
        try:
            self.screening_store.save(screening)
        except OSError as error:
            log.warning("Could not save the safety answers: %s", error)
        self.catalog.set_screening(screening)

    def _open_next_level(self) -> None:
        if self._next_level is not None:
            self.after_session()
            self.open_routine(self._next_level)

    def _not_into_an_ended_session(self, target: Name) -> Name:
        if target in (Name.PAIN, Name.PLAYER) and not self.active():
            return Name.HOME
        return target

    # -- keys and lifecycle ---------------------------------------------------------

    def handle_key(self, key: int) -> bool:
        """The desktop's keys on the player: space pauses, arrows skip and go back, Escape ends."""
        if self.nav.current is not Name.PLAYER or not self.active():
            return False
        actions: dict[int, Callable[[], Any]] = {
            KEY_SPACE: self.controller.toggle_pause,
            KEY_RIGHT: self.controller.skip,
            KEY_LEFT: self.controller.back,
            KEY_ESCAPE: lambda: self.controller.stop(EndReason.STOPPED_BY_PERSON),
        }
        action = actions.get(key)
        if action is None:
            return False
        action()
        return True

    def to_background(self) -> None:
        """The app is leaving the screen: a heat pack on now gets the system's alarm.

        Kivy's loop (and so every cue) stops in the background; the alarm fires the
        "take the heat pack off" notification at the heat's end instead.
        """
        session = self.controller.session
        remaining = session.heat_remaining() if session is not None else None
        if remaining is None:
            return
        wall = self.advisor.wall_clock()
        self.heat_alarm.arm(wall + timedelta(seconds=remaining), self.advisor.zone)

    def to_foreground(self) -> None:
        """Back on screen, the app says it all itself again."""
        self.heat_alarm.cancel()
