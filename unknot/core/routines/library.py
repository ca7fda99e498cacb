"""The routines a person can choose from: the built-in ones, read-only, and their own.

The built-in routines ship inside the app (read-only on Android anyway). A
person's routines are YAML files in one folder of their own (under the app's
user data folder), written only through this class, so that:

- every save is atomic (:func:`unknot.core.storage.atomic.write_atomic`): a crash or a
  kill mid-save leaves the previous version whole;
- nothing is ever written that the loader would refuse: each text is checked
  with the validator's own rules first;
- a person's id never equals a built-in's id, so a reminder or the history that
  names ``chin-tucks-1`` always means the same routine;
- nothing is overwritten without the caller saying so: an import that clashes
  raises :class:`ImportConflict` for the UI to ask about;
- an edit never writes over a file another window (a second Unknot on the same
  folder) changed since this one read it: :class:`RoutineChangedElsewhere` says so;
- a deletion can be undone: the file goes to ``.trash/`` beside the routines;
- comments a person wrote by hand are not lost (see ``docs/routines.md``,
  "Editing in the app, and comments").

Everything a person can get wrong comes out as :class:`LibraryError`, one plain
sentence, with the validator's problems attached when a file is not a routine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines import fields
from unknot.core.routines.bundle import (
    BUNDLE_SUFFIX,
    BundleError,
    is_bundle,
    problems_in_bundle,
    remove_stale_unpacked,
    unpacked,
    write_bundle,
)
from unknot.core.routines.fields import FieldError
from unknot.core.routines.leftovers import SetAside, load_own_routines
from unknot.core.routines.library_report import LibraryReport as LibraryReport
from unknot.core.routines.library_report import Origin as Origin
from unknot.core.routines.loader import (
    load_routine,
    load_routines,
    parse_routine_text,
)
from unknot.core.routines.model import Routine, Step
from unknot.core.routines.pictures import PictureError, own_pictures, read_picture
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.writer import has_other_comments, leading_comments, routine_to_yaml
from unknot.core.storage.atomic import make_folders, remove_durably, rename_durably, write_atomic
from unknot.core.storage.notices import Notices
from unknot.core.storage.snapshot import FileStamp, Kind, current_stamp, read_snapshot
from unknot.core.storage.temp_files import STALE_SECONDS, remove_stale_temp_files

log = logging.getLogger("unknot.core.routines.library")

TRASH_DIR = ".trash"
"""Deleted routines wait here; the loader never looks into folders, nor at dot names."""

TRASH_DAYS = 30
"""How long a deleted routine stays in the trash before a load removes it for good."""

ORIGINAL_SUFFIX = ".orig"
"""``<name>.yaml.orig``: a hand-written file as it was before the app first rewrote it."""

STALE_TEMP_SECONDS = STALE_SECONDS
"""A save's temporary file older than this was left by a killed save: no save takes so long."""

MINE_SUFFIX = "mine"
"""Ids of copies end ``-mine`` (``chin-tucks-1-mine``, then ``-mine-2``)."""

_MINE_TAIL = re.compile(r"-mine(?:-\d+)?$")
_MY_COPY_TAIL = re.compile(r" \(my copy(?: \d+)?\)$")
_NUMBER_TAIL = re.compile(r" \(\d+\)$")

NEW_ROUTINE_STEP = Step(title="Rest and breathe slowly", duration=60.0)
"""The one step a new routine starts with: valid as it is, and harmless if played."""


class LibraryError(ValueError):
    """Something a person asked for that cannot be done; ``str()`` is one plain sentence.

    ``problems`` holds the validator's problems when a file or an edited routine
    is not valid (the same lines ``python -m unknot validate`` prints).
    """

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems)


class ImportConflict(LibraryError):  # noqa: N818 (a question for the person, not a failure)
    """An imported routine's id is taken; the UI asks whether to replace it or keep both.

    ``can_replace`` is false when the id is a built-in's (a built-in is never
    replaced): then only a copy can be imported.
    """

    def __init__(
        self, routine_id: str, imported_title: str, existing_title: str | None, origin: Origin
    ) -> None:
        if origin is Origin.BUILT_IN:
            message = (
                f"'{imported_title}' has the id '{routine_id}' of the built-in routine "
                f"'{existing_title}', which cannot be replaced; import it as a copy"
            )
        elif existing_title is None:
            message = (
                f"your routines folder already has a file for the id '{routine_id}' "
                "(it has problems); replace it, or import this one as a copy"
            )
        else:
            message = (
                f"you already have a routine '{existing_title}' with the id '{routine_id}'; "
                "replace it, or import this one as a copy"
            )
        super().__init__(message)
        self.routine_id = routine_id
        self.imported_title = imported_title
        self.existing_title = existing_title
        self.origin = origin

    @property
    def can_replace(self) -> bool:
        return self.origin is Origin.MINE


class DestinationExists(LibraryError):  # noqa: N818 (likewise)
    """An export would overwrite a file; the UI asks, then exports with ``overwrite=True``."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; replace it, or choose another name")
        self.path = path


class RoutineChangedElsewhere(LibraryError):  # noqa: N818 (a question for the person)
    """The routine's file changed, or went, since this window read it; nothing was saved.

    Saving would silently lose the other window's edit. The editor keeps the
    person's draft and offers a copy (:meth:`RoutineLibrary.save_copy` with ``of``
    the routine's id) or a reload (:meth:`RoutineLibrary.load`, then edit again).
    """

    def __init__(self, routine_id: str, *, gone: bool = False) -> None:
        what = "deleted" if gone else "changed"
        super().__init__(
            f"this routine was {what} in another window since you opened it: "
            "save yours as a copy, or reload it"
        )
        self.routine_id = routine_id
        self.gone = gone


@dataclass(frozen=True)
class DeletedRoutine:
    """What :meth:`RoutineLibrary.undo` needs to put a deleted routine back."""

    routine_id: str
    title: str
    path: Path
    trash_path: Path


@dataclass(frozen=True)
class ImportResult:
    """An imported routine as it now is in the person's folder."""

    routine: Routine
    path: Path
    replaced: bool
    """Whether it replaced a routine of the person's with the same id."""
    file_id: str
    """The id written in the imported file; differs from ``routine.id`` for a copy."""
    images: tuple[Path, ...] = ()
    """Pictures copied from beside the imported file into the person's folder."""


class RoutineLibrary:
    """The built-in routines (read-only) and the person's own, in ``user_dir``.

    The library keeps what its last :meth:`load` found and keeps it up to date
    through its own changes; anything changed on disk by other means shows up at
    the next load. Call :meth:`load` first; the other methods load once if it
    was not called.
    """

    def __init__(
        self,
        builtin_dirs: Sequence[Path],
        user_dir: Path,
        *,
        assets_dir: Path | None = ASSETS_DIR,
        notices: Notices | None = None,
    ) -> None:
        self.builtin_dirs = tuple(builtin_dirs)
        self.user_dir = user_dir
        self.assets_dir = assets_dir
        self.notices = notices
        """Where an older file of an id, set aside at a load, is told (see ``leftovers``)."""
        self._builtin: dict[str, Routine] = {}
        self._mine: dict[str, Routine] = {}
        self._failures: tuple[RoutineError, ...] = ()
        self._loaded = False
        self._stamps: dict[Path, FileStamp | None] = {}
        """Each of the person's files as this library last read or wrote it."""

    # -- reading ------------------------------------------------------------------------

    def load(self) -> LibraryReport:
        """Reads every routine; a broken file of the person's is listed like a broken built-in.

        It also clears what killed saves and old deletions left behind: stale
        temporary files and trash older than :data:`TRASH_DAYS`; of two files
        with one id (a replacement cut short by a power cut), the older is set
        aside and told (:mod:`unknot.core.routines.leftovers`).
        """
        builtin = load_routines(self.builtin_dirs, assets_dir=self.assets_dir)
        self._builtin = {routine.id: routine for routine in builtin.routines}
        failures = list(builtin.failures)
        self._mine = {}
        if self.user_dir.is_dir():
            self._remove_stale_temp_files()
            self._empty_old_trash()
            remove_stale_unpacked(self.user_dir)
            # Stamped before reading: a file replaced in between then fails the quick
            # check and is compared by content, never taken as unchanged.
            self._stamps = {path: current_stamp(path) for path in self._user_files()}
            mine = load_own_routines(self.user_dir, assets_dir=self.assets_dir)
            failures += mine.failures
            self._tell_set_aside(mine.set_aside)
            for routine in mine.routines:
                if routine.id in self._builtin:
                    failures.append(self._builtin_clash(routine))
                else:
                    self._mine[routine.id] = routine
        self._failures = tuple(failures)
        self._loaded = True
        return self.report

    @property
    def report(self) -> LibraryReport:
        self._ensure_loaded()
        mine = sorted(self._mine.values(), key=lambda routine: _natural(routine.title))
        return LibraryReport(tuple(self._builtin.values()), tuple(mine), self._failures)

    def get(self, routine_id: str) -> Routine:
        self._ensure_loaded()
        routine = self._builtin.get(routine_id) or self._mine.get(routine_id)
        if routine is None:
            raise LibraryError(f"there is no routine with the id '{routine_id}'")
        return routine

    def origin(self, routine_id: str) -> Origin:
        self.get(routine_id)
        return Origin.BUILT_IN if routine_id in self._builtin else Origin.MINE

    def is_builtin(self, routine_id: str) -> bool:
        self._ensure_loaded()
        return routine_id in self._builtin

    def path_of(self, routine_id: str) -> Path:
        """The file a routine was loaded from."""
        routine = self.get(routine_id)
        assert routine.source is not None, "the loader always sets source"
        return routine.source

    # -- the person's routines ----------------------------------------------------------

    def new_routine(self, title: str) -> Routine:
        """A new routine with one simple step and a free id made from the title; not saved."""
        self._ensure_loaded()
        checked = self._checked_title(title)
        routine_id = self._free_id(fields.suggest_identifier(checked)[:64].strip("-") or "mine")
        return Routine(id=routine_id, title=checked, steps=(NEW_ROUTINE_STEP,))

    def save(self, routine: Routine, *, replacing: str | None = None) -> Path:
        """Writes one of the person's routines atomically and returns its file.

        ``replacing`` is the routine's id before an edit that changed it: the new
        file is written first, the old one removed after. Without it, a routine
        whose id is already one of the person's is an edit of that routine, and
        any other id is a new routine, written to ``<user_dir>/<id>.yaml``. An
        edit rewrites the routine's own file, keeping its leading comment block
        (and the whole original as ``<name>.orig`` when other comments would go).
        """
        self._ensure_loaded()
        try:
            fields.identifier(routine.id)
        except FieldError as error:
            raise LibraryError(f"the id cannot be used: {error}") from None
        if routine.id in self._builtin:
            raise self._builtin_id_error(routine)
        before_id = routine.id if replacing is None else replacing
        if replacing is not None:
            if replacing in self._builtin:
                raise LibraryError(
                    f"'{self._builtin[replacing].title}' is a built-in routine and cannot be "
                    "changed; duplicate it to make your own copy"
                )
            if replacing not in self._mine:
                raise LibraryError(f"you have no routine with the id '{replacing}' to replace")
            if routine.id != replacing and routine.id in self._mine:
                raise LibraryError(
                    f"you already have a routine '{self._mine[routine.id].title}' with the id "
                    f"'{routine.id}'; choose another id"
                )
        before = self._mine.get(before_id)
        if before is not None:
            self._check_unchanged(before)
        if before is not None and before.id == routine.id:
            path = self.path_of(routine.id)
        else:
            path = self._new_path(routine.id, replacing=before_id)
        old_path = before.source if before is not None else None
        header, original = self._comments(old_path) if old_path is not None else ("", None)
        stored = self._write(routine, path, header, original)
        if old_path is not None and old_path != path:
            self._remove_replaced(old_path)
        self._mine.pop(before_id, None)
        self._mine[stored.id] = stored
        return path

    def copy_of(self, routine_id: str) -> Routine:
        """The person's own copy of any routine, not saved yet: the editor saves it, or not.

        The copy gets a new id (``<id>-mine``, then ``-mine-2`` ...) and the title
        "... (my copy)". Its ``series`` and ``level`` are dropped: the app offers
        the next level of a series as a progression, and a changed copy of level 1
        is not a step of the built-in series (it could even be harder than level
        2). Its ``source`` is still the original's, where its pictures are found.
        """
        source = self.get(routine_id)
        base = _MINE_TAIL.sub("", routine_id)
        return dataclasses.replace(
            source,
            id=self._free_id(base),
            title=self._copy_title(source.title),
            series=None,
            level=None,
        )

    def save_copy(self, routine: Routine, *, of: str) -> Path:
        """Saves a copy made by :meth:`copy_of` (as edited) with the pictures it brings.

        The file starts with a comment naming what it was copied from.
        """
        self._ensure_loaded()
        original = self.get(of)
        try:
            fields.identifier(routine.id)
        except FieldError as error:
            raise LibraryError(f"the id cannot be used: {error}") from None
        if routine.id in self._builtin:
            raise self._builtin_id_error(routine)
        if routine.id in self._mine:
            raise LibraryError(
                f"you already have a routine '{self._mine[routine.id].title}' with the id "
                f"'{routine.id}'; choose another id"
            )
        images = self._images_to_bring(original)
        self._check_images(images)
        path = self._new_path(routine.id)
        header = f"# Made in Unknot as a copy of the routine '{of}'."
        self._copy_images(images)
        stored = self._write(dataclasses.replace(routine, source=None), path, header)
        self._mine[stored.id] = stored
        return path

    def duplicate(self, routine_id: str) -> Routine:
        """Makes and saves the person's own copy of any routine at once; returns it."""
        copy = self.copy_of(routine_id)
        self.save_copy(copy, of=routine_id)
        return self._mine[copy.id]

    def delete(self, routine_id: str) -> DeletedRoutine:
        """Moves the person's routine to the trash; :meth:`undo` puts it back."""
        routine = self._mine_or_error(routine_id, "deleted")
        path = self.path_of(routine_id)
        trash = self.user_dir / TRASH_DIR
        try:
            make_folders(trash)
            trash_path = _free_name(trash / path.name)
            rename_durably(path, trash_path)
            with contextlib.suppress(OSError):
                os.utime(trash_path)  # the trash keeps it TRASH_DAYS from now
        except OSError as error:
            raise LibraryError(
                f"'{routine.title}' could not be deleted: {_reason(error)}"
            ) from None
        del self._mine[routine_id]
        return DeletedRoutine(routine_id, routine.title, path, trash_path)

    def undo(self, deleted: DeletedRoutine) -> Routine:
        """Puts a deleted routine back, unless its file name or its id was taken since."""
        self._ensure_loaded()
        if deleted.path.exists():
            raise LibraryError(
                f"'{deleted.title}' cannot come back: a routine has been saved as "
                f"{deleted.path.name} since"
            )
        if deleted.routine_id in self._builtin or deleted.routine_id in self._mine:
            raise LibraryError(
                f"'{deleted.title}' cannot come back: its id '{deleted.routine_id}' is used "
                "by another routine now"
            )
        try:
            deleted.trash_path.replace(deleted.path)
        except FileNotFoundError:
            raise LibraryError(f"'{deleted.title}' is no longer in the trash") from None
        except OSError as error:
            raise LibraryError(
                f"'{deleted.title}' could not be put back: {_reason(error)}"
            ) from None
        try:
            routine = load_routine(deleted.path, assets_dir=self.assets_dir)
        except RoutineError as error:
            raise LibraryError(
                f"'{deleted.title}' is back in its file, but has problems", error.problems
            ) from None
        self._mine[routine.id] = routine
        self._stamps[deleted.path] = current_stamp(deleted.path)
        return routine

    # -- files in and out ---------------------------------------------------------------

    def import_file(
        self, path: Path, *, overwrite: bool = False, as_copy: bool = False
    ) -> ImportResult:
        """Adds a routine from a .yaml file, or a .zip bundle of one; a bad file changes nothing.

        The file is checked first, with the validator's rules and messages (a
        :class:`LibraryError` carries the problems). An id that is taken raises
        :class:`ImportConflict` unless ``as_copy`` (a fresh id, and a title with
        " (2)" when the title is taken too; series and level dropped, as for
        :meth:`duplicate`) or ``overwrite`` (replaces the person's routine,
        never a built-in) says what to do. Both only matter when the id is taken.

        The file is copied byte for byte, so its comments stay, except for a
        copy, whose new id means it is written anew (keeping its leading
        comments). Pictures it names from its own folder are copied into the
        person's folder, beside it under the same relative path. A bundle is
        unpacked and checked first (:mod:`unknot.core.routines.bundle`).
        """
        if is_bundle(path):
            return self._import_bundle(path, overwrite=overwrite, as_copy=as_copy)
        self._ensure_loaded()
        try:
            routine = load_routine(path, assets_dir=self.assets_dir)
        except RoutineError as error:
            raise LibraryError(
                f"{path.name} is not a routine Unknot can use; nothing was imported",
                error.problems,
            ) from None
        data = _read_bytes(path)
        if self._parse(data, path, routine_dir=path.parent) != routine:
            raise LibraryError(f"{path.name} changed while it was read; import it again")
        if not as_copy:
            self._check_not_anothers_file(self.user_dir / f"{routine.id}.yaml", routine.id)
        existing_title, origin = self._holder(routine.id)
        replaced = False
        if origin is not None and not as_copy:
            if not overwrite or origin is Origin.BUILT_IN:
                raise ImportConflict(routine.id, routine.title, existing_title, origin)
            replaced = True
        copy = None
        if origin is not None and as_copy:
            copy = dataclasses.replace(
                routine,
                id=self._free_id(_MINE_TAIL.sub("", routine.id)),
                title=self._numbered_title(routine.title),
                series=None,
                level=None,
            )
            target = self._new_path(copy.id)
        else:
            target = self.user_dir / f"{routine.id}.yaml"
        images = self._images_to_bring(routine)
        self._check_images(images)
        self._copy_images(images)
        old = self._mine.get(routine.id)
        if copy is not None:
            header = leading_comments(data.decode("utf-8-sig", "replace"))
            stored = self._write(copy, target, header)
        else:
            stored = self._write_bytes(data, target)
            if old is not None and old.source is not None and old.source != target:
                self._remove_replaced(old.source)
        self._mine[stored.id] = stored
        copied = tuple(destination for _, destination in images)
        return ImportResult(stored, target, replaced, routine.id, copied)

    def export(self, routine_id: str, destination: Path, *, overwrite: bool = False) -> Path:
        """Writes a routine (built-in or the person's) to a file to share; returns it.

        A folder as ``destination`` gets ``<id>.zip`` when the routine has
        pictures of its own (the YAML and those pictures, see
        :mod:`unknot.core.routines.bundle`), else ``<id>.yaml``; a file named
        ``.zip`` is a bundle too. The routine's own file is copied byte for byte
        (comments and all) when it names its id itself; otherwise it is written
        anew with its id, so the file keeps its id whatever the person or a
        browser renames it to. Written as ``.yaml`` by name, its own pictures go
        beside it. An existing file raises :class:`DestinationExists` unless
        ``overwrite``.
        """
        routine = self.get(routine_id)
        own = own_pictures(routine, self.assets_dir)
        as_bundle = is_bundle(destination) or (destination.is_dir() and bool(own))
        suffix = BUNDLE_SUFFIX if as_bundle else ".yaml"
        target = destination / f"{routine.id}{suffix}" if destination.is_dir() else destination
        if target.exists() and not overwrite:
            raise DestinationExists(target)
        images = [] if as_bundle else self._images_to_bring(routine, into=target.parent)
        if not overwrite:
            self._check_images(images)
        source = self.path_of(routine_id)
        data = _read_bytes(source)
        if not self._names_own_id(data, routine, source.parent):
            header = leading_comments(data.decode("utf-8-sig", "replace"))
            data = routine_to_yaml(routine, header=header).encode("utf-8")
        try:
            if as_bundle:
                write_bundle(target, f"{routine.id}.yaml", data, own)
            else:
                self._copy_images(images)
                write_atomic(target, data)
        except PictureError as error:
            raise LibraryError(f"could not export {routine.id}: {error}") from None
        except OSError as error:
            raise LibraryError(f"could not write {target}: {_reason(error)}") from None
        return target

    def _import_bundle(self, path: Path, *, overwrite: bool, as_copy: bool) -> ImportResult:
        """Imports the routine in a .zip with its pictures; a refused bundle writes nothing."""
        self._ensure_loaded()
        try:
            with unpacked(path, self.user_dir) as routine_file:
                try:
                    return self.import_file(routine_file, overwrite=overwrite, as_copy=as_copy)
                except ImportConflict:
                    raise
                except LibraryError as error:
                    if not error.problems:
                        raise
                    raise LibraryError(
                        f"{path.name} is not a routine Unknot can use; nothing was imported",
                        problems_in_bundle(error.problems, path.name, routine_file, self.user_dir),
                    ) from None
        except BundleError as error:
            raise LibraryError(str(error)) from None
        except OSError as error:
            raise LibraryError(f"{path.name} could not be unpacked: {_reason(error)}") from None

    # -- helpers ------------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def _mine_or_error(self, routine_id: str, done: str) -> Routine:
        routine = self.get(routine_id)
        if routine_id in self._builtin:
            raise LibraryError(
                f"'{routine.title}' is a built-in routine and cannot be {done}; "
                "duplicate it to make your own copy"
            )
        return routine

    def _holder(self, routine_id: str) -> tuple[str | None, Origin | None]:
        """Who has an id now: its title and origin; a broken file of that name counts too."""
        if routine_id in self._builtin:
            return self._builtin[routine_id].title, Origin.BUILT_IN
        if routine_id in self._mine:
            return self._mine[routine_id].title, Origin.MINE
        if self._file_names_taken(routine_id):
            return None, Origin.MINE
        return None, None

    def _file_names_taken(self, routine_id: str) -> bool:
        return (self.user_dir / f"{routine_id}.yaml").exists()

    def _free_id(self, base: str) -> str:
        """``base`` if nothing uses it, else ``base-mine``, ``base-mine-2`` ... (at most 64)."""
        candidates = [base] if base not in self._builtin else []
        candidates += [f"{base}-{MINE_SUFFIX}"] + [
            f"{base}-{MINE_SUFFIX}-{n}" for n in range(2, 10**4)
        ]
        for candidate in candidates:
            if len(candidate) > 64:
                tail = candidate[len(base) :]
                candidate = base[: 64 - len(tail)].rstrip("-") + tail
            taken = candidate in self._builtin or candidate in self._mine
            if not taken and not self._file_names_taken(candidate):
                return candidate
        raise LibraryError("no free id is left for this routine; delete some copies first")

    def _copy_title(self, title: str) -> str:
        base = _MY_COPY_TAIL.sub("", title)
        taken = {routine.title for routine in self._mine.values()}
        for number in range(1, 10**4):
            tail = " (my copy)" if number == 1 else f" (my copy {number})"
            candidate = _fit(base, tail)
            if candidate not in taken:
                return candidate
        return _fit(base, " (my copy)")

    def _numbered_title(self, title: str) -> str:
        taken = {r.title for r in self._mine.values()} | {r.title for r in self._builtin.values()}
        if title not in taken:
            return title
        base = _NUMBER_TAIL.sub("", title)
        for number in range(2, 10**4):
            candidate = _fit(base, f" ({number})")
            if candidate not in taken:
                return candidate
        return _fit(base, " (2)")

    def _checked_title(self, title: str) -> str:
        try:
            return fields.title(title)
        except FieldError as error:
            raise LibraryError(f"the title cannot be used: {error}") from None

    def _new_path(self, routine_id: str, *, replacing: str | None = None) -> Path:
        """``<user_dir>/<id>.yaml`` for a new file; never a file that holds something else.

        The file of the routine being replaced (``replacing``) may be reused.
        """
        path = self.user_dir / f"{routine_id}.yaml"
        holder = next((r for r in self._mine.values() if r.source == path), None)
        if path.exists() and holder is None:
            raise LibraryError(
                f"your routines folder already has a file {path.name} that Unknot cannot read; "
                "fix or delete it, or choose another id"
            )
        if holder is not None and holder.id not in (routine_id, replacing):
            raise LibraryError(
                f"the file {path.name} holds your routine '{holder.title}'; choose another id"
            )
        return path

    def _check_not_anothers_file(self, path: Path, routine_id: str) -> None:
        """Refuses to write over the file of another routine (``x.yaml`` that says ``id: y``)."""
        holder = next((r for r in self._mine.values() if r.source == path), None)
        if holder is not None and holder.id != routine_id:
            raise LibraryError(
                f"the file {path.name} holds your routine '{holder.title}'; "
                "change that routine's id or file name first"
            )

    def _check_unchanged(self, routine: Routine) -> None:
        """Refuses an edit of ``routine`` when its file no longer holds what was read.

        The file's stamp (inode, size, time) as read is the quick check; a file
        whose stamp changed is compared by meaning (parsed again): a file merely
        touched is no change, and a comment changed elsewhere is kept anyway (the
        rewrite keeps the file's comments).
        """
        path = routine.source
        if path is None:  # pragma: no cover (the loader always sets source)
            return
        if self._stamps.get(path) is not None and current_stamp(path) == self._stamps[path]:
            return  # the very file that was read: no need to read it again
        snapshot = read_snapshot(path)
        if snapshot.kind is Kind.MISSING:
            raise RoutineChangedElsewhere(routine.id, gone=True)
        if snapshot.error is not None:
            raise LibraryError(f"{path.name} could not be read: {_reason(snapshot.error)}")
        on_disk: Routine | None = None
        with contextlib.suppress(RoutineError):
            if snapshot.kind is Kind.DATA:
                on_disk = self._parse(snapshot.data, path, routine_dir=path.parent)
        if on_disk != routine:
            raise RoutineChangedElsewhere(routine.id)

    def _user_files(self) -> list[Path]:
        try:
            return [entry for entry in self.user_dir.iterdir() if entry.is_file()]
        except OSError:
            return []

    def _comments(self, path: Path) -> tuple[str, tuple[Path, bytes] | None]:
        """What a rewrite of ``path`` keeps: its leading comments, and the whole original
        (to write as ``<name>.orig``) when it has other comments, which would be lost."""
        try:
            data = path.read_bytes()
        except OSError:
            return "", None
        text = data.decode("utf-8-sig", "replace")
        original = None
        if has_other_comments(text):
            original = (_free_name(path.with_name(path.name + ORIGINAL_SUFFIX)), data)
        return leading_comments(text), original

    def _write(
        self,
        routine: Routine,
        path: Path,
        header: str,
        original: tuple[Path, bytes] | None = None,
    ) -> Routine:
        """Writes a routine as YAML after checking the text loads back; returns what loads."""
        data = routine_to_yaml(routine, header=header).encode("utf-8")
        return self._write_bytes(data, path, original)

    def _write_bytes(
        self, data: bytes, path: Path, original: tuple[Path, bytes] | None = None
    ) -> Routine:
        """Checks, then writes; the original of a hand-written file is kept before it goes."""
        try:
            stored = self._parse(data, path, routine_dir=self.user_dir)
        except RoutineError as error:
            raise LibraryError(
                "the routine has problems and was not saved", error.problems
            ) from None
        if stored.id in self._builtin:
            raise self._builtin_id_error(stored)
        try:
            make_folders(self.user_dir)
            if original is not None:
                write_atomic(*original)
            write_atomic(path, data)
            self._stamps[path] = current_stamp(path)
        except OSError as error:
            raise LibraryError(f"'{stored.title}' could not be saved: {_reason(error)}") from None
        return stored

    def _parse(self, data: bytes, path: Path, *, routine_dir: Path) -> Routine:
        return parse_routine_text(
            data,
            str(path),
            default_id=path.stem,
            routine_dir=routine_dir,
            assets_dir=self.assets_dir,
            source=path,
        )

    def _names_own_id(self, data: bytes, routine: Routine, folder: Path) -> bool:
        """Whether a file's text says its id itself, so it keeps the id under any name."""
        try:
            written = parse_routine_text(
                data, default_id=None, routine_dir=folder, assets_dir=self.assets_dir
            )
        except RoutineError:
            return False
        return written == routine

    def _images_to_bring(
        self, routine: Routine, *, into: Path | None = None
    ) -> list[tuple[Path, Path]]:
        """The pictures from a routine's own folder that must go beside it in ``into``.

        Pictures found in the app's ``assets/`` are found there from any folder,
        so only those beside the routine file are copied, under the same path.
        """
        target_dir = self.user_dir if into is None else into
        if routine.source is None:
            return []
        pairs: dict[Path, Path] = {}
        for name, path in own_pictures(routine, self.assets_dir):
            destination = target_dir / PurePosixPath(name.replace("\\", "/"))
            if destination.resolve() != path:
                pairs[destination] = path
        return [(source, destination) for destination, source in pairs.items()]

    def _check_images(self, images: list[tuple[Path, Path]]) -> None:
        for source, destination in images:
            if destination.exists() and not _same_picture(source, destination):
                raise LibraryError(
                    f"a different picture is already at {destination}; rename one of them "
                    "(and the step's image) and try again"
                )

    def _copy_images(self, images: list[tuple[Path, Path]]) -> None:
        for source, destination in images:
            try:
                data = read_picture(source)
                make_folders(destination.parent)
                write_atomic(destination, data)
            except PictureError as error:
                raise LibraryError(f"the picture could not be copied: {error}") from None
            except OSError as error:
                raise LibraryError(
                    f"the picture {source.name} could not be copied: {_reason(error)}"
                ) from None

    def _builtin_clash(self, routine: Routine) -> RoutineError:
        return RoutineError(
            [
                Problem(
                    str(routine.source),
                    "id",
                    f"the id '{routine.id}' belongs to a built-in routine; give this routine "
                    f"another id, such as '{routine.id}-{MINE_SUFFIX}'",
                )
            ]
        )

    def _builtin_id_error(self, routine: Routine) -> LibraryError:
        builtin = self._builtin[routine.id]
        return LibraryError(
            f"the id '{routine.id}' belongs to the built-in routine '{builtin.title}'; "
            f"save yours under another id, such as '{self._free_id(routine.id)}'"
        )

    def _remove_stale_temp_files(self) -> None:
        """Removes temporary files that killed saves left (the loader skips them anyway)."""
        remove_stale_temp_files(self.user_dir, older_than=STALE_TEMP_SECONDS)

    def _remove_replaced(self, old_path: Path) -> None:
        """Removes a routine's old file once its new one is on the disk, durably.

        The new file was made durable first, so a power cut leaves both files,
        never neither (the next load settles which is used). A file that cannot
        be removed is left and logged: the routine itself was saved.
        """
        try:
            remove_durably(old_path)
        except OSError as error:
            log.warning("The replaced file %s could not be removed: %s", old_path, error)

    def _tell_set_aside(self, moved: Sequence[SetAside]) -> None:
        for older in moved:
            if self.notices is not None:
                self.notices.tell(f"routines.set-aside.{older.aside.name}", older.sentence)

    def _empty_old_trash(self) -> None:
        cutoff = time.time() - TRASH_DAYS * 24 * 60 * 60
        trash = self.user_dir / TRASH_DIR
        with contextlib.suppress(OSError):
            for entry in trash.iterdir():
                with contextlib.suppress(OSError):
                    if entry.is_file() and entry.stat().st_mtime < cutoff:
                        entry.unlink()


def _fit(base: str, tail: str) -> str:
    """``base + tail`` within the title limit, shortening ``base`` with an ellipsis."""
    if len(base) + len(tail) <= fields.MAX_TITLE:
        return base + tail
    room = fields.MAX_TITLE - len(tail) - 1
    return base[:room].rstrip() + "…" + tail


def _free_name(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3`` ... whichever does not exist yet."""
    candidate = path
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LibraryError(f"{path} could not be read: {_reason(error)}") from None


def _same_picture(first: Path, second: Path) -> bool:
    """Whether two picture files hold the same bytes; a pipe or a device never does."""
    try:
        return read_picture(first) == read_picture(second)
    except PictureError:
        return False


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


__all__ = [
    "DeletedRoutine",
    "DestinationExists",
    "ImportConflict",
    "ImportResult",
    "LibraryError",
    "LibraryReport",
    "Origin",
    "RoutineChangedElsewhere",
    "RoutineLibrary",
]


def _natural(title: str) -> tuple[tuple[tuple[int, int | str], ...], int]:
    """Sorts titles as people read them: a routine, then its "(my copy)", "(my copy 2)" ...
    "(my copy 10)"; numbers by value, case aside."""
    tail = _MY_COPY_TAIL.search(title)
    copy = 0
    if tail is not None:
        digits = re.sub(r"\D", "", tail.group(0))
        copy = int(digits) if digits else 1
        title = title[: tail.start()]
    parts = tuple(
        (0, int(part)) if part.isdecimal() else (1, part.casefold())
        for part in re.split(r"(\d+)", title)
        if part
    )
    return parts, copy
