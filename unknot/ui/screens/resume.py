"""A session cut off (Android killed the app, or it crashed): continue it, or end it.

Shown at start when a checkpoint was left behind. The session is held where its
deadlines put it now, paused; "Continue" goes on from there in the player,
"End it" ends it (the end screen then says what to do, the heat pack first).
A heat step whose time ran out while the app was closed is never offered again:
the screen says to take the pack off if it is still on.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)


class ResumeScreen(Screen):
    heading = StringProperty("Your routine was cut off")
    question = StringProperty()
    """ "Continue Chin tucks, level 1: rep 4 of 10?" """
    note = StringProperty()
    heat_off = StringProperty()
    can_continue = BooleanProperty(True)

    __events__ = ("on_continue", "on_end", "on_red_flags")

    def on_continue(self) -> None:
        pass

    def on_end(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
