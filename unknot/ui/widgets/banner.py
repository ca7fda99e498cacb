"""The in-app reminder banner: it always works, whatever the system's notifications do.

It sits above every screen (the app puts it over the screen manager), so a
reminder is seen whichever screen is open. It never covers the safety buttons
of a session: reminders due during a session are not shown at all.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)


class ReminderBanner(BoxLayout):
    """``show_reminder`` for a due reminder (open, snooze, dismiss); ``show_note`` for the rest."""

    text = StringProperty()
    shown = BooleanProperty(False)
    actionable = BooleanProperty(False)
    reminder_id = StringProperty()

    __events__ = ("on_open", "on_snooze", "on_dismiss")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Hidden, its words and buttons are out of the window altogether: Kivy draws a
        # widget hidden by opacity all the same, on every screen at every redraw.
        self._content = list(reversed(self.children))
        self._place_content()

    def on_shown(self, _banner: object, _shown: bool) -> None:
        self._place_content()

    def _place_content(self) -> None:
        if self.shown and not self.children:
            for widget in self._content:
                self.add_widget(widget)
        elif not self.shown and self.children:
            self.clear_widgets()

    def show_reminder(self, reminder_id: str, text: str) -> None:
        self.reminder_id = reminder_id
        self.text = text
        self.actionable = True
        self.shown = True

    def show_note(self, text: str) -> None:
        """A quiet line (missed reminders): only a way to close it."""
        self.reminder_id = ""
        self.text = text
        self.actionable = False
        self.shown = True

    def hide(self) -> None:
        self.shown = False
        self.actionable = False

    def on_open(self, reminder_id: str) -> None:
        pass

    def on_snooze(self, reminder_id: str, minutes: int) -> None:
        pass

    def on_dismiss(self) -> None:
        pass


load_kv_beside(__file__)
