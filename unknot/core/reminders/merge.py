"""Two windows' reminders in one file: each keeps what the other did.

A desktop user may open Unknot twice on one data folder (and on Android a
background service may write beside the app). Each window saves over the file as
it is then, so whatever the other saved since must be taken in, not lost:

- reminders merge by id, three ways against what this window last read: a new
  reminder from the other window is kept, one deleted here stays deleted, one
  changed in only one window keeps that change; one both changed keeps this
  window's (the later change), and the person is told;
- the day's state merges so that the quieter wins: sessions done in both windows
  add up, a stop for pain in either quiets the day, and a firing handled in
  either is not shown again in the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from unknot.core.reminders.schedule import (
    MAX_REMINDERS,
    DayTally,
    Reminder,
    ReminderState,
    Snooze,
    sorted_reminders,
)


def merge_reminders(
    base: Iterable[Reminder], mine: Iterable[Reminder], theirs: Iterable[Reminder]
) -> tuple[tuple[Reminder, ...], tuple[str, ...]]:
    """The merged reminders (at most ``MAX_REMINDERS``) and the ones both windows changed."""
    before = {r.id: r for r in base}
    ours = {r.id: r for r in mine}
    other = {r.id: r for r in theirs}
    kept: list[Reminder] = []
    added_there: list[Reminder] = []
    conflicts: list[str] = []
    for reminder_id in dict.fromkeys([*ours, *other, *before]):
        was, here, there = before.get(reminder_id), ours.get(reminder_id), other.get(reminder_id)
        if here == was:
            chosen = there  # unchanged here: the other window's version, or its deletion
        else:
            chosen = here  # changed, added or deleted here: this window's
            if there not in (was, here):
                conflicts.append(_named(here or was or there))
        if chosen is None:
            continue
        if chosen.id in ours or chosen.id in before:
            kept.append(chosen)
        else:
            added_there.append(chosen)
    room = max(MAX_REMINDERS - len(kept), 0)
    if len(added_there) > room:
        # More than a file may hold: this window's stay, the other's newest beyond go.
        conflicts += [_named(r) for r in added_there[room:]]
    merged = sorted_reminders([*kept, *added_there[:room]])
    return tuple(merged), tuple(conflicts)


def merge_states(
    base: ReminderState,
    mine: ReminderState,
    theirs: ReminderState,
    reminder_ids: Iterable[str],
) -> ReminderState:
    """The day's state from both windows; the quieter wins, nothing handled fires again."""
    return ReminderState(
        _merge_snoozes(base.snoozes, mine.snoozes, theirs.snoozes, set(reminder_ids)),
        _merge_tallies(base.tally, mine.tally, theirs.tally),
        _later(mine.handled_until, theirs.handled_until),
    )


def _merge_snoozes(
    base: tuple[Snooze, ...],
    mine: tuple[Snooze, ...],
    theirs: tuple[Snooze, ...],
    reminder_ids: set[str],
) -> tuple[Snooze, ...]:
    """By reminder, three ways: a snooze that fired (gone) in one window is gone in both."""
    before = {s.reminder_id: s for s in base}
    ours = {s.reminder_id: s for s in mine}
    other = {s.reminder_id: s for s in theirs}
    result: list[Snooze] = []
    for reminder_id in dict.fromkeys([*ours, *other]):
        was, here = before.get(reminder_id), ours.get(reminder_id)
        chosen = other.get(reminder_id) if here == was else here
        if chosen is not None and reminder_id in reminder_ids:
            result.append(chosen)
    return tuple(result)


def _merge_tallies(base: DayTally, mine: DayTally, theirs: DayTally) -> DayTally:
    """The later day's tally; on one day, the sessions of both windows and rest from either."""
    if mine.day != theirs.day:
        if mine.day is None:
            return theirs
        if theirs.day is None:
            return mine
        return mine if mine.day > theirs.day else theirs
    counted_before = base.sessions if base.day == mine.day else 0
    sessions = max(mine.sessions + theirs.sessions - counted_before, mine.sessions, theirs.sessions)
    return DayTally(mine.day, sessions, mine.rest or theirs.rest)


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None:
        return second
    if second is None:
        return first
    return max(first, second)


def _named(reminder: Reminder | None) -> str:
    if reminder is None:  # pragma: no cover (a conflict always has one side)
        return "a reminder"
    return f"the {reminder.at.strftime('%H:%M')} reminder"
