"""The routines as this person sees them: the library's, shaped by their safety answers.

One object holds what every flow reads (home's cards, the routine to open,
titles for reminders, the series for the next level) so that a save, an import
or a changed answer is seen everywhere at once: whoever changes the library or
the answers calls :meth:`reload`, and the listeners (home) redraw. The person's
"Lying / Seated" choice for a routine (:meth:`choose_seated`) shapes it here too,
so its screen, its card and Start all show the form chosen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from unknot.core.routines.home_index import HomeCards, home_cards
from unknot.core.routines.library_report import LibraryReport
from unknot.core.routines.seated_choice import SeatedChoices, SeatedChoiceStore
from unknot.core.safety.screening import (
    RoutineNotes,
    Screening,
    for_this_person,
    routine_notes,
    step_marks,
    wants_seated,
)
from unknot.core.storage.notices import SaveError

if TYPE_CHECKING:  # made at the first load (open_library): see library_report
    from unknot.core.routines.library import RoutineLibrary
    from unknot.core.routines.model import Routine


class Catalog:
    def __init__(
        self,
        open_library: Callable[[], RoutineLibrary],
        screening: Screening | None,
        seated_store: SeatedChoiceStore | None = None,
    ) -> None:
        self._open_library = open_library
        self._library: RoutineLibrary | None = None
        self.loaded = False
        """Whether the library was read: home's first frame can come from its index first."""
        self.screening = screening
        self.seated_store = seated_store
        self.seated_choices = seated_store.load() if seated_store else SeatedChoices()
        self.report = LibraryReport((), (), ())
        self.shown: dict[str, Routine] = {}
        """The routines offered, by id: pressure steps left out, or none, as the answers say."""
        self._listeners: list[Callable[[], None]] = []

    @property
    def library(self) -> RoutineLibrary:
        """Made when first needed, by the first :meth:`reload` as a rule."""
        if self._library is None:
            self._library = self._open_library()
        return self._library

    def on_changed(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def reload(self) -> None:
        """Reads the library again after a change: home, titles and the routine list follow."""
        self.report = self.library.load()
        self.loaded = True
        self.shown = {}
        for routine in self.report.routines:
            self._shape(routine)
        for listener in self._listeners:
            listener()

    def _shape(self, routine: Routine) -> None:
        adapted = for_this_person(
            routine, self.screening, seated=self.seated_choices.get(routine.id)
        )
        if adapted is not None:
            self.shown[routine.id] = adapted
        else:
            self.shown.pop(routine.id, None)

    def shows_seated(self, routine_id: str) -> bool:
        """Whether the routine is shown in its seated form: the choice, else the answers."""
        return wants_seated(self.screening, self.seated_choices.get(routine_id))

    def choose_seated(self, routine_id: str, seated: bool) -> None:
        """The person's "Lying / Seated" choice: kept for next time, shown at once.

        A save that fails is said and retried by the store's notices; the choice
        holds while the app is open either way.
        """
        original = self.original(routine_id)
        if original is None:
            return
        self.seated_choices = self.seated_choices.chosen(routine_id, seated)
        if self.seated_store is not None:
            with contextlib.suppress(SaveError):  # told through the notices, and retried
                self.seated_choices = self.seated_store.save(self.seated_choices)
        self._shape(original)
        for listener in self._listeners:
            listener()

    def set_screening(self, screening: Screening) -> None:
        self.screening = screening
        self.reload()

    def get(self, routine_id: str) -> Routine | None:
        return self.shown.get(routine_id)

    def original(self, routine_id: str) -> Routine | None:
        """The routine as its file has it, before the safety answers shaped it."""
        return next((r for r in self.report.routines if r.id == routine_id), None)

    def notes(self, routine_id: str) -> RoutineNotes:
        """What the safety answers say about this routine, before its own notes.

        With them, a mark for each step of the routine as it is shown (the
        lying-down steps, for someone whom lying down makes dizzy).
        """
        original = self.original(routine_id) or self.shown.get(routine_id)
        if original is None:
            return RoutineNotes()
        shown = self.shown.get(routine_id, original)
        seated = self.seated_choices.get(routine_id)
        return RoutineNotes(
            routine_notes(original, self.screening, seated=seated),
            step_marks(shown, self.screening),
        )

    def notes_for(self, routine: Routine) -> RoutineNotes:
        """The notes for a routine about to start: the library's, or one not saved (Try it)."""
        if self.original(routine.id) is not None:
            return self.notes(routine.id)
        adapted = for_this_person(routine, self.screening) or routine
        return RoutineNotes(
            routine_notes(routine, self.screening), step_marks(adapted, self.screening)
        )

    def titles(self) -> dict[str, str]:
        return {r.id: r.title for r in self.report.routines}

    def builtin(self) -> list[Routine]:
        return [self.shown[r.id] for r in self.report.builtin if r.id in self.shown]

    def mine(self) -> list[Routine]:
        return [self.shown[r.id] for r in self.report.mine if r.id in self.shown]

    def home_cards(self) -> HomeCards:
        """What home lists: the routines offered, and the files that failed with their problems."""
        failures = ("\n".join(map(str, failure.problems)) for failure in self.report.failures)
        return home_cards(self.builtin(), self.mine(), failures)

    def restful(self) -> Routine | None:
        return next((r for r in self.report.routines if r.restful), None)

    def is_builtin(self, routine_id: str) -> bool:
        return self.library.is_builtin(routine_id)
