"""A routine edited again after a save: the step editor must edit the new draft.

The drafts of two edits of one saved routine are equal (field for field), and a
Kivy property keeps its old value when the new one compares equal: the step
editor went on editing the first edit's draft, and a change made there was
silently lost at the next Save.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import StartApp
from tests.ui.flows import open_routine
from tests.ui.test_step_pictures import edit_step
from unknot.core.routines.loader import load_routine


def test_a_step_changed_in_a_second_edit_after_a_save_is_saved(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    edit_step(pilot, 1)
    pilot.type_into(pilot.current_screen.ids.field_title, "Rest the shoulders")
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"

    pilot.tap_button("Edit")
    edit_step(pilot, 1)
    assert pilot.current_screen.ids.field_title.value == "Rest the shoulders"
    pilot.type_into(pilot.current_screen.ids.field_title, "Rest and breathe")
    pilot.tap_button("Done")
    assert pilot.screen_name == "editor"
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"

    saved = load_routine(data / "routines" / "desk-break-mine.yaml")
    assert saved.steps[1].title == "Rest and breathe"
    assert pilot.current_screen.routine.steps[1].title == "Rest and breathe"
