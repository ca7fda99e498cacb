"""Home and a routine's own screen: what is offered, and opening one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from unknot.core.routines.seated import has_seated
from unknot.ui.catalog import Catalog
from unknot.ui.navigator import Name, Navigator

if TYPE_CHECKING:
    from unknot.core.history.advisor import HistoryAdvisor
    from unknot.core.routines.model import Routine

log = logging.getLogger("unknot.browse")


class BrowseFlow:
    def __init__(
        self,
        nav: Navigator,
        catalog: Catalog,
        advisor: Callable[[], HistoryAdvisor],
        *,
        busy: Callable[[], bool],
    ) -> None:
        self.nav = nav
        self.catalog = catalog
        self.advisor = advisor
        """The history's advisor, when a routine is opened: the app makes it after home's
        first frame (the history's modules are not needed to show home)."""
        self.busy = busy
        """True while a session runs: a reminder's tap must not pull the person out of it."""
        self.current: Routine | None = None
        """The routine on the routine screen, as the safety answers shape it."""
        self._opened: list[Callable[[], None]] = []
        catalog.on_changed(self.fill_home)

    def on_opened(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs when a routine is opened (the editor's try is then over)."""
        self._opened.append(listener)

    def fill_home(self) -> None:
        self.nav.screen(Name.HOME).show(self.catalog.home_cards())

    def home(self, notice: str = "", *, undo: bool = False) -> None:
        """Home with nothing to go back to, and a line for the person (or none)."""
        self.nav.screen(Name.HOME).tell(notice, undo=undo)
        self.nav.reset(Name.HOME)

    def open(self, routine_id: str) -> None:
        routine = self.catalog.get(routine_id)
        if routine is None:
            log.warning("No routine with the id %r", routine_id)
            return
        for listener in self._opened:
            listener()
        screen = self._show(routine)
        suggestion = self.advisor().next_level(routine, self.catalog.report.routines)
        if suggestion is not None:
            screen.message = suggestion.message
        self.nav.go(Name.ROUTINE)

    def _show(self, routine: Routine) -> Any:
        """The routine's screen filled with ``routine`` (its shown form), which Start plays."""
        self.current = routine
        original = self.catalog.original(routine.id)
        screen = self.nav.screen(Name.ROUTINE)
        screen.show(
            routine,
            builtin=self.catalog.is_builtin(routine.id),
            notes=self.catalog.notes(routine.id),
            seated=(
                self.catalog.shows_seated(routine.id)
                if original is not None and has_seated(original)
                else None
            ),
        )
        return screen

    def choose_seated(self, seated: bool) -> None:
        """The "Lying / Seated" choice on the routine's screen: kept, and shown at once."""
        if self.current is None:
            return
        routine_id = self.current.id
        self.catalog.choose_seated(routine_id, seated)
        routine = self.catalog.get(routine_id)
        if routine is not None:
            screen = self.nav.screen(Name.ROUTINE)
            message = screen.message  # the next-level suggestion stays said
            self._show(routine).message = message

    def open_now(self, routine_id: str) -> None:
        """Opens a routine ready to start, from anywhere but a running session.

        The safety questions come first, whatever opened the app (a reminder, a link).
        """
        if self.busy() or self.catalog.screening is None or routine_id not in self.catalog.shown:
            return
        self.nav.reset(Name.HOME)
        self.open(routine_id)

    def open_restful(self) -> None:
        restful = self.catalog.restful()
        if restful is not None:
            self.open(restful.id)

    def say(self, text: str) -> None:
        """A line on the routine's screen: what an action did, or why it could not."""
        self.nav.screen(Name.ROUTINE).message = text
