"""The warning signs that mean urgent care, and those that mean a clinician today."""

from __future__ import annotations

from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen

from unknot.core.safety.wording import (
    RED_FLAGS,
    SAME_DAY,
    SAME_DAY_TITLE,
    URGENT_INTRO,
    URGENT_TITLE,
)
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import Heading, Text


class RedFlagsScreen(Screen):
    in_session = BooleanProperty(False)
    """During a session: offers to stop it for a warning sign (recorded as such)."""

    __events__ = ("on_back", "on_stop_session")

    def on_kv_post(self, _base: object) -> None:
        box = self.ids.content
        box.add_widget(Heading(text=URGENT_TITLE, base_size=26))
        box.add_widget(Text(text=URGENT_INTRO, base_size=18))
        for flag in RED_FLAGS:
            box.add_widget(Text(text=f"•  {flag}", base_size=18))
        box.add_widget(Heading(text=SAME_DAY_TITLE, base_size=20))
        for item in SAME_DAY:
            box.add_widget(Text(text=f"•  {item}"))

    def on_back(self) -> None:
        pass

    def on_stop_session(self) -> None:
        pass


load_kv_beside(__file__)
