"""Starting a session: one state machine, declared here, for everything before the first step.

    IDLE ──start──> START_CHECK ──warning signs "no", pain now──> (session)
                        │
                        ├── pain 6 or more ──> restful-only advice (stays)
                        └── a flare day with nothing left to ease ──> advice (stays)

- The safety answers come first: without them, Start opens the first-run questions.
- The start check first shows what must be said before the next session: a
  clinician review after two flares in a week or a red-flag stop (rule 8), and the
  no-improvement suggestion when it is due (rule 9). Then the warning signs, then
  the pain now (the baseline), which decides the rest:
- Pain 6 or more: only a restful routine is offered (without the heat step for
  numb or tingling skin: heat is never used on it). Pain 4 or 5: the session starts
  with rule 4's ease-off from the first step, and the player says so.
- A flare day (rule 7: today's first baseline 2 or more above the last session
  day's) plays the routine's flare-day version (shorter holds, no pressure steps),
  and says why. The two easings are different things and are worded apart.
- The routine offered is always made from the one on screen, never from an eased
  version, so a second Start never eases twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from kivy.uix.screenmanager import Screen

from unknot.core.history.advisor import HistoryAdvisor
from unknot.core.routines.model import Routine
from unknot.core.safety.pain_rule import StartAdvice, before_start, without_heat
from unknot.ui.catalog import Catalog
from unknot.ui.navigator import Name, Navigator

log = logging.getLogger("unknot.start")


class Stage(Enum):
    IDLE = "idle"
    START_CHECK = "start check"


MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.IDLE: frozenset({Stage.IDLE, Stage.START_CHECK}),
    Stage.START_CHECK: frozenset({Stage.START_CHECK, Stage.IDLE}),
}
"""Which stage may follow which: leaving, or a new Start, is possible from any stage."""


class Begin(Protocol):
    def __call__(
        self, routine: Routine, baseline: int, *, eased: bool, eased_start: bool, notice: str
    ) -> None: ...


@dataclass
class Attempt:
    """One press of Start, until the session begins or the person leaves."""

    base: Routine
    """What Start was pressed for (the editor's unsaved routine for Try it)."""
    rating: int | None = None
    """The pain now, once given: kept when it allows only the restful routine."""


class StartFlow:
    def __init__(
        self,
        nav: Navigator,
        catalog: Catalog,
        advisor: HistoryAdvisor,
        *,
        current: Callable[[], Routine | None],
        begin: Begin,
        ask_safety_answers: Callable[[], None],
        warning_signs: Callable[[], None],
        urgent_care: Callable[[], None],
        open_restful: Callable[[], None],
        say: Callable[[str], None],
    ) -> None:
        self.nav = nav
        self.catalog = catalog
        self.advisor = advisor
        self.current = current
        self.begin = begin
        self.ask_safety_answers = ask_safety_answers
        self.warning_signs = warning_signs
        self.urgent_care = urgent_care
        self.open_restful = open_restful
        self.say = say
        self.stage = Stage.IDLE
        self.attempt: Attempt | None = None
        nav.register(Name.START_CHECK, self._start_check)

    def _move(self, stage: Stage) -> None:
        if stage not in MOVES[self.stage]:
            raise RuntimeError(f"starting a session cannot go from {self.stage} to {stage}")
        self.stage = stage

    # -- screens -------------------------------------------------------------------

    def _start_check(self) -> Screen:
        from unknot.ui.screens.start_check import StartCheckScreen

        screen = StartCheckScreen()
        screen.bind(
            on_red_flag=lambda *_: self.red_flag(),
            on_warning_signs=lambda *_: self.warning_signs(),
            on_baseline=lambda _s, rating: self.baseline(rating),
            on_back=lambda *_: self._leave(),
            on_restful=lambda *_: self.start_restful(),
        )
        return screen

    # -- the moves -----------------------------------------------------------------

    def start(self, routine: Routine | None = None) -> None:
        """Start was pressed for ``routine`` (Try it's unsaved one), or the routine on screen."""
        if self.catalog.screening is None:
            self.ask_safety_answers()
            return
        base = routine or self.current()
        if base is None:
            return
        self.attempt = Attempt(base)
        self._move(Stage.START_CHECK)
        screen = self.nav.screen(Name.START_CHECK)
        restful = self.catalog.restful()
        screen.restful_title = restful.title if restful is not None else ""
        screen.ask(notes=self.catalog.notes_for(base), review=self._before_next_session())
        self.nav.go(Name.START_CHECK)

    def _before_next_session(self) -> str:
        """Rules 8 and 9: what to say before the warning-signs question, or ""."""
        sentences = []
        try:
            review = self.advisor.review()
        except Exception as error:
            log.warning("Could not work out the clinician-review rule: %s", error)
            review = None
        if review is not None:
            sentences.append(review.message)
        sentences.append(self.advisor.no_improvement())
        return "\n\n".join(s for s in sentences if s)

    def baseline(self, rating: int) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        routine = attempt.base
        screening = self.catalog.screening
        numb_skin = screening is not None and screening.heat_warning
        screen = self.nav.screen(Name.START_CHECK)
        if routine.restful and numb_skin:
            no_heat = without_heat(routine)
            if no_heat is None:
                screen.show_advice(
                    f"{routine.title} is all heat, and heat is never used on numb or "
                    "tingling skin. Rest quietly instead."
                )
                return
            routine = no_heat
        check = before_start(rating, routine, red_flag=False, numb_skin=numb_skin)
        if check.advice is StartAdvice.RESTFUL_ONLY:
            attempt.rating = rating  # the restful routine starts with these answers
            screen.show_advice(check.message)
            return
        offer, flare_day = self.advisor.offer(routine, rating)
        if offer.routine is None:
            screen.show_advice(offer.message)
            return
        eased_start = check.advice is StartAdvice.EASED
        notice = "\n".join(m for m in (offer.message, check.message) if m)
        self._move(Stage.IDLE)
        self.attempt = None
        self.advisor.began(flare_day)
        self.begin(
            offer.routine,
            rating,
            eased=offer.eased or eased_start,
            eased_start=eased_start,
            notice=notice,
        )

    def start_restful(self) -> None:
        """The restful routine, offered after a high pain rating: started straight away with
        the answers just given (asking the warning signs and the pain again helps nobody)."""
        attempt = self.attempt
        restful = self.catalog.restful()
        shaped = self.catalog.get(restful.id) if restful is not None else None
        if attempt is None or attempt.rating is None or shaped is None:
            self.open_restful()
            return
        self.attempt = Attempt(shaped)
        self.baseline(attempt.rating)

    def red_flag(self) -> None:
        """A "yes" to the warning signs: urgent care, and no way back into this start."""
        self._move(Stage.IDLE)
        self.attempt = None
        self.urgent_care()

    def _leave(self) -> None:
        self._move(Stage.IDLE)
        self.nav.back()
