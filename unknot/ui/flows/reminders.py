"""Reminders in the app: the list, the editor, "Remind me", the banner, the calendar export.

The schedule's rules are the core's (``unknot.core.reminders``); the
:class:`ReminderController` keeps the file and checks what is due; this flow
shows it and says, in a sentence, what each action did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from kivy.uix.screenmanager import Screen

from unknot.core.reminders.schedule import Due, Missed, Reminder, default_reminders
from unknot.core.reminders.wording import notification_text
from unknot.services import Traits
from unknot.ui.catalog import Catalog
from unknot.ui.exporter import Exporter
from unknot.ui.flows.browse import BrowseFlow
from unknot.ui.flows.settings import SettingsFlow
from unknot.ui.navigator import Name, Navigator
from unknot.ui.reminder_controller import ReminderController
from unknot.ui.widgets.banner import ReminderBanner

log = logging.getLogger("unknot.reminders")

ICS_FILE = "unknot-reminders.ics"


class RemindersFlow:
    def __init__(
        self,
        nav: Navigator,
        controller: ReminderController,
        catalog: Catalog,
        browse: BrowseFlow,
        settings: SettingsFlow,
        exporter: Exporter,
        traits: Traits,
        banner: ReminderBanner,
        *,
        warning_signs: Callable[[], None],
    ) -> None:
        self.nav = nav
        self.controller = controller
        self.catalog = catalog
        self.browse = browse
        self.settings = settings
        self.exporter = exporter
        self.traits = traits
        self.banner = banner
        self.warning_signs = warning_signs
        nav.register(Name.REMINDERS, self._list_screen)
        nav.register(Name.REMINDER_EDIT, self._edit_screen)
        controller.bind(
            on_due=lambda _c, due: self.show_due(due),
            on_missed=lambda _c, missed: self.show_missed(missed),
            on_changed=lambda *_: self._refresh(),
        )
        banner.bind(
            on_open=lambda _b, reminder_id: self.open_from_reminder(reminder_id),
            on_snooze=lambda _b, reminder_id, minutes: self.snooze(reminder_id, minutes),
            on_dismiss=lambda *_: banner.hide(),
        )

    # -- screens -------------------------------------------------------------------

    def _list_screen(self) -> Screen:
        from unknot.ui.screens.reminders import RemindersScreen

        screen = RemindersScreen()
        screen.can_export = self.traits.calendar_export
        screen.can_choose_exact = self.traits.exact_alarm_choice
        screen.note = (
            "Reminders come even when Unknot is closed."
            if self.traits.reminders_when_closed
            else "Reminders come while Unknot is open. For when it is closed, add them to "
            "your calendar."
        )
        screen.exact = self.settings.settings.exact_reminders
        screen.bind(
            on_back=lambda *_: self.nav.back(),
            on_add=lambda *_: self.edit(None),
            on_edit=lambda _s, reminder_id: self.edit(reminder_id),
            on_switch=lambda _s, reminder_id, on: self.controller.set_enabled(reminder_id, on),
            on_export=lambda *_: self.export_calendar(),
            on_choose_exact=lambda *_: self.toggle_exact(),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def _edit_screen(self) -> Screen:
        from unknot.ui.screens.reminder_edit import ReminderEditScreen

        screen = ReminderEditScreen()
        screen.bind(
            on_save=lambda _s, reminder: self.save(reminder),
            on_delete=lambda _s, reminder_id: self.delete(reminder_id),
            on_cancel=lambda *_: self.nav.back(),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def say(self, text: str) -> None:
        self.nav.screen(Name.REMINDERS).message = text

    def _refresh(self) -> None:
        if self.nav.built(Name.REMINDERS):
            self.nav.screen(Name.REMINDERS).show(self.controller.reminders, self.catalog.titles())

    # -- the list and the editor -------------------------------------------------------

    def open(self) -> None:
        screen = self.nav.screen(Name.REMINDERS)
        screen.show(self.controller.reminders, self.catalog.titles())
        screen.message = self.controller.problem or ""
        self.nav.go(Name.REMINDERS)

    def edit(self, reminder_id: str | None) -> None:
        reminder = next((r for r in self.controller.reminders if r.id == reminder_id), None)
        routines = [(r.id, r.title) for r in self.catalog.report.routines]
        self.nav.screen(Name.REMINDER_EDIT).edit(reminder, routines)
        self.nav.go(Name.REMINDER_EDIT)

    def save(self, reminder: Reminder) -> None:
        first = not self.controller.reminders
        self.controller.put(reminder)
        self.say("")
        self.nav.back()
        if first:
            # The moment the person asked for reminders is when to ask for the permission.
            self.controller.alarms.ask_for_notifications()

    def delete(self, reminder_id: str) -> None:
        from unknot.ui.screens.reminders import days_text

        gone = self.controller.delete(reminder_id)
        if gone is not None:
            when = gone.at.strftime("%H:%M")
            self.say(f"Deleted the {when} reminder ({days_text(gone.days)}).")
        self.nav.back()

    def remind_me(self, routine_id: str) -> None:
        """Sets up the routine's usual times (its per_day: morning, midday, evening) once."""
        routine = self.catalog.get(routine_id)
        if routine is None:
            return
        screen = self.nav.screen(Name.REMINDERS)
        if self.controller.for_routine(routine.id):
            screen.message = ""
        else:
            per_day = routine.per_day.high if routine.per_day else 1
            made = default_reminders(routine.id, per_day)
            first = not self.controller.reminders
            self.controller.put_many(made)
            times = ", ".join(r.at.strftime("%H:%M") for r in made)
            screen.message = (
                f"Added {routine.title} at {times}, every day. Tap a reminder to change it."
            )
            if first:
                self.controller.alarms.ask_for_notifications()
        screen.show(self.controller.reminders, self.catalog.titles())
        self.nav.go(Name.REMINDERS)

    def toggle_exact(self) -> None:
        """Android 12+: exact times need the person to allow them in the system's settings."""
        exact = not self.settings.settings.exact_reminders
        self.settings.apply(replace(self.settings.settings, exact_reminders=exact))
        self.nav.screen(Name.REMINDERS).exact = exact
        alarms = self.controller.alarms
        if exact and not alarms.exact_possible():
            alarms.ask_for_exact()
            self.say(
                "Android asks you to allow Unknot to set alarms and reminders; "
                "until you do, reminders may come a few minutes late."
            )
        self.controller.arm()

    def export_calendar(self) -> None:
        """Writes the reminders as an .ics file a calendar app imports; says where, or why not."""
        zone_key = getattr(self.controller.zone, "key", None)
        if not isinstance(zone_key, str):
            self.say(
                "The time zone's name is unknown, so a calendar would get the times wrong "
                "after the clocks change; nothing was exported."
            )
            return
        # Only an export needs the iCalendar library: imported here, not at start-up.
        from unknot.core.reminders.calendar import IcalExportError, reminders_to_ical

        reminders = self.controller.reminders
        try:
            data = reminders_to_ical(
                reminders, self.catalog.titles(), zone_key, self.controller.wall_clock()
            )
        except IcalExportError as error:
            self.say(str(error))
            return
        count = data.count(b"BEGIN:VEVENT")
        noun = "reminder" if count == 1 else "reminders"
        self.exporter.write(
            ICS_FILE,
            data,
            self.say,
            saved=f"Saved {count} {noun} to {{path}}. Open that file with your calendar app: "
            "it will remind you even when Unknot is closed.",
            not_saved="Nothing was saved.",
        )

    # -- the banner ------------------------------------------------------------------

    def show_due(self, due: Due) -> None:
        title, _message = notification_text(due.reminder, self.catalog.titles())
        self.banner.show_reminder(due.reminder.id, title)

    def show_missed(self, missed: Missed) -> None:
        zone = self.controller.zone
        times = ", ".join(t.astimezone(zone).strftime("%H:%M") for t in missed.times)
        noun = "reminder" if missed.count == 1 else "reminders"
        self.banner.show_note(f"While Unknot was closed, {missed.count} {noun} passed ({times}).")

    def open_from_reminder(self, reminder_id: str) -> None:
        self.banner.hide()
        reminder = next((r for r in self.controller.reminders if r.id == reminder_id), None)
        if reminder is not None and reminder.routine_id in self.catalog.shown:
            self.browse.open_now(reminder.routine_id)
        else:
            self.browse.home()

    def snooze(self, reminder_id: str, minutes: int) -> None:
        self.banner.hide()
        self.controller.snooze(reminder_id, timedelta(minutes=minutes))
