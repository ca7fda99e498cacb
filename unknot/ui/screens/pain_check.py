"""'How is your pain now?': eleven big buttons, and a way to say it turned sharp."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, pain_scale  # noqa: F401 (their kv rules are used here)


class PainCheckScreen(Screen):
    heading = StringProperty("How is your pain now?")
    baseline_text = StringProperty()

    __events__ = ("on_rating", "on_sharp", "on_stop_for_pain", "on_red_flags")

    def show(self, baseline: int, final: bool) -> None:
        self.heading = "Last check: how is your pain now?" if final else "How is your pain now?"
        self.baseline_text = f"Before you started it was {baseline}."

    def on_rating(self, rating: int) -> None:
        pass

    def on_sharp(self) -> None:
        pass

    def on_stop_for_pain(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
