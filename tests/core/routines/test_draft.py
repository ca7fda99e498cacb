"""The editor's draft: what is typed stays as typed, and is checked by the loader's rules."""

from __future__ import annotations

import pytest

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.draft import (
    COUNTED,
    TIMED,
    RoutineDraft,
    SeatedDraft,
    StepDraft,
    check,
    draft_from_routine,
    duplicate_step,
    move_step,
    new_step,
    remove_step,
    step_path,
)
from unknot.core.routines.loader import load_routines, parse_routine_text
from unknot.core.routines.model import Routine
from unknot.core.routines.problems import RoutineError

BUILTINS = load_routines([BUILTIN_ROUTINES_DIR]).routines


def simple() -> RoutineDraft:
    return RoutineDraft(id="mine", title="Mine", steps=[new_step(), new_step(COUNTED)])


@pytest.mark.parametrize("routine", BUILTINS, ids=lambda r: r.id)
def test_every_builtin_survives_the_editor_unchanged(routine: Routine) -> None:
    checked = check(draft_from_routine(routine), routine_dir=BUILTIN_ROUTINES_DIR)
    assert checked.problems == {}
    assert checked.routine == routine


def test_new_steps_are_valid_as_they_stand() -> None:
    checked = check(simple())
    assert checked.ok, checked.problems
    assert checked.routine is not None
    assert [s.duration for s in checked.routine.steps] == [30.0, None]


def test_a_bad_field_is_reported_at_its_path_and_its_text_is_kept() -> None:
    draft = simple()
    draft.steps[1].reps = "twelve"
    checked = check(draft)
    assert not checked.ok
    assert set(checked.problems) == {step_path(1, "reps")}
    assert "whole number" in checked.problems["steps[2].reps"]
    assert draft.steps[1].reps == "twelve"


def test_the_same_words_as_the_validator() -> None:
    draft = simple()
    draft.steps[0].duration = "3 hours"
    checked = check(draft)
    file = "title: Mine\nsteps:\n  - title: New step\n    duration: 3 hours\n"
    with pytest.raises(RoutineError) as caught:
        parse_routine_text(file, default_id="mine")
    assert checked.problems["steps[1].duration"] == caught.value.problems[0].message


def test_an_empty_required_field_says_what_to_fill_in() -> None:
    draft = simple()
    draft.title = "  "
    draft.steps[0].duration = ""
    draft.steps[1].reps = ""
    checked = check(draft)
    assert checked.problems == {
        "title": "Give the routine a title.",
        "steps[1].duration": "How long? Such as 30s, 2m or 1m 30s.",
        "steps[2].reps": "How many reps? A number (10) or a range (8-12).",
    }


def test_a_range_and_times_as_people_write_them() -> None:
    draft = simple()
    step = draft.steps[1]
    step.reps, step.hold, step.rest_between_reps = "8-12", "8s", "10 s"
    step.sets, step.rest = "2", "1m"
    checked = check(draft)
    assert checked.ok, checked.problems
    assert checked.routine is not None
    made = checked.routine.steps[1]
    assert (made.reps.low, made.reps.high) == (8, 12)  # type: ignore[union-attr]
    assert (made.hold, made.rest_between_reps, made.sets, made.rest) == (8, 10, 2, 60)


def test_switching_kind_keeps_what_was_typed_in_the_other() -> None:
    draft = simple()
    step = draft.steps[0]
    step.reps = "10"
    checked = check(draft)
    assert checked.ok  # a timed step: reps typed earlier is not used, and not lost
    step.kind = COUNTED
    checked = check(draft)
    assert checked.ok and checked.routine is not None
    assert checked.routine.steps[0].reps is not None
    assert step.duration == "30s"


def test_rest_between_sets_is_ignored_with_one_set() -> None:
    draft = simple()
    draft.steps[0].rest = "20s"
    assert check(draft).ok


def test_tags_and_safety_are_split_as_typed() -> None:
    draft = simple()
    draft.tags = "neck,  lying down ,"
    draft.safety = "Stop if pain gets worse.\n\nNever press the front of the neck."
    checked = check(draft)
    assert checked.routine is not None
    assert checked.routine.tags == ("neck", "lying down")
    assert len(checked.routine.safety) == 2


def test_no_steps_is_a_problem_of_the_routine() -> None:
    draft = simple()
    draft.steps.clear()
    checked = check(draft)
    assert "steps" in checked.problems


def test_move_duplicate_remove() -> None:
    draft = RoutineDraft(id="x", title="X", steps=[StepDraft(title=t) for t in "abc"])
    assert move_step(draft, 0, +1) == 1
    assert [s.title for s in draft.steps] == ["b", "a", "c"]
    assert move_step(draft, 0, -1) == 0  # already first: stays
    assert duplicate_step(draft, 2) == 3
    assert [s.title for s in draft.steps] == ["b", "a", "c", "c"]
    draft.steps[3].title = "d"
    assert draft.steps[2].title == "c"  # a copy, not the same object
    assert remove_step(draft, 1).title == "a"
    assert [s.title for s in draft.steps] == ["b", "c", "d"]


def test_a_timed_step_in_a_restful_routine_only() -> None:
    draft = simple()
    draft.restful = True
    checked = check(draft)
    assert "restful" in checked.problems
    draft.steps.pop()
    assert check(draft).ok
    assert draft.steps[0].kind == TIMED


def lying() -> RoutineDraft:
    step = StepDraft(title="Towel", duration="2m", position="lying on your back", cue="Rest.")
    return RoutineDraft(id="mine", title="Mine", steps=[step])


def test_a_seated_version_typed_in_the_editor_checks_into_the_routine() -> None:
    draft = lying()
    draft.steps[0].seated = SeatedDraft(
        position="sitting tall, elbows on a table",
        cue="Rest your head in your hands.",
        image="pictures/towel-roll-seated.png",
    )
    checked = check(draft)
    assert checked.ok, checked.problems
    assert checked.routine is not None
    seated = checked.routine.steps[0].seated
    assert seated is not None
    assert seated.position == "sitting tall, elbows on a table"
    assert seated.cue == "Rest your head in your hands."
    assert seated.images == ("pictures/towel-roll-seated.png",)
    assert seated.title is None  # empty: the step's own title
    assert seated.say is None


def test_an_empty_seated_version_says_what_to_fill_in() -> None:
    draft = lying()
    draft.steps[0].seated = SeatedDraft()
    checked = check(draft)
    assert checked.problems == {
        "steps[1].seated.position": (
            "How is it done sitting? Such as: sitting tall in a high-backed chair."
        ),
        "steps[1].seated.cue": "Say what to do when sitting.",
    }


def test_a_seated_position_that_says_lying_is_refused_with_the_validators_words() -> None:
    draft = lying()
    draft.steps[0].seated = SeatedDraft(position="lying on the sofa", cue="Rest.")
    checked = check(draft)
    assert set(checked.problems) == {"steps[1].seated.position"}
    assert "describe the seated position" in checked.problems["steps[1].seated.position"]


def test_seated_frames_and_a_missing_seated_picture() -> None:
    draft = lying()
    draft.steps[0].seated = SeatedDraft(
        position="sitting", cue="Rest.", image="pictures/no-such.png"
    )
    checked = check(draft)
    assert set(checked.problems) == {"steps[1].seated.image"}
    draft.steps[
        0
    ].seated.image = "pictures/chin-retraction-rest.png, pictures/chin-retraction-hold.png"
    checked = check(draft)
    assert checked.routine is not None, checked.problems
    seated = checked.routine.steps[0].seated
    assert seated is not None
    assert len(seated.images) == 2


def test_a_duplicated_step_has_its_own_seated_version() -> None:
    draft = lying()
    draft.steps[0].seated = SeatedDraft(position="sitting", cue="Rest.")
    duplicate_step(draft, 0)
    copy = draft.steps[1].seated
    assert copy is not None
    copy.cue = "Changed."
    assert draft.steps[0].seated.cue == "Rest."


def test_builtin_seated_versions_come_back_from_the_editor_as_text() -> None:
    with_seated = [s for r in BUILTINS for s in r.steps if s.seated is not None]
    assert with_seated  # the built-in routines offer seated versions
    draft = draft_from_routine(next(r for r in BUILTINS if any(s.seated for s in r.steps)))
    seated = next(s.seated for s in draft.steps if s.seated is not None)
    assert isinstance(seated, SeatedDraft)
    assert seated.position and seated.cue
