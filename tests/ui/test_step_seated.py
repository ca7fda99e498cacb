"""A step's seated version in the editor, in a real window, by taps and typing: added,
checked as it is typed, given its own picture, changed, removed and brought back, saved."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import StartApp
from tests.ui.flows import edit_a_copy
from tests.ui.pilot import Pilot
from tests.ui.test_editor import cards
from tests.ui.test_step_pictures import edit_step
from unknot.core.paths import ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine

SEATED_REST = "pictures/chin-tuck-seated-rest.png"


def new_routine_with_a_lying_step(pilot: Pilot) -> None:
    pilot.tap_button("New routine")
    pilot.type_into(pilot.current_screen.ids.field_title, "Evening towel")
    edit_step(pilot, 0)
    step = pilot.current_screen
    pilot.type_into(step.ids.field_position, "lying on your back")


def test_a_seated_version_added_typed_with_its_picture_and_saved(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    new_routine_with_a_lying_step(pilot)
    step = pilot.current_screen
    section = step.ids.seated_section
    assert not step.has_seated and section.height == 0 and section.opacity == 0

    pilot.tap_button("Add a seated version")
    assert step.has_seated and section.height > 0
    assert pilot.has_button("Remove the seated version")
    position, cue = step.ids.field_seated_position, step.ids.field_seated_cue
    assert position.message.startswith("How is it done sitting?")
    assert cue.message == "Say what to do when sitting."
    pilot.tap_button("Done")
    assert "Needs a look" in cards(pilot)[0].message
    assert pilot.current_screen.ids.save_button.disabled  # not saved half-made
    assert "seated version too" in cards(pilot)[0].details

    edit_step(pilot, 0)
    pilot.type_into(position, "lying on the sofa")
    assert "describe the seated position" in position.message
    assert position.ids.input.text == "lying on the sofa"  # kept as typed
    pilot.type_into(position, "sitting tall in a high-backed chair")
    assert position.message == ""
    pilot.type_into(cue, "Let your head rest against the chair back.")
    assert cue.message == ""

    pilot.tap_button("Choose a seated picture")
    assert pilot.screen_name == "pictures"
    pilot.tap_button("chin tuck seated rest")
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "step_editor"
    assert step.ids.field_seated_image.value == SEATED_REST
    assert step.ids.field_image.value == ""  # the step's own picture is not touched
    assert step.seated_preview == str(ASSETS_DIR / SEATED_REST)
    assert step.preview == ""

    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    saved = load_routine(data / "routines" / f"{pilot.current_screen.routine.id}.yaml")
    assert saved.title == "Evening towel"
    seated = saved.steps[0].seated
    assert seated is not None
    assert seated.position == "sitting tall in a high-backed chair"
    assert seated.cue == "Let your head rest against the chair back."
    assert seated.images == (SEATED_REST,)
    assert pilot.has_button("[x] Lying") and pilot.has_button("Seated")  # the routine offers it
    pilot.tap_button("Seated")
    assert "Let your head rest against the chair back." in pilot.texts()


def test_a_typed_picture_that_is_missing_is_said_beside_the_seated_picture(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data")
    new_routine_with_a_lying_step(pilot)
    step = pilot.current_screen
    pilot.tap_button("Add a seated version")
    pilot.type_into(step.ids.field_seated_position, "sitting")
    pilot.type_into(step.ids.field_seated_cue, "Rest.")
    image = step.ids.field_seated_image
    pilot.type_into(image, "pictures/no-such-picture.png")
    assert "no-such-picture.png" in image.message
    assert step.seated_preview == ""
    pilot.type_into(image, f"{SEATED_REST}, pictures/not-there.png")
    assert "not-there.png" in image.message  # a frame's problem, beside the field
    pilot.type_into(image, "")
    assert image.message == ""


def test_removed_by_mistake_add_brings_it_back_and_remove_saves_without_it(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    edit_a_copy(pilot, "Chin tucks, level 1")
    edit_step(pilot, 0)
    step = pilot.current_screen
    assert step.has_seated  # the built-in chin tuck has a seated version, shown to edit
    cue = step.ids.field_seated_cue
    builtin = load_routine(BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml").steps[0].seated
    assert builtin is not None
    assert cue.value == builtin.cue
    assert step.ids.field_seated_position.value == builtin.position
    assert step.seated_preview.endswith("chin-tuck-seated-rest.png")
    pilot.type_into(cue, "Sit tall and nod gently.")

    pilot.tap_button("Remove the seated version")
    assert not step.has_seated and step.ids.seated_section.height == 0
    pilot.tap_button("Add a seated version")
    assert cue.value == "Sit tall and nod gently."  # as it was typed, not blank
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    saved = load_routine(data / "routines" / "chin-tucks-1-mine.yaml")
    assert saved.steps[0].seated is not None
    assert saved.steps[0].seated.cue == "Sit tall and nod gently."

    pilot.tap_button("Edit")
    edit_step(pilot, 0)
    pilot.tap_button("Remove the seated version")
    pilot.tap_button("Done")
    assert "seated version too" not in cards(pilot)[0].details
    pilot.tap_button("Save")
    saved = load_routine(data / "routines" / "chin-tucks-1-mine.yaml")
    assert saved.steps[0].seated is None
    assert saved.steps[0].images  # the lying pictures stay
