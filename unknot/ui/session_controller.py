"""Runs one session for the screens: asks the core where things stand every frame.

Kivy's Clock here only asks for repaints: each frame calls ``Session.update``,
which computes everything from the monotonic clock's deadlines. The controller
plays the cues, keeps the screen awake while (and only while) a session runs,
and tells the app when a pain check is due or the session has ended. Every call
into a service goes through the cue player's guard: none can raise into the Clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import ObjectProperty, StringProperty

from unknot.core.clock.monotonic import MonotonicClock
from unknot.core.playback.plan import SegmentKind
from unknot.core.playback.session import (
    EndReason,
    HeatError,
    Session,
    SessionError,
    SessionState,
)
from unknot.core.routines.model import Routine
from unknot.core.safety.pain_rule import Zone
from unknot.core.safety.wording import EASE_OFF
from unknot.services import Services
from unknot.ui.cue_player import KEEP_AWAKE, CuePlayer

HEAT_KEEPS_COUNTING = (
    "Paused. The heat time keeps counting while paused: if you are stopping, "
    "take the heat pack off now."
)


class SessionController(EventDispatcher):
    snapshot = ObjectProperty(None, allownone=True)
    notice = StringProperty("")
    """A line for the player, such as the ease-off advice after a check."""

    __events__ = ("on_pain_check", "on_end")

    def __init__(self, services: Services, clock: MonotonicClock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.clock = clock
        self.cues = CuePlayer(services)
        self.session: Session | None = None
        self._event: Any = None
        self._asked_at: int | None = None

    # -- the session's life ----------------------------------------------------

    def begin(self, routine: Routine, baseline: int, *, eased_start: bool = False) -> Session:
        self.finish_quietly()
        self.session = Session(routine, clock=self.clock, baseline=baseline)
        if eased_start:
            self.session.ease_from_start()
        self.notice = ""
        self._asked_at = None
        self.cues.guard.call(KEEP_AWAKE, self.services.keep_awake.hold)
        self.cues.play(self.session.start())
        self._event = Clock.schedule_interval(self.tick, 0)
        self.tick(0)
        return self.session

    def tick(self, _dt: float = 0) -> None:
        session = self.session
        if session is None:
            return
        self.cues.play(session.update())
        snapshot = session.snapshot()
        self.snapshot = snapshot
        waiting_for_pain = (
            snapshot.state is SessionState.RUNNING
            and snapshot.segment.kind is SegmentKind.PAIN_CHECK
        )
        if waiting_for_pain and self._asked_at != snapshot.index:
            self._asked_at = snapshot.index
            self.dispatch("on_pain_check")

    def finish_quietly(self) -> None:
        """Stops ticking and lets the screen sleep again; the session object stays for reading."""
        if self._event is not None:
            self._event.cancel()
            self._event = None
        self.cues.guard.call(KEEP_AWAKE, self.services.keep_awake.release)
        self.cues.hush()

    # -- what the person does --------------------------------------------------

    def toggle_pause(self) -> None:
        session = self._active()
        if session.state is SessionState.PAUSED:
            if self.notice == HEAT_KEEPS_COUNTING:
                self.notice = ""
            self.cues.play(session.resume())
        else:
            session.pause()
            self.cues.hush()
            if session.heat_on:
                self.notice = HEAT_KEEPS_COUNTING
        self.tick()

    def skip(self) -> None:
        self._try(self._active().skip, hush=True)

    def back(self) -> None:
        self._asked_at = None
        self._try(self._active().back, hush=True)

    def restart_step(self) -> None:
        self._try(self._active().restart_step, hush=True)

    def tap_rep(self) -> None:
        self._try(self._active().tap_rep)

    def finish_set(self) -> None:
        self._try(self._active().finish_set)

    def _try(self, action: Callable[[], None], *, hush: bool = False) -> None:
        """Runs a person's action; one the session refuses (a check fell due) just repaints.

        The session is the judge: a pain check that came due a moment before a tap
        on 'Skip' is shown, not skipped.
        """
        if hush:
            self.cues.hush()
        try:
            action()
        except HeatError as refused:
            self.notice = str(refused)
        except SessionError:
            pass
        self.tick()

    def answer_pain(self, rating: int, *, sharp_on_touch: bool = False) -> Zone:
        session = self._active()
        zone = session.answer_pain(rating, sharp_on_touch=sharp_on_touch)
        if zone is Zone.EASE:
            self.notice = EASE_OFF
            self.cues.say("Ease off. Lighter pressure, fewer reps.", 2)
        elif zone is Zone.CONTINUE:
            self.notice = ""
        self._after_action()
        return zone

    def stop(self, reason: EndReason = EndReason.STOPPED_BY_PERSON) -> None:
        session = self.session
        if session is None or session.state in (SessionState.FINISHED, SessionState.STOPPED):
            return
        session.stop(reason)
        self._after_action()

    # -- inside ----------------------------------------------------------------

    def _after_action(self) -> None:
        session = self._active_or_ended()
        if session.state in (SessionState.FINISHED, SessionState.STOPPED):
            self.finish_quietly()
            self.cues.play(session.heat_off_cues())
            if session.end_reason is EndReason.COMPLETED:
                self.cues.play(session.finishing_cues())
            self.snapshot = session.snapshot()
            self.dispatch("on_end", session)
        else:
            self.tick()

    def _active(self) -> Session:
        session = self._active_or_ended()
        if session.state not in (SessionState.RUNNING, SessionState.PAUSED):
            raise RuntimeError(f"the session is {session.state.value}")
        return session

    def _active_or_ended(self) -> Session:
        if self.session is None:
            raise RuntimeError("no session has started")
        return self.session

    def on_pain_check(self) -> None:
        pass

    def on_end(self, session: Session) -> None:
        pass
