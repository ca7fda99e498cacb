"""The settings screen and the first-run safety questions: what the person chose, kept.

Both are answers the rest of the app follows at once: a changed setting goes
to the cue services and the text size (through :meth:`on_applied`), and changed
safety answers reshape every routine offered (through the catalog). They do so
even when saving fails (a full or read-only storage): the stores tell the person
and try again, and the app goes on with what the person chose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kivy.uix.screenmanager import Screen

from unknot.core.safety.screening import Screening, ScreeningStore
from unknot.core.safety.wording import FALLBACK_EMERGENCY_NUMBER
from unknot.core.settings import Settings, SettingsStore
from unknot.ui.catalog import Catalog
from unknot.ui.navigator import Name, Navigator

log = logging.getLogger("unknot.settings")


class SettingsFlow:
    def __init__(
        self,
        nav: Navigator,
        store: SettingsStore,
        screening_store: ScreeningStore,
        catalog: Catalog,
        *,
        warning_signs: Callable[[], None],
        region_number: Callable[[], str] = lambda: FALLBACK_EMERGENCY_NUMBER,
        can_vibrate: bool = True,
    ) -> None:
        self.nav = nav
        self.store = store
        self.screening_store = screening_store
        self.catalog = catalog
        self.warning_signs = warning_signs
        self.region_number = region_number
        """The region's emergency number, for the settings screen to name."""
        self.can_vibrate = can_vibrate
        """Only a device that can vibrate is offered vibration."""
        self.settings = store.load()
        self._applied: list[Callable[[Settings], None]] = []
        nav.register(Name.SETTINGS, self._settings_screen)
        nav.register(Name.FIRST_RUN, self._first_run)

    def on_applied(self, listener: Callable[[Settings], None]) -> None:
        """``listener(settings)`` runs after every change, with the settings now in force."""
        self._applied.append(listener)

    # -- screens -------------------------------------------------------------------

    def _settings_screen(self) -> Screen:
        from unknot.ui.screens.settings import SettingsScreen

        screen = SettingsScreen(settings=self.settings, can_vibrate=self.can_vibrate)
        screen.problem = self.store.problem or ""
        screen.region_number = self.region_number()
        screen.bind(
            on_pre_enter=lambda *_: setattr(screen, "region_number", self.region_number()),
            on_change=lambda _s, settings: self.apply(settings),
            on_back=lambda *_: self.nav.back(),
            on_red_flags=lambda *_: self.warning_signs(),
            on_screening=lambda *_: self.ask_safety_answers(),
        )
        return screen

    def _first_run(self) -> Screen:
        from unknot.ui.screens.first_run import FirstRunScreen

        screen = FirstRunScreen()
        screen.bind(
            on_done=lambda _s, screening: self.save_safety_answers(screening),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    # -- settings ------------------------------------------------------------------

    def open(self) -> None:
        self.nav.go(Name.SETTINGS)

    def apply(self, settings: Settings) -> None:
        """Keeps and saves ``settings``, from this screen or another (the reminders' exact times).

        The settings screen is told too, so its next change starts from these values
        rather than putting back what another screen changed.
        """
        problem = ""
        try:
            # What was saved: another window's changes to other settings taken in.
            settings = self.store.save(settings)
        except OSError as error:
            problem = str(error)
            log.warning("Could not save the settings: %s", error)
        self.settings = settings
        if self.nav.built(Name.SETTINGS):
            screen = self.nav.screen(Name.SETTINGS)
            screen.settings = settings
            screen.problem = problem or self.store.problem or ""
        for listener in self._applied:
            listener(settings)

    # -- the safety answers ----------------------------------------------------------

    def ask_safety_answers(self) -> None:
        """The first-run questions, with any earlier answers filled in."""
        self.nav.screen(Name.FIRST_RUN).ask(self.catalog.screening)
        self.nav.go(Name.FIRST_RUN)

    def first_start(self, earlier: Screening | None = None) -> None:
        """The questions before anything else, with nothing to go back to.

        A new install has no ``earlier`` answers; answers saved before a question
        was added are filled in, and only the new questions wait for an answer.
        """
        self.nav.screen(Name.FIRST_RUN).ask(earlier)
        self.nav.reset(Name.FIRST_RUN)

    def save_safety_answers(self, screening: Screening) -> None:
        first = self.catalog.screening is None
        try:
            # What was saved: another window's answers to other questions taken in.
            screening = self.screening_store.save(screening)
        except OSError as error:
            # They count from now all the same; the store tells the person and retries.
            log.warning("Could not save the safety answers: %s", error)
        self.catalog.set_screening(screening)
        if first:
            self.nav.reset(Name.HOME)
        else:
            self.nav.back()

    def answered(self) -> bool:
        return self.catalog.screening is not None
