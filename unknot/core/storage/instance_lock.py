"""One app window per data folder: a lock the operating system lets go when the process ends.

Two windows on one data folder overwrite each other's saves (a reminder added in
one is lost when the other saves its list) and both fire every reminder. So the
app takes this lock at start, for as long as it runs, and a second start on the
same folder is told that Unknot is already open instead.

The lock is the operating system's (``fcntl.flock`` on POSIX, ``msvcrt.locking``
on Windows) on the file :data:`LOCK_FILE`, held through an open descriptor. The
system releases it when the process ends in any way, a crash or a SIGKILL
included, so no stale lock can stop the next start; nothing is ever deleted.
The file's content, the holder's process id, only serves the message.

Who takes it: the app's UI process, and only it. A background service (a later
issue's, on Android) is a legitimate second process on the same folder: it
reads the session checkpoint and writes its own log file, which the UI reads,
and never takes this lock, so the UI can start while the service runs and the
other way round. The stores do not take it either: the lock guards against a
second window, not against every other reader.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from types import TracebackType

log = logging.getLogger("unknot.core.storage.instance_lock")

LOCK_FILE = "unknot.lock"
"""The lock file's name in the data folder."""

_WINDOWS_LOCK_OFFSET = 1 << 30
"""Windows locks are mandatory: the byte locked is far past the process id, which stays
readable to the second start."""


class InstanceLock:
    """The data folder's lock; :meth:`acquire` at start, held until :meth:`release` or exit."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self.holder_pid: int | None = None
        """After a refused :meth:`acquire`: the process holding the lock, when it says."""
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> bool:
        """Takes the lock; False only when another process holds it.

        A lock that cannot be taken for another reason (a read-only folder, a
        file system without locks) lets the app start unguarded, and is logged:
        refusing to open would keep the person from their routines, while the
        stores say for themselves when a save fails.
        """
        if self._descriptor is not None:
            return True
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            log.warning("Could not open the lock file %s: %s", self.path, error)
            return True
        try:
            _lock(descriptor)
        except BlockingIOError:
            os.close(descriptor)
            self.holder_pid = _read_pid(self.path)
            return False
        except OSError as error:
            os.close(descriptor)
            if _held_by_another(error):
                self.holder_pid = _read_pid(self.path)
                return False
            log.warning("Could not lock %s: %s", self.path, error)
            return True
        self._descriptor = descriptor
        self._write_pid(descriptor)
        return True

    def release(self) -> None:
        """Lets the lock go now (the process's end does it anyway)."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        with contextlib.suppress(OSError):
            _unlock(descriptor)
        os.close(descriptor)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    @staticmethod
    def _write_pid(descriptor: int) -> None:
        try:
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        except OSError as error:  # the pid is for the message only
            log.warning("Could not write the process id into the lock file: %s", error)


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_bytes()[:32].decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdecimal() else None


if sys.platform == "win32":  # pragma: no cover (the tests run on Linux)
    import msvcrt

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

    def _held_by_another(error: OSError) -> bool:
        # LK_NBLCK fails with EACCES (errno 13) or EDEADLOCK (36) when another holds it.
        return error.errno in (13, 36)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)

    def _held_by_another(error: OSError) -> bool:
        return False  # flock says so with BlockingIOError (EWOULDBLOCK)
