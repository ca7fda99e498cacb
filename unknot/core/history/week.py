"""The weekly check-in: this ISO week's sessions and pain beside last week's, in sentences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from unknot.core.clock.days import aware_utc, local_day, week_start
from unknot.core.history.flares import flare
from unknot.core.history.store import SessionRecord

# -- the weekly check-in -----------------------------------------------------------------------


@dataclass(frozen=True)
class WeekSummary:
    """This ISO week (Monday to Sunday, local) so far, beside last week."""

    week_start: date
    sessions: int
    sessions_last_week: int
    days_done: int
    target_days: int | None
    pain_before: float | None
    pain_after: float | None
    pain_before_last_week: float | None
    pain_after_last_week: float | None
    flares: int
    text: str


def weekly_check_in(
    records: Sequence[SessionRecord],
    now: datetime,
    zone: tzinfo,
    target_days: int | None = None,
) -> WeekSummary:
    """How many sessions this week, and how the pain went, in calm, plain sentences."""
    aware_utc(now)
    monday = week_start(local_day(now, zone))
    this_week = _week(records, monday, zone)
    last_week = _week(records, monday - timedelta(days=7), zone)
    days_done = len({local_day(r.started_at, zone) for r in this_week})
    before, after = _averages(this_week)
    before_last, after_last = _averages(last_week)
    flares = sum(flare(r) for r in this_week)
    sentences = [_count_sentence(len(this_week), len(last_week))]
    if target_days:
        noun = "day" if target_days == 1 else "days"
        sentences.append(
            f"Sessions on {days_done} of the {target_days} {noun} planned so far this week."
        )
    if before is not None:
        pain = f"Pain before sessions averaged {before:.1f}"
        pain += f", after {after:.1f}." if after is not None else "."
        sentences.append(pain)
    if before_last is not None:
        last = f"Last week: {before_last:.1f} before"
        last += f", {after_last:.1f} after." if after_last is not None else "."
        sentences.append(last)
    if flares:
        sentences.append(
            f"{_sessions(flares).capitalize()} stopped for pain or ended with more pain."
        )
    return WeekSummary(
        week_start=monday,
        sessions=len(this_week),
        sessions_last_week=len(last_week),
        days_done=days_done,
        target_days=target_days,
        pain_before=before,
        pain_after=after,
        pain_before_last_week=before_last,
        pain_after_last_week=after_last,
        flares=flares,
        text=" ".join(sentences),
    )


def _week(records: Iterable[SessionRecord], monday: date, zone: tzinfo) -> list[SessionRecord]:
    sunday = monday + timedelta(days=6)
    return [r for r in records if monday <= local_day(r.started_at, zone) <= sunday]


def _averages(records: Sequence[SessionRecord]) -> tuple[float | None, float | None]:
    befores = [r.pain_before for r in records]
    afters = [r.pain_after for r in records if r.pain_after is not None]
    return (fmean(befores) if befores else None, fmean(afters) if afters else None)


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _count_sentence(this_week: int, last_week: int) -> str:
    head = f"{_sessions(this_week)} this week" if this_week else "No sessions yet this week"
    difference = this_week - last_week
    if last_week == 0 and this_week == 0:
        return head + "."
    if difference > 0:
        return f"{head}, {difference} more than last week."
    if difference < 0:
        return f"{head}, {-difference} fewer than last week."
    return f"{head}, the same as last week."
