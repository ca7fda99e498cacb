"""Runs one session for the screens: wakes when what they show or play changes.

The core session says when that is (``Session.next_change``: the next cue, the
segment's end, the heat's deadline, the countdown's next whole second; and
``shown_picture.next_picture_change``: the step picture's next frame), and the
controller asks Kivy's Clock for one wake then, not for every frame: a countdown
changes once a second, and polling it at 60 frames a second cost a phone its
battery during a 20-minute heat step. Each wake calls ``Session.update``, which
computes everything from the monotonic clock's deadlines, so a late wake shows the
right time; then it schedules the next. Every action of the person wakes it too.
The controller plays the cues, keeps the screen awake while (and only while) a
session runs, and tells the app when a pain check is due or the session has ended.
Every call into a service goes through the cue player's guard: none can raise into
the Clock.
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
from unknot.core.playback.shown_picture import next_picture_change
from unknot.core.routines.model import Routine
from unknot.core.safety.pain_rule import Zone
from unknot.core.safety.wording import EASE_OFF
from unknot.services import Services
from unknot.ui.cue_player import KEEP_AWAKE, CuePlayer


def kivy_early() -> float:
    """How early Kivy may run a scheduled callback: its clock's resolution, a third of a
    frame at 60 a second, 5.6 ms (``ClockEvent.tick`` in Kivy 2.3's ``kivy/_clock.pyx``).

    A wake asks for that much later, so it never comes in a frame before its deadline.
    An early one (a fixed 5 ms was asked for, 0.6 ms short) found the deadline passed by
    the time it read the clock, late in that frame, and showed the next second a frame
    before the frame whose time it is: the wake tests caught it in some full runs."""
    return float(Clock.get_resolution())


HEAT_KEEPS_COUNTING = (
    "Paused. The heat time keeps counting while paused: if you are stopping, "
    "take the heat pack off now."
)


def earliest(*moments: float | None) -> float | None:
    """The soonest of the moments given, or ``None`` when none is."""
    return min((moment for moment in moments if moment is not None), default=None)


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
        self.tick()
        return self.session

    def tick(self, _dt: float = 0) -> None:
        """Brings the session up to its clock, plays what fell due, shows it, and schedules
        the next wake (Kivy's Clock calls it then; every action calls it at once)."""
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
        now = self.clock()
        self._wake_at(earliest(session.next_change(now), next_picture_change(session, now)))

    def _wake_at(self, deadline: float | None) -> None:
        """One wake of Kivy's Clock at ``deadline`` (the session's clock), or none.

        Kivy measures a timeout from the start of the current frame
        (``Clock.get_time()``), not from now, so the time already spent in this frame is
        added: the wake lands at the first frame at or after the deadline. The session's
        clock and Kivy's run at the same rate (both monotonic); a wake that comes early
        all the same finds nothing due and schedules the rest.
        """
        if self._event is not None:
            self._event.cancel()
            self._event = None
        if deadline is None:
            return
        wait = max(0.0, deadline - self.clock())
        into_frame = max(0.0, Clock.time() - Clock.get_time())
        self._event = Clock.schedule_once(self.tick, wait + into_frame + kivy_early())

    def finish_quietly(self) -> None:
        """Stops waking and lets the screen sleep again; the session object stays for reading."""
        self._wake_at(None)
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
