"""Replacing a file so that a crash or a power cut leaves either the old or the new content.

Routines, reminders and settings are rewritten while the app runs, and Android may
kill the process at any moment (low memory, the person swiping the app away). A
plain ``open(path, "w")`` truncates first: a kill in between loses the person's
data. Writing beside the file and renaming over it is atomic on POSIX and on
Windows (``os.replace``), which is enough when only the process dies.

A power cut (a phone whose battery gives out) also loses what the kernel had not
written yet, so the order matters: write the temporary file, set its mode, fsync
it, rename it over the old one, then fsync the folder. Without the file's fsync
the rename can reach the disk before the content (an empty file after the
restart); without the folder's, the rename itself can be lost. The same holds
for a folder made or a file removed: the change is only durable once the folder
holding it is fsynced. ``tests/core/storage/test_durability.py`` records these
calls and fails if one is missing or out of order.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

log = logging.getLogger("unknot.core.storage.atomic")

TEMP_SUFFIX = ".tmp"
"""A save's temporary file is ``.NAME.XXXXXXXX.tmp`` beside ``NAME`` (see ``temp_files``)."""

NEW_FILE_MODE = 0o600
"""A new file is the owner's alone: it is a person's health data."""


def write_atomic(path: Path, data: bytes | str) -> None:
    """Writes ``data`` (text is UTF-8) to ``path``, replacing it in one step.

    The temporary file lives in the same folder because a rename is only
    atomic within one file system; the folder must exist (:func:`make_folders`
    makes a store's folder durably; an export's destination is never made). A
    file that exists keeps its permissions; a new one is :data:`NEW_FILE_MODE`.
    On any failure the old file is left as it was and the temporary file is removed.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    mode = _mode_of(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            # The mode before the fsync, so the file that reaches the disk is whole:
            # its content and who may read it. Some storage (FAT on a memory card)
            # has no modes; the save goes on without.
            with contextlib.suppress(OSError):
                temp_path.chmod(mode)
            os.fsync(stream.fileno())
        temp_path.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise
    fsync_directory(folder)


def make_folders(folder: Path) -> None:
    """Makes ``folder`` and its missing parents, each one made durable in its parent.

    A folder made by another process at the same moment is left to that
    process, which syncs it itself.
    """
    missing: list[Path] = []
    current = folder
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        try:
            created.mkdir()
        except FileExistsError:
            if created.is_dir():
                continue
            raise
        fsync_directory(created.parent)


def remove_durably(path: Path) -> bool:
    """Removes a file and makes the removal durable; False when it was not there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_directory(path.parent)
    return True


def rename_durably(source: Path, target: Path) -> None:
    """Renames a file (``os.replace``) and makes the rename durable in both folders."""
    source.replace(target)
    fsync_directory(target.parent)
    if source.parent != target.parent:
        fsync_directory(source.parent)


def fsync_directory(folder: Path) -> None:
    """Makes the names in a folder durable (a rename, a new file, a removal).

    Windows cannot open a folder, and needs not: NTFS journals its names. Some
    file systems refuse to fsync a folder (EINVAL); nothing better can be done
    there, so that is logged, not raised.
    """
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        log.warning("Could not open %s to make its changes durable: %s", folder, error)
        return
    try:
        os.fsync(descriptor)
    except OSError as error:
        log.warning("Could not fsync the folder %s: %s", folder, error)
    finally:
        os.close(descriptor)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return NEW_FILE_MODE
