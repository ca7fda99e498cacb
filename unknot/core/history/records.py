"""What the history holds: sessions and their pain checks, as the rules read them.

Every record the store hands out has been checked value by value as it was read
(:mod:`unknot.core.history.rows`), so the rules, the screens and the exports can
trust its types and ranges: an aware UTC start, ratings from 0 to 10, an end
reason Unknot knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone


@dataclass(frozen=True)
class CheckRecord:
    """One pain check during a session (not the baseline: that is the session's own)."""

    at: datetime
    rating: int
    zone: Zone
    reason: PainCheckReason | None
    """What asked: after a set, after a step, the final check; ``None`` when unknown."""
    step_index: int | None
    sharp: bool = False
    """Sharp or electric pain on touching the scalp was reported."""


@dataclass(frozen=True)
class SessionRecord:
    """One session as the history keeps it; ``end_reason`` None means it never finished.

    A session without an end is one the app did not get to close: a crash, a
    kill, a battery gone flat. Everything it recorded before that is here.
    """

    id: int
    routine_id: str
    routine_title: str
    routine_version: str | None
    """``None`` for sessions recorded before versions were kept (history v1)."""
    step_count: int | None
    started_at: datetime
    ended_at: datetime | None
    baseline: int
    end_reason: EndReason | None
    checks: tuple[CheckRecord, ...] = ()
    steps_done: int = 0
    eased: bool = False
    """The eased version was played, or the session eased off part-way."""
    final_rating: int | None = None
    """The pain given when the session ended, if :meth:`HistoryStore.end_session` had one."""

    @property
    def pain_before(self) -> int:
        return self.baseline

    @property
    def pain_after(self) -> int | None:
        """The pain at the end: the rating given at the end, else the last check's."""
        if self.final_rating is not None:
            return self.final_rating
        return self.checks[-1].rating if self.checks else None

    @property
    def highest_pain(self) -> int:
        return max([self.baseline, *(check.rating for check in self.checks)])

    @property
    def finished(self) -> bool:
        """The routine was played to its end with every step done: not stopped, not cut
        off, and nothing skipped (skipping everything once counted as finished)."""
        if self.end_reason is not EndReason.COMPLETED:
            return False
        return self.step_count is None or self.steps_done >= self.step_count

    @property
    def ended(self) -> bool:
        return self.end_reason is not None

    @property
    def duration(self) -> timedelta | None:
        return None if self.ended_at is None else self.ended_at - self.started_at
