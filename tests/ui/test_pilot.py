"""The pilot checks its own moves: a tap that no finger could make, or typing that never
reached the field, fails the test instead of quietly doing something else."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

import tests.ui.conftest  # noqa: F401  (the window's size and the shifted Kivy clock)
from tests.ui.pilot import Pilot

pytestmark = pytest.mark.ui


class Cover(Widget):
    """A see-through widget that takes every touch on it, as a forgotten overlay would."""

    def on_touch_down(self, touch: Any) -> bool:
        return bool(self.collide_point(*touch.pos))


@pytest.fixture
def layout() -> Iterator[FloatLayout]:
    """A bare layout in the real window, without the app."""
    holder = FloatLayout()
    Window.add_widget(holder)
    yield holder
    Window.remove_widget(holder)


def place(layout: FloatLayout, widget: Widget, pos: tuple[int, int], size: tuple[int, int]) -> Any:
    widget.size_hint = (None, None)
    widget.pos, widget.size = pos, size
    layout.add_widget(widget)
    return widget


def test_a_tap_on_a_plain_button_presses_it(layout: FloatLayout) -> None:
    pilot = Pilot()
    pressed: list[str] = []
    button = place(layout, Button(text="Go"), (50, 50), (120, 60))
    button.bind(on_release=lambda *_: pressed.append("go"))
    pilot.frames(2)
    pilot.tap(button)
    assert pressed == ["go"]


def test_a_tap_on_a_button_under_a_cover_fails_and_names_the_cover(layout: FloatLayout) -> None:
    pilot = Pilot()
    pressed: list[str] = []
    button = place(layout, Button(text="Go"), (50, 50), (120, 60))
    button.bind(on_release=lambda *_: pressed.append("go"))
    place(layout, Cover(), (0, 0), (400, 400))  # added last: on top
    pilot.frames(2)
    with pytest.raises(AssertionError, match="aimed at Button 'Go' did not reach it: Cover"):
        pilot.tap(button)
    assert pressed == []


def test_a_tap_on_a_button_of_no_height_fails(layout: FloatLayout) -> None:
    pilot = Pilot()
    button = place(layout, Button(text="Flat"), (50, 50), (120, 0))
    pilot.frames(2)
    with pytest.raises(AssertionError, match="Button 'Flat' is 120x0: nothing to tap"):
        pilot.tap(button)


def test_a_tap_on_an_invisible_button_fails(layout: FloatLayout) -> None:
    pilot = Pilot()
    button = place(layout, Button(text="Ghost", opacity=0), (50, 50), (120, 60))
    pilot.frames(2)
    with pytest.raises(AssertionError, match="is invisible"):
        pilot.tap(button)


def test_typing_goes_through_focus_and_keys(layout: FloatLayout) -> None:
    pilot = Pilot()
    field = place(layout, TextInput(text="old words", multiline=False), (50, 300), (300, 50))
    typed: list[str] = []
    field.bind(text=lambda _field, text: typed.append(text))
    pilot.frames(2)
    pilot.type_into(field, "8s")
    assert field.text == "8s"
    assert typed[-3:] == ["", "8", "8s"]  # cleared, then one character at a time


def test_typing_into_a_covered_field_fails(layout: FloatLayout) -> None:
    pilot = Pilot()
    field = place(layout, TextInput(text="kept", multiline=False), (50, 300), (300, 50))
    place(layout, Cover(), (0, 250), (400, 150))
    pilot.frames(2)
    with pytest.raises(AssertionError, match="did not reach it"):
        pilot.type_into(field, "lost")
    assert field.text == "kept"


def test_time_passes_for_kivy_timers_only_when_the_test_says(layout: FloatLayout) -> None:
    pilot = Pilot()
    fired: list[float] = []
    event = Clock.schedule_interval(lambda dt: fired.append(dt), 15)
    try:
        pilot.frames(3)
        assert fired == []
        pilot.pass_time(10)
        assert fired == []
        pilot.pass_time(6)
        assert len(fired) == 1
    finally:
        event.cancel()
