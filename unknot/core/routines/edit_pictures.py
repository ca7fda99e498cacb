"""The pictures one edit copied into the person's folder: kept by a save, gone with a discard.

Choosing a picture from a file in the editor copies it at once, beside the
person's routines (``pictures/<routine-id>/``), because the editor checks and
shows the step as it will be saved. Until the routine is saved nothing names
that copy, so an edit that is thrown away (Cancel, then Discard; or left for
another edit) must take its copies with it, or the folder fills with pictures
nobody uses and an export never carries.

So an edit holds one :class:`EditPictures`: every file it *wrote* is listed
(a picture already there with the same bytes was not written, and is never
listed), and :meth:`EditPictures.settle` at the end of the edit, saved or not,
removes each listed file that nothing uses. "Used" is decided cautiously, so a
picture in use is never removed: a routine the library knows names the file,
or any routine file in the folder (one that does not load, one another window
saved) mentions the file's name at all.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path

from unknot.core.routines.loader import routine_files
from unknot.core.routines.model import Routine
from unknot.core.routines.pictures import OWN_FOLDER, place_picture, step_pictures
from unknot.core.routines.yaml_reader import MAX_FILE_BYTES
from unknot.core.storage.atomic import remove_durably

log = logging.getLogger("unknot.core.routines.edit_pictures")


class EditPictures:
    """The copies one edit made in ``user_dir``; settled once, when the edit ends."""

    def __init__(self, user_dir: Path) -> None:
        self.user_dir = user_dir
        self._written: list[Path] = []

    @property
    def written(self) -> tuple[Path, ...]:
        """The files this edit wrote and has not settled yet."""
        return tuple(self._written)

    def copy_in(self, source: Path, routine_id: str) -> str:
        """Copies a chosen picture in (see :func:`unknot.core.routines.pictures.copy_picture_in`);
        returns the name a step writes. Raises ``PictureError`` as that does."""
        name, written = place_picture(source, self.user_dir, routine_id)
        path = self.user_dir / name
        if written and path not in self._written:
            self._written.append(path)
        return name

    def settle(self, routines: Iterable[Routine] = ()) -> list[Path]:
        """Removes each file this edit wrote that nothing uses; returns those removed.

        Called when the edit ends: after a save (the saved routine is among
        ``routines``, and on the disk, so what it shows stays), or when it is
        thrown away. ``routines`` are those the library knows; the folder's
        routine files are read too. A file that cannot be removed stays, logged:
        a leftover picture harms nothing.
        """
        written, self._written = self._written, []
        if not written:
            return []
        in_use = _used_files(routines)
        texts = _routine_texts(self.user_dir)
        removed: list[Path] = []
        for path in written:
            if _resolved(path) in in_use or any(path.name in text for text in texts):
                continue
            try:
                if remove_durably(path):
                    removed.append(path)
            except OSError as error:
                log.warning("a picture the edit left could not be removed: %s (%s)", path, error)
        for path in removed:
            _remove_if_empty(path.parent)
        _remove_if_empty(self.user_dir / OWN_FOLDER)
        return removed


def _used_files(routines: Iterable[Routine]) -> set[Path]:
    return {
        _resolved(path)
        for routine in routines
        for step in routine.steps
        for _, path in step_pictures(step)
    }


def _routine_texts(folder: Path) -> list[str]:
    """Each routine file's text, as far as it can be read (a file that cannot is skipped)."""
    texts: list[str] = []
    with contextlib.suppress(OSError):
        for path in routine_files(folder):
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
                    texts.append(path.read_text("utf-8", errors="replace"))
    return texts


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()  # only an empty folder goes: one the edit made for its copies
