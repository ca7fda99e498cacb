"""A second start draws home from the index the first one wrote, and then reads the
routines all the same: what the files say is what home shows from the frame after."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.core.window import Window

from tests.ui.conftest import StartApp, stop_app
from tests.ui.pilot import Pilot
from unknot import __version__
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.home_index import (
    HOME_INDEX_FILE,
    Card,
    HomeCards,
    HomeIndexStore,
    index_key,
)
from unknot.ui.screens.home import RoutineRow

ROUTINE = "title: Plain rest\nsteps:\n  - title: Sit still\n    duration: 30s\n"


def titles(pilot: Pilot) -> list[str]:
    return sorted(w.title for w in pilot.walk(pilot.current_screen) if isinstance(w, RoutineRow))


def data_with_a_routine(tmp_path: Path) -> Path:
    """A data folder holding one routine of the person's."""
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "plain.yaml").write_text(ROUTINE)
    return data


def start_watching_first_frame(start_app: StartApp, data: Path) -> tuple[Pilot, dict[str, Any]]:
    """Starts the app and notes, at its first frame, the cards and whether it had read
    the routines by then."""
    seen: dict[str, Any] = {}

    def on_flip(*_args: object) -> None:
        app = App.get_running_app()
        if app is None or getattr(app, "root", None) is None or seen:
            return
        cards = [w for top in Window.children for w in top.walk() if isinstance(w, RoutineRow)]
        seen["titles"] = sorted(card.title for card in cards)
        seen["cards"] = cards
        seen["read"] = app.catalog.loaded

    Window.bind(on_flip=on_flip)
    try:
        pilot = start_app(data_dir=data)
    finally:
        Window.unbind(on_flip=on_flip)
    return pilot, seen


def test_the_second_start_draws_home_before_reading_the_routines(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = data_with_a_routine(tmp_path)
    first, seen_first = start_watching_first_frame(start_app, data)
    assert seen_first["read"] is True  # nothing to draw from yet
    assert "Plain rest" in titles(first)
    assert (data / HOME_INDEX_FILE).is_file()
    expected = titles(first)
    stop_app(first)

    second, seen = start_watching_first_frame(start_app, data)
    assert seen["read"] is False and seen["titles"] == expected
    assert second.app.catalog.loaded  # read at the next frame...
    cards = [w for w in second.walk(second.current_screen) if isinstance(w, RoutineRow)]
    assert cards == seen["cards"]  # ...which said the same: nothing redrawn
    second.tap_button("Plain rest")  # and the cards open their routines
    assert second.screen_name == "routine"


def test_an_index_that_says_otherwise_is_corrected_at_the_next_frame(
    start_app: StartApp, tmp_path: Path
) -> None:
    """The index matches the files by its key, but holds other cards (a hand edit, a
    bug): the first frame shows them, the next the truth."""
    data = data_with_a_routine(tmp_path)
    first, _ = start_watching_first_frame(start_app, data)
    truth = titles(first)
    stop_app(first)
    key = json.loads((data / HOME_INDEX_FILE).read_text())["key"]
    assert key == index_key(
        [BUILTIN_ROUTINES_DIR, data / "routines"],
        [data / "screening.json", data / "seated.json"],
        __version__,
    )
    stale = HomeCards(builtin=(Card("gone", "A routine since deleted", "1 min", ""),))
    HomeIndexStore(data / HOME_INDEX_FILE).save(key, stale)

    second, seen = start_watching_first_frame(start_app, data)
    assert seen["titles"] == ["A routine since deleted"]
    assert titles(second) == truth
    assert HomeIndexStore(data / HOME_INDEX_FILE).load(key) != stale  # written again


def test_a_routine_changed_between_starts_is_read_before_home_is_drawn(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = data_with_a_routine(tmp_path)
    stop_app(start_watching_first_frame(start_app, data)[0])
    (data / "routines" / "plain.yaml").write_text(ROUTINE.replace("Plain rest", "Quiet rest"))

    _pilot, seen = start_watching_first_frame(start_app, data)
    assert seen["read"] is True  # the key no longer matched
    assert "Quiet rest" in seen["titles"] and "Plain rest" not in seen["titles"]


def test_a_damaged_index_costs_only_the_speed(start_app: StartApp, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / HOME_INDEX_FILE).write_bytes(b'{"key": \xff\x00 garbage')
    pilot, seen = start_watching_first_frame(start_app, data)
    assert seen["read"] is True and "Chin tucks, level 1" in seen["titles"]
    assert pilot.app.notices.pending == ()  # nothing to tell: it is only a cache
    index = json.loads((data / HOME_INDEX_FILE).read_text())  # made again
    assert "Chin tucks, level 1" in [card["title"] for card in index["builtin"]]
