"""The warning signs that mean urgent care, those that mean a clinician today, and Call for help.

Call for help asks the flow to open the phone's dialer with the emergency
number (``on_call``); where there is no dialer, or it cannot open, the flow
calls ``show_number`` and the number is shown large. Nothing here calls.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.safety.wording import (
    CALL_FOR_HELP,
    CALL_OPENS_DIALER,
    CALL_THIS_NUMBER,
    FALLBACK_EMERGENCY_NUMBER,
    RED_FLAGS,
    SAME_DAY,
    SAME_DAY_TITLE,
    URGENT_INTRO,
    URGENT_TITLE,
)
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import Bullet, Heading, Text


class RedFlagsScreen(Screen):
    in_session = BooleanProperty(False)
    """During a session: offers to stop it for a warning sign (recorded as such)."""
    heat_off = StringProperty()
    """First of all when the session was stopped with a heat pack on: take it off."""
    number = StringProperty(FALLBACK_EMERGENCY_NUMBER)
    """The emergency number Call for help uses: the person's choice, or their region's."""
    can_dial = BooleanProperty(False)
    """The platform has a dialer to open (a phone); otherwise the number is shown."""
    number_shown = BooleanProperty(False)
    call_title = StringProperty(CALL_FOR_HELP)
    opens_dialer = StringProperty(CALL_OPENS_DIALER)
    call_this_number = StringProperty(CALL_THIS_NUMBER)

    __events__ = ("on_back", "on_stop_session", "on_call")

    def offer_call(self, number: str) -> None:
        """Before the screen shows: the number as it is now, not yet shown large."""
        self.number = number
        self.number_shown = False

    def show_number(self) -> None:
        """No dialer opened: the number, large, to call from any phone."""
        self.number_shown = True

    def on_kv_post(self, _base: object) -> None:
        box = self.ids.content
        box.add_widget(Heading(text=URGENT_TITLE, base_size=26))
        box.add_widget(Text(text=URGENT_INTRO, base_size=18))
        for flag in RED_FLAGS:
            box.add_widget(Bullet(text=flag, base_size=18))
        box.add_widget(Heading(text=SAME_DAY_TITLE, base_size=20))
        for item in SAME_DAY:
            box.add_widget(Bullet(text=item))

    def on_back(self) -> None:
        pass

    def on_stop_session(self) -> None:
        pass

    def on_call(self, number: str) -> None:
        pass


load_kv_beside(__file__)
