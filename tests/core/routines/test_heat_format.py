"""The format's ``heat`` key: a timed step with a heat pack on, never more than 20 min in a row."""

from __future__ import annotations

import pytest

from tests.core.inline_routines import routine
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.draft import check, draft_from_routine
from unknot.core.routines.loader import load_routines, parse_routine_text
from unknot.core.routines.problems import RoutineError
from unknot.core.routines.writer import routine_to_yaml


def problems(steps: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        routine(steps)
    return [str(problem) for problem in caught.value.problems]


def test_a_timed_step_can_say_it_applies_heat() -> None:
    made = routine(
        "  - title: Warm\n    duration: 15m\n    heat: true\n  - title: Rest\n    duration: 5m\n"
    )
    assert [step.heat for step in made.steps] == [True, False]
    assert made.has_heat


def test_heat_on_a_counted_step_is_refused_at_its_line() -> None:
    (problem,) = problems("  - title: Warm\n    reps: 10\n    heat: true\n")
    assert problem.startswith("<routine>:6:")
    assert "steps[1].heat" in problem and "duration" in problem


@pytest.mark.parametrize(
    ("steps", "named"),
    [
        ("  - title: Warm\n    duration: 21m\n    heat: true\n", "step 1"),
        (
            "  - title: Warm\n    duration: 11m\n    sets: 2\n    rest: 10s\n    heat: true\n",
            "step 1",
        ),
        (
            "  - title: Warm\n    duration: 15m\n    heat: true\n"
            "  - title: Warmer\n    duration: 6m\n    heat: true\n",
            "steps 1-2",
        ),
        (
            "  - title: Warm\n    duration: 1m\n"
            "  - title: Long\n    duration: 11m\n    sides: [left, right]\n    heat: true\n",
            "step 2",
        ),
    ],
)
def test_heat_longer_than_20_minutes_in_a_row_is_refused(steps: str, named: str) -> None:
    (problem,) = [p for p in problems(steps) if "heat" in p]
    assert f"in a row ({named})" in problem
    assert "at most 20 minutes" in problem


def test_twenty_minutes_of_heat_or_heat_with_a_break_between_is_allowed() -> None:
    routine("  - title: Warm\n    duration: 20m\n    heat: true\n")
    routine(
        "  - title: Warm\n    duration: 15m\n    heat: true\n"
        "  - title: Skin check\n    duration: 2m\n"
        "  - title: Warm again\n    duration: 15m\n    heat: true\n"
    )


def test_heat_survives_writing_and_the_editor() -> None:
    made = routine("  - title: Warm\n    duration: 15m\n    heat: true\n")
    again = parse_routine_text(routine_to_yaml(made))
    assert again.steps[0].heat
    draft = draft_from_routine(made)
    assert draft.steps[0].heat
    assert check(draft).routine is not None
    assert check(draft).routine.steps[0].heat  # type: ignore[union-attr]


def test_the_built_in_heat_routine_marks_its_heat_step() -> None:
    report = load_routines([BUILTIN_ROUTINES_DIR])
    heated = {r.id: [s.heat for s in r.steps] for r in report.routines if r.has_heat}
    assert heated == {"quiet-relief": [True, False]}
