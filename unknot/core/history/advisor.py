"""The history's rules, asked at the moments the app needs them, with its clock and zone.

The rules themselves are pure functions (:mod:`.flares`, :mod:`.progression`,
:mod:`.week`, :mod:`unknot.core.safety.morning`); this reads the store, passes
the wall clock's now and the person's zone, and keeps the one piece of state
the rules need beyond the store: a "not settled" answer this morning still
eases today's sessions when the history could not be written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo

from unknot.core.history.flares import ClinicianReview, clinician_review
from unknot.core.history.progression import LevelSuggestion, progression
from unknot.core.history.store import HistoryStore, MorningCheck
from unknot.core.routines.model import Routine
from unknot.core.safety.morning import (
    MorningAdvice,
    MorningQuestion,
    Offer,
    morning_advice,
    morning_question,
    offer_for_today,
)

log = logging.getLogger("unknot.history")

MORNING_LOOKBACK = timedelta(days=3)


class HistoryAdvisor:
    def __init__(
        self, store: HistoryStore, zone: tzinfo, wall_clock: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.zone = zone
        self.wall_clock = wall_clock
        self._not_settled_day: date | None = None

    def today(self) -> date:
        return self.wall_clock().astimezone(self.zone).date()

    def morning_question(self) -> MorningQuestion | None:
        """The next-morning question when it is due before this session, else None."""
        now = self.wall_clock()
        return morning_question(
            self.store.sessions(since=now - MORNING_LOOKBACK),
            self.store.morning_checks(),
            now,
            self.zone,
        )

    def answer_morning(self, question: MorningQuestion, *, settled: bool) -> MorningAdvice:
        """Records the answer; a "not settled" one eases today even if it cannot be recorded."""
        advice = morning_advice(question, settled=settled)
        try:
            self.store.record_morning_check(
                question.day, settled=advice.settled, rating=None, at=self.wall_clock()
            )
        except Exception as error:
            log.warning("The morning answer could not be saved: %s", error)
        if not advice.settled:
            self._not_settled_day = question.day
        return advice

    def offer(self, routine: Routine) -> Offer:
        """The routine for today: eased after a morning answer of "not settled"."""
        now = self.wall_clock()
        checks = list(self.store.morning_checks())
        if self._not_settled_day == now.astimezone(self.zone).date():
            checks.append(MorningCheck(self._not_settled_day, False, None, now))
        return offer_for_today(routine, checks, now, self.zone)

    def review(self) -> ClinicianReview | None:
        return clinician_review(self.store.sessions(), self.wall_clock(), self.zone)

    def next_level(self, routine: Routine, routines: Sequence[Routine]) -> LevelSuggestion | None:
        """The next level of the routine's series once earned; None on any doubt."""
        try:
            return progression(
                routine,
                routines,
                self.store.sessions(),
                self.store.morning_checks(),
                self.wall_clock(),
                self.zone,
            )
        except Exception as error:
            log.warning("Could not work out the next level: %s", error)
            return None
