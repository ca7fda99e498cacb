"""The next-morning rule: after a flare yesterday, ask how pain settled, and ease today.

- **The next morning** is the next local calendar day only: the question is
  about how pain settled overnight. A flare three days ago with nothing since is
  not asked about ("since yesterday" would be wrong); it still counts towards a review.
- **Not settled** when the person says so, or when the rating they give is 2 or
  more above the lowest baseline of yesterday's flared sessions (rule 7's test,
  the lowest being the cautious choice). Then every session that day is offered
  eased, not only the first: pain that has not settled by morning is there all day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from unknot.core.clock.days import local_day
from unknot.core.history.flares import FLARE_RISE, flare, flare_words, on_day
from unknot.core.history.store import MorningCheck, SessionRecord
from unknot.core.routines.model import Routine
from unknot.core.safety.easing import eased_routine, nothing_to_ease
from unknot.core.safety.pain_rule import check_rating


@dataclass(frozen=True)
class MorningQuestion:
    """Asked before today's first session, when a session yesterday flared."""

    day: date
    """Today: the day the answer is recorded for."""
    flares: tuple[SessionRecord, ...]
    baseline: int
    """The lowest baseline among yesterday's flared sessions: what today's rating is held to."""
    text: str


@dataclass(frozen=True)
class MorningAdvice:
    settled: bool
    """What to record with :meth:`HistoryStore.record_morning_check`."""
    ease: bool
    message: str


def morning_question(
    records: Sequence[SessionRecord],
    morning_checks: Sequence[MorningCheck],
    now: datetime,
    zone: tzinfo,
) -> MorningQuestion | None:
    """The question to ask now, or None: no flare yesterday, asked already, or a session today."""
    today = local_day(now, zone)
    if on_day(records, today, zone):
        return None
    if any(check.day == today for check in morning_checks):
        return None
    flares = tuple(r for r in on_day(records, today - timedelta(days=1), zone) if flare(r))
    if not flares:
        return None
    what = (
        f"a session {flare_words(flares[-1])}"
        if len(flares) == 1
        else f"{len(flares)} sessions were stopped for pain or ended with more pain"
    )
    return MorningQuestion(
        day=today,
        flares=flares,
        baseline=min(r.baseline for r in flares),
        text=f"Yesterday, {what}. How has your pain settled since then?",
    )


def morning_advice(
    question: MorningQuestion, *, settled: bool, rating: int | None = None
) -> MorningAdvice:
    """What the answer means for today: as usual, or eased sessions."""
    if rating is not None:
        check_rating(rating)
    really_settled = settled and (rating is None or rating < question.baseline + FLARE_RISE)
    if really_settled:
        return MorningAdvice(True, False, "Then today's sessions can go as usual.")
    return MorningAdvice(
        False,
        True,
        "Then today's sessions are eased: shorter holds, fewer reps, no pressure on the "
        "head or neck, and a pain check after every step. Stop if pain gets worse.",
    )


def ease_today(morning_checks: Sequence[MorningCheck], now: datetime, zone: tzinfo) -> bool:
    """True when this morning's answer was "not settled": today's sessions are eased."""
    today = local_day(now, zone)
    return any(check.day == today and not check.settled for check in morning_checks)


@dataclass(frozen=True)
class Offer:
    """The routine to offer now: as it is, eased, or none (then ``message`` says why)."""

    routine: Routine | None
    eased: bool
    message: str = ""


def offer_for_today(
    routine: Routine, morning_checks: Sequence[MorningCheck], now: datetime, zone: tzinfo
) -> Offer:
    """``routine``, or its eased version on a day whose morning answer was "not settled"."""
    if not ease_today(morning_checks, now, zone):
        return Offer(routine, False)
    variant = eased_routine(routine)
    if variant is None:
        return Offer(None, True, nothing_to_ease(routine))
    return Offer(
        variant,
        True,
        "Your pain had not settled this morning, so this is the eased version: shorter "
        "holds, fewer reps, no pressure steps.",
    )
