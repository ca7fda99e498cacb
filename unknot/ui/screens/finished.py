"""The end of a routine: what was done, and the pain before and after."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.playback.session import Session
from unknot.core.routines.durations import format_span
from unknot.core.safety.pain_rule import Zone
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)


class FinishedScreen(Screen):
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
        minutes = format_span(session.session_time(), session.session_time())
        steps = len(session.routine.steps)
        self.done = f"{session.routine.title}: {steps} step{'s' if steps != 1 else ''}, {minutes}."
        before, after = session.answers[0].rating, session.answers[-1].rating
        self.pain = f"Pain before: {before}   ·   after: {after}"
        eased = session.eased or session.answers[-1].zone is Zone.EASE
        self.advice = (
            "You eased off today. Take it gently, and rest if you need to."
            if eased
            else "Well done. Rest a moment before you get up."
        )

    def on_home(self) -> None:
        pass

    def on_open_next(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
