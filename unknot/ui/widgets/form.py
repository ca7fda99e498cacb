"""Form fields for the routine editor: a label, what is typed, and the message beside it.

The text a person types is never replaced by a message or reformatted while
they type: the field reports each change (``on_value``) and the screen sends
back a message to show under it, or none. Steppers change the value by a step
(5 seconds, one rep) for those who would rather tap than type on a phone.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from unknot.core.durations import TimeError, format_time, parse_time
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

Stepper = Callable[[str, int], str]


def step_seconds(size: float, low: float = 0) -> Stepper:
    """Steps a time by ``size`` seconds, to the next multiple; text that is not a time stays."""

    def step(text: str, direction: int) -> str:
        try:
            seconds = parse_time(text) if text.strip() else 0.0
        except TimeError:
            return text
        stepped = (seconds // size + (1 if direction > 0 else 0)) * size
        if direction < 0 and seconds % size == 0:
            stepped = seconds - size
        return format_time(max(low, stepped))

    return step


def step_count(low: int = 1, high: int = 100) -> Stepper:
    """Steps a count by one; a range (8-12) moves both ends together."""

    def step(text: str, direction: int) -> str:
        parts = [p.strip() for p in text.replace("–", "-").split("-")]
        if not text.strip():
            return str(low)
        if not all(p.isdigit() for p in parts) or len(parts) > 2:
            return text
        numbers = [min(high, max(low, int(p) + direction)) for p in parts]
        return "-".join(str(n) for n in numbers)

    return step


class FormField(BoxLayout):
    """A labelled text field with its message underneath; ``key`` names the draft field."""

    key = StringProperty()
    label = StringProperty()
    hint = StringProperty()
    value = StringProperty()
    message = StringProperty()
    multiline = BooleanProperty(False)
    stepper = ObjectProperty(None, allownone=True)
    shown = BooleanProperty(True)
    """Hidden fields (reps on a timed step) keep what was typed in them."""

    __events__ = ("on_value",)

    def typed(self, text: str) -> None:
        if text != self.value:
            self.value = text
            self.dispatch("on_value", self.key, text)

    def set_value(self, text: str) -> None:
        """Fills the field from the draft without reporting it as typed."""
        self.value = text
        self.ids.input.text = text

    def step(self, direction: int) -> None:
        if self.stepper is None:
            return
        stepped = self.stepper(self.ids.input.text, direction)
        self.ids.input.text = stepped
        self.typed(stepped)

    def on_value(self, key: str, text: str) -> None:
        pass


load_kv_beside(__file__)
