"""Reminders that fire while the app is closed: the platform's alarm clock, armed from here.

The core decides what the reminders are; an ``Alarms`` hands them to the
platform, which fires them without Python (Android's AlarmManager and a Java
receiver; on iOS, later, UNCalendarNotificationTrigger). Desktops have no such
thing: there the reminders fire while the app runs, and an iCalendar export
covers the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from unknot.core.reminders.schedule import Reminder, ReminderState


class Alarms(Protocol):
    def arm(
        self,
        reminders: Sequence[Reminder],
        state: ReminderState,
        titles: Mapping[str, str],
    ) -> None:
        """Replaces everything armed before with ``reminders`` (and ``state``'s snoozes).

        ``titles`` maps routine ids to the titles the notification shows. Called
        whenever reminders change, after a session (done for today), and at start.
        """
        ...

    def exact_possible(self) -> bool:
        """True when alarms can fire to the minute (Android 12+: the person granted it)."""
        ...

    def ask_for_exact(self) -> None:
        """Opens the system page where exact alarms can be allowed, if there is one."""
        ...

    def ask_for_notifications(self) -> None:
        """Asks for the permission to post notifications, where it is a runtime one."""
        ...


class NullAlarms:
    """Platforms without an alarm clock the app can arm: nothing fires while the app is closed."""

    def arm(
        self,
        reminders: Sequence[Reminder],
        state: ReminderState,
        titles: Mapping[str, str],
    ) -> None:
        return None

    def exact_possible(self) -> bool:
        return False

    def ask_for_exact(self) -> None:
        return None

    def ask_for_notifications(self) -> None:
        return None
