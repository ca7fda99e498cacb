"""The routines as this person sees them: the library's, shaped by their safety answers.

One object holds what every flow reads (home's cards, the routine to open,
titles for reminders, the series for the next level) so that a save, an import
or a changed answer is seen everywhere at once: whoever changes the library or
the answers calls :meth:`reload`, and the listeners (home) redraw.
"""

from __future__ import annotations

from collections.abc import Callable

from unknot.core.routines.library import LibraryReport, RoutineLibrary
from unknot.core.routines.model import Routine
from unknot.core.safety.screening import (
    RoutineNotes,
    Screening,
    for_this_person,
    routine_notes,
    step_marks,
)


class Catalog:
    def __init__(self, library: RoutineLibrary, screening: Screening | None) -> None:
        self.library = library
        self.screening = screening
        self.report = LibraryReport((), (), ())
        self.shown: dict[str, Routine] = {}
        """The routines offered, by id: pressure steps left out, or none, as the answers say."""
        self._listeners: list[Callable[[], None]] = []

    def on_changed(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def reload(self) -> None:
        """Reads the library again after a change: home, titles and the routine list follow."""
        self.report = self.library.load()
        self.shown = {}
        for routine in self.report.routines:
            adapted = for_this_person(routine, self.screening)
            if adapted is not None:
                self.shown[routine.id] = adapted
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
        return RoutineNotes(
            routine_notes(original, self.screening), step_marks(shown, self.screening)
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

    def restful(self) -> Routine | None:
        return next((r for r in self.report.routines if r.restful), None)

    def is_builtin(self, routine_id: str) -> bool:
        return self.library.is_builtin(routine_id)
