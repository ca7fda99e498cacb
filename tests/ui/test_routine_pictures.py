"""A routine read, and seen, before Start: each step's picture beside its words on the routine's
screen, the "Lying / Seated" choice (kept across restarts, played by Start), and a small
picture on each of home's cards. In a real window, by taps, at phone size and 800x600."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from kivy.app import App
from kivy.core.window import Window
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from tests.ui.conftest import StartApp, stop_app
from tests.ui.flows import answer_start_check, go_home, open_routine
from tests.ui.pilot import Pilot, ancestors
from tests.ui.test_safety_text import with_answers
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.routines.model import Routine
from unknot.core.routines.seated import seated_form
from unknot.ui.screens.home import RoutineRow
from unknot.ui.screens.routine import StepRow

SIZES = {"phone": (412, 892), "desktop": (800, 600)}
SKULL = "Base-of-skull holds"
LYING_TITLE = "Towel roll under the base of the skull"
SEATED_TITLE = "Towel roll behind the base of the skull"


@pytest.fixture(params=sorted(SIZES))
def sized_window(request: pytest.FixtureRequest) -> Iterator[tuple[int, int]]:
    before = Window.size
    Window.size = SIZES[request.param]
    yield SIZES[request.param]
    Window.size = before


def skull_routine(*, seated: bool = False) -> Routine:
    routine = load_routine(BUILTIN_ROUTINES_DIR / "base-of-skull-release.yaml")
    return seated_form(routine) if seated else routine


def step_rows(pilot: Pilot) -> list[StepRow]:
    return [w for w in pilot.walk(pilot.current_screen) if isinstance(w, StepRow)]


def assert_seen(pilot: Pilot, picture: Widget) -> None:
    """Drawn, with a size, inside the window and inside the visible part of its list."""
    assert picture.texture is not None, f"{picture.source} has no texture"
    assert picture.width > 0 and picture.height > 0
    assert picture.norm_image_size[0] > 0 and picture.norm_image_size[1] > 0
    assert all(node.opacity > 0 for node in ancestors(picture))
    x, y = picture.to_window(*picture.center)
    assert 0 <= x <= Window.width and 0 <= y <= Window.height, (x, y)
    for node in ancestors(picture):
        if isinstance(node, ScrollView):
            _left, bottom = node.to_window(*node.pos)
            assert bottom <= y <= bottom + node.height, f"{picture.source} is scrolled out"


def texts_of(pilot: Pilot, row: Widget) -> list[str]:
    return pilot.texts(row)


def test_each_step_shows_its_picture_beside_its_words(
    start_app: StartApp, sized_window: tuple[int, int]
) -> None:
    pilot = start_app()
    open_routine(pilot, SKULL)
    routine = skull_routine()
    rows = step_rows(pilot)
    assert len(rows) == len(routine.steps)
    for index, (row, step) in enumerate(zip(rows, routine.steps, strict=True)):
        assert step.image_path is not None
        picture = row.ids.picture
        assert picture.source == str(step.image_path)
        assert not picture.mirrored  # one row a step: the side the picture draws
        pilot.scroll_into_view(picture)
        assert_seen(pilot, picture)
        assert f"{index + 1}. {step.title}" in texts_of(pilot, row)
        assert step.cue in texts_of(pilot, row)
        # Beside the words: the title starts right of the picture, level with its top.
        title = next(
            w for w in pilot.walk(row) if getattr(w, "text", "").startswith(f"{index + 1}.")
        )
        assert title.to_window(*title.pos)[0] >= picture.to_window(picture.right, 0)[0]


def test_a_step_without_a_picture_gives_its_words_the_whole_width(
    start_app: StartApp, routines_dir: Path
) -> None:
    (routines_dir / "plain.yaml").write_text(
        "title: Plain rest\nsteps:\n"
        "  - title: Sit still\n    duration: 30s\n    cue: Sit and breathe slowly.\n"
        "  - title: Shoulder rest\n    duration: 30s\n    image: pictures/rest-shoulders.png\n"
    )
    pilot = start_app(routine_dirs=[routines_dir])
    open_routine(pilot, "Plain rest")
    plain, pictured = step_rows(pilot)
    assert plain.ids.picture.width == 0 and plain.ids.picture.opacity == 0
    assert plain.ids.words.width == pytest.approx(plain.width)
    assert plain.height < pictured.height + 200  # no picture's room kept
    assert pictured.ids.picture.width > 0
    assert "Sit and breathe slowly." in pilot.texts(plain)
    assert not pilot.has_button("Seated") and not pilot.has_button("Lying")  # no choice


def test_the_seated_choice_shows_the_seated_steps_is_kept_and_is_what_start_plays(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_routine(pilot, SKULL)
    assert pilot.has_button("[x] Lying")
    assert f"1. {LYING_TITLE}" in pilot.texts()

    pilot.tap_button("Seated")

    assert pilot.screen_name == "routine"
    assert pilot.has_button("[x] Seated") and pilot.has_button("Lying")
    texts = pilot.texts()
    assert f"1. {SEATED_TITLE}" in texts and f"1. {LYING_TITLE}" not in texts
    seated = skull_routine(seated=True)
    first = step_rows(pilot)[0]
    assert first.ids.picture.source == str(seated.steps[0].image_path)
    assert first.ids.picture.source.endswith("towel-roll-seated.png")
    assert seated.steps[0].cue in texts

    stop_app(pilot)
    pilot = start_app(data_dir=data)
    open_routine(pilot, SKULL)
    assert pilot.has_button("[x] Seated")
    assert f"1. {SEATED_TITLE}" in pilot.texts()
    pilot.tap_button("Start")
    answer_start_check(pilot, 1)
    assert pilot.screen_name == "player"
    assert f"Next: {SEATED_TITLE}" in pilot.texts()  # "Get ready", then this step
    assert pilot.app.controller.session.routine.steps[0].title == SEATED_TITLE


def test_lying_chosen_again_plays_the_lying_steps(start_app: StartApp) -> None:
    pilot = start_app()
    open_routine(pilot, SKULL)
    pilot.tap_button("Seated")
    pilot.tap_button("Lying")
    assert pilot.has_button("[x] Lying")
    assert f"1. {LYING_TITLE}" in pilot.texts()
    pilot.tap_button("Start")
    answer_start_check(pilot, 1)
    assert f"Next: {LYING_TITLE}" in pilot.texts()
    assert pilot.app.controller.session.routine.steps[0].title == LYING_TITLE


def test_dizziness_makes_seated_the_default_and_lying_can_still_be_chosen(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data, dizzy_lying=True)
    pilot = start_app(data_dir=data)
    open_routine(pilot, SKULL)
    assert pilot.has_button("[x] Seated")
    assert f"1. {SEATED_TITLE}" in pilot.texts()
    assert step_rows(pilot)[0].ids.picture.source.endswith("towel-roll-seated.png")

    pilot.tap_button("Lying")
    assert f"1. {LYING_TITLE}" in pilot.texts()
    assert step_rows(pilot)[0].ids.picture.source.endswith("towel-roll-lying.png")


def test_the_choice_is_per_routine(start_app: StartApp) -> None:
    pilot = start_app()
    open_routine(pilot, SKULL)
    pilot.tap_button("Seated")
    open_routine(pilot, "Chin tucks, level 1")
    assert pilot.has_button("[x] Lying")
    assert step_rows(pilot)[0].ids.picture.source.endswith("chin-tuck-lying-rest.png")


def test_a_damaged_choices_file_opens_the_usual_form_and_is_said(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "seated.json").write_text('{"seated": {"base-of-skull-release": "maybe"}}')
    pilot = start_app(data_dir=data)
    assert any("Lying / Seated choices" in text for text in pilot.texts(pilot.app.root))
    open_routine(pilot, SKULL)
    assert pilot.has_button("[x] Lying")
    pilot.tap_button("Seated")
    assert json.loads((data / "seated.json").read_text()) == {
        "seated": {"base-of-skull-release": True}
    }
    assert list(data.glob("seated.json.damaged-*"))


def test_home_cards_show_a_picture_of_each_routine(
    start_app: StartApp, sized_window: tuple[int, int], routines_dir: Path
) -> None:
    (routines_dir / "plain.yaml").write_text(
        "title: Plain rest\nsteps:\n  - title: Sit still\n    duration: 30s\n"
    )
    pilot = start_app(routine_dirs=[BUILTIN_ROUTINES_DIR, routines_dir])
    go_home(pilot)
    builtin = {r.title: r for r in map(load_routine, BUILTIN_ROUTINES_DIR.glob("*.yaml"))}
    cards = [w for w in pilot.walk(pilot.current_screen) if isinstance(w, RoutineRow)]
    assert sorted(card.title for card in cards) == sorted([*builtin, "Plain rest"])
    for card in cards:
        picture = card.ids.picture
        if card.title == "Plain rest":
            assert picture.source == "" and picture.width == 0  # no hole
            assert card.ids.words.width == pytest.approx(card.width - card.padding[0] * 2)
            continue
        first = next(step for step in builtin[card.title].steps if step.image_path is not None)
        # The bundled picture's small version, drawn with it (tools/draw_pictures.py).
        full = first.image_path
        assert full is not None
        thumb = full.parent / "thumbs" / full.name
        assert picture.source == str(thumb), card.title
        assert picture.texture is not None and picture.texture.size == (200, 150)
        pilot.scroll_into_view(card)
        assert_seen(pilot, picture)


def test_home_draws_its_first_frame_before_the_cards_pictures_and_nothing_moves(
    start_app: StartApp, sized_window: tuple[int, int]
) -> None:
    """Decoding the cards' pictures waits for the frame after home's first
    (bench/startup.py), in the room the cards kept for them: nothing moves when they come."""
    first_frame: list[list[tuple[str, float, float]]] = []

    def on_flip(*_args: object) -> None:
        app = App.get_running_app()
        if app is None or getattr(app, "root", None) is None or first_frame:
            return
        cards = [w for top in Window.children for w in top.walk() if isinstance(w, RoutineRow)]
        first_frame.append([(c.ids.picture.source, c.ids.picture.width, c.height) for c in cards])

    Window.bind(on_flip=on_flip)
    try:
        pilot = start_app()
    finally:
        Window.unbind(on_flip=on_flip)
    assert first_frame and first_frame[0], "home's first frame was not seen"
    cards = [w for w in pilot.walk(pilot.current_screen) if isinstance(w, RoutineRow)]
    assert len(cards) == len(first_frame[0])
    for card, (source, width, height) in zip(cards, first_frame[0], strict=True):
        assert source == "" and width > 0, card.title  # room kept, nothing decoded yet
        assert card.ids.picture.source.endswith(".png") and card.ids.picture.texture is not None
        assert (card.ids.picture.width, card.height) == (width, height), card.title
