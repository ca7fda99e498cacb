"""The first start asks the safety questions; the answers shape the routines and can change."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import StartApp, stop_app
from tests.ui.flows import go_home, open_routine
from tests.ui.pilot import Pilot
from unknot.core.safety.screening import CLEARANCE_ADVICE, KEYS, PRESSURE_HIDDEN, ScreeningStore
from unknot.ui.screens.first_run import QuestionRow


def rows(pilot: Pilot) -> list[QuestionRow]:
    return [w for w in pilot.walk(pilot.current_screen) if isinstance(w, QuestionRow)]


def answer_all(
    pilot: Pilot, yes: frozenset[str] = frozenset(), skip: frozenset[str] = frozenset()
) -> None:
    """Taps Yes on the ``yes`` questions and No on the rest, leaving out those in ``skip``."""
    for row in rows(pilot):
        if row.key in skip:
            continue
        choice = "Yes" if row.key in yes else "No"
        button = next(w for w in row.walk(restrict=True) if getattr(w, "text", "") == choice)
        pilot.tap(button)


def test_a_new_install_asks_first_and_not_again(start_app: StartApp, tmp_path: Path) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data, first_run=True)
    assert pilot.screen_name == "first_run"
    assert len(rows(pilot)) == len(KEYS)
    assert pilot.current_screen.ids.continue_button.disabled
    answer_all(pilot)
    assert not pilot.current_screen.ids.continue_button.disabled
    pilot.tap_button("Continue")
    assert pilot.screen_name == "home"
    saved = ScreeningStore(data / "screening.json").load()
    assert saved is not None and saved.complete and not saved.clearance_advised

    stop_app(pilot)
    again = start_app(data_dir=data, first_run=True)
    assert again.screen_name == "home"


def test_one_question_unanswered_cannot_continue(start_app: StartApp, tmp_path: Path) -> None:
    pilot = start_app(data_dir=tmp_path / "data", first_run=True)
    answer_all(pilot, skip=frozenset({"fever_wound"}))
    assert pilot.current_screen.ids.continue_button.disabled


def test_a_yes_advises_clearance_and_marks_pressure_steps(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data", first_run=True)
    answer_all(pilot, frozenset({"bleeding"}))
    # Said as soon as the "yes" is given (before: only after Continue), before leaving.
    assert pilot.current_screen.advice == CLEARANCE_ADVICE
    assert CLEARANCE_ADVICE in pilot.texts()
    pilot.tap_button("I understand")
    assert pilot.screen_name == "home"
    open_routine(pilot, "Base-of-skull holds")
    assert any("check with your clinician first" in t for t in pilot.texts())


def test_shooting_pain_hides_pressure_steps_and_answers_change_in_settings(
    start_app: StartApp, tmp_path: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data", first_run=True)
    answer_all(pilot, frozenset({"shooting_pain"}))
    pilot.tap_button("I understand")
    open_routine(pilot, "Base-of-skull holds")
    routine = pilot.current_screen.routine
    assert not routine.has_pressure
    assert any(PRESSURE_HIDDEN in t for t in pilot.texts())

    go_home(pilot)
    pilot.tap_button("Settings")
    pilot.tap_button("Safety questions: see or change your answers")
    assert pilot.screen_name == "first_run"
    row = next(r for r in rows(pilot) if r.key == "shooting_pain")
    assert row.answer == "yes"
    answer_all(pilot)
    pilot.tap_button("Continue")
    assert pilot.screen_name == "settings"
    open_routine(pilot, "Base-of-skull holds")
    assert pilot.current_screen.routine.has_pressure


def test_the_first_start_says_what_unknot_is_once_and_marks_answers_as_chosen(
    start_app: StartApp, tmp_path: Path
) -> None:
    """Before: "Unknot guides gentle self-care" twice in a row, and a chosen "No" in orange."""
    from unknot.ui import theme

    pilot = start_app(data_dir=tmp_path / "data", first_run=True)
    said = "\n".join(pilot.texts())
    assert said.count("Unknot guides gentle self-care") == 1
    answer_all(pilot)
    chosen = [
        w
        for row in rows(pilot)
        for w in row.walk(restrict=True)
        if getattr(w, "state", "") == "down"
    ]
    assert len(chosen) == len(rows(pilot))
    assert all(tuple(w.fill) != tuple(theme.WARNING_DARK) for w in chosen)
    assert pilot.current_screen.advice == ""  # all "no": nothing to clear first
