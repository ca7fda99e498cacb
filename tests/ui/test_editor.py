"""The routine editor in a real window: duplicate, change, add, save, play, import, export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.ui.conftest import StartApp, stop_app
from tests.ui.flows import answer_start_check, go_home, open_routine
from tests.ui.pilot import Pilot
from unknot.core.routines.loader import load_routine, parse_routine_text
from unknot.services import null_services
from unknot.services.traits import ANDROID_TRAITS
from unknot.ui.screens.editor import StepCard
from unknot.ui.screens.home import RoutineRow


@pytest.fixture
def home_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home


def cards(pilot: Pilot) -> list[StepCard]:
    return [w for w in pilot.walk(pilot.current_screen) if isinstance(w, StepCard)]


def card_button(card: StepCard, text: str) -> object:
    return next(w for w in card.walk(restrict=True) if getattr(w, "text", None) == text)


def home_titles(pilot: Pilot, grid: str) -> list[str]:
    """The routines the home screen lists in ``grid``, shown or not at the moment."""
    holder = pilot.screen("home").ids[grid]
    return [w.title for w in holder.children[::-1] if isinstance(w, RoutineRow)]


def test_duplicate_chin_tucks_change_it_add_a_step_save_and_play(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Chin tucks, level 1")
    assert pilot.button("Duplicate and edit")
    assert pilot.current_screen.ids.delete_button.disabled  # a built-in cannot be deleted
    pilot.tap_button("Duplicate and edit")
    assert pilot.screen_name == "editor"
    assert pilot.current_screen.ids.field_title.value == "Chin tucks, level 1 (my copy)"

    pilot.tap(card_button(cards(pilot)[0], "Edit"))
    assert pilot.screen_name == "step_editor"
    step = pilot.current_screen
    for _ in range(2):
        pilot.tap(step.ids.field_reps.ids.plus)  # 10 -> 12
    pilot.type_into(step.ids.field_hold, "8s")
    assert step.ids.field_reps.value == "12"
    assert step.ids.field_hold.message == ""
    pilot.tap_button("Done")
    assert pilot.screen_name == "editor"
    assert "12 reps, hold 8s" in cards(pilot)[0].details

    pilot.tap_button("Add a timed step")
    assert pilot.screen_name == "step_editor"
    step = pilot.current_screen
    pilot.type_into(step.ids.field_title, "Rest with your eyes closed")
    pilot.type_into(step.ids.field_duration, "1m")
    pilot.tap_button("Done")
    assert [c.title for c in cards(pilot)] == ["1. Chin tuck", "2. Rest with your eyes closed"]
    assert "About" in pilot.current_screen.total

    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    saved = pilot.current_screen.routine
    assert saved.id == "chin-tucks-1-mine"
    assert (saved.steps[0].reps.low, saved.steps[0].hold) == (12, 8.0)
    assert saved.steps[1].duration == 60.0
    on_disk = load_routine(data / "routines" / "chin-tucks-1-mine.yaml")
    assert on_disk == saved
    assert home_titles(pilot, "mine_list") == ["Chin tucks, level 1 (my copy)"]
    assert "Chin tucks, level 1" in home_titles(pilot, "routine_list")

    pilot.tap_button("Start")
    answer_start_check(pilot, 1)
    assert pilot.screen_name == "player"
    assert pilot.app.controller.session.routine.id == "chin-tucks-1-mine"


def test_a_new_routine_shows_an_error_as_it_is_typed_and_keeps_the_text(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data")
    pilot.tap_button("New routine")
    editor = pilot.current_screen
    title = editor.ids.field_title
    pilot.type_into(title, "")
    assert title.message == "Give the routine a title."
    assert editor.ids.save_button.disabled
    pilot.type_into(title, "Evening unwind")
    assert title.message == ""
    assert not editor.ids.save_button.disabled

    pilot.tap(card_button(cards(pilot)[0], "Edit"))
    step = pilot.current_screen
    duration = step.ids.field_duration
    pilot.type_into(duration, "3 minutez")
    assert duration.message != ""
    assert duration.ids.input.text == "3 minutez"  # nothing typed is lost
    pilot.type_into(duration, "3m")
    assert duration.message == ""
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    assert pilot.current_screen.routine.title == "Evening unwind"
    assert "Evening unwind" in home_titles(pilot, "mine_list")


def test_an_invalid_routine_cannot_be_saved(start_app: StartApp, tmp_path: Path) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    pilot.tap_button("New routine")
    pilot.tap(card_button(cards(pilot)[0], "Edit"))
    pilot.tap_button("Reps")
    pilot.type_into(pilot.current_screen.ids.field_reps, "12-8")
    assert "backwards" in pilot.current_screen.ids.field_reps.message
    pilot.tap_button("Done")
    assert pilot.current_screen.ids.save_button.disabled
    assert "Needs a look" in cards(pilot)[0].message
    assert not (data / "routines").exists() or not list((data / "routines").glob("*.yaml"))


def test_step_list_reorder_copy_remove(start_app: StartApp, tmp_path: Path) -> None:
    pilot = start_app(data_dir=tmp_path / "data")
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    first = [c.title.split(". ", 1)[1] for c in cards(pilot)]
    pilot.tap(card_button(cards(pilot)[0], "Down"))
    after = [c.title.split(". ", 1)[1] for c in cards(pilot)]
    assert after[:2] == [first[1], first[0]]
    pilot.tap(card_button(cards(pilot)[1], "Up"))
    assert [c.title.split(". ", 1)[1] for c in cards(pilot)] == first
    pilot.tap(card_button(cards(pilot)[0], "Copy"))
    assert len(cards(pilot)) == len(first) + 1
    pilot.tap(card_button(cards(pilot)[1], "Remove"))
    assert [c.title.split(". ", 1)[1] for c in cards(pilot)] == first


def test_delete_and_undo(start_app: StartApp, tmp_path: Path) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Duplicate and edit")
    pilot.tap_button("Save")
    pilot.tap_button("Delete this routine")
    assert pilot.screen_name == "home"
    assert home_titles(pilot, "mine_list") == []
    assert "Deleted 'Desk break (my copy)'" in pilot.current_screen.notice
    pilot.tap_button("Undo")
    assert home_titles(pilot, "mine_list") == ["Desk break (my copy)"]


def import_from(pilot: Pilot, folder: Path, name: str) -> None:
    """Opens the importer (it starts in Downloads) and taps the file, as a person would."""
    pilot.tap_button("Import a routine")
    assert pilot.screen_name == "import"
    assert pilot.current_screen.folder == str(folder)
    pilot.tap_button(name)
    assert pilot.current_screen.chosen == str(folder / name)


def test_export_then_import_on_another_install(
    start_app: StartApp, tmp_path: Path, home_dir: Path
) -> None:
    first = start_app(data_dir=tmp_path / "first")
    open_routine(first, "Chin tucks, level 1")
    first.tap_button("Duplicate and edit")
    first.tap(card_button(cards(first)[0], "Edit"))
    first.type_into(first.current_screen.ids.field_reps, "12")
    first.tap_button("Done")
    first.tap_button("Save")
    first.tap_button("Export")
    exported = home_dir / "Downloads" / "chin-tucks-1-mine.yaml"
    assert str(exported) in first.current_screen.message
    mine = first.current_screen.routine
    stop_app(first)

    second = start_app(data_dir=tmp_path / "second")
    import_from(second, exported.parent, exported.name)
    second.tap_button("Import chin-tucks-1-mine.yaml")
    assert second.screen_name == "routine"
    assert second.current_screen.routine == mine
    assert home_titles(second, "mine_list") == ["Chin tucks, level 1 (my copy)"]

    # The same file again: it asks before replacing anything.
    second.tap_button("Back")
    import_from(second, exported.parent, exported.name)
    second.tap_button("Import chin-tucks-1-mine.yaml")
    assert second.current_screen.asking
    assert "already have" in second.current_screen.problem
    second.tap_button("Keep both")
    assert second.screen_name == "routine"
    assert len(home_titles(second, "mine_list")) == 2


def test_a_bad_import_shows_its_problems_and_changes_nothing(
    start_app: StartApp, tmp_path: Path, home_dir: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    bad = home_dir / "Downloads" / "broken.yaml"
    bad.write_text("title: Broken\nsteps:\n  - title: Hold\n    duraton: 30s\n")
    before = (
        sorted(p.name for p in (data / "routines").glob("*"))
        if (data / "routines").exists()
        else []
    )
    import_from(pilot, bad.parent, bad.name)
    pilot.tap_button("Import broken.yaml")
    assert pilot.screen_name == "import"
    problem = pilot.current_screen.problem
    assert "nothing was imported" in problem
    assert "steps[1].duraton" in problem and "duration" in problem
    # Before: "Broken.yaml ...", no line numbers, and Import still enabled for it.
    assert problem.startswith("broken.yaml is not a routine")
    assert "line 4: steps[1].duraton" in problem
    assert not pilot.has_button("Import broken.yaml")  # disabled: known to be bad
    after = (
        sorted(p.name for p in (data / "routines").glob("*"))
        if (data / "routines").exists()
        else []
    )
    assert after == before
    assert home_titles(pilot, "mine_list") == []


def test_try_it_plays_the_unsaved_routine_and_comes_back_to_the_editor(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data")
    pilot.tap_button("New routine")
    pilot.type_into(pilot.current_screen.ids.field_title, "Just trying")
    pilot.tap_button("Try it")
    assert pilot.screen_name == "start_check"
    answer_start_check(pilot, 1)
    assert pilot.screen_name == "player"
    assert pilot.app.controller.session.routine.title == "Just trying"
    pilot.tap_button("Stop: pain is worse")
    assert pilot.screen_name == "stopped"
    pilot.tap_button("Back to routines")
    assert pilot.screen_name == "editor"
    assert pilot.current_screen.ids.field_title.value == "Just trying"
    assert home_titles(pilot, "mine_list") == []  # trying saves nothing


class PickerDocuments:
    """The system's document picker, as the app sees it (``Documents``): the chosen file
    arrives as a local copy, and a save reports the name the person chose."""

    def __init__(self, picked: Path | None) -> None:
        self.picked = picked
        self.saved: list[bytes] = []

    def pick_routine_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        on_picked(self.picked)
        return True

    def pick_picture_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        on_picked(None)  # no picture is chosen in these tests
        return True

    def save_file(
        self, source: Path, suggested_name: str, on_done: Callable[[str | None], None]
    ) -> bool:
        self.saved.append(source.read_bytes())
        on_done(f"Documents/{suggested_name}")
        return True


def test_with_a_system_picker_the_picked_file_is_imported_and_exports_go_to_it(
    start_app: StartApp, tmp_path: Path
) -> None:
    shared = tmp_path / "cache" / "evening.yaml"
    shared.parent.mkdir()
    shared.write_text("title: Evening rest\nsteps:\n  - title: Rest\n    duration: 2m\n")
    documents = PickerDocuments(shared)
    pilot = start_app(
        data_dir=tmp_path / "data",
        services=replace(null_services(traits=ANDROID_TRAITS), documents=documents),
    )
    pilot.tap_button("Import a routine")
    assert pilot.screen_name == "routine"
    assert pilot.current_screen.routine.title == "Evening rest"
    pilot.tap_button("Export")
    (saved,) = documents.saved
    assert parse_routine_text(saved) == pilot.current_screen.routine  # written with its id
    assert pilot.current_screen.message == "Saved as Documents/evening.yaml."


def test_a_reps_step_switched_to_timed_takes_a_duration_and_saves(
    start_app: StartApp, tmp_path: Path
) -> None:
    """Before: "Timed" answered only at its top edge, and "How long" took no typing after it."""
    pilot = start_app(data_dir=tmp_path / "data")
    pilot.tap_button("New routine")
    pilot.type_into(pilot.current_screen.ids.field_title, "Evening unwind")
    pilot.tap_button("Add reps")
    step = pilot.current_screen
    assert step.counted
    pilot.tap_button("Timed")  # the pilot fails if the touch lands on anything else
    assert not step.counted
    pilot.type_into(step.ids.field_duration, "45s")
    assert step.ids.field_duration.message == ""
    pilot.tap_button("Done")
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    assert [s.duration for s in pilot.current_screen.routine.steps][-1] == 45


def test_duplicate_then_cancel_leaves_no_copy(start_app: StartApp, tmp_path: Path) -> None:
    """Before: four Duplicate-then-Cancel rounds left four copies."""
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    for _ in range(4):
        open_routine(pilot, "Chin tucks, level 1")
        pilot.tap_button("Duplicate and edit")
        assert pilot.screen_name == "editor"
        pilot.tap_button("Cancel")
        assert pilot.screen_name == "routine"
    assert not list((data / "routines").glob("*.yaml"))
    go_home(pilot)
    assert home_titles(pilot, "mine_list") == []


def test_cancel_with_changes_asks_before_throwing_them_away(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Duplicate and edit")
    pilot.type_into(pilot.current_screen.ids.field_title, "My evening tucks")
    pilot.tap_button("Cancel")
    assert pilot.screen_name == "editor"  # asked, not left
    assert any("not saved" in text for text in pilot.texts())
    pilot.tap_button("Save")
    assert pilot.screen_name == "routine"
    assert [p.name for p in (data / "routines").glob("*.yaml")] == ["chin-tucks-1-mine.yaml"]
    open_routine(pilot, "My evening tucks")
    pilot.tap_button("Edit")
    pilot.type_into(pilot.current_screen.ids.field_title, "Changed again")
    pilot.tap_button("Cancel")
    pilot.tap_button("Discard")
    assert pilot.screen_name == "routine"
    assert pilot.current_screen.routine.title == "My evening tucks"
