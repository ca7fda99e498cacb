"""What the platform can do, as plain facts the screens read instead of asking ``platform``.

``create_services`` is the one place that knows which platform the app runs
on; a screen that offers a setting or words a note by platform asks these
instead, so a new platform is one new ``Traits`` value, not a hunt through the UI.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Traits:
    can_vibrate: bool
    """Offer the vibration setting (phones)."""
    saves_through_system: bool
    """Exports go through the system's save screen (Android documents), not to a folder."""
    calendar_export: bool
    """Offer the .ics reminders export: for desktops, whose reminders need the app open."""
    exact_alarm_choice: bool
    """Android 12+: the "exact times" option on the reminders screen."""
    reminders_when_closed: bool
    """The platform's alarms fire with the app closed (Android)."""
    back_at_home_quits: bool
    """Android: Back (Escape) on the home screen leaves the app."""
    can_dial: bool = False
    """Call for help opens the phone's dialer; elsewhere the screen shows the number large."""


NO_TRAITS = Traits(
    can_vibrate=False,
    saves_through_system=False,
    calendar_export=False,
    exact_alarm_choice=False,
    reminders_when_closed=False,
    back_at_home_quits=False,
)
"""Null services offer nothing; an unknown platform neither."""

ANDROID_TRAITS = Traits(
    can_vibrate=True,
    saves_through_system=True,
    calendar_export=False,
    exact_alarm_choice=True,
    reminders_when_closed=True,
    back_at_home_quits=True,
    can_dial=True,
)
DESKTOP_TRAITS = Traits(
    can_vibrate=False,
    saves_through_system=False,
    calendar_export=True,
    exact_alarm_choice=False,
    reminders_when_closed=False,
    back_at_home_quits=False,
)
IOS_TRAITS = Traits(
    can_vibrate=True,
    saves_through_system=False,
    calendar_export=False,
    exact_alarm_choice=False,
    reminders_when_closed=False,
    back_at_home_quits=False,
)
