"""'How is your pain now?': eleven big buttons, and a way to say it turned sharp."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, pain_scale  # noqa: F401 (their kv rules are used here)


class PainCheckScreen(Screen):
    """Hands back its answer, the rating with the sharp-pain toggle, in one ``on_answer``."""

    heading = StringProperty("How is your pain now?")
    baseline_text = StringProperty()
    sharp = BooleanProperty(False)
    """Sharp or electric pain on touch, as the toggle shows it."""

    __events__ = ("on_answer", "on_stop_for_pain", "on_red_flags")

    def show(self, baseline: int, final: bool) -> None:
        self.heading = "Last check: how is your pain now?" if final else "How is your pain now?"
        self.baseline_text = f"Before you started it was {baseline}."
        self.sharp = False

    def answer(self, rating: int) -> None:
        """A number was tapped: the answer goes out with the toggle's state, then it resets."""
        sharp = self.sharp
        self.sharp = False
        self.dispatch("on_answer", rating, sharp)

    def on_answer(self, rating: int, sharp: bool) -> None:
        pass

    def on_stop_for_pain(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
