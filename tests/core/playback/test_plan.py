"""The plan: a routine unrolled into the segments the player walks through.

The expected orders come from docs/routines.md ("The order of a step's parts") and
docs/clinical.md (the pain gate: a check after each set, after each pressure
step, and at the end).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.core.inline_routines import CHECK, GR, REST, TAP, WORK, routine
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.plan import (
    COUNTDOWN_BEEPS,
    GET_READY_SECONDS,
    HEAT_OFF_SECONDS,
    MIN_BEEPED_SEGMENT,
    SIDE_SWITCH_SECONDS,
    CueKind,
    PainCheckReason,
    Plan,
    Segment,
    SegmentKind,
    build_plan,
)
from unknot.core.routines.loader import load_routine
from unknot.core.routines.model import CountRange, Routine

ROUTINE_FILES = sorted(BUILTIN_ROUTINES_DIR.glob("*.yaml"))


def builtin(routine_id: str) -> Routine:
    return load_routine(BUILTIN_ROUTINES_DIR / f"{routine_id}.yaml")


def kinds(plan: Plan) -> list[SegmentKind]:
    return [segment.kind for segment in plan.segments]


def of_step(plan: Plan, step_index: int) -> list[Segment]:
    return [segment for segment in plan.segments if segment.step_index == step_index]


def checks(plan: Plan) -> list[Segment]:
    return [segment for segment in plan.segments if segment.kind is CHECK]


def tick_offsets(segment: Segment) -> list[float]:
    return [cue.offset for cue in segment.cues if cue.kind is CueKind.TICK]


def get_readies_by_the_docs(r: Routine) -> int:
    """Before the first step, and whenever a step writes down a different position."""
    count, position = 0, None
    for index, step in enumerate(r.steps):
        if index == 0 or (step.position is not None and step.position != position):
            count += 1
        position = step.position or position
    return count


# -- get ready -----------------------------------------------------------------------


def test_a_get_ready_countdown_comes_before_the_first_step() -> None:
    plan = build_plan(routine("  - title: Breathe\n    duration: 30\n"))
    first = plan.segments[0]
    assert first.kind is GR
    assert first.step_index == 0
    assert first.duration == GET_READY_SECONDS
    assert first.starts_step
    assert kinds(plan) == [GR, WORK, CHECK]


def test_a_get_ready_countdown_comes_only_when_the_position_changes() -> None:
    plan = build_plan(
        routine(
            "  - title: A\n    position: lying on your back\n    duration: 20\n"
            "  - title: B\n    duration: 20\n"  # position carried over: no get-ready
            "  - title: C\n    position: lying on your back\n    duration: 20\n"  # same again
            "  - title: D\n    position: sitting\n    duration: 20\n"  # changed
            "  - title: E\n    duration: 20\n"
        )
    )
    get_readies = [segment for segment in plan.segments if segment.kind is GR]
    assert [segment.step_index for segment in get_readies] == [0, 3]
    assert [segment.cue_text for segment in get_readies] == ["Lying on your back", "Sitting"]
    assert "Next: D." in get_readies[1].cues[0].text


def test_a_routine_without_positions_has_a_single_get_ready() -> None:
    plan = build_plan(routine("  - title: A\n    duration: 20\n  - title: B\n    duration: 20\n"))
    assert kinds(plan) == [GR, WORK, WORK, CHECK]


def test_each_step_start_points_at_its_first_segment_get_ready_included() -> None:
    plan = build_plan(
        routine(
            "  - title: A\n    position: lying\n    duration: 20\n"
            "  - title: B\n    duration: 20\n"
            "  - title: C\n    position: sitting\n    duration: 20\n"
        )
    )
    assert plan.step_starts == (0, 2, 3)
    assert [plan.segments[i].kind for i in plan.step_starts] == [GR, WORK, GR]
    assert [i for i, segment in enumerate(plan.segments) if segment.starts_step] == [0, 2, 3]


# -- sides, sets, reps -------------------------------------------------------------


def test_sides_play_in_order_with_a_switch_countdown_between_them() -> None:
    plan = build_plan(routine("  - title: Turn\n    duration: 30\n    sides: [left, right]\n"))
    body = plan.segments[1:-1]
    assert [(s.kind, s.side, s.duration) for s in body] == [
        (WORK, "left", 30.0),
        (GR, "right", SIDE_SWITCH_SECONDS),
        (WORK, "right", 30.0),
    ]
    assert body[1].title == "Switch to the right side"


def test_sets_have_a_rest_between_them_but_not_after_the_last() -> None:
    plan = build_plan(
        routine(
            "  - title: Hold\n    duration: 20\n    sets: 3\n    rest: 10\n    pain_check: none\n"
        )
    )
    body = plan.segments[1:-1]
    assert [(s.kind, s.duration, s.set_number) for s in body] == [
        (WORK, 20.0, 1),
        (REST, 10.0, 1),
        (WORK, 20.0, 2),
        (REST, 10.0, 2),
        (WORK, 20.0, 3),
    ]
    assert all(s.set_count == 3 for s in body)


def test_held_reps_rest_between_reps_but_not_after_the_last_rep() -> None:
    plan = build_plan(
        routine("  - title: Tuck\n    reps: 4\n    hold: 5\n    rest_between_reps: 10\n")
    )
    body = plan.segments[1:-1]
    assert [(s.kind, s.duration, s.rep) for s in body] == [
        (WORK, 5.0, 1),
        (REST, 10.0, 1),
        (WORK, 5.0, 2),
        (REST, 10.0, 2),
        (WORK, 5.0, 3),
        (REST, 10.0, 3),
        (WORK, 5.0, 4),
    ]


def test_held_reps_without_a_rest_between_them_follow_each_other() -> None:
    plan = build_plan(routine("  - title: Tuck\n    reps: 3\n    hold: 5\n"))
    assert [(s.kind, s.rep) for s in plan.segments[1:-1]] == [(WORK, 1), (WORK, 2), (WORK, 3)]


def test_a_range_of_held_reps_plans_the_top_of_the_range() -> None:
    plan = build_plan(routine("  - title: Tuck\n    reps: 2-3\n    hold: 5\n"))
    work = [s for s in plan.segments if s.kind is WORK]
    assert [s.rep for s in work] == [1, 2, 3]
    assert all(s.rep_count == CountRange(2, 3) for s in work)


def test_sides_sets_and_reps_nest_side_then_set_then_rep() -> None:
    plan = build_plan(
        routine(
            "  - title: Squeeze\n    reps: 2\n    hold: 5\n    rest_between_reps: 3\n"
            "    sets: 2\n    rest: 20\n    sides: [left, right]\n    pain_check: none\n"
        )
    )
    body = [(s.kind, s.side, s.set_number, s.rep) for s in plan.segments[1:-1]]
    assert body[:7] == [
        (WORK, "left", 1, 1),
        (REST, "left", 1, 1),
        (WORK, "left", 1, 2),
        (REST, "left", 1, None),
        (WORK, "left", 2, 1),
        (REST, "left", 2, 1),
        (WORK, "left", 2, 2),
    ]
    assert body[7] == (GR, "right", 1, None)
    assert body[8:] == [
        (WORK, "right", 1, 1),
        (REST, "right", 1, 1),
        (WORK, "right", 1, 2),
        (REST, "right", 1, None),
        (WORK, "right", 2, 1),
        (REST, "right", 2, 1),
        (WORK, "right", 2, 2),
    ]


def test_self_paced_reps_are_one_tap_segment_per_set() -> None:
    plan = build_plan(routine("  - title: Roll\n    reps: 8-12\n    sets: 2\n    rest: 20\n"))
    body = plan.segments[1:]
    assert [(s.kind, s.set_number) for s in body] == [
        (TAP, 1),
        (CHECK, 1),
        (REST, 1),
        (TAP, 2),
        (CHECK, 1),  # the last check of the routine is the final one
    ]
    taps = [s for s in body if s.kind is TAP]
    assert all(s.duration is None and s.rep_count == CountRange(8, 12) for s in taps)
    assert taps[0].rep_label == "8-12 reps"


def test_a_self_paced_step_says_how_to_tap_only_at_its_start() -> None:
    plan = build_plan(routine("  - title: Roll\n    reps: 5\n    sets: 2\n    rest: 10\n"))
    taps = [s for s in plan.segments if s.kind is TAP]
    said = [[c.text for c in s.cues if c.kind is CueKind.SPEAK] for s in taps]
    assert "Tap after each rep, 5 in all." in said[0]
    assert not any("Tap after each rep" in text for text in said[1])


# -- pain checks ---------------------------------------------------------------------


def test_a_counted_step_is_checked_after_each_set() -> None:
    plan = build_plan(
        routine(
            "  - title: Tuck\n    reps: 3\n    hold: 5\n    sets: 2\n    rest: 10\n"
            "  - title: Breathe\n    duration: 30\n"
        )
    )
    step0 = of_step(plan, 0)
    assert [(s.kind, s.set_number) for s in step0 if s.kind in (CHECK, REST)] == [
        (CHECK, 1),
        (REST, 1),
        (CHECK, 2),
    ]
    assert [s.pain_reason for s in step0 if s.kind is CHECK] == [PainCheckReason.AFTER_SET] * 2
    # the check comes right after the last rep of each set
    for i, segment in enumerate(plan.segments):
        if segment.kind is CHECK and segment.step_index == 0:
            assert plan.segments[i - 1].kind is WORK
            assert plan.segments[i - 1].rep == 3


def test_a_pressure_step_is_checked_once_after_the_step() -> None:
    plan = build_plan(
        routine(
            "  - title: Press\n    duration: 30\n    sides: [left, right]\n    sets: 2\n"
            "    rest: 5\n    pressure: true\n"
            "  - title: Breathe\n    duration: 30\n"
        )
    )
    step0 = of_step(plan, 0)
    assert [s.kind for s in step0 if s.kind is CHECK] == [CHECK]
    assert step0[-1].kind is CHECK
    assert step0[-1].pain_reason is PainCheckReason.AFTER_STEP


def test_a_timed_step_without_pressure_is_not_checked() -> None:
    plan = build_plan(
        routine("  - title: Breathe\n    duration: 30\n  - title: Rest\n    duration: 30\n")
    )
    assert [s.pain_reason for s in checks(plan)] == [PainCheckReason.FINAL]


@pytest.mark.parametrize(
    "step",
    [
        "  - title: Tuck\n    reps: 3\n    hold: 5\n    sets: 2\n    rest: 5\n"
        "    pain_check: none\n",
        "  - title: Press\n    duration: 30\n    pressure: true\n    pain_check: none\n",
        "  - title: Roll\n    reps: 8-12\n    pain_check: none\n",
    ],
    ids=["counted", "pressure", "self-paced"],
)
def test_the_authors_pain_check_none_is_respected(step: str) -> None:
    plan = build_plan(routine(step + "  - title: Breathe\n    duration: 30\n"))
    assert of_step(plan, 0)
    assert not [s for s in of_step(plan, 0) if s.kind is CHECK]


def test_the_authors_after_step_on_a_counted_step_asks_once() -> None:
    plan = build_plan(
        routine(
            "  - title: Tuck\n    reps: 3\n    hold: 5\n    sets: 3\n    rest: 5\n"
            "    pain_check: after_step\n"
            "  - title: Breathe\n    duration: 30\n"
        )
    )
    step0_checks = [s for s in of_step(plan, 0) if s.kind is CHECK]
    assert [s.pain_reason for s in step0_checks] == [PainCheckReason.AFTER_STEP]


def test_a_final_check_closes_a_routine_that_would_not_check() -> None:
    plan = build_plan(routine("  - title: Breathe\n    duration: 30\n"))
    last = plan.segments[-1]
    assert last.kind is CHECK
    assert last.pain_reason is PainCheckReason.FINAL
    assert last.duration is None
    assert plan.segments[-2].kind is WORK


def test_a_check_at_the_very_end_becomes_the_final_one_not_two() -> None:
    plan = build_plan(
        routine(
            "  - title: Breathe\n    duration: 30\n"
            "  - title: Press\n    duration: 30\n    pressure: true\n"
        )
    )
    assert kinds(plan)[-3:] == [WORK, WORK, CHECK]
    assert [s.pain_reason for s in checks(plan)] == [PainCheckReason.FINAL]
    assert "Last check" in plan.segments[-1].cues[-1].text


def test_checks_before_the_end_stay_and_only_the_last_becomes_final() -> None:
    plan = build_plan(routine("  - title: Tuck\n    reps: 2\n    hold: 5\n    sets: 2\n"))
    assert [s.pain_reason for s in checks(plan)] == [
        PainCheckReason.AFTER_SET,
        PainCheckReason.FINAL,
    ]


def test_a_pain_check_sounds_an_alert_and_asks_aloud() -> None:
    plan = build_plan(routine("  - title: Tuck\n    reps: 2\n    hold: 5\n    sets: 2\n"))
    for check in checks(plan):
        assert [c.kind for c in check.cues] == [CueKind.ALERT, CueKind.SPEAK]
        assert "0 to 10" in check.cues[1].text
        assert all(c.offset == 0.0 for c in check.cues)


# -- eased plans ---------------------------------------------------------------------

EASE_ROUTINE = (
    "  - title: Tuck\n    position: lying\n    reps: 10\n    hold: 5\n    rest_between_reps: 5\n"
    "  - title: Squeeze\n    reps: 8-12\n    hold: 5\n"
    "  - title: Roll\n    reps: 6\n"
    "  - title: Stretch\n    duration: 30\n    sets: 2\n    rest: 5\n    pressure: true\n"
    "  - title: Breathe\n    duration: 30\n"
    "  - title: Last\n    duration: 20\n"
)


@pytest.mark.parametrize("eased_from", [0, 1, 2, 3])
def test_an_eased_plan_leaves_the_steps_before_it_unchanged(eased_from: int) -> None:
    r = routine(EASE_ROUTINE)
    plain = build_plan(r)
    eased = build_plan(r, eased_from_step=eased_from)
    cut = plain.step_start(eased_from)
    assert eased.step_start(eased_from) == cut
    assert eased.segments[:cut] == plain.segments[:cut]
    assert not any(s.eased for s in eased.segments[:cut])
    assert all(s.eased for s in eased.segments[cut:] if s.kind in (WORK, TAP))


@pytest.mark.parametrize(
    ("reps", "eased_reps"),
    [("10", 7), ("8-12", 6), ("1", 1), ("2", 2), ("3", 3), ("4", 3), ("5-6", 4)],
)
def test_an_eased_counted_step_has_fewer_reps(reps: str, eased_reps: int) -> None:
    r = routine(
        "  - title: Breathe\n    duration: 30\n"
        f"  - title: Tuck\n    reps: {reps}\n    hold: 5\n    rest_between_reps: 2\n"
    )
    assert eased_reps == max(1, math.ceil(0.7 * int(reps.split("-")[0])))
    eased = build_plan(r, eased_from_step=1)
    work = [s for s in of_step(eased, 1) if s.kind is WORK]
    assert [s.rep for s in work] == list(range(1, eased_reps + 1))
    assert all(s.rep_count == CountRange(eased_reps, eased_reps) for s in work)
    rests = [s for s in of_step(eased, 1) if s.kind is REST]
    assert len(rests) == eased_reps - 1


def test_an_eased_self_paced_step_asks_for_fewer_taps() -> None:
    eased = build_plan(routine(EASE_ROUTINE), eased_from_step=2)
    taps = [s for s in of_step(eased, 2) if s.kind is TAP]
    assert [s.rep_count for s in taps] == [CountRange(5, 5)]  # ceil(0.7 * 6)


def test_an_eased_plan_adds_checks() -> None:
    r = routine(EASE_ROUTINE)
    plain = build_plan(r)
    eased = build_plan(r, eased_from_step=3)
    # a pressure step with two sets: checked after the step, eased after each set
    assert [s.pain_reason for s in of_step(plain, 3) if s.kind is CHECK] == [
        PainCheckReason.AFTER_STEP
    ]
    assert [(s.pain_reason, s.set_number) for s in of_step(eased, 3) if s.kind is CHECK] == [
        (PainCheckReason.AFTER_SET, 1),
        (PainCheckReason.AFTER_SET, 2),
    ]
    # a timed step without checks gets one after it
    assert [s for s in of_step(plain, 4) if s.kind is CHECK] == []
    assert [s.pain_reason for s in of_step(eased, 4) if s.kind is CHECK] == [
        PainCheckReason.AFTER_STEP
    ]
    assert len(checks(eased)) == len(checks(plain)) + 2
    assert eased.segments[-1].pain_reason is PainCheckReason.FINAL
    assert [s.pain_reason for s in checks(eased)].count(PainCheckReason.FINAL) == 1


def test_an_eased_plan_keeps_timed_steps_as_long() -> None:
    r = routine(EASE_ROUTINE)
    plain, eased = build_plan(r), build_plan(r, eased_from_step=3)
    assert [s.duration for s in of_step(eased, 5) if s.kind is WORK] == [
        s.duration for s in of_step(plain, 5) if s.kind is WORK
    ]


# -- countdown ticks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "ticks"),
    [
        (5.0, []),
        (5.5, []),
        (MIN_BEEPED_SEGMENT, [3.0, 4.0, 5.0]),
        (10.0, [7.0, 8.0, 9.0]),
        (90.0, [87.0, 88.0, 89.0]),
    ],
)
def test_timed_segments_tick_in_their_last_3_seconds_from_6_seconds(
    duration: float, ticks: list[float]
) -> None:
    plan = build_plan(
        routine(
            f"  - title: Hold\n    duration: {duration}\n"
            f"  - title: Tuck\n    reps: 2\n    hold: {duration}\n"
            f"    rest_between_reps: {duration}\n"
        )
    )
    timed = [s for s in plan.segments if s.kind in (WORK, REST)]
    assert len(timed) == 4
    for segment in timed:
        assert tick_offsets(segment) == ticks


def test_a_get_ready_countdown_always_ticks() -> None:
    assert GET_READY_SECONDS < MIN_BEEPED_SEGMENT  # the case the rule exists for
    plan = build_plan(
        routine(
            "  - title: A\n    position: lying\n    duration: 2\n"
            "  - title: B\n    position: sitting\n    duration: 2\n"
        )
    )
    get_readies = [s for s in plan.segments if s.kind is GR]
    assert len(get_readies) == 2
    for segment in get_readies:
        assert tick_offsets(segment) == [
            GET_READY_SECONDS - n for n in range(COUNTDOWN_BEEPS, 0, -1)
        ]


def test_prompts_are_spoken_at_their_time_in_a_timed_step() -> None:
    plan = build_plan(builtin("quiet-relief"))
    heat = plan.segments[1]
    prompts = [c for c in heat.cues if c.kind is CueKind.SPEAK and c.offset > 0]
    assert [c.offset for c in prompts] == [300.0, 600.0]
    assert all("skin" in c.text for c in prompts)
    assert tick_offsets(heat) == [897.0, 898.0, 899.0]


# -- whole routines ------------------------------------------------------------------


def expected_timed_seconds(r: Routine) -> float:
    """The routine's longest time, plus the countdowns the docs say are not counted in it."""
    switches = sum(step.side_count - 1 for step in r.steps)
    return (
        r.seconds_range()[1]
        + GET_READY_SECONDS * get_readies_by_the_docs(r)
        + SIDE_SWITCH_SECONDS * switches
        + HEAT_OFF_SECONDS * sum(step.heat for step in r.steps)
    )


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.stem)
def test_a_built_in_plans_total_time_is_the_routines_plus_countdowns(path: Path) -> None:
    r = load_routine(path)
    assert not any(step.self_paced for step in r.steps)  # taps have no planned time
    plan = build_plan(r)
    assert plan.timed_seconds() == expected_timed_seconds(r)
    assert sum(1 for s in plan.segments if s.title == "Get ready") == get_readies_by_the_docs(r)


def test_an_inline_plans_total_time_is_the_routines_plus_countdowns() -> None:
    r = routine(
        "  - title: A\n    position: lying\n    reps: 3-5\n    hold: 5\n    rest_between_reps: 4\n"
        "    sets: 2\n    rest: 15\n    sides: [left, right]\n"
        "  - title: B\n    position: sitting\n    duration: 40\n    sides: [left, right]\n"
        "  - title: C\n    duration: 30\n    pressure: true\n    sets: 3\n    rest: 10\n"
    )
    plan = build_plan(r)
    # per side: 2 sets x (5 x 5 s + 4 x 4 s) + 15 s = 97 s; B: 80 s; C: 110 s
    assert r.seconds_range()[1] == 2 * 97 + 80 + 110
    assert plan.timed_seconds() == 2 * 97 + 80 + 110 + 2 * GET_READY_SECONDS + 2 * 3.0
    assert plan.timed_seconds() == expected_timed_seconds(r)


def test_self_paced_reps_add_no_planned_time() -> None:
    r = routine(
        "  - title: Roll\n    reps: 8-12\n    sets: 2\n    rest: 20\n"
        "  - title: Breathe\n    duration: 30\n"
    )
    # the routine counts 3 s a rep; the plan waits for taps instead
    assert r.seconds_range()[1] == 2 * 12 * 3 + 20 + 30
    assert build_plan(r).timed_seconds() == GET_READY_SECONDS + 20 + 30


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.stem)
def test_a_built_in_plan_starts_with_get_ready_and_ends_with_one_final_check(path: Path) -> None:
    plan = build_plan(load_routine(path))
    assert plan.segments[0].kind is GR
    assert plan.segments[-1].pain_reason is PainCheckReason.FINAL
    assert [s.pain_reason for s in checks(plan)].count(PainCheckReason.FINAL) == 1
    assert plan.segments[-2].kind is not CHECK
    # no two checks ever follow each other
    assert all(
        not (a.kind is CHECK and b.kind is CHECK)
        for a, b in zip(plan.segments, plan.segments[1:], strict=False)
    )


def test_chin_tucks_level_1_is_ten_holds_with_rests_then_the_final_check() -> None:
    plan = build_plan(builtin("chin-tucks-1"))
    assert kinds(plan) == [GR] + [WORK, REST] * 9 + [WORK, CHECK]
    assert [s.duration for s in plan.segments if s.kind is WORK] == [5.0] * 10
    assert [s.duration for s in plan.segments if s.kind is REST] == [10.0] * 9
    assert plan.timed_seconds() == 140 + GET_READY_SECONDS


def test_base_of_skull_release_checks_after_every_pressure_step() -> None:
    r = builtin("base-of-skull-release")
    plan = build_plan(r)
    pressure_steps = [i for i, step in enumerate(r.steps) if step.pressure]
    checked = [s.step_index for s in checks(plan)]
    assert checked == pressure_steps
    assert [s.pain_reason for s in checks(plan)][:-1] == [PainCheckReason.AFTER_STEP] * (
        len(pressure_steps) - 1
    )
    # lying for the towel, then sitting for the holds
    assert [s.step_index for s in plan.segments if s.kind is GR] == [0, 1]


def test_desk_break_stretches_alternate_sides_and_check_once_per_stretch() -> None:
    r = builtin("desk-break")
    plan = build_plan(r)
    stretch = next(i for i, step in enumerate(r.steps) if step.title.startswith("Side-neck"))
    body = of_step(plan, stretch)
    assert [(s.kind, s.side, s.set_number) for s in body] == [
        (WORK, "left", 1),
        (REST, "left", 1),
        (WORK, "left", 2),
        (GR, "right", 1),
        (WORK, "right", 1),
        (REST, "right", 1),
        (WORK, "right", 2),
        (CHECK, None, 2),
    ]
