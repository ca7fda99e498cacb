"""The first-run screen: what Unknot is and is not, and the safety questions.

Shown before anything else on the first start, and from Settings later; and
again at the start after an update that added questions, with the earlier
answers filled in. Each question needs an answer (yes or no) before Continue:
a skipped question would look like a "no". Any "yes" shows the clearance advice
before the routines.
"""

from __future__ import annotations

from datetime import datetime

from kivy.properties import BooleanProperty, DictProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.safety.screening import CLEARANCE_ADVICE, KEYS, QUESTIONS, Screening
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

NEW_QUESTIONS = (
    "There are new questions since you last answered. Your earlier answers are filled in: "
    "please answer the new ones."
)


class QuestionRow(BoxLayout):
    key = StringProperty()
    text = StringProperty()
    answer = StringProperty()
    """"yes", "no" or "" (not answered yet)."""

    __events__ = ("on_choice",)

    def on_choice(self, key: str, yes: bool) -> None:
        pass


class FirstRunScreen(Screen):
    answers = DictProperty()
    complete = BooleanProperty(False)
    advice = StringProperty()
    notice = StringProperty()
    """Why the questions are back: new ones were added since the last answers."""

    __events__ = ("on_done", "on_red_flags")

    def ask(self, screening: Screening | None) -> None:
        """Shows the questions, with earlier answers filled in when changing them."""
        self.answers = dict(screening.answers) if screening else {}
        self.advice = ""
        self.notice = NEW_QUESTIONS if screening is not None and not screening.complete else ""
        holder = self.ids.questions
        holder.clear_widgets()
        for question in QUESTIONS:
            row = QuestionRow(key=question.key, text=question.text)
            if question.key in self.answers:
                row.answer = "yes" if self.answers[question.key] else "no"
            row.bind(on_choice=lambda _r, key, yes: self.answer(key, yes))
            holder.add_widget(row)
        self._update()
        self.ids.scroller.scroll_y = 1

    def answer(self, key: str, yes: bool) -> None:
        self.answers[key] = yes
        for row in self.ids.questions.children:
            if row.key == key:
                row.answer = "yes" if yes else "no"
        self._update()

    def _update(self) -> None:
        self.complete = all(key in self.answers for key in KEYS)
        # Said as soon as an answer calls for it, not only after Continue.
        screening = Screening(dict(self.answers), "")
        self.advice = CLEARANCE_ADVICE if screening.clearance_advised else ""

    def finish(self) -> None:
        if not self.complete:
            return
        screening = Screening(dict(self.answers), datetime.now().isoformat(timespec="seconds"))
        self.dispatch("on_done", screening)

    def on_done(self, screening: Screening) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
