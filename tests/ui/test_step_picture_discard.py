"""A picture chosen from a file in the editor is copied beside the person's routines at once;
an edit thrown away takes the copy with it, a saved one keeps it, in a real window."""

from __future__ import annotations

from pathlib import Path

from tests.picture_files import png
from tests.ui.conftest import StartApp, stop_app
from tests.ui.flows import open_routine
from tests.ui.pilot import Pilot
from tests.ui.test_step_pictures import downloads, edit_step  # noqa: F401 (a fixture)


def choose_file_picture(pilot: Pilot, file_name: str) -> None:
    """On the step editor: Choose a picture, tap the file, Use this picture."""
    pilot.tap_button("Choose a picture")
    assert pilot.screen_name == "pictures"
    pilot.tap_button(file_name)
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "step_editor"


def test_a_discarded_edit_leaves_no_copied_picture(
    start_app: StartApp,
    tmp_path: Path,
    downloads: Path,  # noqa: F811 (the fixture)
) -> None:
    (downloads / "My tuck.png").write_bytes(png(64, 48, shade=80))
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    routine_id = pilot.current_screen.draft.id
    edit_step(pilot, 1)
    choose_file_picture(pilot, "My tuck.png")
    copied = data / "routines" / "pictures" / routine_id / "my-tuck.png"
    assert copied.is_file()  # shown in the step editor as it will be saved
    assert pilot.current_screen.preview == str(copied.resolve())
    pilot.tap_button("Done")

    pilot.tap_button("Cancel")
    assert pilot.screen_name == "editor"  # asked first: there are changes
    assert copied.is_file()
    pilot.tap_button("Discard")

    assert pilot.screen_name == "routine"
    assert not copied.exists()
    assert not (data / "routines" / "pictures").exists()
    assert (downloads / "My tuck.png").read_bytes() == png(64, 48, shade=80)  # never touched


def test_a_saved_edit_keeps_its_picture_and_a_later_discard_leaves_it(
    start_app: StartApp,
    tmp_path: Path,
    downloads: Path,  # noqa: F811 (the fixture)
) -> None:
    (downloads / "My tuck.png").write_bytes(png(64, 48, shade=80))
    (downloads / "Other.png").write_bytes(png(32, 24, shade=150))
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    routine_id = pilot.current_screen.draft.id
    edit_step(pilot, 1)
    choose_file_picture(pilot, "Other.png")  # then replaced: nothing shows it
    choose_file_picture(pilot, "My tuck.png")
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    folder = data / "routines" / "pictures" / routine_id
    kept = folder / "my-tuck.png"
    assert kept.read_bytes() == png(64, 48, shade=80)
    assert not (folder / "other.png").exists()
    assert pilot.current_screen.routine.steps[1].images == (f"pictures/{routine_id}/my-tuck.png",)

    # The saved routine's picture is its own now: a discarded edit of it never removes it,
    # even when the same file is chosen again (the same bytes: the copy is used again).
    pilot.tap_button("Edit")
    edit_step(pilot, 1)
    choose_file_picture(pilot, "My tuck.png")
    choose_file_picture(pilot, "Other.png")
    pilot.tap_button("Done")
    pilot.tap_button("Cancel")
    pilot.tap_button("Discard")
    assert pilot.screen_name == "routine"
    assert kept.read_bytes() == png(64, 48, shade=80)
    assert sorted(path.name for path in folder.iterdir()) == ["my-tuck.png"]


def test_closing_the_app_mid_edit_takes_the_copied_picture_with_the_draft(
    start_app: StartApp,
    tmp_path: Path,
    downloads: Path,  # noqa: F811 (the fixture)
) -> None:
    """A draft is not kept when the app closes, so the picture only it shows is not either."""
    (downloads / "My tuck.png").write_bytes(png(64, 48, shade=80))
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    pilot.tap_button("New routine")
    routine_id = pilot.current_screen.draft.id
    edit_step(pilot, 0)
    choose_file_picture(pilot, "My tuck.png")
    copied = data / "routines" / "pictures" / routine_id / "my-tuck.png"
    assert copied.is_file()
    stop_app(pilot)
    assert not copied.exists()
