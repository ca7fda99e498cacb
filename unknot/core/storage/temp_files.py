"""Removing the temporary files that killed saves left behind, and nothing else.

A save killed between creating its temporary file and renaming it leaves
``.NAME.XXXXXXXX.tmp`` beside ``NAME`` (:func:`unknot.core.storage.atomic.write_atomic`
names it so, through ``tempfile.mkstemp``: eight letters, digits or ``_``). The
loaders skip such names, but they would pile up over the years, each as big as
the file it was saving. At start, files of exactly that pattern, older than
:data:`STALE_SECONDS`, are removed: no save takes a minute, so a file that old
is no save in progress (not even another window's).

Only Unknot's own folders are searched. On Android the data folder is the app's
``files`` folder, which also holds the unpacked app itself (``files/app``), so
the data folder's own files are looked at, and only the named subfolders are
searched all the way down.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from unknot.core.storage.atomic import TEMP_SUFFIX, fsync_directory

log = logging.getLogger("unknot.core.storage.temp_files")

STALE_SECONDS = 60.0
"""A temporary file older than this was left by a killed save."""

TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")
"""``.NAME.XXXXXXXX.tmp``: the random part is mkstemp's, whose length is checked by a test."""


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is the name of a save's temporary file."""
    return TEMP_NAME.match(name) is not None


def remove_stale_temp_files(
    folder: Path,
    *,
    into: Iterable[str] = (),
    older_than: float = STALE_SECONDS,
    now: Callable[[], float] = time.time,
) -> list[Path]:
    """Removes stale temporary files from ``folder`` and, at any depth, its ``into`` subfolders.

    Only regular files are removed (never a folder or a link of that name);
    anything that cannot be read or removed is left, and logged. Returns what
    was removed.
    """
    cutoff = now() - older_than
    removed: list[Path] = []
    folders = [folder, *(path for name in into for path in _tree(folder / name))]
    for current in folders:
        gone = [path for path in _entries(current) if _remove_if_stale(path, cutoff)]
        if gone:
            fsync_directory(current)
            removed += gone
    return removed


def _tree(top: Path) -> Iterator[Path]:
    """``top`` and every folder under it, links to folders not followed."""
    if top.is_symlink() or not top.is_dir():
        return
    for current, _folders, _files in os.walk(top, onerror=_log_walk_error):
        yield Path(current)


def _entries(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if is_temp_name(entry.name)]
    except OSError as error:
        _log_walk_error(error)
        return []


def _remove_if_stale(path: Path, cutoff: float) -> bool:
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_mtime > cutoff:
            return False
        path.unlink()
    except OSError as error:
        log.warning("Could not remove the temporary file %s: %s", path, error)
        return False
    log.info("Removed %s, left by a save that was cut short", path)
    return True


def _log_walk_error(error: OSError) -> None:
    log.warning("Could not look for temporary files in %s: %s", error.filename, error)
