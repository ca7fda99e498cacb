"""The end of a routine: what was done, and the pain before and after."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.playback.session import Session
from unknot.core.safety.pain_rule import Zone
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)


class FinishedScreen(Screen):
    heading = StringProperty("Routine done")
    done = StringProperty()
    pain = StringProperty()
    advice = StringProperty()
    next_level = StringProperty()
    """The progression suggestion, when three good sessions have earned the next level."""
    next_title = StringProperty()

    __events__ = ("on_home", "on_red_flags", "on_open_next")

    def show(self, session: Session, *, next_level: str = "", next_title: str = "") -> None:
        self.next_level = next_level
        self.next_title = next_title
        routine = session.routine
        steps = len(routine.steps)
        skipped = session.what_was_done()
        self.heading = "Routine ended" if skipped else "Routine done"
        if skipped:
            self.done = f"{routine.title}, with parts skipped: {skipped}."
        else:
            plural = "s" if steps != 1 else ""
            self.done = f"{routine.title}: {steps} step{plural}, {routine.length}."
        before, after = session.answers[0].rating, session.answers[-1].rating
        self.pain = f"Pain before: {before}   ·   after: {after}"
        eased = session.eased or session.answers[-1].zone is Zone.EASE
        if eased:
            self.advice = "You eased off today. Take it gently, and rest if you need to."
        elif skipped:
            self.advice = "Rest a moment before you get up."
        else:
            self.advice = "Well done. Rest a moment before you get up."

    def on_home(self) -> None:
        pass

    def on_open_next(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
