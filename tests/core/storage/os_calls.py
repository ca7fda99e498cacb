"""Records the file-system calls that make a save durable, in order, doing each for real.

A killed process cannot show whether a save survives a power cut: the kernel
still writes what it holds. What can be shown is that the calls a power cut
needs were made, in the order that makes them work. This recorder wraps the
``os`` functions every path to the disk goes through (``pathlib`` calls them
too), notes each call with what it concerned, and then makes it.

Each call is noted with the inode it concerned, so a test can tell the file's
fsync from the folder's and follow a temporary file through its rename. The
state at the moment of a file's fsync (its size, its mode) is noted too: that
proves the content and the mode were set before the fsync, not after.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class Call:
    name: str
    """``fsync-file``, ``fsync-dir``, ``replace``, ``unlink`` or ``mkdir``."""
    inode: int
    """The file or folder concerned (a replace's: the file renamed)."""
    path: Path | None = None
    """A replace's target, an unlink's or a mkdir's path."""
    size: int = 0
    """A file's size at its fsync."""
    mode: int = 0
    """A file's permission bits at its fsync."""
    source: Path | None = None
    """A replace's source."""


class OsCalls:
    """The calls made since it was installed (by :func:`record_os_calls`)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def named(self, name: str) -> list[Call]:
        return [call for call in self.calls if call.name == name]

    def index(self, match: Callable[[Call], bool], start: int = 0) -> int:
        """The position of the first call from ``start`` that matches; fails if none does."""
        for position in range(start, len(self.calls)):
            if match(self.calls[position]):
                return position
        raise AssertionError(f"no such call after #{start} in {self.calls}")

    def fsync_of_file(self, inode: int, start: int = 0) -> int:
        return self.index(lambda c: c.name == "fsync-file" and c.inode == inode, start)

    def fsync_of_folder(self, folder: Path, start: int = 0) -> int:
        inode = folder.stat().st_ino
        return self.index(lambda c: c.name == "fsync-dir" and c.inode == inode, start)

    def replace_onto(self, target: Path, start: int = 0) -> int:
        return self.index(lambda c: c.name == "replace" and c.path == target, start)


def record_os_calls(monkeypatch: pytest.MonkeyPatch) -> OsCalls:
    """Installs the recorder for the rest of the test (``monkeypatch`` undoes it)."""
    recorder = OsCalls()
    real_fsync, real_replace = os.fsync, os.replace
    real_unlink, real_mkdir = os.unlink, os.mkdir

    def fsync(descriptor: Any) -> None:
        number = descriptor if isinstance(descriptor, int) else descriptor.fileno()
        info = os.fstat(number)
        kind = "fsync-dir" if stat.S_ISDIR(info.st_mode) else "fsync-file"
        recorder.calls.append(
            Call(kind, info.st_ino, size=info.st_size, mode=stat.S_IMODE(info.st_mode))
        )
        real_fsync(descriptor)

    def replace(source: Any, target: Any, **kwargs: Any) -> None:
        inode = Path(source).stat().st_ino
        recorder.calls.append(Call("replace", inode, Path(target), source=Path(source)))
        real_replace(source, target, **kwargs)

    def unlink(path: Any, **kwargs: Any) -> None:
        inode = Path(path).lstat().st_ino
        recorder.calls.append(Call("unlink", inode, Path(path)))
        real_unlink(path, **kwargs)

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        real_mkdir(path, *args, **kwargs)
        recorder.calls.append(Call("mkdir", Path(path).stat().st_ino, Path(path)))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "mkdir", mkdir)
    return recorder
