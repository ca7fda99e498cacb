"""Replacing a file so that a crash leaves either the old or the new content, never half.

Routines, reminders and settings are rewritten while the app runs, and Android may
kill the process at any moment (low memory, the person swiping the app away). A
plain ``open(path, "w")`` truncates first: a kill in between loses the person's
data. Writing beside the file and renaming over it is atomic on POSIX and on
Windows (``Path.replace`` is ``os.replace``); the fsyncs make the rename
survive a power cut too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Writes ``data`` (text is UTF-8) to ``path``, replacing it in one step.

    The temporary file lives in the same folder because a rename is only
    atomic within one file system. On any failure the old file is left as it was
    and the temporary file is removed.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file 0600 (owner only), which suits a person's health
        # data; a file that exists keeps the permissions it had.
        _copy_mode(path, temp_path)
        temp_path.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise
    _fsync_directory(folder)


def _copy_mode(original: Path, temp_path: Path) -> None:
    try:
        mode = original.stat().st_mode & 0o777
    except OSError:
        return
    with contextlib.suppress(OSError):
        temp_path.chmod(mode)


def _fsync_directory(folder: Path) -> None:
    """Makes the rename itself durable; Windows cannot open a folder, and needs not."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
