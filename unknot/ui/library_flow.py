"""The person's routines in the app: duplicate, edit, try, save, delete and undo, import, export.

The rules are the core library's (``unknot.core.routines.library``); this class moves
between the screens and turns each ``LibraryError`` into a sentence on the
screen that asked. It keeps the App's own wiring short.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from unknot.core.routines.draft import RoutineDraft, draft_from_routine
from unknot.core.routines.library import (
    DeletedRoutine,
    DestinationExists,
    ImportConflict,
    LibraryError,
    RoutineLibrary,
)
from unknot.core.routines.model import Routine
from unknot.core.safety.screening import for_this_person
from unknot.services.documents import Documents, NullDocuments
from unknot.ui.reminder_controller import export_folder
from unknot.ui.screens.editor import EditorScreen
from unknot.ui.screens.import_file import ImportScreen
from unknot.ui.screens.step_editor import StepEditorScreen

if TYPE_CHECKING:
    from unknot.ui.app import UnknotApp

log = logging.getLogger("unknot.library")

USER_ROUTINES = "routines"


def problems_text(error: LibraryError) -> str:
    lines = [str(error)[:1].upper() + str(error)[1:] + "."]
    lines += [f"{p.field or '(file)'}: {p.message}" for p in error.problems]
    return "\n".join(lines)


class LibraryFlow:
    """Owns the editor, step-editor and import screens, and what their buttons do."""

    def __init__(self, app: UnknotApp, library: RoutineLibrary) -> None:
        self.app = app
        self.library = library
        self._editor: EditorScreen | None = None
        self._step_editor: StepEditorScreen | None = None
        self._importer: ImportScreen | None = None
        self.editing_id: str | None = None
        """The saved routine the draft came from (None: a new routine)."""
        self.trying = False
        self.deleted: DeletedRoutine | None = None
        self._export_again: str | None = None

    # The screens are built on first use: they hold dozens of text fields, and
    # most sessions never open them (it halves the app's start-up time).

    @property
    def editor(self) -> EditorScreen:
        if self._editor is None:
            self._editor = EditorScreen(name="editor")
            self._editor.bind(
                on_save=lambda _s, routine, draft: self.save(routine, draft),
                on_cancel=lambda *_: self.cancel(),
                on_try=lambda _s, routine: self.try_it(routine),
                on_edit_step=lambda _s, index: self.edit_step(index),
                on_red_flags=lambda *_: self.app.go("red_flags"),
            )
            self.app.manager.add_widget(self._editor)
        return self._editor

    @property
    def step_editor(self) -> StepEditorScreen:
        if self._step_editor is None:
            self._step_editor = StepEditorScreen(name="step_editor")
            self._step_editor.bind(
                on_done=lambda *_: self.step_done(),
                on_red_flags=lambda *_: self.app.go("red_flags"),
            )
            self.app.manager.add_widget(self._step_editor)
        return self._step_editor

    @property
    def importer(self) -> ImportScreen:
        if self._importer is None:
            self._importer = ImportScreen(name="import")
            self._importer.bind(
                on_import=lambda _s, path, how: self.import_file(Path(path), how),
                on_cancel=lambda *_: self.app.go_back(),
                on_red_flags=lambda *_: self.app.go("red_flags"),
            )
            self.app.manager.add_widget(self._importer)
        return self._importer

    # -- editing ---------------------------------------------------------------

    def duplicate(self, routine_id: str) -> None:
        try:
            copy = self.library.duplicate(routine_id)
        except LibraryError as error:
            self.app.routine_screen.message = problems_text(error)
            return
        self.app.reload_routines()
        self.open_editor(copy, heading="Your copy")

    def edit(self, routine_id: str) -> None:
        try:
            routine = self.library.get(routine_id)
        except LibraryError as error:
            self.app.routine_screen.message = problems_text(error)
            return
        self.open_editor(routine, heading="Edit routine")

    def new(self) -> None:
        routine = self.library.new_routine("My routine")
        self.editing_id = None
        self._start_editing(routine, heading="New routine")

    def open_editor(self, routine: Routine, *, heading: str) -> None:
        self.editing_id = routine.id
        self._start_editing(routine, heading=heading)

    def _start_editing(self, routine: Routine, *, heading: str) -> None:
        folder = routine.source.parent if routine.source else self.library.user_dir
        self.editor.edit(draft_from_routine(routine), heading=heading, routine_dir=folder)
        self.app.go("editor")

    def edit_step(self, index: int) -> None:
        draft = self.editor.draft
        if draft is None:
            return
        self.step_editor.edit(draft, index, routine_dir=self.editor.routine_dir)
        self.app.go("step_editor")

    def step_done(self) -> None:
        self.editor.refresh()
        self.app.go_back()

    def cancel(self) -> None:
        self.editor.draft = None
        self.trying = False
        self.app.go_back()

    def try_it(self, routine: Routine) -> None:
        """Plays the routine as edited, unsaved; the end screens lead back to the editor.

        It is played as the person's safety answers shape every routine (pressure
        steps left out after "shooting pain on touch"), and eased on a morning that
        was not settled, exactly as a saved routine would be.
        """
        shown = for_this_person(routine, self.app.screening)
        if shown is None:
            self.editor.problem = (
                "Every step of this routine presses on the head, and your safety answers "
                "leave those steps out, so there is nothing to try."
            )
            return
        self.trying = True
        self.app.prepare_start(shown)

    def left_editor(self) -> None:
        """Another routine was opened: a try left with Back is over, an export question too."""
        self.trying = False
        self._export_again = None

    def back_to_editor(self) -> bool:
        """After a try: True when the app went back to the editor instead of home."""
        if not self.trying or self._editor is None or self._editor.draft is None:
            return False
        self.trying = False
        self.app.history = ["home"]
        self.app.manager.current = "editor"
        return True

    def save(self, routine: Routine, _draft: RoutineDraft) -> None:
        try:
            self.library.save(routine, replacing=self.editing_id)
        except LibraryError as error:
            self.editor.problem = problems_text(error)
            return
        self.editor.draft = None
        self.trying = False
        self.app.reload_routines()
        self.app.history = ["home"]
        self.app.manager.current = "home"
        self.app.open_routine(routine.id)
        self.app.routine_screen.message = "Saved."

    # -- delete and undo -------------------------------------------------------

    def delete(self, routine_id: str) -> None:
        try:
            self.deleted = self.library.delete(routine_id)
        except LibraryError as error:
            self.app.routine_screen.message = problems_text(error)
            return
        self.app.reload_routines()
        self.app.go_home()
        self.app.home.tell(f"Deleted '{self.deleted.title}'.", undo=True)

    def undo(self) -> None:
        deleted, self.deleted = self.deleted, None
        if deleted is None:
            return
        try:
            routine = self.library.undo(deleted)
        except LibraryError as error:
            self.app.home.tell(problems_text(error))
            return
        self.app.reload_routines()
        self.app.home.tell(f"'{routine.title}' is back.")

    # -- files -----------------------------------------------------------------

    def choose_import(self, folder: Path | None = None) -> None:
        """The system's picker where there is one (Android), else the in-app file list."""
        documents = self.app.all_services.documents
        if folder is None and documents.pick_routine_file(self._picked):
            return
        self.importer.open_at(folder or export_folder())
        self.app.go("import")

    def _picked(self, path: Path | None) -> None:
        """A document the system's picker copied to a local file: checked like any import."""
        if path is None:
            return
        self.importer.open_at(path.parent)
        self.importer.selected([str(path)])
        self.app.go("import")
        self.import_file(path, "new")

    def import_file(self, path: Path, how: str) -> None:
        try:
            result = self.library.import_file(
                path, overwrite=how == "replace", as_copy=how == "copy"
            )
        except ImportConflict as conflict:
            self.importer.ask(problems_text(conflict), can_replace=conflict.can_replace)
            return
        except LibraryError as error:
            self.importer.show_problems(problems_text(error))
            return
        self.app.reload_routines()
        self.app.history = ["home"]
        self.app.manager.current = "home"
        self.app.open_routine(result.routine.id)
        verb = "Replaced your routine with" if result.replaced else "Imported"
        self.app.routine_screen.message = f"{verb} {path.name}."

    def export(self, routine_id: str, folder: Path | None = None) -> Path | None:
        """Saves the routine as a .yaml file to share; asks before replacing a file.

        On Android the file is written to the app's cache and handed to the
        system's save screen, where the person chooses the place.
        """
        documents = self.app.all_services.documents
        if folder is None and self._export_to_document(routine_id, documents):
            return None
        overwrite = self._export_again == routine_id
        try:
            path = self.library.export(routine_id, folder or export_folder(), overwrite=overwrite)
        except DestinationExists as exists:
            self._export_again = routine_id
            self.app.routine_screen.message = (
                f"{exists.path} already exists. Tap Export again to replace it."
            )
            return None
        except LibraryError as error:
            self.app.routine_screen.message = problems_text(error)
            return None
        self._export_again = None
        self.app.routine_screen.message = (
            f"Saved to {path}. Share that file, or import it into Unknot on another device."
        )
        return path

    def _export_to_document(self, routine_id: str, documents: Documents) -> bool:
        if isinstance(documents, NullDocuments):
            return False
        staging = self.app.data_dir / "exports"
        staging.mkdir(exist_ok=True)
        try:
            path = self.library.export(routine_id, staging, overwrite=True)
        except LibraryError as error:
            self.app.routine_screen.message = problems_text(error)
            return True

        def done(place: str | None) -> None:
            self.app.routine_screen.message = (
                f"Saved as {place}." if place else "The routine was not exported."
            )

        if not documents.save_file(path, path.name, done):
            self.app.routine_screen.message = "This device has no place to save files to."
        return True
