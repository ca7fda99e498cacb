"""The "Sleep and screens" card, in a real window: one tap from home, its four pictures
shown beside their sentences at phone and desktop size, the desk tip's way into the desk
break, and Back home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kivy.core.window import Window
from kivy.uix.widget import Widget

from tests.ui.conftest import StartApp
from tests.ui.pilot import Pilot, ancestors
from unknot.core.paths import ASSETS_DIR
from unknot.core.safety.sleep_card import DESK_BREAK_ID, OPEN_DESK_BREAK, TIPS, TITLE
from unknot.ui.widgets.step_picture import StepPicture

SIZES = {"phone": (412, 892), "desktop": (800, 600)}


@pytest.fixture(params=sorted(SIZES))
def sized_window(request: pytest.FixtureRequest) -> Iterator[tuple[int, int]]:
    before = Window.size
    Window.size = SIZES[request.param]
    yield SIZES[request.param]
    Window.size = before


def open_card(pilot: Pilot) -> None:
    assert pilot.screen_name == "home"
    pilot.tap_button(TITLE)
    assert pilot.screen_name == "sleep"


def pictures(pilot: Pilot) -> list[StepPicture]:
    found = pilot.find_all(lambda w: isinstance(w, StepPicture), pilot.current_screen)
    return sorted(found, key=lambda w: -w.to_window(*w.pos)[1])  # top first


def seen(widget: Widget) -> bool:
    return all(n.opacity > 0 and n.width > 0 and n.height > 0 for n in ancestors(widget))


def test_one_tap_from_home_opens_the_card_with_its_four_tips(start_app: StartApp) -> None:
    pilot = start_app()
    open_card(pilot)

    texts = pilot.texts()
    assert TITLE in texts
    for tip in TIPS:
        assert tip.text in texts


def test_every_picture_is_shown_whole_beside_its_sentence(
    start_app: StartApp, sized_window: tuple[int, int]
) -> None:
    width, _height = sized_window
    pilot = start_app()
    open_card(pilot)
    pilot.frames(4)

    shown = pictures(pilot)
    assert [Path(p.source).name for p in shown] == [tip.picture for tip in TIPS]
    for picture in shown:
        assert Path(picture.source).is_file()
        assert Path(picture.source).parent == ASSETS_DIR / "pictures"
        pilot.scroll_into_view(picture)
        pilot.frames(2)
        assert seen(picture), picture.source
        assert picture.texture is not None and picture.texture.size == (800, 600)
        drawn_width, drawn_height = picture.norm_image_size
        assert drawn_width > 100 and drawn_height > 75, (picture.source, drawn_width)
        left, _bottom = picture.to_window(*picture.pos)
        assert left >= 0 and left + picture.width <= width + 1
    # On a phone the sentence is under its picture; on a wider window beside it.
    row = shown[0].parent
    sentence = row.ids.sentence
    if width < 560:
        assert sentence.top <= shown[0].y + 1
    else:
        assert sentence.x >= shown[0].right - 1


def test_the_desk_tip_opens_the_desk_break_and_back_returns_to_the_card(
    start_app: StartApp,
) -> None:
    pilot = start_app()
    open_card(pilot)

    pilot.tap_button(OPEN_DESK_BREAK)

    assert pilot.screen_name == "routine"
    assert pilot.current_screen.routine.id == DESK_BREAK_ID
    assert "Desk break" in pilot.texts()
    pilot.tap_button("Back")
    assert pilot.screen_name == "sleep"


def test_only_the_desk_tip_offers_a_routine(start_app: StartApp) -> None:
    pilot = start_app()
    open_card(pilot)
    assert pilot.has_button(OPEN_DESK_BREAK)
    rows = [p.parent for p in pictures(pilot)]
    assert [row.offered for row in rows] == [False, False, False, True]


def test_without_the_desk_break_the_card_offers_no_button(
    start_app: StartApp, tmp_path: Path
) -> None:
    """A person whose routines do not include the desk break gets no dead button."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "rest.yaml").write_text(
        "title: Rest\nid: rest\nsteps:\n  - title: Rest\n    duration: 1m\n"
    )
    pilot = start_app(routine_dirs=[folder])
    open_card(pilot)
    assert not pilot.has_button(OPEN_DESK_BREAK)
    assert TIPS[-1].text in pilot.texts()


def test_back_returns_home(start_app: StartApp) -> None:
    pilot = start_app()
    open_card(pilot)
    pilot.tap_button("Back")
    assert pilot.screen_name == "home"


def test_the_warning_signs_are_one_tap_away(start_app: StartApp) -> None:
    pilot = start_app()
    open_card(pilot)
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"
