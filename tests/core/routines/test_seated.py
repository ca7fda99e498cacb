"""Seated versions: how a step offers one, how it is checked, and the routine's seated form."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.picture_files import png
from unknot.core.paths import ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.playback.plan import SegmentKind, build_plan
from unknot.core.routines.draft import check, draft_from_routine
from unknot.core.routines.loader import load_routines, parse_routine_text
from unknot.core.routines.model import Prompt, Routine
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.seated import has_seated, lying_without_seated, seated_form
from unknot.core.routines.writer import routine_to_yaml

BUILTINS = {r.id: r for r in load_routines([BUILTIN_ROUTINES_DIR]).routines}

TWO_STEPS = """\
title: Evening
steps:
  - title: Chin tuck
    position: lying on your back
    reps: 5
    hold: 5s
    image: [pictures/chin-tuck-lying-rest.png, pictures/chin-tuck-lying-nod.png]
    cue: Nod, the back of your head on the bed.
    say: Lying chin tuck.
    seated:
      position: sitting tall against a high chair back
      image: [pictures/chin-tuck-seated-rest.png, pictures/chin-tuck-seated-nod.png]
      cue: Nod, the back of your head against the chair.
  - title: Rest
    duration: 20s
"""


def load(text: str, folder: Path | None = None) -> Routine:
    return parse_routine_text(text, "r.yaml", default_id="r", routine_dir=folder)


def problems(text: str, folder: Path | None = None) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        load(text, folder)
    return list(caught.value.problems)


def test_a_step_offers_its_seated_version_with_its_own_words_and_pictures() -> None:
    routine = load(TWO_STEPS)
    seated = routine.steps[0].seated
    assert seated is not None
    assert seated.position == "sitting tall against a high chair back"
    assert seated.cue == "Nod, the back of your head against the chair."
    assert seated.images == (
        "pictures/chin-tuck-seated-rest.png",
        "pictures/chin-tuck-seated-nod.png",
    )
    assert seated.image_paths[0] == (ASSETS_DIR / "pictures/chin-tuck-seated-rest.png").resolve()
    assert has_seated(routine)
    assert not has_seated(BUILTINS["desk-break"])


def test_the_seated_form_puts_each_seated_version_in_place() -> None:
    routine = load(TWO_STEPS)
    form = seated_form(routine)
    tuck, rest = form.steps
    assert tuck.title == "Chin tuck"  # inherited
    assert tuck.position == "sitting tall against a high chair back"
    assert tuck.cue == "Nod, the back of your head against the chair."
    assert tuck.say is None  # not the lying words: the seated title and cue are said
    assert tuck.spoken == "Chin tuck. Nod, the back of your head against the chair."
    assert tuck.images[0] == "pictures/chin-tuck-seated-rest.png"
    assert (tuck.reps, tuck.hold) == (routine.steps[0].reps, routine.steps[0].hold)
    assert tuck.seated is None
    assert not form.lying_down(0)
    assert form.id == routine.id and form.title == routine.title
    # The rest wrote no position: it is still done lying, as in the routine.
    assert rest.position == "lying on your back"
    assert form.lying_down(1) and routine.lying_down(1)
    assert lying_without_seated(routine) == (1,)
    assert seated_form(BUILTINS["desk-break"]) is BUILTINS["desk-break"]


def test_the_seated_form_plays_with_the_seated_position() -> None:
    plan = build_plan(seated_form(load(TWO_STEPS)))
    get_ready = [s for s in plan.segments if s.kind is SegmentKind.GET_READY]
    assert get_ready  # the position changes from sitting to lying before the rest
    assert any(s.cue_text == "Nod, the back of your head against the chair." for s in plan.segments)


def test_without_its_own_picture_a_seated_version_shows_none() -> None:
    text = TWO_STEPS.replace(
        "      image: [pictures/chin-tuck-seated-rest.png, pictures/chin-tuck-seated-nod.png]\n", ""
    )
    tuck = seated_form(load(text)).steps[0]
    assert tuck.images == () and tuck.image_paths == ()


def test_a_seated_version_may_say_its_own_title_words_prompts_and_side() -> None:
    text = """\
title: T
steps:
  - title: Towel roll
    position: lying on your back
    duration: 3m20s
    sides: [left, right]
    image: pictures/side-neck-stretch-left.png
    side_drawn: left
    prompts:
      - at: 3m
        text: Roll onto your side.
    seated:
      title: Towel behind the neck
      position: sitting tall
      image: pictures/towel-roll-seated.png
      side_drawn: right
      cue: Lean back on the towel.
      say: Lean back.
      prompts:
        - at: 3m
          text: Sit up tall.
"""
    step = seated_form(load(text)).steps[0]
    assert (step.title, step.say, step.side_drawn) == (
        "Towel behind the neck",
        "Lean back.",
        "right",
    )
    assert step.prompts == (Prompt(180.0, "Sit up tall."),)
    no_prompts = seated_form(
        load(
            text.replace(
                "      prompts:\n        - at: 3m\n          text: Sit up tall.\n",
                "      prompts: []\n",
            )
        )
    ).steps[0]
    assert no_prompts.prompts == ()
    inherited = seated_form(load(text.replace("      side_drawn: right\n", ""))).steps[0]
    assert inherited.side_drawn == "left"


@pytest.mark.parametrize(
    ("seated", "field", "words"),
    [
        ("    seated: sitting", "steps[1].seated", "seated must be a mapping"),
        ("    seated:\n      cue: Sit.", "steps[1].seated.position", "position is missing"),
        ("    seated:\n      position: sitting", "steps[1].seated.cue", "cue is missing"),
        (
            "    seated:\n      position: lying on the sofa\n      cue: Sit.",
            "steps[1].seated.position",
            "the seated version is done sitting, but its position says 'lying on the sofa'",
        ),
        (
            "    seated:\n      position: sitting\n      cue: Sit.\n      duration: 1m",
            "steps[1].seated.duration",
            "unknown key 'duration'",
        ),
        (
            "    seated:\n      position: sitting\n      cue: Sit.\n      image: nowhere.png",
            "steps[1].seated.image",
            "nowhere.png does not exist next to the routine",
        ),
        (
            "    seated:\n      position: sitting\n      cue: Sit.\n"
            "      prompts:\n        - at: 1s\n          text: Now.",
            "steps[1].seated.prompts",
            "prompts are said during a timed step",
        ),
    ],
    ids=["not a mapping", "no position", "no cue", "lying", "unknown key", "no picture", "prompts"],
)
def test_a_seated_version_is_checked_like_a_step(
    seated: str, field: str, words: str, tmp_path: Path
) -> None:
    text = f"title: T\nsteps:\n  - title: Tuck\n    position: lying down\n    reps: 5\n{seated}\n"
    found = problems(text, tmp_path)
    assert [p.field for p in found] == [field], found
    assert words in found[0].message


def test_a_seated_prompt_after_the_end_of_the_step_is_refused() -> None:
    text = (
        "title: T\nsteps:\n  - title: Towel\n    duration: 1m\n    seated:\n"
        "      position: sitting\n      cue: Lean back.\n"
        "      prompts:\n        - at: 2m\n          text: Late.\n"
    )
    (problem,) = problems(text)
    assert problem.field == "steps[1].seated.prompts[1].at"


def test_every_built_in_step_done_lying_has_a_seated_version_that_is_not() -> None:
    lying = 0
    for routine in BUILTINS.values():
        form = seated_form(routine)
        for index, step in enumerate(routine.steps):
            if routine.lying_down(index):
                lying += 1
                assert step.seated is not None, (routine.id, step.title)
                assert step.seated.images, (routine.id, step.title)
                assert not form.lying_down(index), (routine.id, step.title)
                assert "lying" not in (form.steps[index].cue or "").lower()
                assert "roll onto your side" not in form.steps[index].spoken.lower()
    assert lying == 3  # the towel roll and the two chin-tuck levels


def test_the_seated_towel_roll_keeps_its_dose_and_its_pressure() -> None:
    base = BUILTINS["base-of-skull-release"]
    lying, seated = base.steps[0], seated_form(base).steps[0]
    assert seated.title == "Towel roll behind the base of the skull"
    assert (seated.duration, seated.pressure) == (lying.duration, lying.pressure)
    assert "5-8 cm" in (seated.cue or "")
    assert [p.text for p in seated.prompts] == [
        "Time to finish. Lift your head away from the towel slowly, and sit tall."
    ]


def test_seated_versions_are_written_and_read_back_the_same(tmp_path: Path) -> None:
    for routine in [*BUILTINS.values(), load(TWO_STEPS)]:
        assert load(routine_to_yaml(routine)) == routine
    written = routine_to_yaml(BUILTINS["chin-tucks-1"])
    assert "    seated:\n      position: sitting tall" in written
    assert (
        "      image: [pictures/chin-tuck-seated-rest.png, pictures/chin-tuck-seated-nod.png]"
        in (written)
    )


def test_the_editor_keeps_a_seated_version_it_does_not_edit() -> None:
    routine = BUILTINS["base-of-skull-release"]
    draft = draft_from_routine(routine)
    draft.steps[0].cue = "Lie on the towel."
    checked = check(draft, routine_dir=BUILTIN_ROUTINES_DIR)
    assert checked.routine is not None
    assert checked.routine.steps[0].seated == routine.steps[0].seated


def test_pictures_frames_and_sides_round_trip_through_the_editor(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png())
    routine = BUILTINS["desk-break"]
    draft = draft_from_routine(routine)
    assert draft.steps[0].image == (
        "pictures/chin-retraction-rest.png, pictures/chin-retraction-hold.png"
    )
    assert draft.steps[4].side_drawn == "left"
    checked = check(draft, routine_dir=tmp_path)
    assert checked.routine == routine
    draft.steps[1].image = "a.png"
    draft.steps[4].side_drawn = "middle"
    checked = check(draft, routine_dir=tmp_path)
    assert list(checked.problems) == ["steps[5].side_drawn"]
