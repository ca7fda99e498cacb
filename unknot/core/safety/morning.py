"""Rule 7, the next morning: a day that starts 2 or more above the last one is a flare day.

The guide: "the first session of a day compares its baseline with the first
baseline of the last day with a session (within 3 days). Two or more above: that
is a flare; today's sessions are eased automatically (shorter holds, no pressure
steps) and the person is told why." No question is asked: the baseline is the
morning rating.

- **Today's first baseline** is the baseline of today's first session, or, before
  it has begun, the rating just given at the start check.
- **The day it is held to** is the latest local day before today with a session,
  if it is at most 3 days back (``today - 3`` counts); its first session's
  baseline is the one compared. Longer gaps compare with nothing.
- **The flare-day easing** is :mod:`unknot.core.safety.easing`'s routine (shorter
  holds, no pressure steps, fewer reps, a check after every step), for every
  session of that day. It is not rule 4's in-session ease-off (lighter pressure,
  fewer reps, a check after every step), which a pain check of 4 or 5 brings, or
  a baseline of 4 or 5 from the first step: the two are kept apart in code and words.
- Restful routines are never eased: there is nothing to ease in resting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from unknot.core.clock.days import local_day
from unknot.core.history.store import SessionRecord
from unknot.core.routines.model import Routine
from unknot.core.safety.easing import eased_routine, nothing_to_ease
from unknot.core.safety.pain_rule import STOP_RISE, check_rating

LOOKBACK_DAYS = 3
"""The day held to is at most this many days before today."""
MORNING_RISE = STOP_RISE
"""Two or more above the last day's first baseline: a next-morning flare."""


@dataclass(frozen=True)
class MorningFlare:
    """Today began 2 or more above the last day with a session: a flare day (rule 7)."""

    day: date
    baseline: int
    """Today's first baseline."""
    earlier_day: date
    earlier_baseline: int
    """The first baseline of ``earlier_day``, the last day with a session before today."""

    @property
    def message(self) -> str:
        when = "yesterday" if (self.day - self.earlier_day).days == 1 else "your last session day"
        return (
            f"Today started at {self.baseline} out of 10, up from {self.earlier_baseline} "
            f"{when}: that counts as a flare. So today's sessions are eased: shorter holds, "
            "no pressure steps."
        )


def first_baselines(records: Iterable[SessionRecord], zone: tzinfo) -> dict[date, int]:
    """Each local day with a session, and the baseline of its first session."""
    firsts: dict[date, SessionRecord] = {}
    for record in records:
        day = local_day(record.started_at, zone)
        first = firsts.get(day)
        if first is None or (record.started_at, record.id) < (first.started_at, first.id):
            firsts[day] = record
    return {day: record.baseline for day, record in firsts.items()}


def morning_flare(
    records: Sequence[SessionRecord], today: date, zone: tzinfo, baseline: int | None = None
) -> MorningFlare | None:
    """Whether ``today`` is a flare day; ``baseline`` is the rating for today's first session.

    When today already has a session, its first baseline decides and ``baseline`` is
    not used: the first session of the day is the morning rating.
    """
    firsts = first_baselines(records, zone)
    today_first = firsts.get(today, baseline)
    if today_first is None:
        return None
    check_rating(today_first)
    earlier = [day for day in firsts if today - timedelta(days=LOOKBACK_DAYS) <= day < today]
    if not earlier:
        return None
    last = max(earlier)
    if today_first < firsts[last] + MORNING_RISE:
        return None
    return MorningFlare(today, today_first, last, firsts[last])


def morning_flares(records: Sequence[SessionRecord], zone: tzinfo) -> list[MorningFlare]:
    """Every flare day in ``records`` (rule 8 counts them as flares)."""
    days = sorted(first_baselines(records, zone))
    found = (morning_flare(records, day, zone) for day in days)
    return [f for f in found if f is not None]


@dataclass(frozen=True)
class Offer:
    """The routine to offer now: as it is, with the flare-day easing, or none (``message`` why)."""

    routine: Routine | None
    eased: bool
    message: str = ""


def flare_day_offer(routine: Routine, flare_today: MorningFlare | None) -> Offer:
    """``routine``, or its flare-day version on a flare day; restful routines stay as they are."""
    if flare_today is None or routine.restful:
        return Offer(routine, False)
    variant = eased_routine(routine)
    if variant is None:
        return Offer(None, True, flare_today.message + "\n\n" + nothing_to_ease(routine))
    return Offer(variant, True, flare_today.message)
