"""After a stop: what happened, what to do next, calmly, with the warning signs one tap away.

The words tell apart a stop by the pain rule ("the routine was stopped", and
why) from a stop by the person, and never say the pain got worse unless it rose.
After a "yes" to sharp or electric pain, the screen offers to leave the pressure
steps out from now on: the same setting as the first-run question about
shooting pain on touch.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.playback.plan import HEAT_OFF
from unknot.core.playback.session import EndReason, Session
from unknot.core.safety.pain_rule import Zone, why_stopped
from unknot.core.safety.wording import (
    AFTER_STOP,
    ENDED_ADVICE,
    ENDED_HEADING,
    STOPPED_FOR_PAIN_HEADING,
)
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets.common import Bullet

HIDE_PRESSURE_QUESTION = (
    "Touching your head set off sharp or electric pain. Leave out the steps that press "
    "on the head, from now on? You can change this in Settings."
)
PRESSURE_LEFT_OUT = "Steps that press on the head are left out from now on."


class StoppedScreen(Screen):
    heading = StringProperty()
    reason = StringProperty()
    """Why the pain rule stopped the routine; "" when the person stopped it."""
    advice = StringProperty()
    """The advice in one text: a sentence, or the after-stop list with its bullets."""
    advice_lines = ListProperty()
    """The after-stop list, shown as bullets whose wrapped lines start under their text."""
    pain = StringProperty()
    review = StringProperty()
    """A clinician-review suggestion (rule 8), when this stop makes one due."""
    offer_hide_pressure = BooleanProperty(False)
    pressure_note = StringProperty()
    heat_off = StringProperty()
    """First of all when the session ended with a heat pack on: take it off."""

    __events__ = ("on_home", "on_red_flags", "on_hide_pressure")

    def show(
        self, session: Session, *, review: str = "", offer_hide_pressure: bool = False
    ) -> None:
        reason = session.end_reason or EndReason.STOPPED_BY_PERSON
        self.heat_off = f"{HEAT_OFF}." if session.ended_with_heat_on else ""
        last = session.answers[-1]
        by_rule = reason is EndReason.STOPPED_FOR_PAIN and last.zone is Zone.STOP
        if by_rule:
            self.heading = "The routine was stopped"
            self.reason = why_stopped(
                session.baseline, last.rating, sharp_on_touch=last.sharp_on_touch
            )
        elif reason is EndReason.STOPPED_FOR_PAIN:
            self.heading = STOPPED_FOR_PAIN_HEADING
            self.reason = ""
        else:
            self.heading = ENDED_HEADING
            self.reason = ""
        if reason is EndReason.STOPPED_FOR_PAIN:
            self.advice = "\n".join(f"•  {line}" for line in AFTER_STOP)
            self.advice_lines = list(AFTER_STOP)
        else:
            self.advice = ENDED_ADVICE
            self.advice_lines = []
        ratings = [answer.rating for answer in session.answers]
        self.pain = f"Pain before: {ratings[0]}" + (
            f"   ·   last check: {ratings[-1]}" if len(ratings) > 1 else ""
        )
        self.review = review
        self.offer_hide_pressure = offer_hide_pressure
        self.pressure_note = HIDE_PRESSURE_QUESTION if offer_hide_pressure else ""

    def on_advice_lines(self, _screen: StoppedScreen, lines: list[str]) -> None:
        holder = self.ids.advice_list
        holder.clear_widgets()
        for line in lines:
            holder.add_widget(Bullet(text=line, base_size=20))

    def answer_hide_pressure(self, hide: bool) -> None:
        self.offer_hide_pressure = False
        self.pressure_note = PRESSURE_LEFT_OUT if hide else ""
        if hide:
            self.dispatch("on_hide_pressure")

    def on_home(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_hide_pressure(self) -> None:
        pass


load_kv_beside(__file__)
