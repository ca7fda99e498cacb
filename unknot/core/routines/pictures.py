"""Step pictures: where a routine's ``image`` may point, and what a picture file must be.

A routine arrives from anyone (a physiotherapist's bundle, a file sent by
chat), so a picture it names is hostile input like the rest: the path may
only reach the routine's own folder or the bundled pictures (no ``..``, no
absolute path, no link that leads out), and the file must be a PNG or a JPEG
of a size a phone can show. The type and the size are read from the file's
header here, by hand, because the app may not depend on an image library
that does not package for Android, and because a header says enough: a
picture whose pixels turn out damaged fails only where it is drawn.

No words are drawn into the bundled pictures (the screen gives the labels,
which can be translated), so there is nothing about text to check here.

What the player needs from a step's pictures is here too, so every screen
shows frames and sides the same way: :func:`frame_index` and :func:`mirrored`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.fields import FieldError
from unknot.core.routines.model import Routine, Step
from unknot.core.storage.atomic import write_atomic

BUNDLED_FOLDER = "pictures"
"""The bundled pictures are ``assets/pictures/``; a routine names one as ``pictures/<file>``."""

OWN_FOLDER = "pictures"
"""A picture a person adds in the editor goes to ``pictures/<routine-id>/`` in their folder."""

INDEX_FILE = "index.yaml"

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")

MAX_PICTURE_BYTES = 2_000_000
"""A step picture is a drawing or a photo made small; a phone camera's original is larger."""

MAX_SIDE = 4096
"""Pixels across or down: the largest texture many phones' graphics can hold."""

MAX_PIXELS = 12_000_000
"""Width times height: a 12-megapixel photo fits; each pixel costs 4 bytes of memory shown."""

MAX_FRAMES = 4
"""Pictures shown in turn for one step: a start and an end, or a short sequence."""

FRAME_SECONDS = 2.0
"""How long each frame shows when the frames simply take turns."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_START = b"\xff\xd8\xff"
_JPEG_SIZE_MARKERS = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
)
"""The start-of-frame markers (SOF0-15 without DHT, JPG and DAC), which carry the size."""
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
"""Markers with no length after them: TEM and the restart markers."""
_OTHER_KINDS = (
    (b"GIF8", "a GIF"),
    (b"RIFF", "a WebP or another RIFF file"),
    (b"BM", "a BMP"),
    (b"II*\x00", "a TIFF"),
    (b"MM\x00*", "a TIFF"),
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip archive"),
    (b"<svg", "an SVG drawing"),
    (b"<?xml", "an XML or SVG file"),
)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_BUNDLED_NAME = re.compile(r"pictures/[A-Za-z0-9_-][A-Za-z0-9._-]*\.(?:png|jpe?g)", re.IGNORECASE)
"""A name of the bundled pictures' form: nothing in it to refuse (no .., no drive, no comma)."""


class PictureError(FieldError):
    """A picture that cannot be used; the message says which and what would be right."""


@dataclass(frozen=True)
class PictureInfo:
    """What a picture file's header says: its kind (``"PNG"`` or ``"JPEG"``) and size."""

    kind: str
    width: int
    height: int
    size: int
    """Bytes on the disk."""

    @property
    def suffix(self) -> str:
        return ".png" if self.kind == "PNG" else ".jpg"


@dataclass(frozen=True)
class BundledPicture:
    """One of the app's own pictures, as the editor's picker shows it."""

    name: str
    """What a routine writes: ``pictures/chin-tuck-lying-rest.png``."""
    path: Path
    description: str
    """What the picture shows, from ``assets/pictures/index.yaml``: the alt text."""


# -- the file ----------------------------------------------------------------------------


def check_picture(path: Path, shown: str | None = None) -> PictureInfo:
    """Reads the header of the picture at ``path``, or raises :class:`PictureError`.

    ``shown`` is how the message names the file (what the routine wrote). Only a
    regular file is opened, and never in a way that waits (see :func:`_opened`).
    """
    name = shown or path.name
    with _opened(path, name) as (handle, size):
        return _read_header(handle, size, name)


def read_picture(path: Path, shown: str | None = None) -> bytes:
    """A picture file's bytes, read as :func:`check_picture` opens it: never a pipe or a
    device, never more than one byte past the largest picture allowed. Raises
    :class:`PictureError`: what the app copies or exports is read here."""
    name = shown or path.name
    with _opened(path, name) as (handle, _size):
        return handle.read(MAX_PICTURE_BYTES + 1)


@contextlib.contextmanager
def _opened(path: Path, name: str) -> Iterator[tuple[BinaryIO, int]]:
    """The open file at ``path`` and its size, when it is a regular file.

    A routine or a person can name anything as a picture: a named pipe, whose
    plain open would wait for a writer for ever (the screen frozen), a device
    that never ends, a folder. So the path is looked at first (``stat``, links
    followed: a picture in Downloads may be one), opened without waiting
    (``O_NONBLOCK``, which changes nothing for a regular file), and the open
    handle looked at again, in case something else was put at the path between.
    An OSError inside the block is a :class:`PictureError` too.
    """
    try:
        _check_regular(path.stat().st_mode, name)
        descriptor = os.open(path, _OPEN_FLAGS)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_regular(info.st_mode, name)
            yield handle, info.st_size
    except OSError as error:
        raise PictureError(f"{name} cannot be read: {error.strerror or error}") from None


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""A named pipe opens at once instead of waiting for a writer (then it is refused)."""


def _check_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a device"
    raise PictureError(f"{name} is {what}, not a picture file; choose a .png or .jpg file")


def _read_header(handle: BinaryIO, size: int, name: str) -> PictureInfo:
    """Checks the size on the disk, the kind by its magic bytes, and the pixels across and down."""
    if size > MAX_PICTURE_BYTES:
        shown = _megabytes(size)
        if shown == _megabytes(MAX_PICTURE_BYTES):  # 2.0 MB and a little: a copy cut short
            shown = f"more than {shown}"
        raise PictureError(
            f"{name} is {shown}; a picture may be at most "
            f"{_megabytes(MAX_PICTURE_BYTES)}: save it smaller (fewer pixels, or as JPEG)"
        )
    start = handle.read(64)
    if start.startswith(_PNG_SIGNATURE):
        width, height = _png_size(start, name)
        kind = "PNG"
    elif start.startswith(_JPEG_START):
        width, height = _jpeg_size(handle, size, name)
        kind = "JPEG"
    else:
        raise PictureError(
            f"{name} is not a PNG or JPEG picture{_looks_like(start)}; save it as .png or .jpg"
        )
    _check_size(width, height, name)
    return PictureInfo(kind, width, height, size)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _looks_like(start: bytes) -> str:
    if not start:
        return " (the file is empty)"
    stripped = start.lstrip()
    for magic, kind in _OTHER_KINDS:
        if start.startswith(magic) or stripped.lower().startswith(magic):
            return f" (it is {kind})"
    if all(32 <= byte < 127 or byte in b"\t\r\n" for byte in start):
        return " (it is text)"
    return ""


def _png_size(start: bytes, name: str) -> tuple[int, int]:
    """The size in the IHDR chunk, which the PNG format puts first, CRC checked."""
    if len(start) < 33:
        raise PictureError(f"{name} is cut short: its PNG header is incomplete")
    length, chunk = struct.unpack(">I4s", start[8:16])
    if length != 13 or chunk != b"IHDR":
        raise PictureError(f"{name} is a damaged PNG: its header chunk is missing")
    (crc,) = struct.unpack(">I", start[29:33])
    if zlib.crc32(start[12:29]) != crc:
        raise PictureError(f"{name} is a damaged PNG: its header fails its checksum")
    width, height = struct.unpack(">II", start[16:24])
    return width, height


def _jpeg_size(handle: BinaryIO, size: int, name: str) -> tuple[int, int]:
    """Walks the JPEG's marker segments to the start of frame, which holds the size.

    Each step moves forward by a segment's own length, so a damaged file ends
    the walk at its end; at most one read per segment.
    """
    position = 2
    while True:
        handle.seek(position)
        marker = _next_marker(handle, name)
        if marker is None:
            raise PictureError(f"{name} is cut short: its JPEG header is incomplete")
        code, position = marker[0], marker[1]
        if code in _JPEG_STANDALONE:
            continue
        if code in (0xD9, 0xDA):
            raise PictureError(f"{name} is a damaged JPEG: it has no size before its image data")
        head = handle.read(7)
        if len(head) < 2:
            raise PictureError(f"{name} is cut short: its JPEG header is incomplete")
        (length,) = struct.unpack(">H", head[:2])
        if length < 2:
            raise PictureError(f"{name} is a damaged JPEG: a header segment has no length")
        if code in _JPEG_SIZE_MARKERS:
            if len(head) < 7:
                raise PictureError(f"{name} is cut short: its JPEG header is incomplete")
            height, width = struct.unpack(">HH", head[3:7])
            return width, height
        position += length
        if position >= size:
            raise PictureError(f"{name} is cut short: its JPEG header is incomplete")


def _next_marker(handle: BinaryIO, name: str) -> tuple[int, int] | None:
    """The next marker's code and the position after it, skipping fill bytes (0xFF)."""
    first = handle.read(1)
    if not first:
        return None
    if first != b"\xff":
        raise PictureError(f"{name} is a damaged JPEG: a header segment is not where it belongs")
    while True:
        byte = handle.read(1)
        if not byte:
            return None
        if byte != b"\xff":
            return byte[0], handle.tell()


def _check_size(width: int, height: int, name: str) -> None:
    if width == 0 or height == 0:
        raise PictureError(f"{name} says it is {width} x {height} pixels; it is damaged")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise PictureError(
            f"{name} is {width} x {height} pixels; a picture may be at most {MAX_SIDE} "
            "pixels across and down: save it smaller"
        )
    if width * height > MAX_PIXELS:
        megapixels = width * height / 1_000_000
        raise PictureError(
            f"{name} is {width} x {height} pixels ({megapixels:.1f} megapixels); a picture "
            f"may have at most {MAX_PIXELS // 1_000_000} megapixels: save it smaller"
        )


# -- where a routine's picture is --------------------------------------------------------


def find_picture(image: str, routine_dir: Path | None, assets_dir: Path | None) -> Path:
    """The checked picture a routine names, or :class:`PictureError` saying what is wrong.

    A name under ``pictures/`` that is one of the bundled pictures means that
    picture, whatever the routine's folder holds, so a file that arrived with a
    routine can never stand in for a bundled one. Any other name is looked for
    in the routine's own folder. Both are resolved (links followed) and must
    stay inside their folder.
    """
    if _BUNDLED_NAME.fullmatch(image) is None:
        relative = _relative(image)
        parts = relative.parts
    else:  # every built-in step's picture: no path object needed
        relative = None
        parts = tuple(image.split("/"))
    if assets_dir is not None and len(parts) == 2 and parts[0] == BUNDLED_FOLDER:
        bundled = _bundled_files(assets_dir).get(parts[1])
        if isinstance(bundled, PictureError):
            raise PictureError(f"{image}: {bundled}")
        if bundled is not None:
            return bundled
    relative = relative or PurePosixPath(image)
    if routine_dir is not None:
        own = _inside(routine_dir, relative, routine_dir)
        if own is not None:
            return _checked(own, image)
        if _leads_out(routine_dir, relative):
            raise PictureError(
                f"{image} leads outside the routine's folder (through a link); put the "
                "picture itself in the routine's folder"
            )
        raise PictureError(
            f"{image} does not exist next to the routine (in {routine_dir}); put the picture "
            "in the routine's folder or choose one of the bundled pictures"
        )
    raise PictureError(
        f"{image} is not one of the bundled pictures, and this routine has no folder of its "
        "own to hold pictures; choose one of the bundled pictures"
    )


@functools.lru_cache(maxsize=8)
def _bundled_files(assets_dir: Path) -> dict[str, Path | PictureError]:
    """The bundled pictures by file name, each resolved and checked once a process.

    They are the app's own files (read-only on Android), so a load of the
    routines that name them (every built-in step) costs no file system call. A
    file in the folder that leads out of it (a link) is not listed.
    """
    folder = assets_dir / BUNDLED_FOLDER
    files: dict[str, Path | PictureError] = {}
    try:
        root = folder.resolve()
        entries = list(folder.iterdir())
    except (OSError, RuntimeError):
        return files
    for entry in entries:
        if entry.suffix.lower() not in PICTURE_SUFFIXES:
            continue
        try:
            path = entry.resolve()
            if not path.is_relative_to(root) or not path.is_file():
                continue
        except (OSError, RuntimeError):
            continue
        try:
            check_picture(path, entry.name)
            files[entry.name] = path
        except PictureError as error:
            files[entry.name] = error
    return files


def _relative(image: str) -> PurePosixPath:
    windows = PureWindowsPath(image)
    posix = PurePosixPath(image.replace("\\", "/"))
    if posix.is_absolute() or windows.is_absolute() or windows.drive or image.startswith("~"):
        raise PictureError(
            f"{image} is an absolute path; write it relative to the routine's folder, such "
            "as pictures/chin-tuck.png"
        )
    if ".." in posix.parts:
        raise PictureError(
            f"{image} leaves the routine's folder (..); a picture must be in the routine's "
            "folder or one of the bundled pictures"
        )
    if "," in image:
        raise PictureError(
            f"{image} has a comma in its name, where the editor separates frames; rename "
            "the file without commas"
        )
    if posix.suffix.lower() not in PICTURE_SUFFIXES:
        raise PictureError(f"{image} is not a .png or .jpg file; a picture must be one")
    return posix


def _inside(base: Path | None, relative: PurePosixPath, root: Path | None) -> Path | None:
    """``base / relative`` resolved, when something is there inside ``root``; else None.

    Anything: a folder or a pipe of that name is refused by :func:`check_picture`
    with what it is, rather than said not to exist.
    """
    if base is None or root is None:
        return None
    try:
        boundary = root.resolve()
        candidate = (base / relative).resolve()
        if candidate.is_relative_to(boundary) and candidate.exists():
            return candidate
    except (OSError, ValueError, RuntimeError):
        pass  # a name no file system holds (a NUL, a 300-character part), a link loop
    return None


def _leads_out(base: Path, relative: PurePosixPath) -> bool:
    """Whether the name exists in the folder but resolves outside it (a link out)."""
    try:
        unresolved = base / relative
        return unresolved.exists() and not unresolved.resolve().is_relative_to(base.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _checked(path: Path, image: str) -> Path:
    check_picture(path, image)
    return path


def is_bundled(path: Path, assets_dir: Path | None = ASSETS_DIR) -> bool:
    """Whether a resolved picture path is one of the bundled pictures."""
    if assets_dir is None:
        return False
    try:
        return path.is_relative_to((assets_dir / BUNDLED_FOLDER).resolve())
    except (OSError, RuntimeError):
        return False


THUMBNAILS_FOLDER = "thumbs"
"""Beside the bundled pictures: each at a quarter of its size (tools/draw_pictures.py)."""


def thumbnail_of(path: Path, assets_dir: Path | None = ASSETS_DIR) -> Path:
    """The small version of a picture for home's cards, where there is one.

    Only the bundled pictures have one: decoding five full pictures delayed home's
    first frame more than the rest of home did (bench/startup.py). A person's own
    picture is shown as it is (a ``thumbs`` folder of theirs is never trusted, as its
    files were never checked).
    """
    if not is_bundled(path, assets_dir):
        return path
    small = path.parent / THUMBNAILS_FOLDER / path.name
    return small if small.is_file() else path


def step_pictures(step: Step) -> Iterator[tuple[str, Path]]:
    """Each picture a step names (its frames, then its seated version's), with its file."""
    yield from zip(step.images, step.image_paths, strict=False)
    if step.seated is not None:
        yield from zip(step.seated.images, step.seated.image_paths, strict=False)


def own_pictures(routine: Routine, assets_dir: Path | None = ASSETS_DIR) -> list[tuple[str, Path]]:
    """The pictures a routine names that are not bundled: what travels with it.

    Each once, as (the name the routine writes, the file), in the routine's order.
    """
    found: dict[str, Path] = {}
    for step in routine.steps:
        for name, path in step_pictures(step):
            if not is_bundled(path, assets_dir):
                found.setdefault(name, path)
    return list(found.items())


# -- the bundled set and the person's own ----------------------------------------------------


def bundled_pictures(assets_dir: Path | None = ASSETS_DIR) -> tuple[BundledPicture, ...]:
    """The app's own pictures, in the index's order, each with its description for alt text.

    A picture the index does not describe is still offered, with its file name as
    the description; a damaged index gives the pictures without descriptions.
    """
    if assets_dir is None:
        return ()
    folder = assets_dir / BUNDLED_FOLDER
    try:
        files = {path.name: path for path in folder.iterdir() if path.suffix == ".png"}
    except OSError:
        return ()
    descriptions = _descriptions(folder / INDEX_FILE)
    order = [name for name in descriptions if name in files]
    order += sorted(name for name in files if name not in descriptions)
    return tuple(
        BundledPicture(
            f"{BUNDLED_FOLDER}/{name}",
            files[name],
            " ".join(descriptions.get(name, name.removesuffix(".png").replace("-", " ")).split()),
        )
        for name in order
    )


def _descriptions(index: Path) -> dict[str, str]:
    import yaml  # here: home's cards need this module, and their first frame no YAML

    try:
        data = yaml.safe_load(index.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    pictures = data.get("pictures") if isinstance(data, dict) else None
    if not isinstance(pictures, dict):
        return {}
    return {str(name): str(text) for name, text in pictures.items()}


def copy_picture_in(source: Path, user_dir: Path, routine_id: str) -> str:
    """Copies a picture the person chose into their folder; returns the name a step writes.

    It goes to ``pictures/<routine-id>/`` beside the person's routines, checked
    like any picture first, written atomically. A file already there with the
    same bytes is used again; any other file of that name is never written
    over: the copy takes a free name (``tuck-2.png``). Raises
    :class:`PictureError` for a picture that cannot be used, or one that could
    not be written.
    """
    return place_picture(source, user_dir, routine_id)[0]


def place_picture(source: Path, user_dir: Path, routine_id: str) -> tuple[str, bool]:
    """:func:`copy_picture_in`, and whether the file is new: False when the same bytes
    were there already (a file an edit did not write is never one it may remove)."""
    with _opened(source, source.name) as (handle, size):
        info = _read_header(handle, size, source.name)
        handle.seek(0)
        data = handle.read(MAX_PICTURE_BYTES + 1)  # one handle: what was checked is copied
    if len(data) != info.size:
        raise PictureError(f"{source.name} changed while it was read; choose it again")
    folder = user_dir / OWN_FOLDER / routine_id
    stem = _UNSAFE_NAME.sub("-", Path(source.name).stem).strip("-.").lower()[:60] or "picture"
    suffix = info.suffix
    number = 1
    while True:
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        target = folder / name
        if not target.exists():
            break
        if target.is_file() and _same_bytes(target, data):
            return f"{OWN_FOLDER}/{routine_id}/{name}", False
        number += 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as error:
        raise PictureError(
            f"{source.name} could not be copied into your routines folder: "
            f"{error.strerror or error}"
        ) from None
    return f"{OWN_FOLDER}/{routine_id}/{name}", True


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


# -- showing them ------------------------------------------------------------------------


def frame_index(frames: int, elapsed: float, *, holding: bool | None = None) -> int:
    """Which of a step's ``frames`` shows ``elapsed`` seconds into what is on screen.

    A held repetition shows the first frame during its rest and the second during
    its hold (``holding`` says which it is); otherwise the frames take turns
    every :data:`FRAME_SECONDS`, from the first.
    """
    if frames <= 1:
        return 0
    if holding is not None and frames == 2:
        return 1 if holding else 0
    return int(max(elapsed, 0.0) // FRAME_SECONDS) % frames


def mirrored(step: Step, side: str | None) -> bool:
    """Whether the step's picture is shown mirrored left to right for ``side``.

    A picture of one side (``side_drawn``) shows the other sides mirrored.
    """
    return step.side_drawn is not None and side is not None and side != step.side_drawn
