"""Reading a small data file without trusting what sits at its path.

A data file's path can hold anything: a folder, a named pipe (opening one for
reading waits for a writer, which would freeze the start), a link to anywhere,
a device, a file of gigabytes. :func:`read_snapshot` reads only a regular file,
never follows a link, never waits, and never reads more than a limit: anything
else comes back as a :class:`Snapshot` saying what it is, for the store to set
aside or report. The snapshot keeps the file's :class:`FileStamp` too, taken
from the very handle it read, so "has it changed since?" compares like with
like.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

MAX_STATE_BYTES = 1_000_000
"""A settings or reminders file is a few kilobytes; far past that it is not Unknot's."""


@dataclass(frozen=True)
class FileStamp:
    """What changes when any program replaces or rewrites a file.

    Atomic saves replace the file with a new one, so its inode changes; an edit in
    place changes its size or modification time. Compared whole: equal stamps mean
    the file is most likely the one last seen (a content digest settles the rest).
    """

    device: int
    inode: int
    size: int
    modified_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileStamp:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class Kind(Enum):
    """What :func:`read_snapshot` found at the path."""

    MISSING = "missing"
    DATA = "data"
    """A regular file, read whole: ``data`` holds its bytes."""
    NOT_A_FILE = "not a file"
    """A folder, a link, a pipe, a device...: ``reason`` says which, to set it aside."""
    TOO_LARGE = "too large"
    UNREADABLE = "unreadable"
    """There, but the system refused to read it (``error``): it may read later."""


@dataclass(frozen=True)
class Snapshot:
    kind: Kind
    data: bytes = b""
    stamp: FileStamp | None = None
    reason: str = ""
    """For ``NOT_A_FILE`` and ``TOO_LARGE``: what is wrong, in a few words."""
    error: OSError | None = None

    @property
    def digest(self) -> str | None:
        """The content's hash for ``DATA``, else None: what "the same file" means."""
        return content_digest(self.data) if self.kind is Kind.DATA else None


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe opens at once instead of waiting for a writer
    | getattr(os, "O_NOFOLLOW", 0)  # a link swapped in after the check is refused
    | getattr(os, "O_BINARY", 0)
)


def read_snapshot(path: Path, limit: int = MAX_STATE_BYTES) -> Snapshot:
    """Reads ``path`` if it is a regular file of at most ``limit`` bytes; never blocks."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return Snapshot(Kind.MISSING)
    except OSError as error:
        return Snapshot(Kind.UNREADABLE, error=error)
    if not stat.S_ISREG(info.st_mode):
        return _not_a_file(info)
    if info.st_size > limit:
        return _too_large(info.st_size, limit)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return Snapshot(Kind.MISSING)
    except OSError as error:
        if error.errno == errno.ELOOP:  # replaced by a link since the lstat
            return Snapshot(Kind.NOT_A_FILE, reason="it is a link, not a file")
        return Snapshot(Kind.UNREADABLE, error=error)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return _not_a_file(info)
        data = _read_up_to(descriptor, limit + 1)
    except OSError as error:
        return Snapshot(Kind.UNREADABLE, error=error)
    finally:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    if len(data) > limit:
        return _too_large(len(data), limit)
    return Snapshot(Kind.DATA, data, FileStamp.of(info))


def current_stamp(path: Path) -> FileStamp | None:
    """The stamp of what is at ``path`` now (None when nothing is), without reading it."""
    try:
        return FileStamp.of(path.lstat())
    except OSError:
        return None


def _read_up_to(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(descriptor, min(limit - total, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _not_a_file(info: os.stat_result) -> Snapshot:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISLNK(mode):
        what = "a link"
    elif stat.S_ISFIFO(mode):
        what = "a pipe"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a device"
    return Snapshot(Kind.NOT_A_FILE, reason=f"it is {what}, not a file")


def _too_large(size: int, limit: int) -> Snapshot:
    return Snapshot(
        Kind.TOO_LARGE,
        reason=f"it is {size:,} bytes, more than the {limit:,} such a file can be",
    )
