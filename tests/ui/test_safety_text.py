"""The precautions as the guide has them: what the first start says and asks, the clearance
advice on every routine and before every session, dizziness when lying down, each step's
instruction before Start, the warning signs with Call for help, and the emergency number."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from tests.ui.conftest import StartApp
from tests.ui.flows import answer_start_check, go_home, open_routine, open_settings
from tests.ui.pilot import KEY_ESCAPE, Pilot
from tests.ui.test_first_run import rows
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.routines.seated import seated_form
from unknot.core.safety.screening import (
    CHECKED_FIRST,
    CLEARANCE_NOTE,
    DIZZY_NOTE,
    DIZZY_STEP_MARK,
    KEYS,
    SEATED_NOTE,
    Screening,
    ScreeningStore,
)
from unknot.core.safety.wording import RED_FLAGS, SAME_DAY
from unknot.services import null_services
from unknot.services.traits import ANDROID_TRAITS, DESKTOP_TRAITS
from unknot.ui.screens.first_run import NEW_QUESTIONS

NEW_KEYS = ("nerve_treatment", "dizzy_lying")


def with_answers(data: Path, **yes: bool) -> None:
    ScreeningStore(data / "screening.json").save(Screening({**dict.fromkeys(KEYS, False), **yes}))


class Dialer:
    """A phone whose region is ``country``; ``opens`` says whether a dialer app is there."""

    def __init__(self, country: str, *, opens: bool) -> None:
        self.region = country
        self.opens = opens
        self.dialled: list[str] = []

    def country(self) -> str:
        return self.region

    def dial(self, number: str) -> bool:
        self.dialled.append(number)
        return self.opens


def start_with_dialer(start_app: StartApp, dialer: Dialer, *, phone: bool = False) -> Pilot:
    traits = ANDROID_TRAITS if phone else DESKTOP_TRAITS
    services = dataclasses.replace(null_services(traits=traits), dialer=dialer)
    return start_app(services=services)


def open_warning_signs(pilot: Pilot) -> None:
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"


def y_of(widget: object) -> float:
    return float(widget.to_window(widget.x, widget.y)[1])  # type: ignore[attr-defined]


# --- The first start ---------------------------------------------------------------------


def test_the_first_start_says_a_clinician_should_have_checked_before_the_questions(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data", first_run=True)
    screen = pilot.current_screen
    checked = next(w for w in pilot.walk(screen) if getattr(w, "text", None) == CHECKED_FIRST)
    first_question = rows(pilot)[0]
    assert y_of(checked) > y_of(first_question)  # above it, read first
    keys = [row.key for row in rows(pilot)]
    assert set(NEW_KEYS) <= set(keys)
    texts = " ".join(row.text for row in rows(pilot))
    assert "occipital nerve stimulator" in texts and "last 7 days" in texts
    assert "lying down" in texts and "dizzy" in texts


def test_answers_from_before_the_new_questions_are_asked_once_with_the_old_ones_filled_in(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    old = {key: key == "bleeding" for key in KEYS if key not in NEW_KEYS}
    (data / "screening.json").write_text(json.dumps({"answers": old}), encoding="utf-8")

    pilot = start_app(data_dir=data)
    assert pilot.screen_name == "first_run"
    assert NEW_QUESTIONS in pilot.texts()
    answers = {row.key: row.answer for row in rows(pilot)}
    earlier = {key: "yes" if yes else "no" for key, yes in old.items()}
    assert answers == {**earlier, **dict.fromkeys(NEW_KEYS, "")}
    assert pilot.current_screen.ids.continue_button.disabled
    pilot.press_key(KEY_ESCAPE)
    assert pilot.screen_name == "first_run"  # no way round the new questions

    for row in rows(pilot):
        if row.key in NEW_KEYS:
            pilot.tap(next(w for w in row.walk(restrict=True) if getattr(w, "text", "") == "No"))
    pilot.tap_button("I understand")  # the earlier "yes" still asks for clearance
    assert pilot.screen_name == "home"
    saved = ScreeningStore(data / "screening.json").load()
    assert saved is not None and saved.complete
    assert saved.answers["bleeding"] and not saved.answers["dizzy_lying"]


def test_a_reminder_cannot_open_a_routine_past_the_new_questions(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    old = dict.fromkeys((key for key in KEYS if key not in NEW_KEYS), False)
    (data / "screening.json").write_text(json.dumps({"answers": old}), encoding="utf-8")
    pilot = start_app(data_dir=data, open_routine_id="chin-tucks-1")
    assert pilot.screen_name == "first_run"


# --- Clearance everywhere, dizziness, the steps before Start -------------------------------


def test_any_yes_shows_the_clearance_advice_on_a_routine_without_pressure_and_before_a_session(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data, nerve_treatment=True)
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Chin tucks, level 1")
    texts = pilot.texts()
    assert CLEARANCE_NOTE in texts
    assert texts.index(CLEARANCE_NOTE) < texts.index("Steps")  # first, before the steps

    pilot.tap_button("Start")
    assert pilot.screen_name == "start_check"
    texts = pilot.texts()
    assert CLEARANCE_NOTE in texts
    assert texts.index(CLEARANCE_NOTE) < texts.index("Do you have any of these right now?")


def test_all_no_shows_no_clearance_advice_anywhere(start_app: StartApp) -> None:
    pilot = start_app()
    open_routine(pilot, "Chin tucks, level 1")
    assert CLEARANCE_NOTE not in pilot.texts()
    pilot.tap_button("Start")
    assert CLEARANCE_NOTE not in pilot.texts()


def test_dizziness_gives_the_seated_versions_on_the_routine_screen_and_in_the_player(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data, dizzy_lying=True)
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Base-of-skull holds")
    texts = pilot.texts()
    seated = seated_form(load_routine(BUILTIN_ROUTINES_DIR / "base-of-skull-release.yaml"))
    assert SEATED_NOTE in texts
    assert DIZZY_STEP_MARK not in texts  # nothing left to skip: the towel roll is seated
    assert "1. Towel roll behind the base of the skull" in texts
    assert seated.steps[0].cue in texts
    assert not any("Lie on your back" in text for text in texts)
    pilot.tap_button("Start")
    answer_start_check(pilot, 1)
    assert pilot.screen_name == "player"
    assert (
        pilot.app.controller.session.routine.steps[0].position
        == "sitting tall in a high-backed chair"
    )


def test_a_lying_step_without_a_seated_version_is_marked_to_skip(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data, dizzy_lying=True)
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "floor.yaml").write_text(
        "title: Floor rest\nsteps:\n"
        "  - title: Lie still\n    position: lying on the floor\n    duration: 1m\n"
        "  - title: Sit up\n    position: sitting\n    duration: 30s\n"
    )
    pilot = start_app(data_dir=data, routine_dirs=[folder])
    open_routine(pilot, "Floor rest")
    texts = pilot.texts()
    assert texts.count(DIZZY_STEP_MARK) == 1
    assert texts.index("1. Lie still") < texts.index(DIZZY_STEP_MARK) < texts.index("2. Sit up")
    assert DIZZY_NOTE in texts and SEATED_NOTE not in texts


def test_without_dizziness_no_step_is_marked(start_app: StartApp) -> None:
    pilot = start_app()
    open_routine(pilot, "Chin tucks, level 1")
    assert DIZZY_STEP_MARK not in pilot.texts()


def test_the_routine_screen_shows_each_steps_instruction_before_start(
    start_app: StartApp,
) -> None:
    pilot = start_app()
    open_routine(pilot, "Desk break")
    texts = pilot.texts()
    routine = load_routine(BUILTIN_ROUTINES_DIR / "desk-break.yaml")
    for step in routine.steps:
        assert step.cue in texts, step.title


# --- The warning signs and Call for help ---------------------------------------------------


def test_the_warning_signs_are_the_guides(start_app: StartApp) -> None:
    pilot = start_app()
    open_warning_signs(pilot)
    texts = pilot.texts()
    for item in (*RED_FLAGS, *SAME_DAY):
        assert item in texts
    joined = " ".join(texts)
    assert "Pupils of different sizes" in joined
    assert "New or unusual for you" in joined
    assert "A headache with fever and a stiff neck." in joined


def test_on_a_desktop_call_for_help_shows_the_regions_number_large(start_app: StartApp) -> None:
    dialer = Dialer("GB", opens=False)
    pilot = start_with_dialer(start_app, dialer)
    open_warning_signs(pilot)
    screen = pilot.current_screen
    assert screen.ids.number_label.opacity == 0
    pilot.tap_button("Call for help (999)")
    assert dialer.dialled == ["999"]
    assert screen.ids.number_label.opacity == 1
    assert screen.ids.number_label.text == "999"
    assert screen.ids.number_label.font_size > screen.ids.call_button.font_size * 2


def test_on_a_phone_call_for_help_opens_the_dialer_and_shows_nothing_more(
    start_app: StartApp,
) -> None:
    dialer = Dialer("US", opens=True)
    pilot = start_with_dialer(start_app, dialer, phone=True)
    open_warning_signs(pilot)
    assert any("never calls by itself" in t for t in pilot.texts())
    pilot.tap_button("Call for help (911)")
    assert dialer.dialled == ["911"]
    assert pilot.current_screen.ids.number_label.opacity == 0
    assert pilot.screen_name == "red_flags"


def test_a_number_chosen_in_settings_is_the_one_called(start_app: StartApp, tmp_path: Path) -> None:
    dialer = Dialer("DE", opens=False)
    pilot = start_with_dialer(start_app, dialer)
    open_settings(pilot)
    assert any("112 (your region's emergency number)" in t for t in pilot.texts())
    field = pilot.current_screen.ids.emergency_field
    pilot.type_into(field, "1a")
    assert "only have digits" in field.message
    pilot.type_into(field, "000")
    assert field.message == ""
    saved = json.loads((tmp_path / "data" / "settings.json").read_text(encoding="utf-8"))
    assert saved["emergency_number"] == "000"

    go_home(pilot)
    open_warning_signs(pilot)
    pilot.tap_button("Call for help (000)")
    assert dialer.dialled == ["000"]

    pilot.tap_button("Back")
    open_settings(pilot)
    pilot.tap_button("Use my region's number (112)")
    saved = json.loads((tmp_path / "data" / "settings.json").read_text(encoding="utf-8"))
    assert saved["emergency_number"] == ""
    go_home(pilot)
    open_warning_signs(pilot)
    assert pilot.has_button("Call for help (112)")
