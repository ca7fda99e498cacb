"""'How is your pain now?': first "sharp or electric pain?" (Yes/No), then eleven big buttons.

The sharp-pain question comes before the number and must be answered: the
numbers stay disabled until it is. A toggle below the numbers was easy to miss,
and a tap on a number skipped it (the guide's rule 2).
"""

from __future__ import annotations

from kivy.properties import OptionProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, pain_scale  # noqa: F401 (their kv rules are used here)

SHARP_QUESTION = "Any sharp or electric pain when you touch your head?"


class PainCheckScreen(Screen):
    """Hands back its answer, the rating with the sharp-pain answer, in one ``on_answer``."""

    heading = StringProperty("How is your pain now?")
    sharp_question = StringProperty(SHARP_QUESTION)
    baseline_text = StringProperty()
    sharp_answer = OptionProperty("", options=["", "yes", "no"])
    """The sharp-pain answer: "" until it is given, and the numbers wait for it."""

    __events__ = ("on_answer", "on_stop_for_pain", "on_red_flags")

    def show(self, baseline: int, final: bool) -> None:
        self.heading = "Last check: how is your pain now?" if final else "How is your pain now?"
        self.baseline_text = f"Before you started it was {baseline}."
        self.sharp_answer = ""

    def answer_sharp(self, sharp: bool) -> None:
        self.sharp_answer = "yes" if sharp else "no"

    def answer(self, rating: int) -> None:
        """A number was tapped: out it goes with the sharp-pain answer, which then resets."""
        if not self.sharp_answer:
            return  # the numbers are disabled until then; a stray event changes nothing
        sharp = self.sharp_answer == "yes"
        self.sharp_answer = ""
        self.dispatch("on_answer", rating, sharp)

    def on_answer(self, rating: int, sharp: bool) -> None:
        pass

    def on_stop_for_pain(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
