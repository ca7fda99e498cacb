"""Session records written the short way, for the rules and export tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from unknot.core.history.store import CheckRecord, SessionRecord
from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone, assess

BERLIN = ZoneInfo("Europe/Berlin")
_ids = itertools.count(1)


def berlin(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A Berlin wall time; the records keep it in UTC, as the store does."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def session(
    start: datetime,
    *,
    routine_id: str = "chin-tucks-1",
    title: str = "Chin tucks, level 1",
    baseline: int = 2,
    ratings: Sequence[int] = (2,),
    end: EndReason | None = EndReason.COMPLETED,
    eased: bool = False,
    minutes: float = 3.0,
    steps_done: int = 1,
    step_count: int = 1,
) -> SessionRecord:
    """A session whose checks come a minute apart, each zoned by the real pain rule."""
    checks = tuple(
        CheckRecord(
            at=start + timedelta(minutes=n + 1),
            rating=rating,
            zone=assess(baseline, rating),
            reason=PainCheckReason.FINAL
            if n == len(ratings) - 1 and end is EndReason.COMPLETED
            else PainCheckReason.AFTER_SET,
            step_index=0,
        )
        for n, rating in enumerate(ratings)
    )
    return SessionRecord(
        id=next(_ids),
        routine_id=routine_id,
        routine_title=title,
        routine_version="0123456789ab",
        step_count=step_count,
        started_at=start.astimezone(ZoneInfo("UTC")),
        ended_at=None if end is None else start + timedelta(minutes=minutes),
        baseline=baseline,
        end_reason=end,
        checks=checks,
        steps_done=steps_done,
        eased=eased,
    )


def stopped_for_pain(start: datetime, baseline: int = 2, rating: int = 4) -> SessionRecord:
    assert assess(baseline, rating) is Zone.STOP
    return session(start, baseline=baseline, ratings=(rating,), end=EndReason.STOPPED_FOR_PAIN)
