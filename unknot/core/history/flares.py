"""Flares and the clinician-review suggestion: the history rules that look back a week.

Pure functions over :class:`~unknot.core.history.store.SessionRecord` lists, a
``now`` (an aware datetime) and the person's time zone, so they are tested with
any clock and no database. Days are local days (:mod:`unknot.core.clock.days`).

- **A flare** is a session stopped for pain, or one that ended with pain 2 or
  more above its baseline (CLINICAL.md rule 7). A stop for pain counts even after
  a rise of 1 from a low baseline: the pain rule stopped it because pain rose.
- **A red-flag stop is not a flare.** It belongs to the urgent-care path, not to
  "ease tomorrow's routine": offering an eased massage the morning after a
  warning sign would suggest the app has it in hand. A red-flag stop in the last
  7 days makes :func:`clinician_review` suggest a review on its own.
- **Two flares in a week** are two flared sessions started in the last 7 local
  days, today included; two on one day count as two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from unknot.core.clock.days import local_day
from unknot.core.history.store import SessionRecord
from unknot.core.playback.session import EndReason

FLARE_RISE = 2
"""Pain this much above the session's baseline at its end makes it a flare (rule 7)."""
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
