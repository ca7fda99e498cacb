"""The session: one routine played against a clock the tests move by hand.

One behaviour per test. Times are whole seconds or multiples of 1/1024 s from a
clock that starts at 1000 s, so sums are exact and the timing tests compare with ``==``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import replace

import pytest

from tests.clocks import FakeClock
from tests.core.inline_routines import CHECK, GR, REST, TAP, WORK, routine
from unknot.core.playback.plan import (
    GET_READY_SECONDS,
    CueKind,
    PainCheckReason,
    Segment,
    build_plan,
)
from unknot.core.playback.session import (
    BACK_RESTARTS_WITHIN,
    STALE_AFTER,
    EndReason,
    FiredCue,
    PainAnswer,
    Session,
    SessionError,
    SessionState,
)
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.model import CountRange, Routine
from unknot.core.safety.pain_rule import Zone


def started(r: Routine, *, baseline: int = 2) -> tuple[Session, FakeClock, list[FiredCue]]:
    clock = FakeClock()
    session = Session(r, clock=clock, baseline=baseline)
    return session, clock, session.start()


START = FakeClock().now
"""Every session in these tests starts at this time."""


def run_to(session: Session, clock: FakeClock, seconds_in: float) -> list[FiredCue]:
    """Moves the clock to ``seconds_in`` after the start, then lets the session catch up."""
    assert START + seconds_in >= clock.now, "the fake clock only goes forward"
    clock.now = START + seconds_in
    return session.update()


def speeches(fired: list[FiredCue]) -> list[str]:
    return [f.cue.text for f in fired if f.cue.kind is CueKind.SPEAK]


def fired_kinds(fired: list[FiredCue]) -> list[tuple[CueKind, float]]:
    return [(f.cue.kind, f.cue.offset) for f in fired]


# ---------------------------------------------------------------------------------------
# A half-hour routine, played to the end at irregular frame intervals
# ---------------------------------------------------------------------------------------

HALF_HOUR = """\
id: half-hour
title: Half-hour mix
steps:
  - title: Warm the back of the neck
    position: reclined
    duration: 10m
    prompts:
      - at: 3m
        text: Check your skin.
      - at: 6m
        text: Check your skin again.
  - title: Chin tuck
    position: lying on your back
    reps: 10
    hold: 10s
    rest_between_reps: 10s
    sets: 2
    rest: 30s
  - title: Neck turn
    duration: 45s
    sides: [left, right]
    sets: 2
    rest: 15s
    pain_check: after_step
  - title: Shoulder roll
    position: sitting
    reps: 8-12
    sets: 2
    rest: 20s
  - title: Near the middle
    duration: 1m
    pressure: true
  - title: Halfway out
    duration: 1m
    pressure: true
  - title: Side bend
    reps: 5
    hold: 8s
    rest_between_reps: 4s
    sides: [left, right]
  - title: Rest and breathe
    position: reclined
    duration: 5m
"""


def frame_gap(rng: random.Random) -> float:
    """10-40 ms, and now and then a stutter of 1-2.5 s; always a multiple of 1/1024 s."""
    if rng.random() < 0.002:
        return rng.randint(1024, 2560) / 1024
    return rng.randint(10, 41) / 1024


def act(session: Session, baseline: int) -> None:
    """What the person does at a waiting segment: answers with the baseline, or taps a rep."""
    segment = session.segment
    if segment.kind is CHECK:
        session.answer_pain(baseline)
        return
    assert segment.kind is TAP
    session.tap_rep()
    # the first set goes to the top of the range (it ends by itself); the second stops at 9
    if session.segment is segment and segment.set_number == 2 and session.snapshot().taps == 9:
        session.finish_set()


def test_a_half_hour_routine_plays_to_the_end_without_drift() -> None:
    r = parse_routine_text(HALF_HOUR)
    rng = random.Random(20240607)
    session, clock, _ = started(r)
    plan = session.plan
    assert 29 * 60 <= plan.timed_seconds() <= 31 * 60
    assert {s.kind for s in plan.segments} == {GR, WORK, REST, TAP, CHECK}
    t0 = clock()
    visited = [0]
    began = t0  # when the current segment began, by the plan's durations and the waits
    waited = 0.0  # time spent at checks and taps before the final check
    act_at: float | None = None
    final_began = final_answered = -1.0
    frames = 0
    while session.state is SessionState.RUNNING:
        clock.advance(frame_gap(rng))
        frames += 1
        before = session.index
        session.update()
        if session.index != before:
            assert session.index == before + 1, "no frame gap is longer than a segment"
            duration = plan.segments[before].duration
            assert duration is not None
            began += duration  # the next segment begins at the old deadline
            visited.append(session.index)
        snap = session.snapshot()
        if snap.segment.duration is not None:
            assert snap.remaining == began + snap.segment.duration - clock(), frames
            continue
        assert snap.elapsed == clock() - began
        if act_at is None:
            act_at = clock() + rng.randint(1024, 6 * 1024) / 1024  # 1-6 s to answer or tap
        if clock() < act_at:
            continue
        act_at = None
        if snap.segment.pain_reason is PainCheckReason.FINAL:
            final_began, final_answered = began, clock()
        act(session, baseline=2)
        if session.state is SessionState.RUNNING and session.index != snap.index:
            assert session.index == snap.index + 1
            waited += clock() - began
            began = clock()  # a wait ends when the person acts
            visited.append(session.index)

    assert session.state is SessionState.FINISHED
    assert session.end_reason is EndReason.COMPLETED
    assert visited == list(range(len(plan.segments)))
    assert frames > 40_000
    assert waited > 0
    # no drift: the final check began when the planned time plus the waits had passed
    assert final_began == t0 + plan.timed_seconds() + waited
    assert session.answers[-1].reason is PainCheckReason.FINAL
    assert session.answers[-1].at == final_answered - t0


# ---------------------------------------------------------------------------------------
# Deadlines, freezes and the background
# ---------------------------------------------------------------------------------------

TWO_STEPS = (
    "  - title: Turn your head\n    position: lying\n    duration: 30\n    cue: Slowly.\n"
    "  - title: Breathe\n    duration: 20\n"
)
"""Segments: 0 get ready (5 s), 1 turn (30 s), 2 breathe (20 s), 3 final check."""


def test_a_late_frame_starts_the_next_segment_at_the_old_deadline() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, GET_READY_SECONDS + 0.37)  # the frame comes 0.37 s late
    snap = session.snapshot()
    assert snap.index == 1
    assert snap.remaining == pytest.approx(30 - 0.37, abs=1e-9)
    assert snap.elapsed == pytest.approx(0.37, abs=1e-9)


def test_deadlines_chain_so_late_frames_never_add_up() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 5.37)
    run_to(session, clock, 35.0)  # exactly the second deadline: 5 + 30, not 5.37 + 30
    snap = session.snapshot()
    assert snap.index == 2
    assert snap.remaining == 20.0


@pytest.mark.parametrize(
    ("late", "fired"),
    [(0.25, True), (0.75, True), (STALE_AFTER, True), (1.25, False), (1.75, False)],
)
def test_after_a_freeze_only_cues_at_most_stale_after_late_are_played(
    late: float, fired: bool
) -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 5 + 26.5)  # the turn's ticks are at 27, 28 and 29 s
    out = run_to(session, clock, 5 + 27 + late)  # a freeze, then one frame
    ticks = [f for f in out if f.cue.kind is CueKind.TICK and f.cue.offset == 27.0]
    assert [f.due_at for f in ticks] == ([START + 5 + 27] if fired else [])


def test_after_a_two_second_freeze_the_segment_and_remaining_are_exact() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 4.25)
    clock.advance(2.0)  # no frames for 2 s, across the end of the get-ready
    session.update()
    snap = session.snapshot()
    assert snap.index == 1
    assert snap.remaining == 30 - 1.25
    assert snap.segment.title == "Turn your head"


def test_a_freeze_plays_the_fresh_cues_and_drops_the_stale_ones() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 1.5)  # get-ready ticks at 2, 3 and 4 s
    out = run_to(session, clock, 3.5)  # 2 s without a frame
    assert fired_kinds(out) == [(CueKind.TICK, 3.0)]  # the tick at 2 s is 1.5 s late
    assert session.snapshot().remaining == 1.5


def test_a_stale_opening_is_replaced_by_a_short_reorientation() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 4.25)
    out = run_to(session, clock, 6.25)  # the turn began 1.25 s ago, unannounced
    assert [f.cue.kind for f in out] == [CueKind.SPEAK]
    assert out[0].cue.text == "Turn your head."
    assert out[0].segment_index == 1
    assert out[0].due_at == clock()


def test_an_opening_less_than_stale_after_late_is_played_itself() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 4.25)
    out = run_to(session, clock, 5.75)  # the turn began 0.75 s ago
    assert [f.cue.kind for f in out] == [CueKind.STEP, CueKind.VIBRATE, CueKind.SPEAK]
    assert speeches(out) == ["Turn your head. Slowly."]
    assert all(f.due_at == START + 5 for f in out)


PRESS_THEN_BREATHE = (
    "  - title: Press near the middle\n    position: sitting\n    duration: 30\n"
    "    pressure: true\n"
    "  - title: Breathe\n    duration: 60\n"
)
"""Segments: 0 get ready, 1 press (30 s), 2 pain check, 3 breathe (60 s), 4 final check."""

ROLL_THEN_BREATHE = (
    "  - title: Breathe in\n    position: sitting\n    duration: 30\n"
    "  - title: Shoulder roll\n    reps: 8-12\n"
    "  - title: Breathe\n    duration: 60\n"
)
"""Segments: 0 get ready, 1 breathe in (30 s), 2 taps, 3 pain check, 4 breathe, 5 final."""


@pytest.mark.parametrize(
    ("steps", "waits_at", "kinds"),
    [
        (PRESS_THEN_BREATHE, 2, [CueKind.ALERT, CueKind.SPEAK]),
        (ROLL_THEN_BREATHE, 2, [CueKind.STEP, CueKind.VIBRATE, CueKind.SPEAK, CueKind.SPEAK]),
    ],
    ids=["pain-check", "taps"],
)
def test_an_hour_in_the_background_walks_to_the_next_wait_and_asks_there(
    steps: str, waits_at: int, kinds: list[CueKind]
) -> None:
    session, clock, _ = started(routine(steps))
    clock.advance(3600)
    out = session.update()
    snap = session.snapshot()
    assert snap.index == waits_at
    assert snap.waiting
    assert snap.remaining is None
    assert snap.elapsed == 3600 - 35
    assert session.state is SessionState.RUNNING
    # the waiting segment's own cues all play, however late; nothing before it does
    assert [f.cue.kind for f in out] == kinds
    assert {f.segment_index for f in out} == {waits_at}
    assert not [f for f in out if f.cue.kind is CueKind.TICK]


def test_after_the_background_the_check_is_asked_only_once() -> None:
    session, clock, _ = started(routine(PRESS_THEN_BREATHE))
    clock.advance(3600)
    session.update()
    clock.advance(1)
    assert session.update() == []


def test_answering_after_a_long_wait_starts_the_next_segment_at_the_answer() -> None:
    session, clock, _ = started(routine(PRESS_THEN_BREATHE))
    clock.advance(3600)
    session.update()
    session.answer_pain(2)
    assert session.snapshot().index == 3
    assert session.snapshot().remaining == 60.0
    clock.advance(59.5)
    session.update()
    assert session.snapshot().remaining == 0.5


# ---------------------------------------------------------------------------------------
# Pause and resume
# ---------------------------------------------------------------------------------------


def test_time_paused_does_not_count() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 15)  # 10 s into the 30 s turn
    session.pause()
    clock.advance(600)
    session.resume()
    clock.advance(19.75)
    session.update()
    assert session.snapshot().index == 1
    assert session.snapshot().remaining == 0.25
    clock.advance(0.25)
    session.update()
    assert session.snapshot().index == 2


def test_remaining_is_frozen_while_paused() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 15)
    session.pause()
    seen = []
    for _ in range(3):
        clock.advance(100)
        assert session.update() == []
        snap = session.snapshot()
        seen.append((snap.state, snap.index, snap.remaining, snap.elapsed))
    assert seen == [(SessionState.PAUSED, 1, 20.0, 10.0)] * 3


def test_resuming_says_where_things_stand() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 15)
    session.pause()
    clock.advance(60)
    out = session.resume()
    assert session.state is SessionState.RUNNING
    assert [(f.cue.kind, f.cue.text, f.segment_index) for f in out] == [
        (CueKind.SPEAK, "Turn your head.", 1)
    ]


def test_pausing_twice_or_resuming_a_running_session_changes_nothing() -> None:
    session, clock, _ = started(routine(TWO_STEPS))
    run_to(session, clock, 15)
    assert session.resume() == []
    session.pause()
    clock.advance(5)
    session.pause()  # the second pause must not move the pause's start
    clock.advance(5)
    session.resume()
    assert session.snapshot().remaining == 20.0


# ---------------------------------------------------------------------------------------
# Skip, back, restart
# ---------------------------------------------------------------------------------------

FOUR_STEPS = (
    "  - title: A\n    position: lying\n    duration: 20\n"
    "  - title: B\n    position: sitting\n    duration: 20\n"
    "  - title: C\n    duration: 20\n    pressure: true\n"
    "  - title: D\n    duration: 20\n"
)
"""Segments: 0 get ready, 1 A, 2 get ready, 3 B, 4 C, 5 pain check, 6 D, 7 final check.

Times from the start: A 5-25 s, B's get-ready 25-30 s, B 30-50 s, C 50-70 s, check at 70 s.
"""


def where(session: Session) -> tuple[int, float | None]:
    snap = session.snapshot()
    return snap.index, snap.remaining


@pytest.mark.parametrize(
    ("at", "to"),
    [
        (1.0, (1, 20.0)),  # in A's get-ready: A starts
        (13.0, (2, GET_READY_SECONDS)),  # in A: to B's get-ready
        (27.0, (3, 20.0)),  # in B's get-ready: B starts
        (40.0, (4, 20.0)),  # in B: to C, which has no get-ready
    ],
)
def test_skip_moves_on_one_segment(at: float, to: tuple[int, float | None]) -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, at)
    session.skip()
    assert where(session) == to


def test_a_skipped_to_segment_runs_its_full_length_from_the_skip() -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, 13)
    session.skip()
    clock.advance(4.75)
    session.update()
    assert where(session) == (2, 0.25)
    clock.advance(0.25)
    session.update()
    assert where(session) == (3, 20.0)


def test_a_pain_check_cannot_be_skipped() -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, 70)
    assert session.segment.kind is CHECK
    with pytest.raises(SessionError, match="cannot be skipped"):
        session.skip()
    assert session.index == 5
    assert session.state is SessionState.RUNNING


def test_skip_on_the_last_step_goes_to_the_final_check() -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, 70)
    session.answer_pain(2)
    clock.advance(3)
    session.update()
    assert session.segment.title == "D"
    session.skip()
    assert session.index == 7
    assert session.segment.pain_reason is PainCheckReason.FINAL


@pytest.mark.parametrize(
    ("at", "to"),
    [
        (1.0, 0),  # the first get-ready, just begun: nothing before it, so it restarts
        (27.0, 1),  # B's get-ready began 2 s ago: back to A
        (31.0, 1),  # B began 1 s ago: back to A
        (36.0, 3),  # B began 6 s ago: restarts B
        (52.0, 3),  # C began 2 s ago: back to B
        (50.0 + BACK_RESTARTS_WITHIN, 4),  # C began 3 s ago: restarts C
        (60.0, 4),
    ],
)
def test_back_restarts_the_part_under_way_or_goes_to_the_one_before(at: float, to: int) -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, at)
    session.back()
    snap = session.snapshot()
    assert snap.index == to
    assert snap.remaining == session.plan.segments[to].duration  # from its start, now


def test_restart_step_goes_to_the_steps_get_ready() -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, 40)
    session.restart_step()
    assert where(session) == (2, GET_READY_SECONDS)


def test_skip_while_paused_moves_and_stays_paused() -> None:
    session, clock, _ = started(routine(FOUR_STEPS))
    run_to(session, clock, 13)
    session.pause()
    clock.advance(30)
    session.skip()
    assert session.state is SessionState.PAUSED
    assert where(session) == (2, GET_READY_SECONDS)
    clock.advance(30)
    session.resume()
    assert where(session) == (2, GET_READY_SECONDS)


# ---------------------------------------------------------------------------------------
# Counting reps
# ---------------------------------------------------------------------------------------

TAPS = "  - title: Shoulder roll\n    position: sitting\n    reps: {reps}\n" + (
    "  - title: Breathe\n    duration: 30\n"
)
"""Segments: 0 get ready, 1 taps, 2 pain check, 3 breathe, 4 final check."""


def at_taps(reps: str) -> Session:
    session, clock, _ = started(routine(TAPS.format(reps=reps)))
    run_to(session, clock, GET_READY_SECONDS)
    assert session.segment.kind is TAP
    return session


def test_tap_rep_counts_the_reps() -> None:
    session = at_taps("8-12")
    for _ in range(3):
        session.tap_rep()
    assert session.snapshot().taps == 3
    assert session.index == 1


def test_the_set_ends_by_itself_at_the_top_of_the_range() -> None:
    session = at_taps("8-12")
    for _ in range(11):
        session.tap_rep()
    assert session.index == 1
    session.tap_rep()
    assert session.index == 2
    assert session.segment.kind is CHECK
    assert session.snapshot().taps == 0


@pytest.mark.parametrize(("taps", "allowed"), [(0, False), (7, False), (8, True), (11, True)])
def test_finish_set_is_allowed_from_the_low_end_of_the_range(taps: int, allowed: bool) -> None:
    session = at_taps("8-12")
    for _ in range(taps):
        session.tap_rep()
    assert session.can_finish_set() is allowed
    if allowed:
        session.finish_set()
        assert session.index == 2
    else:
        with pytest.raises(SessionError):
            session.finish_set()
        assert session.index == 1


def test_a_fixed_count_cannot_be_finished_early() -> None:
    session = at_taps("5")
    for _ in range(4):
        session.tap_rep()
    assert not session.can_finish_set()
    with pytest.raises(SessionError):
        session.finish_set()
    session.tap_rep()
    assert session.index == 2


def test_tap_rep_is_refused_outside_a_tap_segment() -> None:
    session, _, _ = started(routine(TAPS.format(reps="8-12")))
    with pytest.raises(SessionError, match="taps"):
        session.tap_rep()
    assert session.snapshot().taps == 0


HELD_RANGE = (
    "  - title: Tuck\n    position: lying\n    reps: 3-5\n    hold: 5\n    rest_between_reps: 5\n"
    "    sets: 2\n    rest: 10\n    pain_check: none\n"
    "  - title: Breathe\n    duration: 30\n"
)
"""Segments: 0 get ready; set 1: 1 H1, 2 R1, 3 H2, 4 R2, 5 H3, 6 R3, 7 H4, 8 R4, 9 H5;
10 rest between sets; set 2: 11-19; 20 breathe; 21 final check. Each segment lasts 5 s."""


@pytest.mark.parametrize(
    ("index", "allowed"),
    [(1, False), (3, False), (4, False), (6, True), (7, True), (8, True), (9, True)],
)
def test_held_reps_can_finish_a_set_once_the_low_end_is_done(index: int, allowed: bool) -> None:
    session, clock, _ = started(routine(HELD_RANGE))
    run_to(session, clock, 5 * index + 1)
    assert session.index == index
    assert session.can_finish_set() is allowed
    if allowed:
        session.finish_set()
        assert where(session) == (10, 10.0)  # past the set's other reps, to the rest
    else:
        with pytest.raises(SessionError):
            session.finish_set()
        assert session.index == index


def test_held_reps_cannot_finish_during_the_hold_of_the_low_rep() -> None:
    session, clock, _ = started(routine(HELD_RANGE))
    run_to(session, clock, 5 * 5 + 1)  # 1 s into rep 3's hold: only 2 reps are done
    assert session.segment.rep == 3
    assert session.segment.kind is WORK
    assert not session.can_finish_set()


def test_finishing_the_first_set_early_leaves_the_second_set_whole() -> None:
    session, clock, _ = started(routine(HELD_RANGE))
    run_to(session, clock, 5 * 6 + 1)
    session.finish_set()
    clock.advance(10)
    session.update()
    assert session.index == 11
    assert session.segment.set_number == 2
    assert session.segment.rep == 1
    set_two = [s for s in session.plan.segments if s.set_number == 2 and s.kind is WORK]
    assert [s.rep for s in set_two] == [1, 2, 3, 4, 5]


def test_finishing_a_set_early_stops_at_the_next_set_even_without_a_rest() -> None:
    r = routine(
        "  - title: Tuck\n    position: lying\n    reps: 2-3\n    hold: 5\n    sets: 2\n"
        "    pain_check: none\n"
        "  - title: Breathe\n    duration: 30\n"
    )  # 0 get ready, 1-3 set 1, 4-6 set 2, 7 breathe, 8 final check
    session, clock, _ = started(r)
    run_to(session, clock, 5 * 3 + 1)  # rep 3 of set 1
    session.finish_set()
    assert (session.index, session.segment.set_number, session.segment.rep) == (4, 2, 1)


# ---------------------------------------------------------------------------------------
# The pain gate
# ---------------------------------------------------------------------------------------

GATE = (
    "  - title: Tuck\n    position: lying\n    reps: 10\n    hold: 5\n"
    "  - title: Squeeze\n    reps: 10\n    hold: 5\n    rest_between_reps: 5\n"
    "  - title: Breathe\n    duration: 30\n"
    "  - title: Last\n    duration: 20\n"
)
"""Segments: 0 get ready, 1-10 tucks, 11 check, 12-30 squeezes, 31 check, 32 breathe,
33 last, 34 final check. The first check is due 55 s after the start."""


def at_first_check(baseline: int) -> tuple[Session, FakeClock]:
    session, clock, _ = started(routine(GATE), baseline=baseline)
    run_to(session, clock, 55)
    assert session.index == 11
    assert session.segment.kind is CHECK
    return session, clock


def test_continue_moves_on_to_the_next_segment() -> None:
    session, _ = at_first_check(baseline=2)
    assert session.answer_pain(2) is Zone.CONTINUE
    assert session.state is SessionState.RUNNING
    assert where(session) == (12, 5.0)
    assert not session.eased
    assert session.segment.step_index == 1


def test_ease_keeps_going_with_the_later_steps_lighter() -> None:
    session, _ = at_first_check(baseline=5)
    check = session.segment
    before = build_plan(session.routine)
    assert session.answer_pain(5) is Zone.EASE
    assert session.state is SessionState.RUNNING
    assert session.eased
    assert session.snapshot().eased
    assert session.eased_from_step == 1
    # the past is unchanged: the check just answered sits where it was, then we move on
    assert session.plan.segments[:12] == before.segments[:12]
    assert session.plan.segments[11] == check
    assert session.index == 12
    squeezes = [s for s in session.plan.segments if s.step_index == 1 and s.kind is WORK]
    assert [s.rep for s in squeezes] == list(range(1, 8))
    assert all(s.rep_count == CountRange(7, 7) for s in squeezes)
    # and the timed step gets a check of its own
    breathe_checks = [s for s in session.plan.segments if s.step_index == 2 and s.kind is CHECK]
    assert len(breathe_checks) == 1


def test_an_eased_session_plays_the_shorter_plan() -> None:
    session, clock = at_first_check(baseline=5)
    session.answer_pain(5)
    clock.advance(7 * 5 + 6 * 5)  # seven squeezes with six rests
    session.update()
    assert session.segment.kind is CHECK
    assert session.segment.step_index == 1


@pytest.mark.parametrize(
    ("baseline", "rating", "sharp"),
    [(2, 4, False), (5, 7, False), (6, 6, False), (5, 6, False), (2, 0, True)],
    ids=["rise-of-2-from-low", "rise-of-2", "six-or-more", "six-after-a-rise-of-1", "sharp"],
)
def test_stop_ends_the_session_at_once(baseline: int, rating: int, sharp: bool) -> None:
    session, clock = at_first_check(baseline=baseline)
    assert session.answer_pain(rating, sharp_on_touch=sharp) is Zone.STOP
    assert session.state is SessionState.STOPPED
    assert session.end_reason is EndReason.STOPPED_FOR_PAIN
    assert session.index == 11
    clock.advance(60)
    assert session.update() == []
    with pytest.raises(SessionError):
        session.skip()


FINAL_ONLY = "  - title: Breathe\n    duration: 10\n"
"""Segments: 0 get ready, 1 breathe, 2 final check (due 15 s after the start)."""


@pytest.mark.parametrize(
    ("baseline", "rating", "state", "reason"),
    [
        (2, 2, SessionState.FINISHED, EndReason.COMPLETED),
        (5, 5, SessionState.FINISHED, EndReason.COMPLETED),  # ease at the end: done anyway
        (2, 3, SessionState.FINISHED, EndReason.COMPLETED),  # a rise of 1 is noise
        (2, 4, SessionState.STOPPED, EndReason.STOPPED_FOR_PAIN),
    ],
    ids=["continue", "ease", "rise-of-1", "stop"],
)
def test_the_final_check_ends_the_session(
    baseline: int, rating: int, state: SessionState, reason: EndReason
) -> None:
    session, clock, _ = started(routine(FINAL_ONLY), baseline=baseline)
    run_to(session, clock, 15)
    assert session.segment.pain_reason is PainCheckReason.FINAL
    session.answer_pain(rating)
    assert session.state is state
    assert session.end_reason is reason


@pytest.mark.parametrize(
    ("args", "reason"),
    [((), EndReason.STOPPED_BY_PERSON), ((EndReason.RED_FLAG,), EndReason.RED_FLAG)],
    ids=["by-the-person", "red-flag"],
)
def test_stop_ends_the_session_whatever_it_is_doing(
    args: tuple[EndReason, ...], reason: EndReason
) -> None:
    session, clock, _ = started(routine(GATE))
    run_to(session, clock, 20)
    session.stop(*args)
    assert session.state is SessionState.STOPPED
    assert session.end_reason is reason
    session.stop()  # a second stop keeps the first reason
    assert session.end_reason is reason
    assert session.update() == []


def test_stop_while_paused_ends_the_session() -> None:
    session, clock, _ = started(routine(GATE))
    run_to(session, clock, 20)
    session.pause()
    session.stop()
    assert session.state is SessionState.STOPPED
    assert session.resume() == []
    assert session.state is SessionState.STOPPED


def test_answers_are_kept_with_where_and_when() -> None:
    session, clock = at_first_check(baseline=5)
    clock.advance(4)
    session.answer_pain(3)
    run_to(session, clock, 59 + 10 * 5 + 9 * 5)  # the squeezes' check
    assert session.segment.kind is CHECK
    clock.advance(2)
    session.answer_pain(4)
    assert session.answers == [
        PainAnswer(5, Zone.CONTINUE, None, None, 0.0),
        PainAnswer(3, Zone.CONTINUE, PainCheckReason.AFTER_SET, 0, 59.0),
        PainAnswer(4, Zone.EASE, PainCheckReason.AFTER_SET, 1, 59.0 + 95 + 2),
    ]


def test_a_rise_of_1_is_not_a_stop() -> None:
    session, _ = at_first_check(baseline=0)
    assert session.answer_pain(1) is Zone.CONTINUE
    assert session.state is SessionState.RUNNING


RESTFUL_GATE = (
    "  - title: Rest\n    duration: 30\n    pain_check: after_step\n"
    "  - title: Breathe\n    duration: 20\n"
)
"""A restful routine: 0 get ready, 1 rest, 2 check (due at 35 s), 3 breathe, 4 final check."""


def restful_at_check(baseline: int) -> Session:
    restful = replace(routine(RESTFUL_GATE), restful=True)
    session, clock, _ = started(restful, baseline=baseline)
    run_to(session, clock, 35)
    assert session.segment.kind is CHECK
    return session


@pytest.mark.parametrize(("baseline", "rating"), [(8, 7), (7, 8), (6, 6), (9, 10)])
def test_a_restful_routine_goes_on_at_high_pain_without_a_rise_of_2(
    baseline: int, rating: int
) -> None:
    session = restful_at_check(baseline)
    assert session.answer_pain(rating) is Zone.CONTINUE
    assert session.state is SessionState.RUNNING
    assert not session.eased  # there is nothing to ease in resting


@pytest.mark.parametrize(("baseline", "rating", "sharp"), [(6, 8, False), (2, 2, True)])
def test_a_restful_routine_stops_on_a_rise_of_2_or_sharp_pain(
    baseline: int, rating: int, sharp: bool
) -> None:
    session = restful_at_check(baseline)
    assert session.answer_pain(rating, sharp_on_touch=sharp) is Zone.STOP
    assert session.end_reason is EndReason.STOPPED_FOR_PAIN


def test_an_eased_start_plays_every_step_eased_from_the_first() -> None:
    session = Session(routine(GATE), clock=FakeClock(), baseline=4)
    session.ease_from_start()
    assert session.eased
    assert session.eased_from_step == 0
    session.start()
    tucks = [s for s in session.plan.segments if s.step_index == 0 and s.kind is WORK]
    assert [s.rep for s in tucks] == list(range(1, 8))  # 10 reps become 7 from the first step
    # and every timed step gets a check of its own
    assert any(s.step_index == 2 and s.kind is CHECK for s in session.plan.segments)


def test_an_eased_start_is_only_before_the_start() -> None:
    session, _, _ = started(routine(GATE))
    with pytest.raises(SessionError, match="before its first step"):
        session.ease_from_start()
    assert not session.eased


def test_a_sharp_answer_is_kept_as_sharp() -> None:
    session, _ = at_first_check(baseline=2)
    session.answer_pain(1, sharp_on_touch=True)
    assert session.answers[-1].sharp_on_touch
    assert session.answers[-1].zone is Zone.STOP


def test_answering_when_no_check_is_due_is_refused() -> None:
    session, clock, _ = started(routine(GATE))
    run_to(session, clock, 20)
    with pytest.raises(SessionError, match="no pain check"):
        session.answer_pain(2)
    assert len(session.answers) == 1


# ---------------------------------------------------------------------------------------
# Checkpoint and restore
# ---------------------------------------------------------------------------------------

MIXED = (
    "  - title: Tuck\n    position: lying\n    reps: 4\n    hold: 5\n    rest_between_reps: 5\n"
    "  - title: Shoulder roll\n    reps: 5\n"
    "  - title: Breathe\n    duration: 30\n"
    "  - title: Last\n    duration: 20\n"
)
"""Segments: 0 get ready, 1-7 tucks and rests, 8 check (due at 40 s), 9 taps, 10 check,
11 breathe, 12 last, 13 final check."""


Reach = Callable[[Session, FakeClock], None]


def mid_timed(session: Session, clock: FakeClock) -> None:
    run_to(session, clock, 17.5)


def paused(session: Session, clock: FakeClock) -> None:
    run_to(session, clock, 17.5)
    session.pause()
    clock.advance(30)


def at_a_check(session: Session, clock: FakeClock) -> None:
    run_to(session, clock, 42)


def tapping(session: Session, clock: FakeClock) -> None:
    run_to(session, clock, 40)
    session.answer_pain(3)  # continue
    session.tap_rep()
    session.tap_rep()


def eased(session: Session, clock: FakeClock) -> None:
    run_to(session, clock, 40)
    assert session.answer_pain(4) is Zone.EASE  # the baseline is 4
    run_to(session, clock, 41)


@pytest.mark.parametrize("reach", [mid_timed, paused, at_a_check, tapping, eased])
def test_restore_gives_the_same_snapshot_and_goes_on_the_same(reach: Reach) -> None:
    r = routine(MIXED)
    session, clock, _ = started(r, baseline=4)
    reach(session, clock)
    saved = json.loads(json.dumps(session.checkpoint()))  # it must survive a JSON file
    restored = Session.restore(r, saved, clock=clock)
    assert restored.snapshot() == session.snapshot()
    assert restored.answers == session.answers
    assert restored.plan == session.plan
    assert (restored.state, restored.end_reason) == (session.state, session.end_reason)
    # and both go on alike, through deadlines, taps and checks
    for copy in (session, restored):
        copy.resume()
    for _ in range(100):
        clock.advance(1.5)
        for copy in (session, restored):
            copy.update()
            if copy.segment.kind is TAP:
                copy.tap_rep()
            elif copy.segment.kind is CHECK and copy.segment.pain_reason in (
                PainCheckReason.AFTER_SET,
                PainCheckReason.AFTER_STEP,
            ):
                copy.answer_pain(3)
        assert restored.snapshot() == session.snapshot()
    assert session.segment.pain_reason is PainCheckReason.FINAL


def test_restore_does_not_replay_the_cues_already_played() -> None:
    r = routine(MIXED)
    session, clock, _ = started(r)
    run_to(session, clock, 5.5)  # rep 1 began half a second ago; its words are said
    restored = Session.restore(r, session.checkpoint(), clock=clock)
    out = restored.update()
    # no step sound or buzz again, and a short reorientation rather than the full opening
    assert [(f.cue.kind, f.cue.text) for f in out] == [(CueKind.SPEAK, "Tuck. Rep 1 of 4.")]


HEAT = (
    "  - title: Warm the back of the neck\n    position: reclined\n    duration: 60\n"
    "    prompts:\n      - at: 30\n        text: Check your skin.\n"
)


def test_a_prompt_is_said_at_its_time() -> None:
    session, clock, _ = started(routine(HEAT))
    run_to(session, clock, 15)
    assert speeches(run_to(session, clock, 35.25)) == ["Check your skin."]


def test_a_restored_session_still_says_the_prompts_ahead_in_its_segment() -> None:
    r = routine(HEAT)
    session, clock, _ = started(r)
    run_to(session, clock, 15)  # 10 s into the heat; the skin check is due at 30 s
    restored = Session.restore(r, session.checkpoint(), clock=clock)
    restored.update()
    assert speeches(run_to(restored, clock, 35.25)) == ["Check your skin."]


# ---------------------------------------------------------------------------------------
# Acting on a segment whose deadline has passed
# ---------------------------------------------------------------------------------------


def test_skip_cannot_jump_over_a_pain_check_that_is_already_due() -> None:
    session, clock, _ = started(routine(PRESS_THEN_BREATHE))
    run_to(session, clock, 30)
    clock.advance(10)  # the press ended at 35 s; the check is due, no frame has run yet
    with pytest.raises(SessionError):
        session.skip()


# ---------------------------------------------------------------------------------------
# Small things around the edges
# ---------------------------------------------------------------------------------------


def test_a_session_starts_once() -> None:
    session, _, out = started(routine(TWO_STEPS))
    assert speeches(out) == ["Get ready. Lying. Next: Turn your head."]
    with pytest.raises(SessionError):
        session.start()


def test_before_the_start_nothing_runs() -> None:
    clock = FakeClock()
    session = Session(routine(TWO_STEPS), clock=clock, baseline=2)
    clock.advance(100)
    assert session.update() == []
    snap = session.snapshot()
    assert (snap.state, snap.index, snap.remaining, snap.elapsed) == (
        SessionState.READY,
        0,
        GET_READY_SECONDS,
        0.0,
    )


def test_a_bad_baseline_is_refused() -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        Session(routine(TWO_STEPS), clock=FakeClock(), baseline=11)


def test_segments_are_what_the_plan_says() -> None:
    session, _, _ = started(routine(TWO_STEPS))
    segment: Segment = session.segment
    assert segment == build_plan(session.routine).segments[0]
