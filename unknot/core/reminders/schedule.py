"""Daily reminders and when each fires next, in the person's local time.

A reminder is a wall-clock time ("8:00 on weekdays"), so it follows the local
zone through daylight saving: 8:00 stays 8:00 when the clocks change, which
makes the gap between two firings 23 or 25 hours on those days. Two edge cases
need a rule, chosen to match what Android's ``Calendar`` arithmetic and most
alarm clocks do:

- a time that does not exist on a spring-forward day (2:30 when the clocks
  jump from 2:00 to 3:00) fires at the same distance past the jump (3:30);
- a time that happens twice on a fall-back day fires once, at the first.

All comparisons are made in UTC: Python compares two datetimes that share a
``tzinfo`` object by their wall times, which is wrong across a fall-back hour.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from enum import IntEnum

UTC = timezone.utc

MAX_REMINDERS = 24
"""Enough for any plan (3 a day, different on every weekday is 21); stops a runaway file."""


class Weekday(IntEnum):
    """Monday first, as ``date.weekday()`` counts, so the two can be compared directly."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def short(self) -> str:
        return self.name.capitalize()

    @property
    def key(self) -> str:
        """The lower-case word used in the saved file: ``mon`` .. ``sun``."""
        return self.name.lower()


EVERY_DAY: frozenset[Weekday] = frozenset(Weekday)
WEEKDAYS: frozenset[Weekday] = frozenset(day for day in Weekday if day < Weekday.SAT)
WEEKEND: frozenset[Weekday] = frozenset({Weekday.SAT, Weekday.SUN})

DEFAULT_TIMES: dict[int, tuple[time, ...]] = {
    1: (time(8, 0),),
    2: (time(8, 0), time(19, 0)),
    3: (time(8, 0), time(13, 0), time(19, 0)),
}
"""Morning; morning and evening; morning, midday and evening: docs/clinical.md's 1-3 a day."""


class ReminderError(ValueError):
    """A reminder that cannot exist: the message says what would be right."""


def new_reminder_id() -> str:
    """Random, so two devices' reminders never collide when exported to one calendar."""
    return secrets.token_hex(6)


@dataclass(frozen=True)
class Reminder:
    """One daily time, on some days of the week, for one routine or for "whichever I choose".

    ``routine_id`` None means the reminder opens the home screen. ``at`` is a
    whole minute: nobody sets a reminder to the second, and the calendar export
    and Android's alarm both work in minutes.
    """

    id: str
    at: time
    days: frozenset[Weekday] = EVERY_DAY
    routine_id: str | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        if not self.id:
            raise ReminderError("a reminder needs an id")
        if self.at.second or self.at.microsecond or self.at.tzinfo is not None:
            raise ReminderError(f"a reminder's time is a whole minute, not {self.at.isoformat()}")
        if not self.days:
            raise ReminderError("a reminder needs at least one day of the week")
        if not all(isinstance(day, Weekday) for day in self.days):
            raise ReminderError("days must be Weekday values")

    @property
    def minute_of_day(self) -> int:
        return self.at.hour * 60 + self.at.minute

    def falls_on(self, day: date) -> bool:
        return Weekday(day.weekday()) in self.days


def sorted_reminders(reminders: Iterable[Reminder]) -> list[Reminder]:
    """In the order a person reads a day: by time, then by routine."""
    return sorted(reminders, key=lambda r: (r.minute_of_day, r.routine_id or "", r.id))


def default_reminders(routine_id: str | None, per_day: int) -> list[Reminder]:
    """A sensible first set for a routine done ``per_day`` times a day (1-3; more gets 3)."""
    count = min(max(per_day, 1), 3)
    return [Reminder(new_reminder_id(), at, EVERY_DAY, routine_id) for at in DEFAULT_TIMES[count]]


# -- the arithmetic --------------------------------------------------------------------


def wall_time_instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The instant ``at`` o'clock happens on ``day`` in ``zone``, in UTC.

    ``fold=0`` takes the first of a repeated hour, and (with zoneinfo) gives a
    time in a spring-forward gap the offset from before the jump, which lands
    it the same distance past the jump once converted.
    """
    local = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    return local.astimezone(UTC)


def firing_on(reminder: Reminder, day: date, zone: tzinfo) -> datetime | None:
    """When ``reminder`` fires on local ``day`` (UTC), or None when it does not fire that day."""
    if not reminder.falls_on(day):
        return None
    return wall_time_instant(day, reminder.at, zone)


def next_firing(reminder: Reminder, after: datetime, zone: tzinfo) -> datetime | None:
    """The first firing strictly after ``after`` (an aware datetime), in UTC; None if off.

    Starts one local day before ``after``'s: a firing shifted forward out of a
    spring-forward gap can land after midnight-adjacent instants of the day before.
    """
    if not reminder.enabled:
        return None
    after_utc = _aware(after).astimezone(UTC)
    first_day = after_utc.astimezone(zone).date() - timedelta(days=1)
    for offset in range(9):
        instant = firing_on(reminder, first_day + timedelta(days=offset), zone)
        if instant is not None and instant > after_utc:
            return instant
    raise AssertionError("a reminder with at least one day fires within 8 days")  # pragma: no cover


def firings_between(
    reminder: Reminder, start: datetime, end: datetime, zone: tzinfo
) -> list[datetime]:
    """Every firing in ``(start, end]``, in UTC and in order: what a closed app missed."""
    result: list[datetime] = []
    cursor = _aware(start).astimezone(UTC)
    end_utc = _aware(end).astimezone(UTC)
    while True:
        following = next_firing(reminder, cursor, zone)
        if following is None or following > end_utc:
            return result
        result.append(following)
        cursor = following


def reminders_on(reminders: Iterable[Reminder], day: date) -> list[Reminder]:
    """The enabled reminders that fire on local ``day``."""
    return [r for r in reminders if r.enabled and r.falls_on(day)]


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; reminders need an aware datetime")
    return moment


# -- what is due -----------------------------------------------------------------------


@dataclass(frozen=True)
class Snooze:
    """A reminder asked to come back later: fires once at ``until`` (UTC)."""

    reminder_id: str
    until: datetime


@dataclass(frozen=True)
class DayTally:
    """How today went: sessions done, and whether a stop for pain means rest for the day.

    "Done for today" is about the person's own plan, so the target is the number
    of reminders set for that day (at least one). A stop for pain or a red flag
    also quiets the rest of the day: docs/clinical.md's rule after a stop is to lie
    quietly, not to be called back to exercise a few hours later.
    """

    day: date | None = None
    sessions: int = 0
    rest: bool = False

    def on(self, day: date) -> DayTally:
        """This tally if it is ``day``'s, else a fresh one: a new day starts from nothing."""
        return self if self.day == day else DayTally(day)

    def add_session(self, day: date, *, stopped_for_pain: bool = False) -> DayTally:
        today = self.on(day)
        return DayTally(day, today.sessions + 1, today.rest or stopped_for_pain)


@dataclass(frozen=True)
class ReminderState:
    """What changes as reminders fire: snoozes, today's tally, how far firings were handled.

    ``handled_until`` is the last instant (UTC) up to which firings were shown or
    summarized: everything after it, at the next check, is new.
    """

    snoozes: tuple[Snooze, ...] = ()
    tally: DayTally = DayTally()
    handled_until: datetime | None = None


@dataclass(frozen=True)
class Due:
    """A reminder to show now."""

    reminder: Reminder
    at: datetime
    snoozed: bool = False


@dataclass(frozen=True)
class Missed:
    """Firings missed while the app was closed, summed up in one quiet line."""

    count: int
    times: tuple[datetime, ...]


@dataclass(frozen=True)
class CheckResult:
    """What one check found; ``state`` is the state to keep (and save when it changed)."""

    due: tuple[Due, ...]
    missed: Missed | None
    state: ReminderState
    quiet_for_today: bool


ON_TIME = timedelta(minutes=10)
"""A firing found up to this late is shown as usual (the phone slept a few minutes);
later than this it counts as missed and only goes into the summary."""

MISSED_WINDOW = timedelta(hours=18)
"""Missed firings older than this are not worth mentioning at all."""


def done_for_today(reminders: Sequence[Reminder], tally: DayTally, day: date) -> bool:
    """True when the day's planned sessions are done, or the day is one for rest."""
    today = tally.on(day)
    target = max(len(reminders_on(reminders, day)), 1)
    return today.rest or today.sessions >= target


def check(
    reminders: Sequence[Reminder], state: ReminderState, now: datetime, zone: tzinfo
) -> CheckResult:
    """Which reminders are due at ``now``, and what was missed since the last check.

    The first check ever (no ``handled_until``) reports nothing: reminders just
    set up should not fire for times already past. A day that is done, or a day
    of rest, keeps everything quiet, snoozes included.
    """
    now_utc = _aware(now).astimezone(UTC)
    today = now_utc.astimezone(zone).date()
    since = state.handled_until if state.handled_until is not None else now_utc
    # Older firings would be dropped anyway; this keeps a check after months cheap.
    since = min(max(since, now_utc - MISSED_WINDOW), now_utc)
    quiet = done_for_today(reminders, state.tally, today)

    due: list[Due] = []
    missed: list[datetime] = []
    by_id = {reminder.id: reminder for reminder in reminders}
    kept_snoozes: list[Snooze] = []
    for snooze in state.snoozes:
        reminder = by_id.get(snooze.reminder_id)
        if reminder is None or not reminder.enabled:
            continue
        if snooze.until > now_utc:
            kept_snoozes.append(snooze)
        elif not quiet and now_utc - snooze.until <= ON_TIME:
            due.append(Due(reminder, snooze.until, snoozed=True))

    for reminder in reminders:
        for instant in firings_between(reminder, since, now_utc, zone):
            if now_utc - instant <= ON_TIME:
                if not quiet:
                    due.append(Due(reminder, instant))
            elif now_utc - instant <= MISSED_WINDOW and not _quiet_that_day(
                reminders, state.tally, instant, zone
            ):
                missed.append(instant)

    due.sort(key=lambda item: (item.at, item.reminder.minute_of_day))
    summary = Missed(len(missed), tuple(sorted(missed))) if missed and not quiet else None
    new_state = ReminderState(tuple(kept_snoozes), state.tally.on(today), now_utc)
    return CheckResult(tuple(due), summary, new_state, quiet)


def _quiet_that_day(
    reminders: Sequence[Reminder], tally: DayTally, instant: datetime, zone: tzinfo
) -> bool:
    day = instant.astimezone(zone).date()
    return tally.day == day and done_for_today(reminders, tally, day)


def snooze(
    state: ReminderState, reminder_id: str, now: datetime, delay: timedelta
) -> ReminderState:
    """The state with ``reminder_id`` coming back once, ``delay`` from ``now``."""
    until = _aware(now).astimezone(UTC) + delay
    others = tuple(s for s in state.snoozes if s.reminder_id != reminder_id)
    return ReminderState((*others, Snooze(reminder_id, until)), state.tally, state.handled_until)


def record_session(
    state: ReminderState, now: datetime, zone: tzinfo, *, stopped_for_pain: bool = False
) -> ReminderState:
    """Counts a session toward today's plan; a stop for pain makes the rest of today quiet."""
    day = _aware(now).astimezone(zone).date()
    tally = state.tally.add_session(day, stopped_for_pain=stopped_for_pain)
    return ReminderState(state.snoozes, tally, state.handled_until)
