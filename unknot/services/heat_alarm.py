"""The end of a heat step, said by the platform when the app is not on screen to say it.

Heat is kept to its time (the routines allow at most 20 minutes in a row): if
the app goes to the background during a heat step, the session's own cue may
never be heard. ``HeatAlarm.arm`` asks the platform to post a notification at
the heat deadline; ``cancel`` takes it back when the app returns, the session
ends, or something else has said it. On Android that is an AlarmManager alarm
and a Java receiver (android/heat_alarm.py); elsewhere nothing (``NullHeatAlarm``).

The words are decided here, in Python, so the receiver only posts what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

INEXACT_EARLY_BY = timedelta(minutes=2)
"""How early an inexact alarm is set: Android may deliver one minutes late, never early."""

TITLE_NOW = "Take the heat pack off now"
TEXT_NOW = "Your heat time is up. Let your skin cool before using heat again."


class HeatAlarm(Protocol):
    def arm(self, at: datetime, zone: tzinfo) -> None:
        """Posts "take the heat pack off" at ``at`` (aware), unless cancelled first.

        ``zone`` words the local time where the alarm cannot be exact. Arming
        again replaces the alarm armed before. Never raises.
        """
        ...

    def cancel(self) -> None:
        """Takes back the alarm armed last, if any. Never raises."""
        ...


class NullHeatAlarm:
    """Platforms where the app cannot post while in the background: the session's cue is all."""

    def arm(self, at: datetime, zone: tzinfo) -> None:
        return None

    def cancel(self) -> None:
        return None


@dataclass(frozen=True)
class HeatNotice:
    """What the notification says, and when the alarm goes off."""

    fire_at: datetime
    title: str
    text: str


def heat_notice(at: datetime, zone: tzinfo, *, exact: bool) -> HeatNotice:
    """The notice for a heat step ending at ``at`` (aware).

    An exact alarm fires at ``at`` and says "now". An inexact one is set
    ``INEXACT_EARLY_BY`` earlier, since Android may hold it back for some
    minutes, and says the local time instead of "now", so it is right whenever
    it arrives. Raises ValueError for a naive ``at``: which moment it means is unknown.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the heat deadline must be an aware datetime")
    if exact:
        return HeatNotice(at, TITLE_NOW, TEXT_NOW)
    clock = at.astimezone(zone).strftime("%H:%M")
    return HeatNotice(
        at - INEXACT_EARLY_BY,
        f"Take the heat pack off at {clock}",
        f"Your heat time ends at {clock}. If that time has passed, take it off now.",
    )
