"""The "Sleep and screens" card, one tap from home; its desk tip opens the desk break."""

from __future__ import annotations

from collections.abc import Callable

from kivy.uix.screenmanager import Screen

from unknot.core.safety.sleep_card import TIPS
from unknot.ui.catalog import Catalog
from unknot.ui.navigator import Name, Navigator


class SleepFlow:
    def __init__(
        self,
        nav: Navigator,
        catalog: Catalog,
        *,
        open_routine: Callable[[str], None],
        warning_signs: Callable[[], None],
    ) -> None:
        self.nav = nav
        self.catalog = catalog
        self.open_routine = open_routine
        self.warning_signs = warning_signs
        nav.register(Name.SLEEP, self._screen)

    def _screen(self) -> Screen:
        from unknot.ui.screens.sleep import SleepScreen

        screen = SleepScreen()
        screen.bind(
            on_back=lambda *_: self.nav.back(),
            on_open_routine=lambda _s, routine_id: self.open_routine(routine_id),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def open(self) -> None:
        """The card, with the desk tip's button only while the desk break is offered (the
        person's safety answers may leave a routine out); Back returns where it was opened."""
        screen = self.nav.screen(Name.SLEEP)
        screen.offer(
            tip.routine_id
            for tip in TIPS
            if tip.routine_id and self.catalog.get(tip.routine_id) is not None
        )
        self.nav.go(Name.SLEEP)
