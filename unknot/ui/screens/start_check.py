"""Before the first step: the red-flag question, then pain now, 0-10 (the baseline).

The two questions are one screen in two phases, so 'back' from the rating
returns to the question rather than to a half-started session. Above the
question, before every session: the notes the safety answers give (check with a
clinician first...), then what must be said before the next session (a clinician
review, no improvement), where it cannot be missed.
"""

from __future__ import annotations

from collections.abc import Sequence

from kivy.factory import Factory
from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.safety.wording import RED_FLAG_QUESTION, RED_FLAGS
from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import (
    common,  # noqa: F401 (its kv rules are used here)
    pain_scale,  # noqa: F401
)
from unknot.ui.widgets.common import Bullet, Text


class Phase(BoxLayout):
    """One of the screen's questions; ``screen`` lets its kv reach the screen's events."""

    screen = ObjectProperty(None)


class StartCheckScreen(Screen):
    phase = OptionProperty("red_flags", options=["red_flags", "baseline", "advice"])
    advice = StringProperty()
    question = StringProperty(RED_FLAG_QUESTION)
    notes = ListProperty()
    """From the safety answers: shown in the warning colour above the question."""
    review = StringProperty()
    """Said before the warning signs: a clinician review, or the no-improvement advice."""
    restful_title = StringProperty()
    """The restful routine the advice offers to open; "" hides the button."""

    __events__ = ("on_red_flag", "on_warning_signs", "on_baseline", "on_back", "on_restful")

    def on_kv_post(self, _base: object) -> None:
        self.phases = {
            name: getattr(Factory, f"{name.title().replace('_', '')}Phase")(screen=self)
            for name in ("red_flags", "baseline", "advice")
        }
        for flag in RED_FLAGS:
            self.phases["red_flags"].ids.flag_list.add_widget(Bullet(text=flag))
        self.on_phase(self, self.phase)

    def on_phase(self, _screen: StartCheckScreen, phase: str) -> None:
        if not hasattr(self, "phases"):
            return
        holder = self.ids.phase_holder
        holder.clear_widgets()
        holder.add_widget(self.phases[phase])

    def ask(self, notes: Sequence[str] = (), *, review: str = "") -> None:
        """The warning-signs question again, with ``notes`` (the safety answers') and
        ``review`` (a clinician review, no improvement) above it."""
        self.phase = "red_flags"
        self.advice = ""
        self.review = review
        self.notes = list(notes)
        holder = self.phases["red_flags"].ids.notes
        holder.clear_widgets()
        for note in self.notes:
            holder.add_widget(Text(text=note, bold=True, color=theme.WARNING))

    def no_red_flags(self) -> None:
        self.phase = "baseline"

    def show_advice(self, text: str) -> None:
        self.advice = text
        self.phase = "advice"

    def on_red_flag(self) -> None:
        pass

    def on_warning_signs(self) -> None:
        pass

    def on_baseline(self, rating: int) -> None:
        pass

    def on_back(self) -> None:
        pass

    def on_restful(self) -> None:
        pass


load_kv_beside(__file__)
