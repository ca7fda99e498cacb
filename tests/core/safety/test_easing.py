"""The flare-day routine (rule 7: shorter holds, no pressure steps), and its fingerprint."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.clocks import FakeClock
from tests.core.inline_routines import routine
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.plan import SegmentKind, build_plan
from unknot.core.playback.session import Session
from unknot.core.routines.loader import load_routines, parse_routine_text
from unknot.core.routines.model import PainCheck, Routine
from unknot.core.routines.version import routine_version
from unknot.core.routines.writer import routine_to_yaml
from unknot.core.safety.easing import (
    EASED_SUFFIX,
    MIN_EASED_SECONDS,
    eased_hold,
    eased_routine,
    nothing_to_ease,
)

BUILTINS = {r.id: r for r in load_routines([BUILTIN_ROUTINES_DIR]).routines}


def test_there_are_builtin_routines_to_ease() -> None:
    assert set(BUILTINS) >= {
        "base-of-skull-release",
        "chin-tucks-1",
        "chin-tucks-2",
        "desk-break",
        "quiet-relief",
    }


@pytest.mark.parametrize("routine_id", sorted(BUILTINS))
def test_every_builtin_routine_eases_by_the_rule(routine_id: str) -> None:
    original = BUILTINS[routine_id]
    eased = eased_routine(original)
    if routine_id == "base-of-skull-release":
        # pressure steps and one 20 s rest: nothing worth a session is left
        assert eased is None
        return
    assert eased is not None
    assert eased.id == original.id
    assert eased.title == original.title + EASED_SUFFIX
    assert not eased.has_pressure
    assert eased.seconds_range()[0] >= MIN_EASED_SECONDS
    assert eased.seconds_range()[1] <= original.seconds_range()[1]
    kept = [step for step in original.steps if not step.pressure]
    assert [s.title for s in eased.steps] == [s.title for s in kept]
    for before, after in zip(kept, eased.steps, strict=True):
        if before.hold is not None:
            assert after.hold is not None
            assert after.hold < before.hold or before.hold <= 3
            assert after.hold >= min(3.0, before.hold)
        if before.duration is not None:
            assert after.duration == before.duration  # heat, rests, stretches keep theirs
        assert after.pain_check_when is not PainCheck.NONE
    # it plays, and loads back as a valid routine
    parse_routine_text(routine_to_yaml(eased))
    Session(eased, clock=FakeClock(), baseline=3).start()


@pytest.mark.parametrize("routine_id", sorted(BUILTINS))
def test_fewer_reps_are_exactly_the_sessions_own_ease_off(routine_id: str) -> None:
    original = BUILTINS[routine_id]
    eased = eased_routine(original)
    if eased is None:
        return
    kept = [i for i, step in enumerate(original.steps) if not step.pressure]
    eased_off = build_plan(original, eased_from_step=0)
    for new_index, old_index in enumerate(kept):
        want = {s.rep_count for s in eased_off.segments if s.step_index == old_index}
        got = {s.rep_count for s in build_plan(eased).segments if s.step_index == new_index}
        assert got == want


@pytest.mark.parametrize("routine_id", sorted(BUILTINS))
def test_a_pain_check_follows_every_step(routine_id: str) -> None:
    eased = eased_routine(BUILTINS[routine_id])
    if eased is None:
        return
    segments = build_plan(eased).segments
    for index in range(len(eased.steps)):
        last = max(i for i, s in enumerate(segments) if s.step_index == index)
        assert segments[last].kind is SegmentKind.PAIN_CHECK


def test_the_chin_tuck_numbers() -> None:
    level_1 = eased_routine(BUILTINS["chin-tucks-1"])
    level_2 = eased_routine(BUILTINS["chin-tucks-2"])
    assert level_1 is not None and level_2 is not None
    (tuck_1,) = level_1.steps
    (tuck_2,) = level_2.steps
    assert (str(tuck_1.reps), tuck_1.hold, tuck_1.rest_between_reps) == ("7", 4.0, 10.0)
    assert (str(tuck_2.reps), tuck_2.hold) == ("7", 7.0)


def test_quiet_relief_keeps_its_heat_and_gains_checks() -> None:
    original = BUILTINS["quiet-relief"]
    eased = eased_routine(original)
    assert eased is not None
    assert [s.duration for s in eased.steps] == [s.duration for s in original.steps]
    assert [s.prompts for s in eased.steps] == [s.prompts for s in original.steps]
    assert all(s.pain_check is PainCheck.AFTER_STEP for s in eased.steps)


def test_nothing_to_ease_says_what_to_do_instead() -> None:
    text = nothing_to_ease(BUILTINS["base-of-skull-release"])
    assert text.startswith("Most of Base-of-skull holds presses on the head or neck")
    assert "heat and quiet rest" in text


@pytest.mark.parametrize(
    ("hold", "eased"),
    [(2.0, 2.0), (3.0, 3.0), (4.0, 3.0), (5.0, 4.0), (10.0, 7.0), (15.0, 11.0), (30.0, 21.0)],
)
def test_eased_holds(hold: float, eased: float) -> None:
    assert eased_hold(hold) == eased


def test_a_position_written_on_a_removed_pressure_step_is_carried_over() -> None:
    original = routine(
        """
  - title: Fingertip holds
    position: sitting, elbows on a table
    duration: 30s
    pressure: true
  - title: Shoulder squeeze
    reps: 8-12
    hold: 6s
  - title: Neck stretch
    duration: 60s
"""
    )
    eased = eased_routine(original)
    assert eased is not None
    assert [s.title for s in eased.steps] == ["Shoulder squeeze", "Neck stretch"]
    assert eased.steps[0].position == "sitting, elbows on a table"
    assert eased.steps[1].position is None
    assert str(eased.steps[0].reps) == "6"
    assert eased.steps[0].hold == 4.0


def test_all_pressure_steps_leave_nothing() -> None:
    original = routine(
        """
  - title: Fingertip holds
    duration: 5m
    pressure: true
"""
    )
    assert eased_routine(original) is None


def test_a_pressure_tag_goes_with_the_pressure_steps() -> None:
    original = dataclasses.replace(BUILTINS["desk-break"], tags=("neck", "pressure"))
    eased = eased_routine(original)
    assert eased is not None
    assert eased.tags == ("neck",)


# -- the fingerprint ----------------------------------------------------------------------------


def test_the_version_is_twelve_hex_digits_and_stable_across_loads() -> None:
    again = {r.id: r for r in load_routines([BUILTIN_ROUTINES_DIR]).routines}
    for routine_id, original in BUILTINS.items():
        version = routine_version(original)
        assert len(version) == 12
        int(version, 16)
        assert routine_version(again[routine_id]) == version


def test_the_version_follows_content_not_the_file(tmp_path: Path) -> None:
    chin = BUILTINS["chin-tucks-1"]
    moved = dataclasses.replace(chin, source=tmp_path / "elsewhere.yaml")
    assert routine_version(moved) == routine_version(chin)
    longer = dataclasses.replace(chin, steps=(dataclasses.replace(chin.steps[0], hold=6.0),))
    assert routine_version(longer) != routine_version(chin)
    eased = eased_routine(chin)
    assert eased is not None
    assert routine_version(eased) != routine_version(chin)
    assert len({routine_version(r) for r in BUILTINS.values()}) == len(BUILTINS)


def test_a_whole_number_of_seconds_is_the_same_version_as_an_int_or_a_float() -> None:
    chin: Routine = BUILTINS["chin-tucks-1"]
    as_int = dataclasses.replace(chin, steps=(dataclasses.replace(chin.steps[0], hold=5),))
    assert routine_version(as_int) == routine_version(chin)
