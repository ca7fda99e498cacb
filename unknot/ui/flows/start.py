"""Starting a session: one state machine, declared here, for everything before the first step.

    IDLE ──start──> MORNING ──answer, Start──┐      (only when the next-morning rule asks)
      │                                      v
      └──────────────start──────────> START_CHECK ──warning signs "no", pain now──> (session)
                                             │
                                             └── pain too high ──> restful advice (stays)

- The safety answers come first: without them, Start opens the first-run questions.
- The next-morning question (rule 7) comes before today's first session after a flare.
- The routine offered is the one on screen, or its eased version on a day whose
  morning answer was "not settled"; it is never replaced by its eased version, so a
  second Start eases the original again rather than easing the eased one.
- The start check asks the warning signs, then the pain now (the baseline); the
  pain rule then allows the session, or only a restful routine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kivy.uix.screenmanager import Screen

from unknot.core.history.advisor import HistoryAdvisor
from unknot.core.routines.model import Routine
from unknot.core.safety.morning import MorningQuestion
from unknot.core.safety.pain_rule import StartAdvice, before_start
from unknot.ui.catalog import Catalog
from unknot.ui.navigator import Name, Navigator

log = logging.getLogger("unknot.start")


class Stage(Enum):
    IDLE = "idle"
    MORNING = "morning question"
    START_CHECK = "start check"


MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.IDLE: frozenset({Stage.IDLE, Stage.MORNING, Stage.START_CHECK}),
    Stage.MORNING: frozenset({Stage.START_CHECK, Stage.MORNING, Stage.IDLE}),
    Stage.START_CHECK: frozenset({Stage.MORNING, Stage.START_CHECK, Stage.IDLE}),
}
"""Which stage may follow which: leaving, or a new Start, is possible from any stage."""


@dataclass
class Attempt:
    """One press of Start, until the session begins or the person leaves."""

    base: Routine
    """What Start was pressed for (the editor's unsaved routine for Try it)."""
    routine: Routine | None = None
    """What the start check will start: ``base``, or its eased version."""
    eased: bool = False
    question: MorningQuestion | None = None


class StartFlow:
    def __init__(
        self,
        nav: Navigator,
        catalog: Catalog,
        advisor: HistoryAdvisor,
        *,
        current: Callable[[], Routine | None],
        begin: Callable[[Routine, int, bool], None],
        ask_safety_answers: Callable[[], None],
        warning_signs: Callable[[], None],
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
        self.open_restful = open_restful
        self.say = say
        self.stage = Stage.IDLE
        self.attempt: Attempt | None = None
        nav.register(Name.MORNING, self._morning)
        nav.register(Name.START_CHECK, self._start_check)

    def _move(self, stage: Stage) -> None:
        if stage not in MOVES[self.stage]:
            raise RuntimeError(f"starting a session cannot go from {self.stage} to {stage}")
        self.stage = stage

    # -- screens -------------------------------------------------------------------

    def _morning(self) -> Screen:
        from unknot.ui.screens.morning import MorningScreen

        screen = MorningScreen()
        screen.bind(
            on_answer=lambda _s, settled: self.answer_morning(settled),
            on_start=lambda *_: self._offer(),
            on_restful=lambda *_: self.open_restful(),
            on_back=lambda *_: self._leave(),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def _start_check(self) -> Screen:
        from unknot.ui.screens.start_check import StartCheckScreen

        screen = StartCheckScreen()
        screen.bind(
            on_red_flag=lambda *_: self.warning_signs(),
            on_baseline=lambda _s, rating: self.baseline(rating),
            on_back=lambda *_: self._leave(),
            on_restful=lambda *_: self.open_restful(),
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
        question = self.advisor.morning_question()
        if question is not None:
            self._move(Stage.MORNING)
            self.attempt.question = question
            self.nav.screen(Name.MORNING).ask(question.text)
            self.nav.go(Name.MORNING)
            return
        self._offer()

    def answer_morning(self, settled: bool) -> None:
        attempt = self.attempt
        if attempt is None or attempt.question is None:
            return
        advice = self.advisor.answer_morning(attempt.question, settled=settled)
        offer = self.advisor.offer(attempt.base)
        message = advice.message
        review = self.advisor.review()
        if review is not None:
            message += "\n\n" + review.message
        if offer.message:
            message += "\n\n" + offer.message
        start = f"Start {offer.routine.title}" if offer.routine is not None else None
        self.nav.screen(Name.MORNING).show_advice(message, start_text=start)

    def _offer(self) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        offer = self.advisor.offer(attempt.base)
        if offer.routine is None:
            self.say(offer.message)
            self._move(Stage.IDLE)
            return
        attempt.routine, attempt.eased = offer.routine, offer.eased
        self._move(Stage.START_CHECK)
        self.nav.screen(Name.START_CHECK).ask(notes=self.catalog.notes_for(attempt.base))
        self.nav.go(Name.START_CHECK)

    def baseline(self, rating: int) -> None:
        attempt = self.attempt
        if attempt is None or attempt.routine is None:
            return
        check = before_start(rating, attempt.routine, red_flag=False)
        if check.advice is StartAdvice.RESTFUL_ONLY:
            self.nav.screen(Name.START_CHECK).show_advice(check.message)
            return
        self._move(Stage.IDLE)
        self.attempt = None
        self.begin(attempt.routine, rating, attempt.eased)

    def _leave(self) -> None:
        self._move(Stage.IDLE)
        self.nav.back()
