"""Cues on or off, and the text size; every change is saved at once."""

from __future__ import annotations

from dataclasses import replace

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.settings import Settings
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

FONT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.45, 1.6)


class SettingsScreen(Screen):
    settings = ObjectProperty(Settings())
    problem = StringProperty()

    __events__ = (
        "on_change",
        "on_back",
        "on_red_flags",
        "on_screening",
    )

    def toggle(self, name: str) -> None:
        current = getattr(self.settings, name)
        self._change(replace(self.settings, **{name: not current}))

    def text_size(self, step: int) -> None:
        scales = FONT_SCALES
        nearest = min(range(len(scales)), key=lambda i: abs(scales[i] - self.settings.font_scale))
        chosen = scales[max(0, min(len(scales) - 1, nearest + step))]
        self._change(replace(self.settings, font_scale=chosen))

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
