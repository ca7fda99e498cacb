"""A step's picture from a file where the system has its own picker (Android), in a real window.

The app cannot list the person's folders there, so the picture screen offers one
button that opens the system's picker; the picked picture (a local copy, as the
documents service gives it) is then checked and copied beside the routine like
any picture file, and a discarded edit takes the copy with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tests.picture_files import png
from tests.ui.conftest import StartApp
from tests.ui.pilot import Pilot
from tests.ui.test_step_pictures import edit_step
from unknot.services import null_services
from unknot.services.traits import ANDROID_TRAITS


class PicturePicker:
    """The system's picker as the app sees it (``Documents``): a picture pick answers with a
    local copy, or None (cancelled) when there is nothing to give; or it cannot open."""

    def __init__(self, picked: Path | None, *, opens: bool = True) -> None:
        self.picked = picked
        self.opens = opens
        self.asked = 0

    def pick_routine_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return False

    def pick_picture_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        self.asked += 1
        if not self.opens:
            return False
        on_picked(self.picked)
        return True

    def save_file(
        self, source: Path, suggested_name: str, on_done: Callable[[str | None], None]
    ) -> bool:
        return False


def start_on_a_new_step(start_app: StartApp, data: Path, picker: PicturePicker) -> Pilot:
    pilot = start_app(
        data_dir=data, services=replace(null_services(traits=ANDROID_TRAITS), documents=picker)
    )
    pilot.tap_button("New routine")
    edit_step(pilot, 0)
    pilot.tap_button("Choose a picture")
    assert pilot.screen_name == "pictures"
    return pilot


def test_the_picked_picture_is_chosen_copied_in_and_discarded_with_the_edit(
    start_app: StartApp, tmp_path: Path
) -> None:
    cache = tmp_path / "cache" / "picked-picture" / "IMG_2024 tuck.png"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(png(64, 48, shade=80))
    picker = PicturePicker(cache)
    data = tmp_path / "data"
    pilot = start_on_a_new_step(start_app, data, picker)
    routine_id = pilot.screen("editor").draft.id
    screen = pilot.current_screen
    assert screen.folder == ""  # no folder list: the app cannot see the person's folders
    assert not pilot.has_button("Use this picture")

    pilot.tap_button("Choose a picture file")

    assert picker.asked == 1
    assert screen.description == "Your picture IMG_2024 tuck.png, copied beside your routine."
    assert screen.description in pilot.texts()
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "step_editor"
    name = f"pictures/{routine_id}/img_2024-tuck.png"
    assert pilot.current_screen.ids.field_image.value == name
    copied = data / "routines" / name
    assert copied.read_bytes() == png(64, 48, shade=80)
    assert pilot.current_screen.preview == str(copied.resolve())

    pilot.tap_button("Done")
    pilot.tap_button("Cancel")
    pilot.tap_button("Discard")
    assert pilot.screen_name == "home"
    assert not copied.exists()


def test_a_picked_file_that_is_no_picture_is_refused_on_the_screen(
    start_app: StartApp, tmp_path: Path
) -> None:
    cache = tmp_path / "cache" / "picked-picture" / "holiday.heic"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    data = tmp_path / "data"
    pilot = start_on_a_new_step(start_app, data, PicturePicker(cache))
    pilot.tap_button("Choose a picture file")
    pilot.tap_button("Use this picture")
    assert pilot.screen_name == "pictures"
    assert pilot.current_screen.problem == (
        "holiday.heic is not a PNG or JPEG picture; save it as .png or .jpg."
    )
    assert not (data / "routines" / "pictures").exists()


def test_a_cancelled_pick_chooses_nothing(start_app: StartApp, tmp_path: Path) -> None:
    pilot = start_on_a_new_step(start_app, tmp_path / "data", PicturePicker(None))
    pilot.tap_button("Choose a picture file")
    assert pilot.screen_name == "pictures"
    assert pilot.current_screen.chosen == ""
    assert not pilot.has_button("Use this picture")


def test_a_picker_that_cannot_open_is_said(start_app: StartApp, tmp_path: Path) -> None:
    pilot = start_on_a_new_step(start_app, tmp_path / "data", PicturePicker(None, opens=False))
    pilot.tap_button("Choose a picture file")
    assert pilot.current_screen.problem.startswith("The system's file picker could not be opened")
    assert pilot.current_screen.problem in pilot.texts()
