"""Heat on the session's own clock: nothing a person taps makes the pack stay on longer.

The heat step here is Heat and rest's shape: 15 minutes of heat, then rest. The
pack goes on when the heat step's timed part begins (after its get-ready).
"""

from __future__ import annotations

import json

import pytest

from tests.clocks import FakeClock
from tests.core.inline_routines import routine
from unknot.core.playback.plan import (
    GET_READY_SECONDS,
    HEAT_OFF,
    HEAT_OFF_SECONDS,
    CueKind,
    PainCheckReason,
    SegmentKind,
    build_plan,
)
from unknot.core.playback.session import (
    BACK_RESTARTS_WITHIN,
    EndReason,
    FiredCue,
    HeatError,
    Session,
    SessionState,
)
from unknot.core.routines.model import Routine

HEAT = 15 * 60.0
HEATED = routine(
    "  - title: Warm the back of your neck\n    duration: 15m\n    heat: true\n"
    "  - title: Rest and breathe slowly\n    duration: 5m\n"
)


def playing(r: Routine = HEATED) -> tuple[Session, FakeClock]:
    """A session 1 minute into the heat (the get-ready is over: the pack is on)."""
    clock = FakeClock()
    session = Session(r, clock=clock, baseline=3)
    session.start()
    clock.advance(GET_READY_SECONDS + 60)
    session.update()
    assert session.segment.heat and session.heat_on
    return session, clock


def said(fired: list[FiredCue]) -> list[str]:
    return [f.cue.text for f in fired if f.cue.kind is CueKind.SPEAK]


def test_the_plan_marks_the_heat_and_takes_the_pack_off_before_any_pain_check() -> None:
    plan = build_plan(HEATED, eased_from_step=0)  # eased: a check after every step
    kinds = [(s.kind, s.heat) for s in plan.segments if s.step_index == 0]
    assert kinds == [
        (SegmentKind.GET_READY, False),
        (SegmentKind.WORK, True),
        (SegmentKind.HEAT_OFF, False),
        (SegmentKind.PAIN_CHECK, False),
    ]
    off = plan.segments[2]
    assert off.title == HEAT_OFF and off.duration == HEAT_OFF_SECONDS
    assert {c.kind for c in off.cues} == {CueKind.ALERT, CueKind.VIBRATE, CueKind.SPEAK}


def test_sets_of_a_heat_step_keep_the_pack_on_between_them_and_check_only_after() -> None:
    r = routine("  - title: Warm\n    duration: 5m\n    sets: 2\n    rest: 30s\n    heat: true\n")
    plan = build_plan(r, eased_from_step=0)
    kinds = [(s.kind, s.heat) for s in plan.segments]
    assert kinds == [
        (SegmentKind.GET_READY, False),
        (SegmentKind.WORK, True),
        (SegmentKind.REST, True),
        (SegmentKind.WORK, True),
        (SegmentKind.HEAT_OFF, False),
        (SegmentKind.PAIN_CHECK, False),
    ]


def test_the_heat_ends_at_its_time_after_a_pause_in_the_middle() -> None:
    session, clock = playing()
    session.pause()
    clock.advance(120)  # two minutes paused with the pack on
    session.resume()
    clock.advance(HEAT - 60 - 120 - 1)  # 1 s before the heat's own end
    session.update()
    assert session.heat_on
    assert session.snapshot().remaining == pytest.approx(1.0)
    clock.advance(1)
    fired = session.update()
    assert session.segment.kind is SegmentKind.HEAT_OFF
    assert f"{HEAT_OFF}." in said(fired)
    assert not session.heat_on


def test_paused_past_the_heat_time_the_alert_comes_and_the_pause_holds() -> None:
    session, clock = playing()
    session.pause()
    clock.advance(HEAT - 60 - 1)
    assert session.update() == []
    assert session.snapshot().remaining == pytest.approx(1.0)  # counting while paused
    clock.advance(10)
    fired = session.update()
    assert f"{HEAT_OFF}." in said(fired)
    assert {f.cue.kind for f in fired} >= {CueKind.ALERT, CueKind.VIBRATE}
    assert session.state is SessionState.PAUSED
    assert session.segment.kind is SegmentKind.HEAT_OFF
    clock.advance(600)
    assert session.update() == []  # said once
    session.resume()
    clock.advance(HEAT_OFF_SECONDS)
    session.update()
    assert session.segment.title == "Rest and breathe slowly"


@pytest.mark.parametrize("into", [1.0, 28.0, 14 * 60 + 28.0])
def test_back_within_the_heat_never_restarts_it(into: float) -> None:
    session, clock = playing()
    clock.advance(into - 60 if into > 60 else 0)
    session.update()
    before = session.heat_remaining()
    with pytest.raises(HeatError):
        session.back()
    with pytest.raises(HeatError):
        session.restart_step()
    assert session.heat_remaining() == before
    assert session.segment.heat


def test_back_after_the_heat_does_not_go_into_it_again() -> None:
    session, clock = playing()
    clock.advance(HEAT - 60)  # the rest of the heat, then its take-off
    session.update()
    clock.advance(HEAT_OFF_SECONDS)
    session.update()
    assert session.segment.title == "Rest and breathe slowly"
    assert session.snapshot().elapsed < BACK_RESTARTS_WITHIN
    session.back()
    assert session.segment.title == "Rest and breathe slowly"
    assert not session.heat_on


def test_skip_during_heat_goes_to_taking_the_pack_off_not_past_it() -> None:
    session, _clock = playing()
    session.skip()
    fired = session.update()
    assert session.segment.kind is SegmentKind.HEAT_OFF
    assert f"{HEAT_OFF}." in said(fired)
    assert not session.heat_on


def test_ending_during_heat_says_to_take_the_pack_off() -> None:
    session, _clock = playing()
    session.stop(EndReason.STOPPED_BY_PERSON)
    assert session.ended_with_heat_on
    assert f"{HEAT_OFF}." in said(session.heat_off_cues())


def test_ending_after_the_heat_says_nothing_about_it() -> None:
    session, clock = playing()
    session.skip()
    clock.advance(HEAT_OFF_SECONDS + 1)
    session.update()
    session.stop(EndReason.STOPPED_BY_PERSON)
    assert not session.ended_with_heat_on
    assert session.heat_off_cues() == []


def test_in_the_background_the_take_off_is_still_said_on_return() -> None:
    session, clock = playing()
    clock.advance(16 * 60)  # no frames: the app was in the background past the heat's end
    fired = session.update()
    assert f"{HEAT_OFF}." in said(fired)
    assert session.segment.title == "Rest and breathe slowly"


def test_the_eased_check_comes_after_the_pack_is_off() -> None:
    clock = FakeClock()
    session = Session(HEATED, clock=clock, baseline=3)
    session._ease_from(0)  # as a start eased from the first step
    session.start()
    clock.advance(GET_READY_SECONDS + HEAT)
    session.update()
    assert session.segment.kind is SegmentKind.HEAT_OFF
    clock.advance(HEAT_OFF_SECONDS)
    session.update()
    assert session.segment.pain_reason is PainCheckReason.AFTER_STEP


def test_a_restored_session_still_refuses_to_restart_the_heat() -> None:
    session, clock = playing()
    saved = json.loads(json.dumps(session.checkpoint()))
    again = Session.restore(HEATED, saved, clock=clock)
    assert again.heat_on
    assert again.heat_remaining() == session.heat_remaining()
    with pytest.raises(HeatError):
        again.back()
