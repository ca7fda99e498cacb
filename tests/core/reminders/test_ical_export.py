"""The iCalendar export read back with the library: the same reminders at the same instants.

Occurrences are expanded with ``dateutil.rrule`` (which icalendar itself depends
on) from each event's RRULE and DTSTART, and compared with
``unknot.core.reminders.schedule.firings_between`` for the same reminder and window, over
windows that cross daylight-saving changes.

Every instant is compared in UTC. dateutil builds each occurrence as the wall time
with DTSTART's tzinfo and ``fold=0``; converting that to UTC resolves a time in a
spring-forward gap with the offset from before the jump (2:30 becomes 3:30), as
RFC 5545 section 3.3.5 asks of calendar apps, and a time repeated at fall-back to
its first instance: the two rules the core uses. Comparing the aware datetimes
directly would not do: Python compares two datetimes that share a tzinfo by wall
time, which cannot tell the two 2:30s of a fall-back night apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Component, Event, Timezone

from unknot.core.reminders.calendar import (
    ANY_ROUTINE_SUMMARY,
    CALENDAR_NAME,
    DEFAULT_DURATION,
    NOTHING_TO_EXPORT,
    PRODID,
    IcalExportError,
    reminders_to_ical,
)
from unknot.core.reminders.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    WEEKEND,
    Reminder,
    Weekday,
    firings_between,
)

UTC = timezone.utc
CHIN_TUCKS = "chin-tucks-1"
TITLES = {CHIN_TUCKS: "Chin tucks (level 1)", "towel-roll": "Towel roll at the base of the skull"}
WINDOW = timedelta(weeks=3)


def chin_tucks_on_weekdays() -> list[Reminder]:
    """The done-criterion: chin tucks at 8:00, 13:00 and 19:00 on weekdays."""
    return [Reminder(f"ct{hour}", time(hour, 0), WEEKDAYS, CHIN_TUCKS) for hour in (8, 13, 19)]


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    assert isinstance(calendar, Calendar)
    return calendar


def events(calendar: Calendar) -> list[Component]:
    return list(calendar.walk("VEVENT"))


def event_for(calendar: Calendar, reminder: Reminder) -> Component:
    (event,) = [e for e in events(calendar) if str(e["UID"]) == f"{reminder.id}@unknot.app"]
    return event


def start_of(event: Component, zone: tzinfo | None = None) -> datetime:
    """DTSTART as icalendar reads it; with ``zone``, the same wall time in that tzinfo."""
    start = event.decoded("DTSTART")
    assert isinstance(start, datetime)
    assert start.tzinfo is not None
    return start if zone is None else start.replace(tzinfo=zone)


def rule_text(event: Component) -> str:
    """The RRULE value as written in the file ("FREQ=WEEKLY;BYDAY=MO,TU")."""
    value = event["RRULE"].to_ical()
    return value.decode("ascii") if isinstance(value, bytes) else str(value)


def occurrences(
    event: Component, start: datetime, end: datetime, zone: tzinfo | None = None
) -> list[datetime]:
    """The event's occurrences in ``(start, end]``, in UTC, expanded with dateutil.

    ``zone`` replaces the tzinfo icalendar gave DTSTART (to test a VTIMEZONE).
    """
    rule = rrulestr(rule_text(event), dtstart=start_of(event, zone))
    found: list[datetime] = []
    for occurrence in rule:
        instant = occurrence.astimezone(UTC)
        if instant > end:
            return found
        if instant > start:
            found.append(instant)
    raise AssertionError("the series has no end")  # pragma: no cover


def embedded_zone(calendar: Calendar, key: str) -> tzinfo:
    """The zone as the file's own VTIMEZONE defines it, for apps that do not know its name."""
    (component,) = [tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == key]
    assert isinstance(component, Timezone)
    zone: tzinfo = component.to_tz(lookup_tzid=False)
    assert not isinstance(zone, ZoneInfo)
    return zone


def assert_same_instants(
    reminders: Sequence[Reminder], key: str, now: datetime, *, via_vtimezone: bool = True
) -> None:
    zone = ZoneInfo(key)
    calendar = parse(reminders_to_ical(reminders, TITLES, key, now))
    end = now + WINDOW
    for reminder in reminders:
        event = event_for(calendar, reminder)
        expected = firings_between(reminder, now, end, zone)
        assert expected, "the window should hold firings"
        assert occurrences(event, now, end) == expected, reminder
        if via_vtimezone and key != "UTC":
            own = embedded_zone(calendar, key)
            assert occurrences(event, now, end, own) == expected, (reminder, "VTIMEZONE")


# -- the person's example ------------------------------------------------------------------


def test_chin_tucks_three_times_on_weekdays_are_three_weekday_events() -> None:
    now = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Berlin
    calendar = parse(reminders_to_ical(chin_tucks_on_weekdays(), TITLES, "Europe/Berlin", now))

    found = events(calendar)
    assert len(found) == 3
    for event in found:
        assert rule_text(event) == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        assert str(event["SUMMARY"]) == "Chin tucks (level 1)"
        assert "Chin tucks (level 1)" in str(event["DESCRIPTION"])
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("DURATION") == DEFAULT_DURATION
    starts = sorted(start_of(event).replace(tzinfo=None) for event in found)
    # 8:00 has passed on Wednesday 3 June: it starts on Thursday; 13:00 and 19:00 today.
    assert starts == [
        datetime(2026, 6, 3, 13, 0),
        datetime(2026, 6, 3, 19, 0),
        datetime(2026, 6, 4, 8, 0),
    ]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_the_calendar_names_itself_and_stamps_the_export_time() -> None:
    now = datetime(2026, 6, 3, 12, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    data = reminders_to_ical(chin_tucks_on_weekdays(), TITLES, "Europe/Berlin", now)
    calendar = parse(data)
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == CALENDAR_NAME == "Unknot reminders"
    for event in events(calendar):
        assert event.decoded("DTSTAMP") == datetime(2026, 6, 3, 10, 0, 30, tzinfo=UTC)
    assert b"DTSTAMP:20260603T100030Z\r\n" in data
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")


def test_every_event_has_a_display_alarm_at_its_start() -> None:
    now = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)
    data = reminders_to_ical(chin_tucks_on_weekdays(), TITLES, "Europe/Berlin", now)
    for event in events(parse(data)):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(0)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
    assert data.count(b"TRIGGER:PT0S\r\n") == 3


# -- the recurrence rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "rule"),
    [
        (EVERY_DAY, "FREQ=DAILY"),
        (WEEKDAYS, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        (WEEKEND, "FREQ=WEEKLY;BYDAY=SA,SU"),
        (frozenset({Weekday.SUN, Weekday.WED, Weekday.MON}), "FREQ=WEEKLY;BYDAY=MO,WE,SU"),
        (frozenset(set(Weekday) - {Weekday.THU}), "FREQ=WEEKLY;BYDAY=MO,TU,WE,FR,SA,SU"),
    ],
)
def test_rule_is_daily_for_every_day_else_weekly_on_the_days(
    days: frozenset[Weekday], rule: str
) -> None:
    now = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)
    data = reminders_to_ical([Reminder("r", time(9, 0), days)], TITLES, "Europe/Berlin", now)
    (event,) = events(parse(data))
    assert rule_text(event) == rule


@pytest.mark.parametrize(
    ("now", "days", "first"),
    [
        # Saturday: a weekday reminder starts on Monday, not on a day it skips.
        (datetime(2026, 6, 6, 7, 0, tzinfo=UTC), WEEKDAYS, date(2026, 6, 8)),
        # 8:00 in Berlin is 6:00 UTC: still to come today, or already past.
        (datetime(2026, 6, 3, 5, 59, tzinfo=UTC), EVERY_DAY, date(2026, 6, 3)),
        (datetime(2026, 6, 3, 6, 0, tzinfo=UTC), EVERY_DAY, date(2026, 6, 4)),
        # 23:30 UTC on Tuesday is already Wednesday in Berlin.
        (datetime(2026, 6, 2, 23, 30, tzinfo=UTC), WEEKEND, date(2026, 6, 6)),
    ],
)
def test_the_series_starts_on_the_next_firing(
    now: datetime, days: frozenset[Weekday], first: date
) -> None:
    data = reminders_to_ical([Reminder("r", time(8, 0), days)], TITLES, "Europe/Berlin", now)
    (event,) = events(parse(data))
    assert start_of(event).replace(tzinfo=None) == datetime.combine(first, time(8, 0))


# -- the same instants as the app, across daylight saving -----------------------------------

DST_CASES = [
    # Europe/Berlin springs forward on 29 March 2026 (2:00 -> 3:00).
    ("Europe/Berlin", datetime(2026, 3, 20, 12, 0, tzinfo=UTC)),
    # and falls back on 25 October 2026 (3:00 -> 2:00).
    ("Europe/Berlin", datetime(2026, 10, 15, 12, 0, tzinfo=UTC)),
    # America/New_York falls back on 1 November 2026 (2:00 -> 1:00), springs on 8 March.
    ("America/New_York", datetime(2026, 10, 22, 12, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 2, 27, 12, 0, tzinfo=UTC)),
    # Australia/Sydney: back on 5 April 2026 (3:00 -> 2:00), forward on 4 October.
    ("Australia/Sydney", datetime(2026, 3, 25, 12, 0, tzinfo=UTC)),
    ("Australia/Sydney", datetime(2026, 9, 25, 12, 0, tzinfo=UTC)),
    ("UTC", datetime(2026, 3, 20, 12, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize(("key", "now"), DST_CASES)
def test_occurrences_are_the_apps_firings_across_a_clock_change(key: str, now: datetime) -> None:
    reminders = [
        *chin_tucks_on_weekdays(),
        Reminder("daily-8", time(8, 0), EVERY_DAY, "towel-roll"),
        # In the gap on spring-forward nights, and twice on fall-back nights.
        Reminder("gap-230", time(2, 30), EVERY_DAY),
        Reminder("fold-130", time(1, 30), EVERY_DAY),  # New York's repeated hour
        Reminder(
            "sunday-245", time(2, 45), frozenset({Weekday.SUN})
        ),  # every change is on a Sunday
        Reminder("midnight", time(0, 0), WEEKEND),
        Reminder("late", time(23, 59), EVERY_DAY),
    ]
    assert_same_instants(reminders, key, now)


def test_a_start_in_the_spring_forward_gap_fires_after_the_jump() -> None:
    """The series' very first occurrence is the nonexistent 2:30: it means 3:30 CEST."""
    now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    reminder = Reminder("gap", time(2, 30))
    (event,) = events(parse(reminders_to_ical([reminder], TITLES, "Europe/Berlin", now)))
    assert start_of(event).replace(tzinfo=None) == datetime(2026, 3, 29, 2, 30)
    first = occurrences(event, now, now + WINDOW)[0]
    assert first == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 3:30 CEST
    assert first == firings_between(reminder, now, now + WINDOW, ZoneInfo("Europe/Berlin"))[0]


def test_utc_times_are_written_in_utc_without_a_vtimezone() -> None:
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    data = reminders_to_ical([Reminder("r", time(8, 0))], TITLES, "UTC", now)
    assert b"DTSTART:20260321T080000Z\r\n" in data
    assert not parse(data).walk("VTIMEZONE")


# -- identity, selection, errors -----------------------------------------------------------


def test_uids_come_from_the_reminders_and_stay_the_same_across_exports() -> None:
    reminders = chin_tucks_on_weekdays()
    first = parse(
        reminders_to_ical(reminders, TITLES, "Europe/Berlin", datetime(2026, 6, 3, tzinfo=UTC))
    )
    second = parse(
        reminders_to_ical(
            list(reversed(reminders)), TITLES, "Europe/Berlin", datetime(2026, 9, 1, tzinfo=UTC)
        )
    )
    uids = sorted(str(event["UID"]) for event in events(first))
    assert uids == ["ct13@unknot.app", "ct19@unknot.app", "ct8@unknot.app"]
    assert sorted(str(event["UID"]) for event in events(second)) == uids


def test_disabled_reminders_are_left_out() -> None:
    on = Reminder("on", time(8, 0), routine_id=CHIN_TUCKS)
    off = Reminder("off", time(9, 0), routine_id=CHIN_TUCKS, enabled=False)
    now = datetime(2026, 6, 3, tzinfo=UTC)
    data = reminders_to_ical([off, on], TITLES, "Europe/Berlin", now)
    assert [str(event["UID"]) for event in events(parse(data))] == ["on@unknot.app"]


@pytest.mark.parametrize(
    "reminders", [[], [Reminder("off", time(9, 0), enabled=False)]], ids=["none", "all-off"]
)
def test_nothing_to_export_is_said_plainly(reminders: list[Reminder]) -> None:
    now = datetime(2026, 6, 3, tzinfo=UTC)
    with pytest.raises(ValueError, match="There are no reminders turned on to export") as caught:
        reminders_to_ical(reminders, TITLES, "Europe/Berlin", now)
    assert isinstance(caught.value, IcalExportError)
    assert str(caught.value) == NOTHING_TO_EXPORT


def test_an_unknown_zone_is_said_plainly() -> None:
    now = datetime(2026, 6, 3, tzinfo=UTC)
    with pytest.raises(IcalExportError, match="time zone 'Mars/Olympus' is not known"):
        reminders_to_ical(chin_tucks_on_weekdays(), TITLES, "Mars/Olympus", now)


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        reminders_to_ical(chin_tucks_on_weekdays(), TITLES, "Europe/Berlin", datetime(2026, 6, 3))


@pytest.mark.parametrize(
    ("routine_id", "summary"),
    [
        (None, ANY_ROUTINE_SUMMARY),
        ("deleted-routine", ANY_ROUTINE_SUMMARY),
        ("towel-roll", "Towel roll at the base of the skull"),
    ],
)
def test_summary_is_the_routines_title_or_a_general_one(
    routine_id: str | None, summary: str
) -> None:
    now = datetime(2026, 6, 3, tzinfo=UTC)
    data = reminders_to_ical([Reminder("r", time(8), routine_id=routine_id)], TITLES, "UTC", now)
    (event,) = events(parse(data))
    assert str(event["SUMMARY"]) == summary
    assert "Open Unknot" in str(event["DESCRIPTION"])
    assert ANY_ROUTINE_SUMMARY == "Unknot: time for a routine"


def test_durations_per_routine_round_up_to_minutes() -> None:
    reminders = [
        Reminder("a", time(8), routine_id=CHIN_TUCKS),
        Reminder("b", time(9), routine_id="towel-roll"),
        Reminder("c", time(10)),
    ]
    durations = {CHIN_TUCKS: timedelta(minutes=6, seconds=1), "towel-roll": timedelta(0)}
    data = reminders_to_ical(reminders, TITLES, "UTC", datetime(2026, 6, 3, tzinfo=UTC), durations)
    calendar = parse(data)
    lengths = {str(e["UID"]).split("@")[0]: e.decoded("DURATION") for e in events(calendar)}
    assert lengths == {
        "a": timedelta(minutes=7),
        "b": timedelta(minutes=1),
        "c": DEFAULT_DURATION,
    }


# -- property: any reminder, any of these zones, any time -----------------------------------

PROPERTY_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # a half-hour change
    "America/Santiago",  # changes at midnight: 0:00-0:59 is skipped in September
    "UTC",
)
reminders_strategy = st.builds(
    Reminder,
    id=st.text("abcdef0123456789", min_size=4, max_size=12),
    at=st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    days=st.frozensets(st.sampled_from(list(Weekday)), min_size=1),
    routine_id=st.sampled_from([None, CHIN_TUCKS, "towel-roll"]),
)
instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(reminders_strategy, st.sampled_from(PROPERTY_ZONES), instants)
def test_expanded_occurrences_are_the_apps_firings(
    reminder: Reminder, key: str, now: datetime
) -> None:
    assert_same_instants([reminder], key, now, via_vtimezone=False)


@settings(max_examples=40, deadline=None)
@given(reminders_strategy, st.sampled_from(PROPERTY_ZONES), instants)
def test_the_embedded_vtimezone_gives_the_same_firings(
    reminder: Reminder, key: str, now: datetime
) -> None:
    assert_same_instants([reminder], key, now)


def test_the_event_type_is_what_calendar_apps_read() -> None:
    """Guards the helpers: icalendar hands back real VEVENTs with zoneinfo start times."""
    now = datetime(2026, 6, 3, tzinfo=UTC)
    calendar = parse(reminders_to_ical(chin_tucks_on_weekdays(), TITLES, "Europe/Berlin", now))
    assert all(isinstance(event, Event) for event in events(calendar))
    assert all(start_of(e).tzinfo == ZoneInfo("Europe/Berlin") for e in events(calendar))
