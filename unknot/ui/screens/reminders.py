"""The reminders list: each reminder's time, days and routine, on or off, tap to change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.reminders.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    WEEKEND,
    Reminder,
    Weekday,
    sorted_reminders,
)
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

WHICHEVER = "Whichever I choose"


def days_text(days: frozenset[Weekday]) -> str:
    """'Every day', 'Weekdays', 'Weekends' or 'Mon, Wed, Fri': the words a person would say."""
    if days == EVERY_DAY:
        return "Every day"
    if days == WEEKDAYS:
        return "Weekdays"
    if days == WEEKEND:
        return "Weekends"
    return ", ".join(day.short for day in sorted(days))


def clock_text(reminder: Reminder) -> str:
    return reminder.at.strftime("%H:%M")


class ReminderRow(ButtonBehavior, BoxLayout):
    """One reminder: tap the row to edit it; its switch turns it on or off."""

    reminder_id = StringProperty()
    clock = StringProperty()
    details = StringProperty()
    enabled = BooleanProperty(True)

    __events__ = ("on_switch",)

    def on_switch(self) -> None:
        pass


class RemindersScreen(Screen):
    message = StringProperty()
    note = StringProperty()
    can_export = BooleanProperty(True)
    can_choose_exact = BooleanProperty(False)
    exact = BooleanProperty(False)
    empty = BooleanProperty(True)

    __events__ = (
        "on_back",
        "on_add",
        "on_edit",
        "on_switch",
        "on_export",
        "on_choose_exact",
        "on_red_flags",
    )

    def show(self, reminders: Sequence[Reminder], titles: Mapping[str, str]) -> None:
        rows = self.ids.reminder_list
        rows.clear_widgets()
        for reminder in sorted_reminders(reminders):
            routine = titles.get(reminder.routine_id or "", WHICHEVER)
            row = ReminderRow(
                reminder_id=reminder.id,
                clock=clock_text(reminder),
                details=f"{days_text(reminder.days)}  ·  {routine}",
                enabled=reminder.enabled,
            )
            row.bind(
                on_release=lambda r: self.dispatch("on_edit", r.reminder_id),
                on_switch=lambda r: self.dispatch("on_switch", r.reminder_id, not r.enabled),
            )
            rows.add_widget(row)
        self.empty = not reminders

    def on_back(self) -> None:
        pass

    def on_add(self) -> None:
        pass

    def on_edit(self, reminder_id: str) -> None:
        pass

    def on_switch(self, reminder_id: str, enabled: bool) -> None:
        pass

    def on_export(self) -> None:
        pass

    def on_choose_exact(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
