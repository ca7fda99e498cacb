"""Form fields for the routine editor: a label, what is typed, and the message beside it.

The text a person types is never replaced by a message or reformatted while
they type: the field reports each change (``on_edit``) and the screen sends
back a message to show under it, or none. Steppers change the value by a step
(5 seconds, one rep) for those who would rather tap than type on a phone.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from unknot.core.routines.durations import TimeError, format_time, parse_time
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

Stepper = Callable[[str, int], str]


def step_seconds(size: float, low: float | None = None) -> Stepper:
    """Steps a time by ``size`` seconds, to the next multiple; never below ``low`` (``size``).

    "−" at the lowest time leaves it there rather than writing an invalid "0s";
    "+" from an empty field starts at ``low``. Text that is not a time stays as
    typed, so its message stays beside it.
    """
    floor = size if low is None else low

    def step(text: str, direction: int) -> str:
        stripped = text.strip()
        if stripped in ("", "0", "0s"):
            seconds = 0.0
        else:
            try:
                seconds = parse_time(stripped)
            except TimeError:
                return text
        if direction > 0:
            stepped = (seconds // size + 1) * size
        else:
            stepped = (seconds - size) if seconds % size == 0 else (seconds // size) * size
        return format_time(max(floor, stepped))

    return step


def step_count(low: int = 1, high: int = 100) -> Stepper:
    """Steps a count by one; a range (8-12) moves both ends together and keeps its width."""

    def step(text: str, direction: int) -> str:
        parts = [p.strip() for p in text.replace("–", "-").split("-")]
        if not text.strip():
            return str(low)
        if len(parts) > 2 or not all(p.isdecimal() and p.isascii() for p in parts):
            return text
        numbers = [int(p) + direction for p in parts]
        if min(numbers) < low or max(numbers) > high:
            return text  # at the end of the scale: a range keeps its width
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

    __events__ = ("on_edit",)

    def on_touch_down(self, touch: object) -> bool:
        """A hidden field takes no touch: its parts would catch taps meant for the field
        shown over them (a timed step's "How long" sat under the hidden reps fields)."""
        if not self.shown:
            return False
        return bool(super().on_touch_down(touch))

    def typed(self, text: str) -> None:
        if text != self.value:
            self.value = text
            self.dispatch("on_edit", self.key, text)

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

    def on_edit(self, key: str, text: str) -> None:
        pass


class FormSection(BoxLayout):
    """Fields shown together or not at all (a step's seated version); hidden, it takes no
    room and no touch, and its fields keep what was typed."""

    shown = BooleanProperty(True)

    def on_touch_down(self, touch: object) -> bool:
        if not self.shown:
            return False
        return bool(super().on_touch_down(touch))


load_kv_beside(__file__)
