"""The session's next change: a screen that wakes only then sees and plays what a poll at
every frame would, at the same moments, while waking about once a second.

Two sessions of one routine run side by side on two fake clocks: one polled every
1/16 s (the old player's frame loop, finer than any deadline here), one updated only at
``next_change``. At every poll the woken one's last picture (segment, countdown) must
equal the polled one's, and both must have played the same cues, due at the same times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.clocks import START, FakeClock
from tests.core.inline_routines import routine
from tests.core.playback.test_heat_session import HEAT, playing
from unknot.core.playback.plan import GET_READY_SECONDS, HEAT_OFF, SegmentKind, build_plan
from unknot.core.playback.session import FiredCue, Session, SessionState
from unknot.core.routines.durations import format_clock, until_clock_changes
from unknot.core.routines.model import Routine

GRID = 1 / 16

EVERYTHING = routine(
    "  - title: Chin tuck\n    position: lying\n    reps: 3\n    hold: 7s\n"
    "    rest_between_reps: 4s\n    say: Tuck, and hold.\n"
    "  - title: Press near the middle\n    position: sitting\n    duration: 12\n"
    "    pressure: true\n"
    "  - title: Shoulder roll\n    reps: 2-3\n"
    "  - title: Breathe\n    duration: 9.5\n"
)
"""A get-ready, held reps with rests and their beeps, a position change, a pressure step
and its pain check, self-paced taps, a step of a fractional length, the final check."""


Shown = tuple[int, str]


def shown(session: Session) -> Shown:
    """What the player's screen shows of a session: which segment, and its clock."""
    snap = session.snapshot()
    clock = format_clock(snap.remaining) if snap.remaining is not None else f"{snap.taps}"
    return snap.index, clock


def played(fired: list[FiredCue]) -> list[tuple[str, str, float, int]]:
    return [(f.cue.kind.value, f.cue.text, f.due_at, f.segment_index) for f in fired]


@dataclass
class Woken:
    """A session updated only when it said it would change, as the player now runs it."""

    session: Session
    clock: FakeClock
    picture: Shown = (0, "")
    cues: list[tuple[str, str, float, int]] = field(default_factory=list)
    wakes: list[float] = field(default_factory=list)
    late: list[float] = field(default_factory=list)
    """How long after its time each cue played."""
    next_at: float | None = None

    def tick(self) -> None:
        """The controller's tick: update, show, ask when next."""
        fired = self.session.update()
        self.cues += played(fired)
        self.late += [self.clock() - f.due_at for f in fired]
        self.picture = shown(self.session)
        self.next_at = self.session.next_change()

    def catch_up_to(self, now: float) -> None:
        while self.next_at is not None and self.next_at <= now:
            self.clock.now = self.next_at
            self.wakes.append(self.next_at)
            self.tick()
        self.clock.now = now


def play_both(r: Routine) -> tuple[Session, Woken, list[tuple[str, str, float, int]]]:
    polled = Session(r, clock=FakeClock(), baseline=2)
    woken = Woken(Session(r, clock=FakeClock(), baseline=2), FakeClock())
    woken.session.clock = woken.clock
    polled_cues = played(polled.start())
    woken.cues = played(woken.session.start())
    woken.tick()
    now = START
    while polled.state is SessionState.RUNNING:
        now += GRID
        polled.clock = FakeClock(now)
        polled_cues += played(polled.update())
        woken.catch_up_to(now)
        assert woken.picture == shown(polled), f"{now - START:.4f} s in"
        if polled.snapshot().waiting:  # the person answers at once, on both
            for session in (polled, woken.session):
                if session.segment.kind is SegmentKind.PAIN_CHECK:
                    session.answer_pain(2)
                else:
                    index = session.index
                    while session.index == index:
                        session.tap_rep()
            polled_cues += played(polled.update())
            woken.tick()
    return polled, woken, polled_cues


def test_waking_only_at_the_next_change_shows_and_plays_what_every_frame_would() -> None:
    polled, woken, polled_cues = play_both(EVERYTHING)
    assert woken.session.state is polled.state is SessionState.FINISHED
    assert woken.cues == polled_cues
    assert len(polled_cues) > 20  # beeps, words, vibrations: the comparison has substance
    assert max(woken.late) == 0  # each at its very time, not at the next frame


def test_after_a_pause_in_heat_each_beep_still_gets_its_own_wake() -> None:
    """A pause shifts the step's own time but not the heat's: the clock then shows the
    heat's time, whose seconds turn half a second away from the step's last beeps."""
    session, clock = playing()
    session.pause()
    clock.advance(0.5)
    session.resume()
    woken = Woken(session, clock)
    woken.tick()
    woken.catch_up_to(START + GET_READY_SECONDS + HEAT)
    assert session.segment.title == HEAT_OFF
    ticks = [cue for cue in woken.cues if cue[0] == "tick"]
    assert len(ticks) == 3
    assert max(woken.late) == 0


def test_it_wakes_about_once_a_second_not_every_frame() -> None:
    _polled, woken, _cues = play_both(EVERYTHING)
    timed = build_plan(EVERYTHING).timed_seconds()
    # One wake per second of countdown, plus at most one more per segment (a
    # fractional length turns its clock off the whole second) and per cue.
    assert timed <= len(woken.wakes) <= timed + 2 * len(build_plan(EVERYTHING).segments)


def test_in_a_long_segment_the_wakes_are_the_countdowns_whole_seconds() -> None:
    session, clock = playing()  # a minute into the 15 minutes of heat
    clock.advance(0.25)
    session.update()
    wakes = []
    for _ in range(5):
        at = session.next_change()
        assert at is not None
        wakes.append(at - clock())
        before = shown(session)
        clock.now = at
        session.update()
        assert shown(session) != before  # each wake shows a new second
    assert wakes == [0.75, 1.0, 1.0, 1.0, 1.0]


def test_the_last_seconds_beeps_each_get_their_wake() -> None:
    session = Session(EVERYTHING, clock=FakeClock(), baseline=2)
    session.start()
    beeps = [c.offset for c in session.segment.cues if c.kind.value == "tick"]
    assert beeps  # the get-ready counts its last seconds down
    moments: list[float] = []
    at = session.next_change()
    while at is not None and at < START + GET_READY_SECONDS:
        moments.append(at - START)
        session.clock = FakeClock(at)
        session.update()
        at = session.next_change()
    assert set(beeps) <= set(moments)


def test_paused_outside_heat_nothing_will_change() -> None:
    session = Session(EVERYTHING, clock=FakeClock(), baseline=2)
    session.start()
    session.pause()
    assert session.next_change() is None


def test_a_pain_check_or_taps_wait_for_the_person() -> None:
    clock = FakeClock()
    session = Session(EVERYTHING, clock=clock, baseline=2)
    session.start()
    while not session.snapshot().waiting:
        at = session.next_change()
        assert at is not None
        clock.now = at
        session.update()
    assert session.next_change() is None


def test_an_ended_session_never_wakes() -> None:
    session = Session(EVERYTHING, clock=FakeClock(), baseline=2)
    assert session.next_change() is None  # not started
    session.start()
    session.stop()
    assert session.next_change() is None


def test_paused_in_heat_only_the_heat_clock_wakes_it_and_the_take_off_comes_on_time() -> None:
    session, clock = playing()  # the pack went on at START + 5, a minute ago
    session.pause()
    deadline = START + GET_READY_SECONDS + HEAT
    wakes = 0
    while session.segment.kind is not SegmentKind.HEAT_OFF:
        at = session.next_change()
        assert at is not None and at <= deadline
        before = shown(session)
        clock.now = at
        session.update()
        wakes += 1
        assert shown(session) != before  # the heat's countdown, on screen, every second
    assert clock() == deadline
    assert session.segment.title == HEAT_OFF
    assert session.state is SessionState.PAUSED
    assert wakes == HEAT - 60  # once a second of the 14 minutes left, no more
    assert session.next_change() is None  # the pack is off: the pause holds, still


def test_the_clock_turns_when_format_clock_does() -> None:
    for left in (0.001, 0.3, 0.999, 1.0, 1.001, 4.3, 59.0, 60.5, 3600.0):
        turn = until_clock_changes(left)
        assert turn is not None and 0 < turn <= 1
        assert format_clock(left - turn) != format_clock(left)
        assert format_clock(left - turn + 1 / 1024) == format_clock(left)
    assert until_clock_changes(0.0) is None
