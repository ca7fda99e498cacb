"""The next-morning question, before the first session after a flare (CLINICAL.md rule 7).

"How has the pain settled since yesterday?" Settled: the routine as usual.
Not settled: the eased version (shorter holds, no pressure steps) is offered,
or Quiet relief when nothing gentle enough is left of the routine.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)


class MorningScreen(Screen):
    question = StringProperty()
    advice = StringProperty()
    answered = BooleanProperty(False)
    can_start = BooleanProperty(False)
    start_text = StringProperty("Start")

    __events__ = ("on_answer", "on_start", "on_restful", "on_back", "on_red_flags")

    def ask(self, question: str) -> None:
        self.question = question
        self.advice = ""
        self.answered = False
        self.can_start = False

    def show_advice(self, advice: str, *, start_text: str | None) -> None:
        """After the answer: what to do today; ``start_text`` None offers no routine."""
        self.advice = advice
        self.answered = True
        self.can_start = start_text is not None
        self.start_text = start_text or ""

    def on_answer(self, settled: bool) -> None:
        pass

    def on_start(self) -> None:
        pass

    def on_restful(self) -> None:
        pass

    def on_back(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
