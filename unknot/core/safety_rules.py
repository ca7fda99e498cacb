"""The rules that read the history: flares, the next-morning question, review, progression.

Pure functions over :class:`~unknot.core.history_store.SessionRecord` lists, a
``now`` (an aware datetime) and the person's time zone, so they are tested with
any clock and no database. Days are local days (:mod:`unknot.core.local_days`):
"yesterday" and "this week" are the person's, not UTC's.

Decisions, with their reasons:

- **A flare** is a session stopped for pain, or one that ended with pain 2 or
  more above its baseline (the issue's wording of CLINICAL.md rule 7). A stop for
  pain counts even after a rise of 1 from a low baseline: rule 5 stopped it
  because pain rose, which is what the next morning should ask about.
- **A red-flag stop is not a flare.** It belongs to the urgent-care path, not to
  "ease tomorrow's routine": offering an eased massage the morning after a
  warning sign would suggest the app has it in hand. The red-flag question is
  asked again before every session (rule 1), and a red-flag stop in the last 7
  days makes :func:`clinician_review` suggest a review on its own.
- **The next morning** is the next local calendar day only: the question is
  about how pain settled overnight. A flare three days ago with nothing since is
  not asked about ("since yesterday" would be wrong); it still counts towards a review.
- **Not settled** when the person says so, or when the rating they give is 2 or
  more above the lowest baseline of yesterday's flared sessions (rule 7's test,
  the lowest being the cautious choice). Then every session that day is offered
  eased, not only the first: pain that has not settled by morning is there all day.
- **Two flares in a week** are two flared sessions started in the last 7 local
  days, today included; two on one day count as two.
- **Progression** counts, for a routine with a ``series`` and a ``level``, only
  the sessions of that level since the person last did another level of the same
  series (going back from level 2 to level 1 starts the count again). Of those,
  the last 3 whose next day has begun must all be "continue" sessions: finished,
  not eased, every check in the continue zone, and a next day with no flare and no
  "not settled" morning answer. A session from today waits for tomorrow; a
  session from today that already fails resets the count at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from unknot.core.easing import eased_routine, nothing_to_ease
from unknot.core.history_store import MorningCheck, SessionRecord
from unknot.core.local_days import aware_utc, local_day, week_start
from unknot.core.model import Routine
from unknot.core.pain_rule import Zone, check_rating
from unknot.core.session import EndReason

FLARE_RISE = 2
"""Pain this much above the session's baseline at its end makes it a flare (rule 7)."""
REVIEW_WINDOW_DAYS = 7
REVIEW_FLARES = 2
PROGRESSION_SESSIONS = 3


# -- flares ------------------------------------------------------------------------------


def flare(record: SessionRecord) -> bool:
    """Stopped for pain, or ended 2 or more above its baseline; never a red-flag stop."""
    if record.end_reason is EndReason.RED_FLAG:
        return False
    if record.end_reason is EndReason.STOPPED_FOR_PAIN:
        return True
    after = record.pain_after
    return after is not None and after >= record.baseline + FLARE_RISE


def flare_words(record: SessionRecord) -> str:
    """What made the session a flare, in a few plain words."""
    if record.end_reason is EndReason.STOPPED_FOR_PAIN:
        return "was stopped for pain"
    return f"ended with pain at {record.pain_after}, up from {record.baseline} at the start"


def _on_day(records: Iterable[SessionRecord], day: date, zone: tzinfo) -> list[SessionRecord]:
    return [r for r in records if local_day(r.started_at, zone) == day]


# -- the next morning ------------------------------------------------------------------------


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
    if _on_day(records, today, zone):
        return None
    if any(check.day == today for check in morning_checks):
        return None
    flares = tuple(r for r in _on_day(records, today - timedelta(days=1), zone) if flare(r))
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


# -- a clinician review ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicianReview:
    flares: tuple[SessionRecord, ...]
    red_flags: tuple[SessionRecord, ...]
    message: str


def clinician_review(
    records: Sequence[SessionRecord], now: datetime, zone: tzinfo
) -> ClinicianReview | None:
    """Two flares, or any red-flag stop, in the last 7 local days (today included)."""
    today = local_day(now, zone)
    first = today - timedelta(days=REVIEW_WINDOW_DAYS - 1)
    recent = [r for r in records if first <= local_day(r.started_at, zone) <= today]
    flares = tuple(r for r in recent if flare(r))
    red_flags = tuple(r for r in recent if r.end_reason is EndReason.RED_FLAG)
    if len(flares) < REVIEW_FLARES and not red_flags:
        return None
    sentences = []
    if red_flags:
        sentences.append(
            "A session this week was stopped for a warning sign. If you have not seen a "
            "clinician about it yet, please do, before your next session."
        )
    if len(flares) >= REVIEW_FLARES:
        sentences.append(
            f"{len(flares)} sessions in the last 7 days were stopped for pain or ended with "
            "more pain. It would be worth going over your routines with your clinician or "
            "physiotherapist."
        )
    return ClinicianReview(flares, red_flags, " ".join(sentences))


def clinician_review_suggested(
    records: Sequence[SessionRecord], now: datetime, zone: tzinfo
) -> bool:
    return clinician_review(records, now, zone) is not None


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


def settled_next_day(
    record: SessionRecord,
    records: Sequence[SessionRecord],
    morning_checks: Sequence[MorningCheck],
    zone: tzinfo,
) -> bool:
    """No flare in any session the next day, and no "not settled" answer that morning."""
    following = local_day(record.started_at, zone) + timedelta(days=1)
    if any(flare(r) for r in _on_day(records, following, zone)):
        return False
    return not any(c.day == following and not c.settled for c in morning_checks)


def progression(
    routine: Routine,
    routines: Iterable[Routine],
    records: Sequence[SessionRecord],
    morning_checks: Sequence[MorningCheck],
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
        if not settled_next_day(record, records, morning_checks, zone):
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
        sentences.append(f"Sessions on {days_done} of the {target_days} days you planned.")
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
