"""The in-app reminder banner: it always works, whatever the system's notifications do.

It sits above every screen (the app puts it over the screen manager), so a
reminder is seen whichever screen is open. It never covers the safety buttons
of a session: reminders due during a session are not shown at all.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets.common import ShownBox


class ReminderBanner(ShownBox):
    """``show_reminder`` for a due reminder (open, snooze, dismiss); ``show_note`` for the rest."""

    text = StringProperty()
    actionable = BooleanProperty(False)
    reminder_id = StringProperty()

    __events__ = ("on_open", "on_snooze", "on_dismiss")

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
