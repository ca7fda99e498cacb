"""Local calendar days and weeks for instants kept in UTC.

The history keeps every instant in UTC (it sorts, and it survives a change of
time zone), but people live in local days: "yesterday", "this week", "the next
morning". A session at 00:30 in Berlin is on the new day, although in UTC it is
still the evening before; a local day is 23 or 25 hours long when the clocks
change. So every day boundary is worked out in the person's zone, here, once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from unknot.core.reminders.schedule import wall_time_instant

UTC = timezone.utc


def aware_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is refused, because its day would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; the history needs an aware datetime")
    return moment.astimezone(UTC)


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day ``moment`` falls on where the person is."""
    return aware_utc(moment).astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """The instant (UTC) local ``day`` begins.

    Where the clocks jump at midnight (America/Santiago), 00:00 does not exist and
    the day begins at 01:00; :func:`wall_time_instant` already lands there.
    """
    return wall_time_instant(day, time(0, 0), zone)


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """``[start, end)`` of local ``day`` in UTC: 23, 24 or 25 hours apart."""
    return day_start(day, zone), day_start(day + timedelta(days=1), zone)


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())
