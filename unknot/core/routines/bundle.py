"""A routine and its pictures in one ``.zip``: how a routine travels whole.

A physiotherapist's routine with its own photos must arrive with them, so an
export of a routine that has pictures of its own is a zip of its YAML file and
those pictures (the bundled pictures travel by name: every copy of the app has
them). A plain ``.yaml`` file still imports as before.

A bundle is hostile input like any file. Before anything is written to the
person's folder it is unpacked into a fresh folder beside it (the same file
system, so the library's later writes are plain renames), and refused whole,
with one sentence saying why, for any of:

- an entry whose name is absolute, holds ``..``, a backslash, a drive or a
  control character, or is not a plain file or folder (a link, a device);
- two entries with one name (letter case aside: some file systems ignore it);
- more than :data:`MAX_ENTRIES` entries, or more than :data:`MAX_UNPACKED_BYTES`
  unpacked, counted from what each entry declares *and* from what it really
  gives while it is read, so a zip bomb stops at the limit;
- an encrypted or damaged entry, or a file that is not a zip;
- a picture that fails :func:`unknot.core.routines.pictures.check_picture`;
- not exactly one routine file.

The routine inside is then checked by the library like any import. The
unpacked folder is removed afterwards, whatever happened; one a killed import
left behind is removed by the next load (:func:`remove_stale_unpacked`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.routines.model import Routine
from unknot.core.routines.pictures import (
    MAX_PICTURE_BYTES,
    PICTURE_SUFFIXES,
    PictureError,
    check_picture,
    read_picture,
)
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.yaml_reader import MAX_FILE_BYTES
from unknot.core.storage.atomic import write_atomic

BUNDLE_SUFFIX = ".zip"
ROUTINE_SUFFIXES = (".yaml", ".yml")

MAX_ENTRIES = 64
"""Files and folders in one bundle: a routine, a few dozen pictures, perhaps a folder each."""

MAX_UNPACKED_BYTES = 24_000_000
"""All entries together, unpacked: a dozen pictures at their largest and the routine."""

MAX_BUNDLE_BYTES = MAX_UNPACKED_BYTES
"""The zip file itself: pictures hardly compress, so it is never much smaller unpacked."""

UNPACK_PREFIX = ".bundle-"
"""The folder a bundle is unpacked into, beside the person's routines; the loader skips it."""

STALE_SECONDS = 600.0
"""An unpacked folder older than this was left by an import that was killed."""

_READ_CHUNK = 64 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's date: the same routine exports to the same bytes."""

_IGNORED = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
"""What archivers add beside the files (macOS and Windows): counted, checked, never unpacked."""


class BundleError(ValueError):
    """A bundle that is refused; ``str()`` is one sentence that names the entry at fault."""


# -- writing -----------------------------------------------------------------------------


def write_bundle(
    target: Path, routine_name: str, routine_data: bytes, pictures: list[tuple[str, Path]]
) -> None:
    """Writes a zip of the routine file and its pictures (each under the name the routine
    writes), atomically. Raises PictureError if a picture cannot be read (it is never
    opened if it is no longer a regular file), OSError if the zip cannot be written."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, routine_name, routine_data, zipfile.ZIP_DEFLATED)
        for name, path in pictures:
            _add(archive, name, read_picture(path, name), zipfile.ZIP_STORED)
    write_atomic(target, buffer.getvalue())


def _add(archive: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    archive.writestr(info, data)


# -- reading -----------------------------------------------------------------------------


def is_bundle(path: Path) -> bool:
    return path.suffix.lower() == BUNDLE_SUFFIX


@contextlib.contextmanager
def unpacked(bundle: Path, work_dir: Path) -> Iterator[Path]:
    """Unpacks ``bundle`` into a new folder in ``work_dir``; yields its routine file.

    The folder and everything in it is removed when the block ends. Raises
    :class:`BundleError` before yielding for anything refused.
    """
    with _opened(bundle) as source:
        entries = _entries(bundle.name, source)
        created = not work_dir.exists()
        work_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=UNPACK_PREFIX, dir=work_dir))
        try:
            yield _unpack(bundle.name, source, entries, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if created:
                with contextlib.suppress(OSError):
                    work_dir.rmdir()  # only if the import left it empty: a refusal writes nothing


def load_bundle(bundle: Path, work_dir: Path, *, assets_dir: Path | None = ASSETS_DIR) -> Routine:
    """The routine in ``bundle``, checked as an import checks it; or :class:`RoutineError`.

    What the validator runs on a ``.zip``: the entries, the pictures and the
    routine file (with its pictures found beside it) are checked exactly as
    :meth:`unknot.core.routines.library.RoutineLibrary.import_file` checks them,
    in a folder of ``work_dir`` removed again. A refused bundle is one problem
    naming the bundle; a routine file's problems name ``<bundle>/<entry>``. The
    routine's files are gone when this returns: it is for its description only.
    """
    shown = str(bundle)
    try:
        with unpacked(bundle, work_dir) as routine_file:
            try:
                return load_routine(routine_file, assets_dir=assets_dir)
            except RoutineError as error:
                raise RoutineError(
                    problems_in_bundle(error.problems, shown, routine_file, work_dir)
                ) from None
    except BundleError as error:
        raise RoutineError([Problem(shown, "", str(error))]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise RoutineError([Problem(shown, "", f"cannot be unpacked: {reason}")]) from None


def problems_in_bundle(
    problems: Iterable[Problem], shown: str, routine_file: Path, work_dir: Path
) -> list[Problem]:
    """The problems of an unpacked routine file, named as the person knows it.

    ``<bundle>/<entry>`` for the file, and the bundle's name for the folder it
    was unpacked into (a message saying "not next to the routine (in ...)"),
    which is gone by the time anyone reads it.
    """
    unpacked_folder = work_dir / routine_file.relative_to(work_dir).parts[0]
    entry = routine_file.relative_to(unpacked_folder).as_posix()
    return [
        dataclasses.replace(
            problem,
            file=f"{shown}/{entry}",
            message=problem.message.replace(str(unpacked_folder), shown),
        )
        for problem in problems
    ]


@contextlib.contextmanager
def _opened(bundle: Path) -> Iterator[BinaryIO]:
    """The bundle, opened once, when it is a regular file: a named pipe called ``x.zip``
    would make a plain open wait for ever (see ``pictures._opened``)."""
    name = bundle.name
    refused = f"{name} is not a regular file; choose a .zip or .yaml file"
    try:
        if not stat.S_ISREG(bundle.stat().st_mode):
            raise BundleError(refused)
        descriptor = os.open(bundle, _OPEN_FLAGS)
        handle = os.fdopen(descriptor, "rb")
    except OSError as error:
        raise BundleError(f"{name} cannot be read: {error.strerror or error}") from None
    with handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise BundleError(refused)  # something else was put at the path in between
        yield handle


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _entries(name: str, source: BinaryIO) -> list[zipfile.ZipInfo]:
    """The bundle's entries, each name and declared size checked; nothing read yet."""
    size = os.fstat(source.fileno()).st_size
    if size > MAX_BUNDLE_BYTES:
        raise BundleError(
            f"{name} is {size / 1_000_000:.1f} MB; a routine with its pictures may be at "
            f"most {MAX_BUNDLE_BYTES // 1_000_000} MB"
        )
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise BundleError(f"{name} is not a zip file Unknot can read, or it is damaged") from None
    if len(infos) > MAX_ENTRIES:
        raise BundleError(
            f"{name} holds {len(infos)} files; a routine's bundle may hold at most {MAX_ENTRIES}"
        )
    seen: dict[str, str] = {}
    declared = 0
    for info in infos:
        _check_name(name, info)
        key = info.filename.rstrip("/").casefold()
        if key in seen:
            raise BundleError(
                f"{name} holds {info.filename!r} twice (or as {seen[key]!r}); "
                "a bundle names each file once"
            )
        seen[key] = info.filename
        declared += info.file_size
        limit = _entry_limit(info)
        if info.file_size > limit:
            raise BundleError(
                f"{name}: {info.filename} is {info.file_size / 1_000_000:.1f} MB unpacked; "
                f"such a file may be at most {limit / 1_000_000:.1f} MB"
            )
    if declared > MAX_UNPACKED_BYTES:
        raise BundleError(_too_big(name))
    return infos


def _check_name(bundle: str, info: zipfile.ZipInfo) -> None:
    entry = info.filename
    shown = repr(entry) if len(entry) <= 80 else repr(entry[:80] + "…")
    refused = f"{bundle} holds the entry {shown}"
    if not entry or any(ord(char) < 32 or ord(char) == 127 for char in entry):
        raise BundleError(f"{refused}, whose name holds control characters; nothing was imported")
    if "\\" in entry or ":" in entry:
        raise BundleError(
            f"{refused}, a Windows path (\\, or : as in a drive); a bundle names files with / only"
        )
    path = PurePosixPath(entry)
    if path.is_absolute() or entry.startswith("/"):
        raise BundleError(f"{refused}, an absolute path; a bundle holds relative names only")
    if ".." in path.parts:
        raise BundleError(f"{refused}, which leaves the bundle's folder (..); nothing was imported")
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise BundleError(f"{refused}, a link; a bundle holds plain files only")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise BundleError(f"{refused}, which is not a plain file; a bundle holds plain files only")
    if info.flag_bits & 0x1:
        raise BundleError(f"{refused}, which is encrypted; export the bundle without a password")


def _entry_limit(info: zipfile.ZipInfo) -> int:
    suffix = PurePosixPath(info.filename).suffix.lower()
    if info.is_dir():
        return 0
    if suffix in ROUTINE_SUFFIXES:
        return MAX_FILE_BYTES
    return MAX_PICTURE_BYTES


def _too_big(name: str) -> str:
    return (
        f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 1_000_000} MB; a routine with "
        "its pictures is far smaller, so nothing was imported"
    )


def _ignored(entry: str) -> bool:
    last = entry.rstrip("/").rsplit("/", 1)[-1]
    return entry.startswith(_IGNORED[0]) or last in _IGNORED[1:] or last.startswith("._")


def _unpack(name: str, source: BinaryIO, infos: list[zipfile.ZipInfo], folder: Path) -> Path:
    """Writes the routine file and the pictures into ``folder``; returns the routine file."""
    routines: list[Path] = []
    pictures: list[tuple[str, Path]] = []
    total = 0
    root = folder.resolve()
    try:
        with zipfile.ZipFile(source) as archive:
            for info in infos:
                if info.is_dir() or _ignored(info.filename):
                    continue
                suffix = PurePosixPath(info.filename).suffix.lower()
                if suffix not in ROUTINE_SUFFIXES and suffix not in PICTURE_SUFFIXES:
                    continue  # a note or a licence beside the routine: not the app's to keep
                target = folder / info.filename
                if not target.resolve().is_relative_to(root):
                    raise BundleError(f"{name}: {info.filename} leaves the bundle's folder")
                total = _extract(archive, info, target, total, name)
                if suffix in ROUTINE_SUFFIXES:
                    routines.append(target)
                else:
                    pictures.append((info.filename, target))
    except BundleError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise BundleError(f"{name} is damaged: a file in it cannot be unpacked") from None
    for entry, path in pictures:
        try:
            check_picture(path, entry)
        except PictureError as error:
            raise BundleError(f"{name}: {error}") from None
    if not routines:
        raise BundleError(f"{name} holds no routine (.yaml) file; nothing was imported")
    if len(routines) > 1:
        names = ", ".join(path.relative_to(folder).as_posix() for path in routines[:4])
        raise BundleError(
            f"{name} holds {len(routines)} routine files ({names}); a bundle carries "
            "one routine with its pictures"
        )
    return routines[0]


def _extract(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, total: int, bundle: str
) -> int:
    """Copies one entry, counting what it really gives against its own and the whole limit."""
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    written = 0
    with archive.open(info) as source, os.fdopen(os.open(target, flags, 0o600), "wb") as out:
        while chunk := source.read(_READ_CHUNK):
            written += len(chunk)
            total += len(chunk)
            if written > info.file_size or written > _entry_limit(info):
                raise BundleError(
                    f"{bundle}: {info.filename} unpacks to more than it says it holds; "
                    "the bundle is damaged or made to harm, so nothing was imported"
                )
            if total > MAX_UNPACKED_BYTES:
                raise BundleError(_too_big(bundle))
            out.write(chunk)
    return total


def remove_stale_unpacked(work_dir: Path, *, older_than: float = STALE_SECONDS) -> None:
    """Removes unpacked folders that killed imports left (the loader skips them anyway)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in work_dir.iterdir():
            if not entry.name.startswith(UNPACK_PREFIX):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir() and now - entry.stat().st_mtime > older_than:
                    shutil.rmtree(entry, ignore_errors=True)
