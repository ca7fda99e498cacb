"""Home laid out once, top down, before its first frame (``first_layout.settle``): its
labels are rendered at the widths they keep, not at each width Kivy's passes go through."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from kivy.app import App
from kivy.core.window import Window
from kivy.uix.label import Label

from tests.ui.conftest import StartApp
from unknot.ui.screens.home import RoutineRow


def test_the_cards_words_are_rendered_once_at_their_own_width(
    start_app: StartApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    widths: dict[Label, list[float]] = defaultdict(list)
    drawn: list[bool] = []
    render = Label.texture_update

    def texture_update(self: Label, *args: Any) -> None:  # the name Kivy's trigger calls
        if not drawn:
            widths[self].append(self.width)
        render(self, *args)

    def on_flip(*_args: object) -> None:
        if getattr(App.get_running_app(), "root", None) is not None:
            drawn.append(True)

    monkeypatch.setattr(Label, "texture_update", texture_update)
    Window.bind(on_flip=on_flip)
    try:
        pilot = start_app()
    finally:
        Window.unbind(on_flip=on_flip)
    cards = [w for w in pilot.walk(pilot.current_screen) if isinstance(w, RoutineRow)]
    assert len(cards) >= 5
    for card in cards:
        for label in (card.ids.title_label, card.ids.details_label):
            assert widths[label] == [label.width], (label.text, widths[label])
