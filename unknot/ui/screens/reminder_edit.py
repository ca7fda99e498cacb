"""Setting one reminder: the time with big steppers, the days as toggles, the routine.

Steppers rather than a text field or a scrolling wheel: they are large targets
a person with a headache can hit, and they cannot produce an invalid time.
Hours step by one and minutes by five (no one needs 8:03); presets cover the
usual morning, midday and evening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import time

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.reminders.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    Reminder,
    ReminderError,
    Weekday,
    new_reminder_id,
)
from unknot.ui.kv import load_kv_beside
from unknot.ui.screens.reminders import WHICHEVER
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import ToggleAction

MINUTE_STEP = 5
PRESETS = (("Morning", time(8, 0)), ("Midday", time(13, 0)), ("Evening", time(19, 0)))


class ReminderEditScreen(Screen):
    hour = NumericProperty(8)
    minute = NumericProperty(0)
    days = ListProperty(sorted(EVERY_DAY))
    routine_id = StringProperty("")
    is_new = BooleanProperty(True)
    problem = StringProperty()

    __events__ = (
        "on_save",
        "on_delete",
        "on_cancel",
        "on_red_flags",
    )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._editing: Reminder | None = None
        self._routine_buttons: list[ToggleAction] = []

    def edit(self, reminder: Reminder | None, routines: Sequence[tuple[str, str]]) -> None:
        """Fills the form from ``reminder`` (None: a new one); ``routines`` are (id, title)."""
        self._editing = reminder
        self.is_new = reminder is None
        at = reminder.at if reminder else time(8, 0)
        self.hour, self.minute = at.hour, at.minute
        self.days = sorted(reminder.days) if reminder else sorted(EVERY_DAY)
        self.routine_id = (reminder.routine_id or "") if reminder else ""
        self._build_routines(routines)
        self._refresh_days()
        self.problem = ""

    def _build_routines(self, routines: Sequence[tuple[str, str]]) -> None:
        holder = self.ids.routine_choices
        holder.clear_widgets()
        self._routine_buttons = []
        for routine_id, title in (("", WHICHEVER), *routines):
            button = ToggleAction(text=title, group="reminder_routine", allow_no_selection=False)
            button.routine_id = routine_id
            button.state = "down" if routine_id == self.routine_id else "normal"
            button.bind(on_release=self._choose_routine)
            holder.add_widget(button)
            self._routine_buttons.append(button)

    def _choose_routine(self, button: ToggleAction) -> None:
        self.routine_id = button.routine_id

    # -- time ------------------------------------------------------------------------

    @property
    def clock(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def step_hour(self, step: int) -> None:
        self.hour = (self.hour + step) % 24

    def step_minute(self, step: int) -> None:
        """Moves to the next multiple of five, carrying into the hour as a clock does."""
        total = self.hour * 60 + self.minute
        if step > 0:
            total = (total // MINUTE_STEP + 1) * MINUTE_STEP
        else:
            total = ((total + MINUTE_STEP - 1) // MINUTE_STEP - 1) * MINUTE_STEP
        total %= 24 * 60
        self.hour, self.minute = divmod(total, 60)

    def preset(self, index: int) -> None:
        at = PRESETS[index][1]
        self.hour, self.minute = at.hour, at.minute

    # -- days ------------------------------------------------------------------------

    def toggle_day(self, day: int) -> None:
        chosen = set(self.days)
        chosen ^= {day}
        self.days = sorted(chosen)
        self._refresh_days()

    def set_days(self, which: str) -> None:
        self.days = sorted(WEEKDAYS if which == "weekdays" else EVERY_DAY)
        self._refresh_days()

    def _refresh_days(self) -> None:
        for day in Weekday:
            button = self.ids.get(f"day_{day.key}")
            if button is not None:
                button.state = "down" if day in self.days else "normal"
        self.problem = "" if self.days else "Choose at least one day."

    # -- saving ------------------------------------------------------------------------

    def reminder(self) -> Reminder:
        """The reminder as set on screen; raises ``ReminderError`` while it cannot exist."""
        values = {
            "at": time(self.hour, self.minute),
            "days": frozenset(Weekday(day) for day in self.days),
            "routine_id": self.routine_id or None,
        }
        if self._editing is not None:
            return replace(self._editing, **values)  # type: ignore[arg-type]
        return Reminder(new_reminder_id(), **values)  # type: ignore[arg-type]

    def save(self) -> None:
        try:
            reminder = self.reminder()
        except ReminderError as error:
            self.problem = f"{str(error)[:1].upper()}{str(error)[1:]}."
            return
        self.dispatch("on_save", reminder)

    def delete(self) -> None:
        if self._editing is not None:
            self.dispatch("on_delete", self._editing.id)

    def on_save(self, reminder: Reminder) -> None:
        pass

    def on_delete(self, reminder_id: str) -> None:
        pass

    def on_cancel(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
