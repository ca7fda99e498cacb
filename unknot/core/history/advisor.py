"""The history's rules, asked at the moments the app needs them, with its clock and zone.

The rules themselves are pure functions (:mod:`.flares`, :mod:`.progression`,
:mod:`.week`, :mod:`.improvement`, :mod:`unknot.core.safety.morning`); this reads
the store, passes the wall clock's now and the person's zone, and keeps the two
pieces of state the rules need beyond the store:

- a flare day found at today's first start check still eases today's later
  sessions when the history could not be written (so today's first baseline is
  not in it);
- the day the no-improvement suggestion was last said (``advice.json`` beside
  the history), so it is said once, not at every open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from unknot.core.history.flares import ClinicianReview, clinician_review
from unknot.core.history.improvement import SAID_FILE, SaidStore, due, no_improvement
from unknot.core.history.progression import LevelSuggestion, progression
from unknot.core.history.store import HistoryStore
from unknot.core.routines.model import Routine
from unknot.core.safety.morning import (
    LOOKBACK_DAYS,
    MorningFlare,
    Offer,
    flare_day_offer,
    morning_flare,
)

log = logging.getLogger("unknot.history")


class HistoryAdvisor:
    def __init__(
        self,
        store: HistoryStore,
        zone: tzinfo,
        wall_clock: Callable[[], datetime],
        *,
        said_path: Path | None = None,
    ) -> None:
        self.store = store
        self.zone = zone
        self.wall_clock = wall_clock
        self.said = SaidStore(said_path or store.path.with_name(SAID_FILE))
        self._flare_day: MorningFlare | None = None

    def today(self) -> date:
        return self.wall_clock().astimezone(self.zone).date()

    def flare_today(self, baseline: int | None = None) -> MorningFlare | None:
        """Today's next-morning flare (rule 7), if today is one.

        ``baseline`` is the rating just given, which decides when today has no session yet.
        """
        today = self.today()
        if self._flare_day is not None and self._flare_day.day == today:
            return self._flare_day
        now = self.wall_clock()
        since = now - timedelta(days=LOOKBACK_DAYS + 2)  # whole local days, whatever the zone
        return morning_flare(self.store.sessions(since=since), today, self.zone, baseline)

    def began(self, flare_day: MorningFlare | None) -> None:
        """A session began on a flare day: later sessions today are eased even unrecorded."""
        if flare_day is not None:
            self._flare_day = flare_day

    def offer(self, routine: Routine, baseline: int) -> tuple[Offer, MorningFlare | None]:
        """The routine for this session (flare-day easing on a flare day), and the flare."""
        try:
            flare_today = self.flare_today(baseline)
        except Exception as error:
            log.warning("Could not work out the next-morning rule: %s", error)
            flare_today = None
        return flare_day_offer(routine, flare_today), flare_today

    def review(self) -> ClinicianReview | None:
        """Rule 8's suggestion to see a clinician; None when not due, or on any doubt.

        Like the rules below, a fault here must not stop the screen that asks.
        """
        try:
            return clinician_review(self.store.sessions(), self.wall_clock(), self.zone)
        except Exception as error:
            log.warning("Could not work out the clinician review: %s", error)
            return None

    def no_improvement(self) -> str:
        """Rule 9's suggestion when it is due now, and notes it as said; "" otherwise."""
        now = self.wall_clock()
        try:
            found = no_improvement(self.store.sessions(), now, self.zone)
        except Exception as error:
            log.warning("Could not work out the no-improvement rule: %s", error)
            return ""
        today = self.today()
        if found is None or not due(self.said.load(), today):
            return ""
        try:
            self.said.save(today)
        except OSError as error:
            log.warning("Could not note that the no-improvement advice was given: %s", error)
        return found.message

    def next_level(self, routine: Routine, routines: Sequence[Routine]) -> LevelSuggestion | None:
        """The next level of the routine's series once earned; None on any doubt."""
        try:
            return progression(
                routine, routines, self.store.sessions(), self.wall_clock(), self.zone
            )
        except Exception as error:
            log.warning("Could not work out the next level: %s", error)
            return None
