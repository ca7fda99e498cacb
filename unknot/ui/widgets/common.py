"""The building blocks every screen uses, so sizes, colours and text scale stay consistent.

Every button is at least 48 dp tall (Android's touch-target minimum) and every
text size is multiplied by the app's ``font_scale`` setting.
"""

from __future__ import annotations

from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from unknot.ui import theme
from unknot.ui.kv import load_kv_beside


class Text(Label):
    """Wrapping text whose height follows its content; ``size`` is in sp before scaling."""

    base_size = NumericProperty(16)


class Heading(Text):
    pass


class Muted(Text):
    pass


class BigButton(Button):
    """A full-width, calm button; ``kind`` picks its colour: primary, secondary or danger."""

    kind = StringProperty("secondary")
    base_size = NumericProperty(18)
    fill = ColorProperty(theme.SURFACE)


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


MIN_TOUCH = dp(theme.TOUCH_TARGET_DP)

load_kv_beside(__file__)
