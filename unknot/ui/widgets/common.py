"""The building blocks every screen uses, so sizes, colours and text scale stay consistent.

Every button is at least 48 dp tall (Android's touch-target minimum) and every
text size is multiplied by the app's ``font_scale`` setting.
"""

from __future__ import annotations

from typing import Any

from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from unknot.ui import theme
from unknot.ui.kv import load_kv_beside


class Text(Label):
    """Wrapping text whose height follows its content; ``size`` is in sp before scaling."""

    base_size = NumericProperty(16)


class Heading(Text):
    pass


class Bullet(BoxLayout):
    """A list item whose wrapped lines start under its text, not under the bullet."""

    text = StringProperty()
    base_size = NumericProperty(16)
    bold = BooleanProperty(False)
    color = ColorProperty(theme.TEXT)


class Muted(Text):
    pass


class BigButton(ButtonBehavior, Label):
    """A full-width, calm button; ``kind`` picks its colour: primary, secondary or danger.

    A Label that acts as a button, not a Kivy ``Button``: its rounded fill is all it
    shows, and a ``Button`` drew its own (transparent) background image under it as
    well, at every redraw (14 of the player's 62 draws each second; bench/player_cpu.py).

    Its words are never split: when one word does not fit the button's width (three
    buttons in a row at 160% text: "Reminde" / "rs"), the text is made a little
    smaller until it fits, down to :data:`MIN_FIT` of its size; the button grows
    in height for the lines it wraps to at spaces.
    """

    kind = StringProperty("secondary")
    base_size = NumericProperty(18)
    fill = ColorProperty(theme.SURFACE)
    fit = NumericProperty(1.0)
    """How much of the text size this button's width allows (1: all of it)."""

    def on_texture_size(self, _button: object, _size: object) -> None:
        if self.fit > MIN_FIT and words_split(self):
            self.fit = max(MIN_FIT, self.fit - 0.05)

    def on_width(self, _button: object, _width: float) -> None:
        self.fit = 1.0  # wider now: try the full size again


MIN_FIT = 0.6
"""Below this a word may still split: the text would be too small to read at arm's length."""


def words_split(label: Label) -> bool:
    """True when Kivy's layout broke a word across two lines of ``label``."""
    lines = getattr(getattr(label, "_label", None), "_cached_lines", None) or []
    text = str(label.text)
    position = 0
    for line in lines[:-1]:
        shown = "".join(str(word.text) for word in line.words)
        start = text.find(shown, position) if shown else position
        if start < 0:
            return False
        end = start + len(shown)
        if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            return True
        position = end
    return False


class ToggleAction(ToggleButtonBehavior, BigButton):
    """An BigButton that stays down until tapped again, for a yes/no answer."""


class SafetyBar(BoxLayout):
    """'Stop: pain is worse' and 'Warning signs', on every player screen, one tap each.

    Screens outside a session set ``show_stop`` to False and keep only the
    warning signs; the buttons are built, not hidden, so nothing takes up room.
    """

    show_stop = BooleanProperty(True)

    __events__ = ("on_stop_for_pain", "on_red_flags")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.stop_button = BigButton(text="Stop: pain is worse", kind="danger", size_hint_x=0.6)
        self.stop_button.bind(on_release=lambda *_: self.dispatch("on_stop_for_pain"))
        self.red_flags_button = BigButton(text="Warning signs", size_hint_x=0.4)
        self.red_flags_button.bind(on_release=lambda *_: self.dispatch("on_red_flags"))
        self.on_show_stop(self, self.show_stop)

    def on_show_stop(self, _bar: SafetyBar, show: bool) -> None:
        self.clear_widgets()
        if show:
            self.add_widget(self.stop_button)
        self.add_widget(self.red_flags_button)

    def on_stop_for_pain(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


class Spacer(Widget):
    pass


class ShownBox(BoxLayout):
    """A box whose content is in the window only while ``shown``.

    Kivy draws a widget hidden by opacity all the same, on every screen at every
    redraw. The bars above every screen (a reminder, a notice about saved data) are
    hidden almost always, so hidden, their words and buttons leave the window
    altogether: each second's redraw of the player paid for them, the notice's
    scroll view a stencil pass over the whole window (bench/player_cpu.py).
    """

    shown = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = list(reversed(self.children))
        self._place_content()

    def on_shown(self, _box: ShownBox, _shown: bool) -> None:
        if hasattr(self, "_content"):  # not while the kv rules are applied
            self._place_content()

    def _place_content(self) -> None:
        if self.shown and not self.children:
            for widget in self._content:
                self.add_widget(widget)
        elif not self.shown and self.children:
            self.clear_widgets()


MIN_TOUCH = dp(theme.TOUCH_TARGET_DP)

load_kv_beside(__file__)
