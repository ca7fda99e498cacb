"""What a history file must pass before it is trusted, and the file steps around opening it.

SQLite opens almost anything: a damaged file often fails only later, at the read
that touches the broken page, and then the History screen (or worse, the start of
the app) is where it shows. So the store checks a file whole before using it:

1. it is a regular file, and empty or starting with SQLite's header;
2. ``PRAGMA integrity_check`` finds nothing wrong with its pages and indexes
   (``quick_check`` would miss an index that no longer matches its table, which
   makes a query by start time skip or repeat sessions);
3. its tables are exactly those of its version (:func:`~.schema.schema_problems`).

A row whose value breaks a ``CHECK`` or ``NOT NULL`` is not a broken file: the
reader leaves that row out (:mod:`.rows`), and the rest of the history stays.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from unknot.core.storage.damaged import set_aside

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
COMPANIONS = ("-wal", "-shm", "-journal")
"""SQLite's files beside the history: a stale one beside a new file would be replayed into it."""
_ROW_LEVEL = ("CHECK constraint failed in ", "NULL value in ")


class DamagedError(Exception):
    """The file's content is broken; the message says how, for a sentence in brackets."""


class CannotWriteError(Exception):
    """The file reads, but cannot be written now (read-only, full, busy)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def file_problem(path: Path) -> str | None:
    """Why ``path`` is plainly no history, before SQLite is let near it; None if it may be.

    A missing file may be (it is created), and so may one that cannot be looked at:
    SQLite will say what is wrong, and it may not be damage.
    """
    for suffix in COMPANIONS:
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(path.with_name(path.name + suffix).stat().st_mode):
                return f"its {suffix[1:]} file is not a file"
    try:
        status = path.stat()
    except OSError:
        return None
    if stat.S_ISDIR(status.st_mode):
        return "it is a folder, not a file"
    if not stat.S_ISREG(status.st_mode):
        return "it is not a regular file"  # a pipe would block the open for ever
    if status.st_size == 0:
        return None  # SQLite's empty database
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError:
        return None
    if header != SQLITE_HEADER or status.st_size < HEADER_SIZE:
        return "it is not a SQLite database"
    return None


def create_private(path: Path) -> None:
    """Makes an empty history readable by its owner only, as the JSON files are.

    SQLite would make it 0644 (less the umask), and gives its ``-wal`` and
    ``-shm`` files the main file's mode, so making this one 0600 covers all three.
    The folder is synced so that the new name survives a power cut.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows cannot open a folder, and needs not
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def integrity_problem(found: list[tuple[object, ...]]) -> str | None:
    """The first thing ``PRAGMA integrity_check`` found that makes the file damaged."""
    for row in found:
        line = str(row[0]) if row else ""
        if line == "ok" or line.startswith(_ROW_LEVEL):
            continue
        return f"SQLite's check found: {line}"
    return None


def set_aside_whole(path: Path, now: Callable[[], datetime]) -> Path:
    """Renames the history and its SQLite companions aside; the main file's new path."""
    aside = set_aside(path, now)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))
    return aside
