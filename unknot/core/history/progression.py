"""Progression: when a routine's next level in its series may be suggested.

It counts, for a routine with a ``series`` and a ``level``, only the sessions of
that level since the person last did another level of the same series (going
back from level 2 to level 1 starts the count again). Of those, the last 3 whose
next day has begun must all be "continue" sessions: finished, not eased, every
check in the continue zone, and a next day with no flare: no flared session the
day after, and no next-morning flare (rule 7) measured against its day. A
session from today waits for tomorrow; a session from today that already fails
resets the count at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from unknot.core.clock.days import local_day
from unknot.core.history.flares import flare, on_day
from unknot.core.history.store import SessionRecord
from unknot.core.routines.model import Routine
from unknot.core.safety.morning import morning_flares
from unknot.core.safety.pain_rule import Zone

PROGRESSION_SESSIONS = 3


# -- progression -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelSuggestion:
    current: Routine
    next: Routine
    sessions: tuple[SessionRecord, ...]
    """The sessions that earned it, oldest first."""
    message: str


def continue_session(record: SessionRecord) -> bool:
    """Finished with every step done (not skipped), not eased, every check in the continue zone.

    Skipped steps do not count: three sessions skipped through must not earn a
    harder level.
    """
    return (
        record.finished
        and (record.step_count is None or record.steps_done >= record.step_count)
        and not record.eased
        and bool(record.checks)
        and all(check.zone is Zone.CONTINUE for check in record.checks)
    )


def settled_next_day(record: SessionRecord, records: Sequence[SessionRecord], zone: tzinfo) -> bool:
    """No flare in any session the next day, and no next-morning flare held to its day."""
    day = local_day(record.started_at, zone)
    if any(flare(r) for r in on_day(records, day + timedelta(days=1), zone)):
        return False
    return not any(m.earlier_day == day for m in morning_flares(records, zone))


def progression(
    routine: Routine,
    routines: Iterable[Routine],
    records: Sequence[SessionRecord],
    now: datetime,
    zone: tzinfo,
) -> LevelSuggestion | None:
    """The next level of ``routine``'s series, once 3 sessions in a row have earned it."""
    if routine.series is None or routine.level is None:
        return None
    in_series = {r.id: r for r in routines if r.series == routine.series}
    following = next((r for r in in_series.values() if r.level == routine.level + 1), None)
    if following is None:
        return None
    today = local_day(now, zone)
    ordered = sorted(
        (r for r in records if r.routine_id in in_series), key=lambda r: (r.started_at, r.id)
    )
    run: list[SessionRecord] = []
    for record in ordered:
        if record.routine_id == routine.id:
            run.append(record)
        else:
            run = []  # another level of the series: the count starts again
    earned: list[SessionRecord] = []
    for record in reversed(run):
        if not continue_session(record):
            break
        if local_day(record.started_at, zone) >= today:
            continue  # its next morning has not come yet
        if not settled_next_day(record, records, zone):
            break
        earned.append(record)
        if len(earned) == PROGRESSION_SESSIONS:
            break
    if len(earned) < PROGRESSION_SESSIONS:
        return None
    return LevelSuggestion(
        current=routine,
        next=following,
        sessions=tuple(reversed(earned)),
        message=(
            f"Your last {PROGRESSION_SESSIONS} sessions of {routine.title} stayed comfortable, "
            f"with no flare the next day. You could move on to {following.title}. "
            "If it feels like a strain, go back."
        ),
    )
