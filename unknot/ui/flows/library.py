"""The person's routines: duplicate, edit, try, save, delete and undo, import, export.

The rules are the core library's (``unknot.core.routines.library``); this flow
moves between the editor, step-editor and import screens and turns each
``LibraryError`` into a sentence on the screen that asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.uix.screenmanager import Screen

from unknot.core.routines.edit_pictures import EditPictures
from unknot.core.routines.library import (
    DeletedRoutine,
    DestinationExists,
    ImportConflict,
    LibraryError,
    RoutineLibrary,
)
from unknot.core.routines.model import Routine
from unknot.core.routines.pictures import MAX_FRAMES, PictureError, bundled_pictures
from unknot.core.routines.problems import Problem
from unknot.core.safety.screening import for_this_person
from unknot.services.documents import Documents
from unknot.ui.catalog import Catalog
from unknot.ui.exporter import Exporter
from unknot.ui.flows.browse import BrowseFlow
from unknot.ui.navigator import Name, Navigator

if TYPE_CHECKING:  # the editor's draft is imported when a routine is first edited
    from unknot.core.routines.draft import RoutineDraft

log = logging.getLogger("unknot.library")


def problems_text(error: LibraryError) -> str:
    """The sentence, then each problem as the validator prints it, with its line.

    Only a sentence that starts with a plain word gets a capital: "broken.yaml is not
    a routine..." keeps the file's own name as it is on the disk.
    """
    sentence = str(error)
    first = sentence.split(" ", 1)[0]
    if first.isalpha() and first.islower():
        sentence = sentence[:1].upper() + sentence[1:]
    lines = [sentence + "."]
    lines += [_problem_line(p) for p in error.problems]
    return "\n".join(lines)


def _problem_line(problem: Problem) -> str:
    """``line 4: steps[1].duraton: unknown key...``: the place in the file, without its folder."""
    place = f"line {problem.line}: " if problem.line is not None else ""
    return f"{place}{problem.field or '(file)'}: {problem.message}"


class LibraryFlow:
    def __init__(
        self,
        nav: Navigator,
        library: RoutineLibrary,
        catalog: Catalog,
        browse: BrowseFlow,
        exporter: Exporter,
        documents: Documents,
        *,
        try_routine: Callable[[Routine], None],
        warning_signs: Callable[[], None],
    ) -> None:
        self.nav = nav
        self.library = library
        self.catalog = catalog
        self.browse = browse
        self.exporter = exporter
        self.documents = documents
        self.try_routine = try_routine
        self.warning_signs = warning_signs
        self.editing_id: str | None = None
        """The saved routine the draft came from (None: a new routine)."""
        self.copy_of: str | None = None
        """The routine an unsaved copy was made from: nothing is written until Save."""
        self.trying = False
        self.copied: EditPictures | None = None
        """The pictures this edit copied in from files: kept by Save, removed by Discard."""
        self.deleted: DeletedRoutine | None = None
        self._export_again: str | None = None
        nav.register(Name.EDITOR, self._editor)
        nav.register(Name.STEP_EDITOR, self._step_editor)
        nav.register(Name.IMPORT, self._importer)
        nav.register(Name.PICTURES, self._pictures)
        browse.on_opened(self.left_editor)

    # -- screens (they hold dozens of text fields; most sessions never open them) ----

    def _editor(self) -> Screen:
        from unknot.ui.screens.editor import EditorScreen

        screen = EditorScreen()
        screen.bind(
            on_save=lambda _s, routine, draft: self.save(routine, draft),
            on_cancel=lambda *_: self.cancel(),
            on_try=lambda _s, routine: self.try_it(routine),
            on_edit_step=lambda _s, index: self.edit_step(index),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def _step_editor(self) -> Screen:
        from unknot.ui.screens.step_editor import StepEditorScreen

        screen = StepEditorScreen()
        screen.bind(
            on_done=lambda *_: self.step_done(),
            on_red_flags=lambda *_: self.warning_signs(),
            on_pictures=lambda *_: self.choose_picture(),
        )
        return screen

    def _pictures(self) -> Screen:
        from unknot.ui.screens.pictures import PictureScreen

        screen = PictureScreen()
        screen.bind(
            on_use=lambda _s, kind, chosen, how: self.use_picture(kind, chosen, how),
            on_cancel=lambda *_: self.nav.back(),
            on_red_flags=lambda *_: self.warning_signs(),
            on_pick_file=lambda *_: self.pick_picture_file(),
        )
        return screen

    def _importer(self) -> Screen:
        from unknot.ui.screens.import_file import ImportScreen

        screen = ImportScreen()
        screen.bind(
            on_import=lambda _s, path, how: self.import_file(Path(path), how),
            on_cancel=lambda *_: self.nav.back(),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    @property
    def editor(self) -> Screen:
        return self.nav.screen(Name.EDITOR)

    # -- editing ---------------------------------------------------------------------

    def duplicate(self, routine_id: str) -> None:
        try:
            copy = self.library.copy_of(routine_id)
        except LibraryError as error:
            self.browse.say(problems_text(error))
            return
        self.editing_id = None
        self.copy_of = routine_id
        self._start_editing(copy, heading="Your copy")

    def edit(self, routine_id: str) -> None:
        try:
            routine = self.library.get(routine_id)
        except LibraryError as error:
            self.browse.say(problems_text(error))
            return
        self.editing_id = routine.id
        self.copy_of = None
        self._start_editing(routine, heading="Edit routine")

    def new(self) -> None:
        routine = self.library.new_routine("My routine")
        self.editing_id = None
        self.copy_of = None
        self._start_editing(routine, heading="New routine")

    def _start_editing(self, routine: Routine, *, heading: str) -> None:
        """The draft is checked against the person's folder, where the routine is saved and
        where a picture chosen from a file is copied; a built-in's pictures are the app's."""
        from unknot.core.routines.draft import draft_from_routine

        self.settle_pictures()  # an edit left unsaved (a try, then elsewhere) ends here
        self.copied = EditPictures(self.library.user_dir)
        self.editor.edit(
            draft_from_routine(routine), heading=heading, routine_dir=self.library.user_dir
        )
        self.nav.go(Name.EDITOR)

    def edit_step(self, index: int) -> None:
        draft = self.editor.draft
        if draft is None:
            return
        self.nav.screen(Name.STEP_EDITOR).edit(draft, index, routine_dir=self.editor.routine_dir)
        self.nav.go(Name.STEP_EDITOR)

    def choose_picture(self) -> None:
        step_editor = self.nav.screen(Name.STEP_EDITOR)
        if step_editor.draft is None:
            return
        self.nav.screen(Name.PICTURES).open(
            bundled_pictures(self.library.assets_dir),
            step_editor.picture_text,
            None if self.exporter.through_system else self.exporter.folder(),
        )
        self.nav.go(Name.PICTURES)

    def pick_picture_file(self) -> None:
        """The system's picker (Android's documents), where the app cannot list folders."""
        if not self.documents.pick_picture_file(self._picture_picked):
            self.nav.screen(Name.PICTURES).show_problem(
                "The system's file picker could not be opened. You can choose one of "
                "Unknot's pictures above."
            )

    def _picture_picked(self, path: Path | None) -> None:
        """A local copy of the picked picture: chosen, then checked and copied in at Use."""
        if path is not None:
            self.nav.screen(Name.PICTURES).picked_file(path)

    def use_picture(self, kind: str, chosen: str, how: str) -> None:
        """Puts the chosen picture on the step being edited; a file is copied in first.

        A file goes to ``pictures/<routine-id>/`` in the person's folder, checked
        like any picture (:func:`unknot.core.routines.pictures.copy_picture_in`); a
        refusal is said on the screen. The edit keeps a list of what it copied, so
        a discarded edit leaves nothing behind (:class:`EditPictures`).
        """
        from unknot.ui.screens.pictures import FILE

        step_editor = self.nav.screen(Name.STEP_EDITOR)
        draft = self.editor.draft
        if draft is None or step_editor.draft is None:
            return
        name = chosen
        if kind == FILE:
            if self.copied is None:
                self.copied = EditPictures(self.library.user_dir)
            try:
                name = self.copied.copy_in(Path(chosen), draft.id)
            except PictureError as error:
                self.nav.screen(Name.PICTURES).show_problem(f"{error}.")
                return
        from unknot.core.routines.draft import split_commas  # an editor is open: imported

        frames = split_commas(step_editor.picture_text)
        if how == "clear":
            frames = []
        elif how == "add" and len(frames) < MAX_FRAMES:
            frames.append(name)
        else:
            frames = [name]
        step_editor.set_image(", ".join(frames))
        self.nav.back()

    def step_done(self) -> None:
        self.editor.refresh()
        self.nav.back()

    def cancel(self) -> None:
        self.editor.draft = None
        self.trying = False
        self.copy_of = None
        self.settle_pictures()
        self.nav.back()

    def settle_pictures(self) -> None:
        """The edit is over (saved, discarded, or the app closing, which loses a draft): each
        picture it copied in that no routine uses is removed."""
        copied, self.copied = self.copied, None
        if copied is not None:
            copied.settle(self.library.report.mine)

    def try_it(self, routine: Routine) -> None:
        """Plays the routine as edited, unsaved; the end screens lead back to the editor.

        It is played as the person's safety answers shape every routine (pressure
        steps left out after "shooting pain on touch"), and eased as the pain gate
        says (a start at pain 4-5, a flare day), exactly as a saved routine would be.
        """
        shown = for_this_person(routine, self.catalog.screening)
        if shown is None:
            self.editor.problem = (
                "Every step of this routine presses on the head, and your safety answers "
                "leave those steps out, so there is nothing to try."
            )
            return
        self.trying = True
        self.try_routine(shown)

    def left_editor(self) -> None:
        """Another routine was opened: a try left with Back is over, an export question too."""
        self.trying = False
        self._export_again = None

    def back_to_editor(self) -> bool:
        """After a try: True when the app went back to the editor instead of home."""
        if not self.trying or not self.nav.built(Name.EDITOR) or self.editor.draft is None:
            return False
        self.trying = False
        self.nav.reset(Name.EDITOR, below=(Name.HOME,))
        return True

    def save(self, routine: Routine, _draft: RoutineDraft) -> None:
        try:
            if self.copy_of is not None:
                self.library.save_copy(routine, of=self.copy_of)
            else:
                self.library.save(routine, replacing=self.editing_id)
        except LibraryError as error:
            self.editor.problem = problems_text(error)
            return
        self.editor.draft = None
        self.trying = False
        self.copy_of = None
        self.settle_pictures()  # those the saved routine shows stay; those replaced go
        self._show_saved(routine.id, "Saved.")

    def _show_saved(self, routine_id: str, message: str) -> None:
        self.catalog.reload()
        self.nav.reset(Name.HOME)
        self.browse.open(routine_id)
        self.browse.say(message)

    # -- delete and undo ---------------------------------------------------------------

    def delete(self, routine_id: str) -> None:
        try:
            self.deleted = self.library.delete(routine_id)
        except LibraryError as error:
            self.browse.say(problems_text(error))
            return
        self.catalog.reload()
        self.browse.home(f"Deleted '{self.deleted.title}'.", undo=True)

    def undo(self) -> None:
        deleted, self.deleted = self.deleted, None
        if deleted is None:
            return
        home = self.nav.screen(Name.HOME)
        try:
            routine = self.library.undo(deleted)
        except LibraryError as error:
            home.tell(problems_text(error))
            return
        self.catalog.reload()
        home.tell(f"'{routine.title}' is back.")

    # -- files -------------------------------------------------------------------------

    def choose_import(self, folder: Path | None = None) -> None:
        """The system's picker where there is one (Android), else the in-app file list."""
        if folder is None and self.documents.pick_routine_file(self._picked):
            return
        self.nav.screen(Name.IMPORT).open_at(folder or self.exporter.folder())
        self.nav.go(Name.IMPORT)

    def _picked(self, path: Path | None) -> None:
        """A document the system's picker copied to a local file: checked like any import."""
        if path is None:
            return
        importer = self.nav.screen(Name.IMPORT)
        importer.open_at(path.parent)
        importer.selected([str(path)])
        self.nav.go(Name.IMPORT)
        self.import_file(path, "new")

    def import_file(self, path: Path, how: str) -> None:
        importer = self.nav.screen(Name.IMPORT)
        try:
            result = self.library.import_file(
                path, overwrite=how == "replace", as_copy=how == "copy"
            )
        except ImportConflict as conflict:
            importer.ask(problems_text(conflict), can_replace=conflict.can_replace)
            return
        except LibraryError as error:
            importer.show_problems(problems_text(error))
            return
        verb = "Replaced your routine with" if result.replaced else "Imported"
        self._show_saved(result.routine.id, f"{verb} {path.name}.")

    def export(self, routine_id: str) -> Path | None:
        """Saves the routine to share, as a .yaml file, or a .zip when it has pictures of its
        own; asks before replacing a file.

        Where the system has a save screen (Android) the file is handed to it, and
        the person chooses the place (and whether to replace).
        """
        overwrite = self.exporter.through_system or self._export_again == routine_id
        try:
            path = self.library.export(routine_id, self.exporter.folder(), overwrite=overwrite)
        except DestinationExists as exists:
            self._export_again = routine_id
            self.browse.say(f"{exists.path} already exists. Tap Export again to replace it.")
            return None
        except LibraryError as error:
            self.browse.say(problems_text(error))
            return None
        self._export_again = None
        self.exporter.deliver(
            path,
            self.browse.say,
            saved="Saved to {path}. Share that file, or import it into Unknot on another device.",
            not_saved="The routine was not exported.",
        )
        return path
