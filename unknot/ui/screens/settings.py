"""Cues on or off, the text size and the emergency number; every change is saved at once.

The emergency number is typed; only a number that could be dialled (digits,
2 to 15 of them) is saved, and anything else shows why under the field while
the saved number stays in force. An empty field means the region's number.
"""

from __future__ import annotations

from dataclasses import replace

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.settings import Settings, emergency_number_problem
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import (
    common,  # noqa: F401 (its kv rules are used here)
    form,  # noqa: F401
)

FONT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.45, 1.6)


class SettingsScreen(Screen):
    settings = ObjectProperty(Settings(), rebind=True)
    """rebind: kv re-reads ``root.settings.beeps`` when ``settings`` is replaced; without
    it Kivy binds only the last link, and every label kept its first value."""
    problem = StringProperty()
    region_number = StringProperty("112")
    """The region's emergency number, used when the person has not chosen one."""
    can_vibrate = BooleanProperty(True)
    """False on a desktop: the vibration button is taken out, not just hidden."""

    __events__ = (
        "on_change",
        "on_back",
        "on_red_flags",
        "on_screening",
    )

    def on_kv_post(self, _base: object) -> None:
        self.ids.emergency_field.set_value(self.settings.emergency_number)
        self._vibration = self.ids.toggle_vibration  # kept: the tree may let it go
        self.on_can_vibrate(self, self.can_vibrate)

    def on_can_vibrate(self, _screen: object, can: bool) -> None:
        button = getattr(self, "_vibration", None)
        if button is None:
            return
        holder = self.ids.toggle_speech.parent
        if not can and button.parent is not None:
            button.parent.remove_widget(button)
        elif can and button.parent is None:
            holder.add_widget(button, index=holder.children.index(self.ids.toggle_speech))

    def toggle(self, name: str) -> None:
        current = getattr(self.settings, name)
        self._change(replace(self.settings, **{name: not current}))

    def text_size(self, step: int) -> None:
        scales = FONT_SCALES
        nearest = min(range(len(scales)), key=lambda i: abs(scales[i] - self.settings.font_scale))
        chosen = scales[max(0, min(len(scales) - 1, nearest + step))]
        self._change(replace(self.settings, font_scale=chosen))

    def type_emergency_number(self, text: str) -> None:
        """Saves a number that can be dialled; says why not under the field otherwise."""
        number = text.strip()
        problem = emergency_number_problem(number)
        self.ids.emergency_field.message = problem
        if not problem and number != self.settings.emergency_number:
            self._change(replace(self.settings, emergency_number=number))

    def use_region_number(self) -> None:
        self.ids.emergency_field.set_value("")
        self.ids.emergency_field.message = ""
        if self.settings.emergency_number:
            self._change(replace(self.settings, emergency_number=""))

    def _change(self, settings: Settings) -> None:
        self.settings = settings
        self.dispatch("on_change", settings)

    def on_change(self, settings: Settings) -> None:
        pass

    def on_back(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_screening(self) -> None:
        pass


load_kv_beside(__file__)
