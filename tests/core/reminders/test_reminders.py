"""The reminder schedule: next firing across midnight, week ends and daylight saving."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.reminders.schedule import (
    EVERY_DAY,
    MISSED_WINDOW,
    ON_TIME,
    WEEKDAYS,
    DayTally,
    Reminder,
    ReminderError,
    ReminderState,
    Weekday,
    check,
    default_reminders,
    done_for_today,
    firings_between,
    next_firing,
    record_session,
    snooze,
)

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",  # half-hour daylight saving
        "America/Santiago",  # changes at midnight: the local day 00:00-00:59 is skipped
        "Pacific/Chatham",
        "Asia/Kolkata",
        "UTC",
    )
]


def local(
    zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def at(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


# -- examples --------------------------------------------------------------------------


def test_later_today_when_the_time_has_not_come() -> None:
    reminder = Reminder("r", at(13))
    now = local(BERLIN, 2026, 11, 23, 9, 0)
    assert next_firing(reminder, now, BERLIN) == local(BERLIN, 2026, 11, 23, 13, 0)


def test_tomorrow_when_the_time_has_passed_across_midnight() -> None:
    reminder = Reminder("r", at(8))
    now = local(BERLIN, 2026, 11, 23, 23, 59)
    assert next_firing(reminder, now, BERLIN) == local(BERLIN, 2026, 11, 24, 8, 0)


def test_exactly_at_the_time_gives_the_next_one() -> None:
    reminder = Reminder("r", at(8))
    now = local(BERLIN, 2026, 11, 23, 8, 0)
    assert next_firing(reminder, now, BERLIN) == local(BERLIN, 2026, 11, 24, 8, 0)


def test_weekdays_skip_the_weekend() -> None:
    reminder = Reminder("r", at(8), WEEKDAYS)
    friday_evening = local(BERLIN, 2026, 11, 27, 20, 0)
    assert next_firing(reminder, friday_evening, BERLIN) == local(BERLIN, 2026, 11, 30, 8, 0)


def test_one_day_a_week_wraps_round_the_week() -> None:
    reminder = Reminder("r", at(8), frozenset({Weekday.MON}))
    monday_after = local(BERLIN, 2026, 11, 23, 9, 0)
    assert next_firing(reminder, monday_after, BERLIN) == local(BERLIN, 2026, 11, 30, 8, 0)


def test_wall_time_holds_through_the_spring_change() -> None:
    reminder = Reminder("r", at(8))
    saturday = local(BERLIN, 2026, 3, 28, 8, 0)
    sunday = next_firing(reminder, saturday, BERLIN)
    assert sunday == local(BERLIN, 2026, 3, 29, 8, 0)
    assert sunday is not None and sunday - saturday == timedelta(hours=23)


def test_wall_time_holds_through_the_autumn_change() -> None:
    reminder = Reminder("r", at(19))
    saturday = local(NEW_YORK, 2026, 10, 31, 19, 0)
    sunday = next_firing(reminder, saturday, NEW_YORK)
    assert sunday is not None and sunday - saturday == timedelta(hours=25)
    assert sunday.astimezone(NEW_YORK).hour == 19


def test_a_time_in_the_spring_gap_fires_just_after_the_jump() -> None:
    reminder = Reminder("r", at(2, 30))
    found = next_firing(reminder, local(BERLIN, 2026, 3, 28, 12, 0), BERLIN)
    assert found is not None
    assert found.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)


def test_a_repeated_time_in_autumn_fires_once() -> None:
    reminder = Reminder("r", at(2, 30))
    start = local(BERLIN, 2026, 10, 24, 12, 0)
    end = local(BERLIN, 2026, 10, 26, 0, 0)
    fired = firings_between(reminder, start, end, BERLIN)
    assert len(fired) == 1
    assert fired[0].astimezone(BERLIN).utcoffset() == timedelta(hours=2)  # the first 2:30


def test_turned_off_never_fires() -> None:
    reminder = Reminder("r", at(8), enabled=False)
    assert next_firing(reminder, local(BERLIN, 2026, 11, 23, 0, 0), BERLIN) is None


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        next_firing(Reminder("r", at(8)), datetime(2026, 1, 1), BERLIN)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"at": time(8, 0, 30)}, "whole minute"),
        ({"days": frozenset()}, "at least one day"),
        ({"id": ""}, "id"),
    ],
)
def test_impossible_reminders_are_refused(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"id": "r", "at": at(8)}
    values.update(kwargs)
    with pytest.raises(ReminderError, match=message):
        Reminder(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("per_day", "hours"),
    [(1, [8]), (2, [8, 19]), (3, [8, 13, 19]), (5, [8, 13, 19]), (0, [8])],
)
def test_per_day_offers_morning_midday_evening(per_day: int, hours: list[int]) -> None:
    made = default_reminders("chin-tucks-1", per_day)
    assert [r.at.hour for r in made] == hours
    assert all(r.routine_id == "chin-tucks-1" and r.days == EVERY_DAY for r in made)
    assert len({r.id for r in made}) == len(made)


# -- properties ------------------------------------------------------------------------

reminders_strategy = st.builds(
    Reminder,
    id=st.just("r"),
    at=st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    days=st.frozensets(st.sampled_from(list(Weekday)), min_size=1),
)
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
zones = st.sampled_from(ZONES)


def exists(day: date, wall: time, zone: ZoneInfo) -> bool:
    """Whether ``wall`` on ``day`` is a real local time (not skipped by a change)."""
    naive = datetime.combine(day, wall)
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


@settings(max_examples=400, deadline=None)
@given(reminders_strategy, instants, zones)
def test_next_firing_is_the_first_valid_moment_after(
    reminder: Reminder, after: datetime, zone: ZoneInfo
) -> None:
    found = next_firing(reminder, after, zone)
    assert found is not None and found.tzinfo is not None
    assert found > after
    assert found - after <= timedelta(days=7, hours=3)
    shown = found.astimezone(zone)
    if exists(shown.date(), reminder.at, zone):
        assert (shown.hour, shown.minute) == (reminder.at.hour, reminder.at.minute)
        assert Weekday(shown.weekday()) in reminder.days
    else:
        # Shifted forward out of a gap: a little later, on a day it falls on.
        wall = datetime.combine(shown.date(), reminder.at)
        assert timedelta(0) < shown.replace(tzinfo=None) - wall <= timedelta(hours=2)
    # Nothing valid was skipped: no day between has a firing in (after, found).
    day = after.astimezone(zone).date() - timedelta(days=1)
    while day <= shown.date():
        if reminder.falls_on(day):
            moment = datetime.combine(day, reminder.at).replace(tzinfo=zone).astimezone(UTC)
            assert not after < moment < found
        day += timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(reminders_strategy, instants, zones)
def test_firings_on_the_days_it_falls_on_once_each(
    reminder: Reminder, start: datetime, zone: ZoneInfo
) -> None:
    end = start + timedelta(days=15)
    fired = firings_between(reminder, start, end, zone)
    assert fired == sorted(set(fired))
    assert all(start < moment <= end for moment in fired)
    days = [moment.astimezone(zone).date() for moment in fired]
    assert len(days) == len(set(days))
    first_full = start.astimezone(zone).date() + timedelta(days=1)
    whole_days = [first_full + timedelta(days=i) for i in range(13)]
    expected = {d for d in whole_days if reminder.falls_on(d)}
    assert expected <= set(days)


@settings(max_examples=200, deadline=None)
@given(reminders_strategy, instants, zones)
def test_the_next_firing_after_a_firing_is_a_later_day(
    reminder: Reminder, after: datetime, zone: ZoneInfo
) -> None:
    first = next_firing(reminder, after, zone)
    assert first is not None
    second = next_firing(reminder, first, zone)
    assert second is not None
    assert second.astimezone(zone).date() > first.astimezone(zone).date()
    assert timedelta(hours=21) <= second - first <= timedelta(days=7, hours=3)


# -- what is due, done for today, snooze -----------------------------------------------

PLAN = (
    Reminder("m", at(8), WEEKDAYS, "chin-tucks-1"),
    Reminder("d", at(13), WEEKDAYS, "chin-tucks-1"),
    Reminder("e", at(19), WEEKDAYS, "chin-tucks-1"),
)
MONDAY = date(2026, 11, 23)


def state_at(moment: datetime) -> ReminderState:
    return ReminderState(handled_until=moment.astimezone(UTC))


def test_a_reminder_falls_due_once() -> None:
    state = state_at(local(BERLIN, 2026, 11, 23, 7, 59))
    first = check(PLAN, state, local(BERLIN, 2026, 11, 23, 8, 0, 5), BERLIN)
    assert [d.reminder.id for d in first.due] == ["m"]
    again = check(PLAN, first.state, local(BERLIN, 2026, 11, 23, 8, 0, 25), BERLIN)
    assert again.due == () and again.missed is None


def test_the_first_check_ever_fires_nothing_already_past() -> None:
    result = check(PLAN, ReminderState(), local(BERLIN, 2026, 11, 23, 20, 0), BERLIN)
    assert result.due == () and result.missed is None
    assert result.state.handled_until == local(BERLIN, 2026, 11, 23, 20, 0)


def test_a_few_minutes_late_still_fires_but_later_is_missed() -> None:
    state = state_at(local(BERLIN, 2026, 11, 23, 7, 0))
    soon = check(PLAN, state, local(BERLIN, 2026, 11, 23, 8, 0) + ON_TIME, BERLIN)
    assert [d.reminder.id for d in soon.due] == ["m"]
    late = check(PLAN, state, local(BERLIN, 2026, 11, 23, 8, 0) + ON_TIME * 2, BERLIN)
    assert late.due == ()
    assert late.missed is not None and late.missed.count == 1


def test_missed_while_closed_gives_one_summary_not_a_burst() -> None:
    state = state_at(local(BERLIN, 2026, 11, 23, 7, 0))
    result = check(PLAN, state, local(BERLIN, 2026, 11, 23, 20, 0), BERLIN)
    assert result.due == ()
    assert result.missed is not None and result.missed.count == 3
    assert [t.astimezone(BERLIN).hour for t in result.missed.times] == [8, 13, 19]
    after = check(PLAN, result.state, local(BERLIN, 2026, 11, 23, 20, 1), BERLIN)
    assert after.missed is None


def test_firings_older_than_the_window_are_not_mentioned() -> None:
    state = state_at(local(BERLIN, 2026, 11, 16, 7, 0))
    now = local(BERLIN, 2026, 11, 24, 7, 0)  # closed for a week
    result = check(PLAN, state, now, BERLIN)
    assert result.missed is not None
    assert all(now - t <= MISSED_WINDOW for t in result.missed.times)
    assert result.missed.count == 1  # yesterday evening's only: 13:00 is 18 h back


def test_done_for_today_when_the_planned_sessions_are_done() -> None:
    tally = DayTally(MONDAY, 2)
    assert not done_for_today(PLAN, tally, MONDAY)
    assert done_for_today(PLAN, DayTally(MONDAY, 3), MONDAY)
    assert not done_for_today(PLAN, DayTally(MONDAY - timedelta(days=1), 3), MONDAY)


def test_a_day_without_reminders_needs_one_session() -> None:
    saturday = date(2026, 11, 28)
    assert not done_for_today(PLAN, DayTally(saturday, 0), saturday)
    assert done_for_today(PLAN, DayTally(saturday, 1), saturday)


def test_the_rest_of_the_day_stays_quiet_once_done() -> None:
    state = state_at(local(BERLIN, 2026, 11, 23, 12, 0))
    for hour in (8, 10, 12):
        state = record_session(state, local(BERLIN, 2026, 11, 23, hour, 30), BERLIN)
    result = check(PLAN, state, local(BERLIN, 2026, 11, 23, 13, 0), BERLIN)
    assert result.due == () and result.quiet_for_today
    tomorrow = check(PLAN, result.state, local(BERLIN, 2026, 11, 24, 8, 0), BERLIN)
    assert [d.reminder.id for d in tomorrow.due] == ["m"]


def test_a_stop_for_pain_quiets_the_rest_of_the_day() -> None:
    state = state_at(local(BERLIN, 2026, 11, 23, 9, 0))
    state = record_session(state, local(BERLIN, 2026, 11, 23, 9, 0), BERLIN, stopped_for_pain=True)
    result = check(PLAN, state, local(BERLIN, 2026, 11, 23, 13, 0), BERLIN)
    assert result.due == () and result.quiet_for_today


def test_sessions_count_toward_the_local_day() -> None:
    late_evening = local(NEW_YORK, 2026, 11, 23, 23, 30)  # already Tuesday in UTC
    state = record_session(ReminderState(), late_evening, NEW_YORK)
    assert state.tally == DayTally(date(2026, 11, 23), 1)


def test_snooze_brings_it_back_once() -> None:
    state = state_at(local(BERLIN, 2026, 11, 23, 7, 59))
    fired = check(PLAN, state, local(BERLIN, 2026, 11, 23, 8, 0), BERLIN)
    snoozed = snooze(fired.state, "m", local(BERLIN, 2026, 11, 23, 8, 0), timedelta(minutes=10))
    early = check(PLAN, snoozed, local(BERLIN, 2026, 11, 23, 8, 9), BERLIN)
    assert early.due == () and len(early.state.snoozes) == 1
    back = check(PLAN, early.state, local(BERLIN, 2026, 11, 23, 8, 10), BERLIN)
    assert [(d.reminder.id, d.snoozed) for d in back.due] == [("m", True)]
    assert back.state.snoozes == ()


def test_snoozing_again_replaces_the_snooze() -> None:
    state = snooze(ReminderState(), "m", local(BERLIN, 2026, 11, 23, 8, 0), timedelta(minutes=10))
    state = snooze(state, "m", local(BERLIN, 2026, 11, 23, 8, 10), timedelta(hours=1))
    assert [s.until for s in state.snoozes] == [local(BERLIN, 2026, 11, 23, 9, 10)]


def test_a_snooze_of_a_deleted_reminder_is_dropped() -> None:
    state = snooze(
        state_at(local(BERLIN, 2026, 11, 23, 8, 0)),
        "gone",
        local(BERLIN, 2026, 11, 23, 8, 0),
        timedelta(minutes=10),
    )
    result = check(PLAN, state, local(BERLIN, 2026, 11, 23, 8, 11), BERLIN)
    assert result.due == () and result.state.snoozes == ()


def test_a_snooze_stays_quiet_once_the_day_is_done() -> None:
    state = snooze(
        state_at(local(BERLIN, 2026, 11, 23, 8, 0)),
        "m",
        local(BERLIN, 2026, 11, 23, 8, 0),
        timedelta(minutes=10),
    )
    for _ in range(3):
        state = record_session(state, local(BERLIN, 2026, 11, 23, 8, 5), BERLIN)
    result = check(PLAN, state, local(BERLIN, 2026, 11, 23, 8, 10), BERLIN)
    assert result.due == ()


def test_two_reminders_at_the_same_minute_both_come_due() -> None:
    plan = (Reminder("a", at(8), routine_id="x"), Reminder("b", at(8), routine_id="y"))
    state = state_at(local(BERLIN, 2026, 11, 23, 7, 59))
    result = check(plan, state, local(BERLIN, 2026, 11, 23, 8, 0), BERLIN)
    assert {d.reminder.id for d in result.due} == {"a", "b"}
