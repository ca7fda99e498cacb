"""Choosing a step's picture in the editor, in a real window: the app's own, frames, a file
of the person's (checked, copied beside their routines), and the routine exported with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.picture_files import png
from tests.ui.conftest import StartApp, stop_app
from tests.ui.flows import open_routine
from tests.ui.pilot import Pilot
from tests.ui.test_editor import card_button, cards
from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.loader import load_routine


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home / "Downloads"


def edit_step(pilot: Pilot, index: int) -> None:
    pilot.tap(card_button(cards(pilot)[index], "Edit"))
    assert pilot.screen_name == "step_editor"


def test_a_bundled_picture_then_a_second_frame_are_chosen_from_the_grid(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    edit_step(pilot, 1)  # the rest after the chin retraction
    step = pilot.current_screen
    assert step.ids.field_image.value == "pictures/rest-shoulders.png"
    assert step.preview == str(ASSETS_DIR / "pictures" / "rest-shoulders.png")

    pilot.tap_button("Choose a picture")
    assert pilot.screen_name == "pictures"
    screen = pilot.current_screen
    assert "Now: pictures/rest-shoulders.png" in pilot.texts()
    assert not pilot.has_button("Use this picture")  # nothing chosen yet
    pilot.tap_button("chin retraction rest")
    assert screen.description.startswith("Sitting tall on a chair, eyes level")
    assert screen.description in pilot.texts()  # the alt text, said in words
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "step_editor"
    assert step.ids.field_image.value == "pictures/chin-retraction-rest.png"
    assert step.preview == str(ASSETS_DIR / "pictures" / "chin-retraction-rest.png")

    pilot.tap_button("Choose a picture")
    pilot.tap_button("chin retraction hold")
    pilot.tap_button("Add as the next frame")
    assert step.ids.field_image.value == (
        "pictures/chin-retraction-rest.png, pictures/chin-retraction-hold.png"
    )
    assert step.ids.field_image.message == ""
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    saved = load_routine(data / "routines" / "desk-break-mine.yaml")
    assert saved.steps[1].images == (
        "pictures/chin-retraction-rest.png",
        "pictures/chin-retraction-hold.png",
    )


def test_no_picture_clears_the_step_and_cancel_changes_nothing(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data")
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    edit_step(pilot, 1)
    step = pilot.current_screen
    pilot.tap_button("Choose a picture")
    pilot.tap_button("chin retraction rest")
    pilot.tap_button("Cancel")
    assert step.ids.field_image.value == "pictures/rest-shoulders.png"
    pilot.tap_button("Choose a picture")
    pilot.tap_button("No picture")
    assert step.ids.field_image.value == ""
    assert step.preview == ""


def test_a_picture_of_ones_own_is_checked_copied_in_and_travels_in_the_export(
    start_app: StartApp, tmp_path: Path, downloads: Path
) -> None:
    (downloads / "not really.png").write_text("a shopping list")
    (downloads / "My tuck.png").write_bytes(png(64, 48, shade=80))
    data = tmp_path / "first"
    pilot = start_app(data_dir=data)
    pilot.tap_button("New routine")
    pilot.type_into(pilot.current_screen.ids.field_title, "Evening tucks")
    routine_id = pilot.current_screen.draft.id
    edit_step(pilot, 0)
    step = pilot.current_screen

    pilot.tap_button("Choose a picture")
    screen = pilot.current_screen
    assert screen.folder == str(downloads)
    pilot.tap_button("not really.png")
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "pictures"  # refused, said, nothing copied
    assert screen.problem == "not really.png is not a PNG or JPEG picture (it is text); " + (
        "save it as .png or .jpg."
    )
    assert screen.problem in pilot.texts()
    assert not (data / "routines" / "pictures").exists()

    pilot.tap_button("My tuck.png")
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "step_editor"
    name = f"pictures/{routine_id}/my-tuck.png"
    assert step.ids.field_image.value == name
    assert (data / "routines" / name).read_bytes() == png(64, 48, shade=80)
    assert step.preview == str((data / "routines" / name).resolve())
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    mine = pilot.current_screen.routine
    assert mine.steps[0].images == (name,)

    pilot.tap_button("Export")
    exported = downloads / f"{routine_id}.zip"
    assert str(exported) in pilot.current_screen.message
    stop_app(pilot)

    second = start_app(data_dir=tmp_path / "second")
    second.tap_button("Import a routine")
    second.tap_button(exported.name)
    second.tap_button(f"Import {exported.name}")
    assert second.screen_name == "routine"
    assert second.current_screen.routine == mine
    assert (tmp_path / "second" / "routines" / name).read_bytes() == png(64, 48, shade=80)


def test_a_hostile_bundle_is_refused_on_the_import_screen(
    start_app: StartApp, tmp_path: Path, downloads: Path
) -> None:
    import zipfile

    bundle = downloads / "stranger.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("r.yaml", "title: R\nsteps:\n  - title: A\n    duration: 1m\n")
        archive.writestr("../../escape.png", png())
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    pilot.tap_button("Import a routine")
    pilot.tap_button(bundle.name)
    pilot.tap_button(f"Import {bundle.name}")
    assert pilot.screen_name == "import"
    assert pilot.current_screen.problem.startswith(
        "stranger.zip holds the entry '../../escape.png', which leaves the bundle's folder"
    )
    assert not (tmp_path / "escape.png").exists()
    routines = data / "routines"
    assert not routines.exists() or sorted(routines.rglob("*")) == []
