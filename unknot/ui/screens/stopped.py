"""After a stop: what to do next, calmly, with the warning signs one tap away."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.playback.session import EndReason, Session
from unknot.core.safety.wording import AFTER_STOP
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

_HEADINGS = {
    EndReason.STOPPED_FOR_PAIN: "You stopped because the pain got worse",
    EndReason.STOPPED_BY_PERSON: "You ended the session",
}


class StoppedScreen(Screen):
    heading = StringProperty()
    advice = StringProperty()
    pain = StringProperty()

    __events__ = ("on_home", "on_red_flags")

    def show(self, session: Session) -> None:
        reason = session.end_reason or EndReason.STOPPED_BY_PERSON
        self.heading = _HEADINGS.get(reason, "The session has ended")
        if reason is EndReason.STOPPED_FOR_PAIN:
            self.advice = "\n".join(f"•  {line}" for line in AFTER_STOP)
        else:
            self.advice = "Stopping is always fine. Rest a moment before you get up."
        ratings = [answer.rating for answer in session.answers]
        self.pain = f"Pain before: {ratings[0]}" + (
            f"   ·   last check: {ratings[-1]}" if len(ratings) > 1 else ""
        )

    def on_home(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
