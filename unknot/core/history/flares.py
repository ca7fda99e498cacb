"""Flares and the clinician-review suggestion: the history rules that look back a week.

Pure functions over :class:`~unknot.core.history.store.SessionRecord` lists, a
``now`` (an aware datetime) and the person's time zone, so they are tested with
any clock and no database. Days are local days (:mod:`unknot.core.clock.days`).

- **A flare** (the guide's rule 8) is a session stopped for pain, one that ended
  with pain 2 or more above its baseline, or a next-morning flare: a day whose
  first baseline is 2 or more above the last session day's
  (:mod:`unknot.core.safety.morning`, rule 7). A session can be both a
  next-morning flare and a stop: they are two events and count as two.
- **A red-flag stop is not a flare.** It belongs to the urgent-care path, not to
  "ease tomorrow's routine"; a red-flag stop in the last 7 days makes
  :func:`clinician_review` suggest a review on its own.
- **Two flares in a week** are two flares in the last 7 local days, today
  included; two on one day count as two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from unknot.core.clock.days import local_day
from unknot.core.history.store import SessionRecord
from unknot.core.playback.session import EndReason
from unknot.core.safety.morning import MorningFlare, morning_flares

FLARE_RISE = 2
"""Pain this much above the session's baseline at its end makes it a flare (rule 8)."""
REVIEW_WINDOW_DAYS = 7
REVIEW_FLARES = 2


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


def on_day(records: Iterable[SessionRecord], day: date, zone: tzinfo) -> list[SessionRecord]:
    return [r for r in records if local_day(r.started_at, zone) == day]


# -- a clinician review ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicianReview:
    flares: tuple[SessionRecord, ...]
    """Sessions that flared (stopped for pain, or ended 2 or more above their baseline)."""
    morning_flares: tuple[MorningFlare, ...]
    red_flags: tuple[SessionRecord, ...]
    message: str

    @property
    def flare_count(self) -> int:
        return len(self.flares) + len(self.morning_flares)


def recent_flares(
    records: Sequence[SessionRecord], now: datetime, zone: tzinfo
) -> tuple[tuple[SessionRecord, ...], tuple[MorningFlare, ...]]:
    """The flared sessions and the next-morning flares of the last 7 local days."""
    today = local_day(now, zone)
    first = today - timedelta(days=REVIEW_WINDOW_DAYS - 1)
    recent = [r for r in records if first <= local_day(r.started_at, zone) <= today]
    mornings = tuple(m for m in morning_flares(records, zone) if first <= m.day <= today)
    return tuple(r for r in recent if flare(r)), mornings


def clinician_review(
    records: Sequence[SessionRecord], now: datetime, zone: tzinfo
) -> ClinicianReview | None:
    """Two flares, or any red-flag stop, in the last 7 local days (today included)."""
    today = local_day(now, zone)
    first = today - timedelta(days=REVIEW_WINDOW_DAYS - 1)
    red_flags = tuple(
        r
        for r in records
        if r.end_reason is EndReason.RED_FLAG and first <= local_day(r.started_at, zone) <= today
    )
    flares, mornings = recent_flares(records, now, zone)
    count = len(flares) + len(mornings)
    if count < REVIEW_FLARES and not red_flags:
        return None
    sentences = []
    if red_flags:
        sentences.append(
            "A session this week was stopped for a warning sign. If you have not seen a "
            "clinician about it yet, please do, before your next session."
        )
    if count >= REVIEW_FLARES:
        sentences.append(
            f"You had {count} flares in the last 7 days (a session stopped for pain, one "
            "that ended with more pain, or a day that started with more pain). It would be "
            "worth going over your routines with your clinician or physiotherapist."
        )
    return ClinicianReview(flares, mornings, red_flags, " ".join(sentences))
