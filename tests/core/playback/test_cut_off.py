"""A session cut off by a kill, found at the next start: where it stands now, and what to say."""

from __future__ import annotations

import pytest

from tests.clocks import FakeClock
from tests.core.playback.test_checkpoint import CHIN_TUCKS, HEATED, WALL, at_rep_4
from unknot.core.playback.checkpoint import ClockStamp, save_session
from unknot.core.playback.cut_off import HEAT_RAN_OUT, recover, where
from unknot.core.playback.handover import Event, EventKind, ServiceLog
from unknot.core.playback.plan import GET_READY_SECONDS, HEAT_OFF, SegmentKind
from unknot.core.playback.session import EndReason, Session, SessionState

BOOT = "boot-a"


def stamp(clock: FakeClock, wall: float) -> ClockStamp:
    return ClockStamp(clock(), wall, BOOT)


def test_a_session_killed_in_rep_4_is_offered_at_rep_4_and_held_there() -> None:
    clock = FakeClock()
    saved = save_session(at_rep_4(clock), stamp(clock, WALL))
    clock.advance(1.5)  # the restart took 1.5 s: rep 4 has 1.5 s left
    cut = recover(saved, clock, stamp(clock, WALL + 1.5))

    assert cut.question == "Continue Chin tucks, level 1: rep 4 of 10?"
    assert cut.can_continue
    assert cut.session.state is SessionState.PAUSED
    assert cut.session.snapshot().remaining == pytest.approx(1.5)
    clock.advance(600)  # held while the person reads the offer
    assert cut.session.snapshot().remaining == pytest.approx(1.5)
    assert cut.heat_off == "" and cut.note == ""


def test_the_time_that_passed_counts_as_it_does_in_the_background() -> None:
    clock = FakeClock()
    saved = save_session(at_rep_4(clock), stamp(clock, WALL))
    clock.advance(3 + 10 + 5 + 1)  # past rep 4's end, its rest and rep 5
    cut = recover(saved, clock, stamp(clock, WALL + 19))
    assert cut.session.segment.kind is SegmentKind.REST
    assert cut.question == "Continue Chin tucks, level 1: rep 5 of 10?"


def test_a_session_whose_steps_all_went_by_waits_at_its_pain_check() -> None:
    clock = FakeClock()
    saved = save_session(at_rep_4(clock), stamp(clock, WALL))
    clock.advance(3600)
    cut = recover(saved, clock, stamp(clock, WALL + 3600))
    assert cut.session.segment.kind is SegmentKind.PAIN_CHECK
    assert cut.question == "Continue Chin tucks, level 1: the pain check?"


def test_where_names_the_step_in_a_routine_of_several() -> None:
    clock = FakeClock()
    session = Session(HEATED, clock=clock, baseline=2)
    session.start()
    assert where(session) == "Warm the back of your neck"


def heat_on_for(minutes: float) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(HEATED, clock=clock, baseline=3)
    session.start()
    clock.advance(GET_READY_SECONDS + minutes * 60)
    session.update()
    assert session.heat_on
    return session, clock


def test_a_heat_step_whose_time_ran_out_is_not_offered_and_the_pack_comes_off() -> None:
    session, clock = heat_on_for(10)
    saved = save_session(session, stamp(clock, WALL))
    clock.advance(6 * 60)  # 16 minutes of heat by now
    cut = recover(saved, clock, stamp(clock, WALL + 360))

    assert cut.heat_ran_out
    assert cut.heat_off == HEAT_RAN_OUT
    assert cut.heat_off.startswith(HEAT_OFF)
    assert not cut.session.heat_on
    assert not cut.session.segment.heat


def test_a_heat_step_with_time_left_is_offered_and_its_time_keeps_counting() -> None:
    session, clock = heat_on_for(5)
    saved = save_session(session, stamp(clock, WALL))
    clock.advance(60)
    cut = recover(saved, clock, stamp(clock, WALL + 60))

    assert not cut.heat_ran_out
    assert cut.session.heat_on
    assert cut.note == "A heat pack is on: about 9 minutes of its time are left."
    clock.advance(60)  # held paused: the heat clock does not stop
    assert cut.session.heat_remaining() == pytest.approx(8 * 60)


def test_after_a_reboot_the_wall_clock_gives_the_time_that_passed() -> None:
    session, clock = heat_on_for(10)
    saved = save_session(session, stamp(clock, WALL))
    rebooted = FakeClock(12.0)
    cut = recover(saved, rebooted, ClockStamp(rebooted(), WALL + 6 * 60, "boot-b"))
    assert cut.heat_ran_out


def test_what_the_cue_service_did_after_the_kill_is_taken_into_account() -> None:
    clock = FakeClock()
    session = at_rep_4(clock)
    saved = save_session(session, stamp(clock, WALL))
    paused_at = clock() + 2
    log = ServiceLog(1, [Event(paused_at, EventKind.PAUSE)])
    clock.advance(300)
    cut = recover(saved, clock, stamp(clock, WALL + 300), log)
    # Paused by the notification 2 s after the save: 1 s of rep 4 was left, and still is.
    assert cut.session.segment.rep == 4
    assert cut.session.snapshot().remaining == pytest.approx(1.0)


def test_a_session_the_cue_service_ended_is_not_offered() -> None:
    clock = FakeClock()
    session = at_rep_4(clock)
    saved = save_session(session, stamp(clock, WALL))
    stop_at = clock() + 1
    log = ServiceLog(1, [Event(stop_at, EventKind.STOP_FOR_PAIN)])
    clock.advance(100)
    cut = recover(saved, clock, stamp(clock, WALL + 100), log)
    assert cut.ended_by is EndReason.STOPPED_FOR_PAIN
    assert cut.ended_at == stop_at
    assert not cut.can_continue
    # Held where it stood at the stop, for the app to end it there.
    assert cut.session.state is SessionState.RUNNING
    assert cut.session.segment.rep == 4


def test_the_offer_reads_the_routines_own_title() -> None:
    assert CHIN_TUCKS.title == "Chin tucks, level 1"
