"""The reminders as an iCalendar file, so a calendar app can remind while Unknot is closed.

On a desktop nothing wakes Unknot at 8:00; a calendar app does, and every one of
them imports RFC 5545 files. Each enabled reminder becomes one repeating event:

- a wall-clock start in the person's zone (``DTSTART;TZID=Europe/Berlin``), so 8:00
  stays 8:00 across daylight saving, as the app's own reminders do; a VTIMEZONE
  describing the zone goes along for the apps that do not know zone names;
- ``FREQ=DAILY`` for every day, else ``FREQ=WEEKLY;BYDAY=...``;
- a display alarm at the start, because an event alone only sits in the calendar;
- a UID made from the reminder's id: importing a newer export updates the events
  instead of adding a second copy of each.

A time that does not exist on a spring-forward day (2:30 when clocks jump from 2:00
to 3:00) is read by calendar apps as RFC 5545 section 3.3.5 says, with the offset
from before the jump: 3:30, the same rule as ``unknot.core.reminders.schedule``.

Built with the ``icalendar`` library (pure Python, so it packages for Android too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from unknot.core.reminders.schedule import (
    EVERY_DAY,
    Reminder,
    Weekday,
    firing_on,
    sorted_reminders,
)

PRODID = "-//Unknot//Reminders//EN"
CALENDAR_NAME = "Unknot reminders"
UID_DOMAIN = "unknot.app"

ANY_ROUTINE_SUMMARY = "Unknot: time for a routine"
ANY_ROUTINE_DESCRIPTION = "Open Unknot and choose a routine. Stop if pain gets worse."

DEFAULT_DURATION = timedelta(minutes=10)
"""How long the calendar shows the event: about one routine; the alarm is at the start."""

VTIMEZONE_YEARS = 20
"""How far ahead the VTIMEZONE lists the clock changes. The series has no end, but
apps that know the zone by name (nearly all) use their own rules; for the others,
twenty years outlasts any export a person keeps."""

NOTHING_TO_EXPORT = "There are no reminders turned on to export."

_BYDAY = {
    Weekday.MON: "MO",
    Weekday.TUE: "TU",
    Weekday.WED: "WE",
    Weekday.THU: "TH",
    Weekday.FRI: "FR",
    Weekday.SAT: "SA",
    Weekday.SUN: "SU",
}


class IcalExportError(ValueError):
    """The export cannot be made: the message is a plain sentence to show as it is."""


def reminder_uid(reminder: Reminder) -> str:
    """The event's UID: the same reminder keeps the same UID in every export."""
    return f"{reminder.id}@{UID_DOMAIN}"


def recurrence(reminder: Reminder) -> dict[str, str | list[str]]:
    """The RRULE: daily when the reminder is on every day, else weekly on its days."""
    if reminder.days == EVERY_DAY:
        return {"FREQ": "DAILY"}
    return {"FREQ": "WEEKLY", "BYDAY": [_BYDAY[day] for day in sorted(reminder.days)]}


def first_day(reminder: Reminder, now: datetime, zone: ZoneInfo) -> date:
    """The local date of the reminder's first firing after ``now``.

    The series starts there, not on today's date: a series starting on a day the
    reminder skips (a Saturday, for weekdays) would get one extra occurrence under
    RFC 5545, and one starting in the past would show alarms for times gone by.
    Starts from the day before, as ``next_firing`` does, for times shifted out of a gap.
    """
    start = _aware(now).astimezone(zone).date() - timedelta(days=1)
    for offset in range(9):
        day = start + timedelta(days=offset)
        instant = firing_on(reminder, day, zone)
        if instant is not None and instant > now:
            return day
    raise AssertionError("a reminder with at least one day fires within 8 days")  # pragma: no cover


def reminders_to_ical(
    reminders: Iterable[Reminder],
    titles: Mapping[str, str],
    zone_key: str,
    now: datetime,
    durations: Mapping[str, timedelta] | None = None,
) -> bytes:
    """The enabled reminders as an iCalendar file (bytes, UTF-8, CRLF line ends).

    ``titles`` maps a routine id to its title, used as the event's summary; a
    reminder for "whichever routine I choose" (``routine_id`` None), or for a routine
    no longer there, gets a general summary. ``zone_key`` is the tz database name of
    the person's zone ("Europe/Berlin"). ``now`` (aware) is the DTSTAMP and decides
    each series' first date. ``durations`` gives an event length per routine id
    (rounded up to whole minutes); others last ``DEFAULT_DURATION``.

    Raises ``IcalExportError`` (a ``ValueError``) when no reminder is enabled or the
    zone is unknown: an empty calendar file would import "successfully" and do nothing.
    """
    enabled = [reminder for reminder in sorted_reminders(reminders) if reminder.enabled]
    if not enabled:
        raise IcalExportError(NOTHING_TO_EXPORT)
    zone = _zone(zone_key)
    stamp = _aware(now).astimezone(timezone.utc)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: a file to add to a calendar, not a meeting invitation to answer.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)

    starts = [(reminder, first_day(reminder, now, zone)) for reminder in enabled]
    events = [
        _event(reminder, day, zone, stamp, titles, durations or {}) for reminder, day in starts
    ]
    # One VTIMEZONE for the zone the start times name (with TZID), from the same tz
    # database as the reminders' own arithmetic, before the events that use it. UTC
    # needs none: its times are written with "Z". (Calendar.add_missing_timezones
    # would do this, but icalendar 7.0.0 also adds a needless one for UTC DTSTAMPs.)
    # from_tzinfo writes a spring-forward onset as the first wall time after the jump
    # (3:00, not RFC 5545's 2:00): readers still resolve every wall time, gap times
    # included, as the app does; tests/core/reminders/test_ical_export.py checks it.
    tzid = events[0]["DTSTART"].params.get("TZID")
    if tzid and tzid != "UTC":
        earliest = min(day for _, day in starts) - timedelta(days=1)
        latest = earliest.replace(year=earliest.year + VTIMEZONE_YEARS, day=1)
        calendar.add_component(
            Timezone.from_tzinfo(zone, tzid=str(tzid), first_date=earliest, last_date=latest)
        )
    for event in events:
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; the export needs an aware datetime")
    return moment


def _zone(zone_key: str) -> ZoneInfo:
    try:
        return ZoneInfo(zone_key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise IcalExportError(
            f"The time zone {zone_key!r} is not known, so the reminders cannot be exported."
        ) from None


def _event(
    reminder: Reminder,
    day: date,
    zone: ZoneInfo,
    stamp: datetime,
    titles: Mapping[str, str],
    durations: Mapping[str, timedelta],
) -> Event:
    title = titles.get(reminder.routine_id) if reminder.routine_id is not None else None
    if title:
        summary = title
        description = f"Open Unknot and start \u201c{title}\u201d. Stop if pain gets worse."
    else:
        summary = ANY_ROUTINE_SUMMARY
        description = ANY_ROUTINE_DESCRIPTION
    length = DEFAULT_DURATION
    if reminder.routine_id is not None and reminder.routine_id in durations:
        length = _whole_minutes(durations[reminder.routine_id])

    event = Event()
    event.add("uid", reminder_uid(reminder))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    # The wall time as set: a time in a spring-forward gap is written as it is and
    # resolved by the reader (RFC 5545 3.3.5), exactly as the app resolves it.
    event.add("dtstart", datetime.combine(day, reminder.at, tzinfo=zone))
    event.add("duration", length)
    event.add("rrule", recurrence(reminder))
    event.add("summary", summary)
    event.add("description", description)
    # A reminder, not an appointment: leaves the person shown as free.
    event.add("transp", "TRANSPARENT")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", _AtTheStart())
    alarm.add("description", summary)
    event.add_component(alarm)
    return event


class _AtTheStart(vDuration):
    """The zero TRIGGER, written ``PT0S``: icalendar writes ``P0D``, valid RFC 5545 but
    rarer in the wild; ``PT0S`` is the form calendar apps themselves export."""

    def __init__(self) -> None:
        super().__init__(timedelta(0))

    def to_ical(self) -> bytes:
        return b"PT0S"


def _whole_minutes(length: timedelta) -> timedelta:
    """Rounded up to a whole minute, at least one: calendars show minutes."""
    minutes = -(-length // timedelta(minutes=1))
    return timedelta(minutes=max(minutes, 1))
