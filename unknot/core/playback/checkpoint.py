"""A session saved to a file, so that another process can go on with it.

Two readers: the cue service (a process of its own on Android, which plays the
cues while the screen is locked) and the app itself after Android or a crash
killed it mid-session. The file holds everything either needs without the
app's memory: the routine as it was played (its YAML text, so an edit, a
safety answer that reshapes it, or an unsaved "Try it" routine changes
nothing), where the session stood (``Session.checkpoint``), the history's row
for it, and when it was saved on two clocks.

Why two clocks: the session's instants are read from the monotonic clock
(``CLOCK_BOOTTIME`` on Linux and Android, which keeps counting in suspend and is
the same in every process), so on the same boot they mean the same moment to
the service and to a restarted app. After a reboot that clock starts again
from zero, and it is not trusted either if it reads less than when the file
was saved; then the instants are moved by what the wall clock says has passed
(:func:`clock_shift`). The boot is known by Linux's boot id where it can be
read; elsewhere by the boot's start on the wall clock staying put.

Written with :func:`unknot.core.storage.atomic.write_atomic`: a kill while
saving leaves the previous checkpoint whole.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unknot.core.clock.monotonic import MonotonicClock
from unknot.core.playback.checkpoint_file import CHECKPOINT_FILE as CHECKPOINT_FILE
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.model import Routine, Step
from unknot.core.routines.problems import RoutineError
from unknot.core.routines.writer import routine_to_yaml
from unknot.core.storage.atomic import write_atomic

if TYPE_CHECKING:  # imported by restore: the app reads CHECKPOINT_FILE before home's first
    # frame, when a session's modules are not needed yet (bench/startup.py)
    from unknot.core.playback.session import Session

log = logging.getLogger("unknot.core.playback.checkpoint")

FORMAT = 1
BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")
SAME_BOOT_SLACK = 120.0
"""Seconds the boot's start on the wall clock may seem to move (NTP, a small manual
change) and still count as the same boot, where no boot id can be read."""
INSTANT_KEYS = ("segment_start", "started_at", "paused_at")
"""The instants in ``Session.checkpoint()`` (besides each heat step's start)."""


class CheckpointError(ValueError):
    """The file is not a checkpoint this version can read; ``str()`` says why."""


@dataclass(frozen=True)
class ClockStamp:
    """One moment on the session's clock and on the wall clock, and the boot it was in."""

    monotonic: float
    wall: float
    """Seconds since the Unix epoch."""
    boot_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"monotonic": self.monotonic, "wall": self.wall, "boot_id": self.boot_id}

    @classmethod
    def from_dict(cls, data: Any) -> ClockStamp:
        if not isinstance(data, dict):
            raise CheckpointError("its clock stamp is missing")
        boot = data.get("boot_id")
        return cls(_number(data, "monotonic"), _number(data, "wall"), boot and str(boot))


def read_boot_id(path: Path = BOOT_ID_FILE) -> str | None:
    """Linux's id of this boot (Android's too, where the app may read it); None elsewhere."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def stamp_now(
    clock: MonotonicClock, wall: Callable[[], float], boot_id: str | None = None
) -> ClockStamp:
    return ClockStamp(clock(), wall(), boot_id)


def same_boot(saved: ClockStamp, now: ClockStamp) -> bool:
    """Whether the session's clock went on counting since ``saved`` (no reboot, no jump back)."""
    if now.monotonic < saved.monotonic:
        return False
    if saved.boot_id is not None and now.boot_id is not None:
        return saved.boot_id == now.boot_id
    boot_then = saved.wall - saved.monotonic
    boot_now = now.wall - now.monotonic
    return abs(boot_now - boot_then) <= SAME_BOOT_SLACK


def clock_shift(saved: ClockStamp, now: ClockStamp) -> float:
    """What to add to an instant saved at ``saved`` to put it on the clock of ``now``.

    Nothing on the same boot. Otherwise each instant keeps its distance to the
    saving moment, and that moment is placed by the wall clock: as long ago as
    the wall clock says (never in the future, if the wall clock went back).
    """
    if same_boot(saved, now):
        return 0.0
    passed = max(0.0, now.wall - saved.wall)
    return (now.monotonic - passed) - saved.monotonic


@dataclass(frozen=True)
class SavedPictures:
    """One step's pictures as played: each frame's name and the file it was found in, and
    the side they show. Kept beside the routine's text, which is read back without them."""

    frames: tuple[tuple[str, str], ...]
    side_drawn: str | None = None
    seated: SavedPictures | None = None
    """The pictures of the step's seated version, when it has one."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "frames": [list(frame) for frame in self.frames],
            "side_drawn": self.side_drawn,
        }
        if self.seated is not None:
            data["seated"] = self.seated.to_json()
        return data

    @staticmethod
    def of(images: tuple[str, ...], paths: tuple[Path, ...], side: str | None) -> SavedPictures:
        """A step's pictures; none when their files were not all found."""
        if len(paths) != len(images):
            return SavedPictures(())
        return SavedPictures(tuple((n, str(p)) for n, p in zip(images, paths, strict=True)), side)

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _found in self.frames)

    def paths(self) -> tuple[Path, ...]:
        """The files, while every one is there: a frame missing loses the step's pictures."""
        paths = tuple(Path(found) for _name, found in self.frames)
        return paths if all(path.is_file() for path in paths) else ()


@dataclass(frozen=True)
class SavedSession:
    """A checkpoint file's content: the routine, the session, the history's row, the clocks."""

    routine_yaml: str
    """The routine as it was played, its pictures left out (they are in ``images``)."""
    session: dict[str, Any]
    """``Session.checkpoint()``, on the clock of ``stamp``."""
    stamp: ClockStamp
    history_id: int | None = None
    """The history's row for this session, which goes on (or is ended) with it."""
    eased: bool = False
    """The history's "eased" flag the session began with."""
    images: tuple[SavedPictures | None, ...] = ()
    """Each step's pictures and the files they were found in, so a moved folder loses only
    the pictures, never the session."""

    @property
    def routine_id(self) -> str:
        return str(self.session.get("routine_id", ""))

    def routine(self) -> Routine:
        """The routine as it was played; raises CheckpointError if its text no longer reads."""
        try:
            routine = parse_routine_text(self.routine_yaml, CHECKPOINT_FILE, assets_dir=None)
        except RoutineError as error:
            raise CheckpointError(f"its routine cannot be read ({error})") from None
        steps = list(routine.steps)
        for index, pictures in enumerate(self.images[: len(steps)]):
            if pictures is not None:
                steps[index] = _with_pictures(steps[index], pictures)
        return replace(routine, steps=tuple(steps))

    def rebased(self, now: ClockStamp) -> SavedSession:
        """The same session with its instants on the clock of ``now`` (see the module's doc)."""
        shift = clock_shift(self.stamp, now)
        if shift == 0.0:
            return replace(self, stamp=now) if self.stamp != now else self
        return replace(self, session=shift_instants(self.session, shift), stamp=now)

    def restore(self, clock: MonotonicClock, now: ClockStamp | None = None) -> Session:
        """The session on ``clock``; moved first when ``now`` is on another boot's clock.

        Raises CheckpointError for a session the routine cannot hold (a damaged file).
        """
        from unknot.core.playback.session import Session

        saved = self.rebased(now) if now is not None else self
        routine = self.routine()
        try:
            session = Session.restore(routine, saved.session, clock=clock)
            session.snapshot(session.clock())  # reads every segment field once
        except (KeyError, ValueError, TypeError, IndexError, AttributeError) as error:
            raise CheckpointError(f"its session does not fit its routine ({error!r})") from None
        return session

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "routine": self.routine_yaml,
                "session": self.session,
                "stamp": self.stamp.to_dict(),
                "history_id": self.history_id,
                "eased": self.eased,
                "images": [image.to_json() if image else None for image in self.images],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> SavedSession:
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as error:
            raise CheckpointError(f"it is not JSON ({error})") from None
        if not isinstance(data, dict):
            raise CheckpointError("it is not a JSON object")
        if data.get("format") != FORMAT:
            raise CheckpointError(f"its format is {data.get('format')!r}, not {FORMAT}")
        routine_yaml, session = data.get("routine"), data.get("session")
        if not isinstance(routine_yaml, str) or not isinstance(session, dict):
            raise CheckpointError("its routine or its session is missing")
        history_id = data.get("history_id")
        if history_id is not None and (
            not isinstance(history_id, int) or isinstance(history_id, bool)
        ):
            raise CheckpointError(f"its history row {history_id!r} is not a number")
        return cls(
            routine_yaml,
            session,
            ClockStamp.from_dict(data.get("stamp")),
            history_id,
            bool(data.get("eased", False)),
            _images(data.get("images", [])),
        )


def save_session(
    session: Session,
    stamp: ClockStamp,
    *,
    history_id: int | None = None,
    eased: bool = False,
) -> SavedSession:
    """What to write for ``session`` now."""
    routine = session.routine
    images = tuple(_saved_pictures(step) for step in routine.steps)
    bare = replace(routine, steps=tuple(_without_pictures(step) for step in routine.steps))
    return SavedSession(
        routine_to_yaml(bare), session.checkpoint(), stamp, history_id, eased, images
    )


def _saved_pictures(step: Step) -> SavedPictures | None:
    seated = step.seated
    saved = SavedPictures.of(step.images, step.image_paths, step.side_drawn)
    if seated is not None and seated.images:
        saved = replace(
            saved, seated=SavedPictures.of(seated.images, seated.image_paths, seated.side_drawn)
        )
    return saved if saved.frames or saved.seated else None


def _without_pictures(step: Step) -> Step:
    """The step as its text is saved: a picture's file is found again from ``images``."""
    seated = step.seated
    if seated is not None:
        seated = replace(seated, images=(), image_paths=(), side_drawn=None)
    return replace(step, images=(), image_paths=(), side_drawn=None, seated=seated)


def _with_pictures(step: Step, pictures: SavedPictures) -> Step:
    seated = step.seated
    if seated is not None and pictures.seated is not None:
        seated = replace(
            seated,
            images=pictures.seated.names(),
            image_paths=pictures.seated.paths(),
            side_drawn=pictures.seated.side_drawn,
        )
    return replace(
        step,
        images=pictures.names(),
        image_paths=pictures.paths(),
        side_drawn=pictures.side_drawn,
        seated=seated,
    )


def write_checkpoint(path: Path, saved: SavedSession) -> None:
    """Replaces the checkpoint in one step; raises OSError when it did not reach the disk."""
    write_atomic(path, saved.to_json())


def read_checkpoint(path: Path) -> SavedSession | None:
    """The checkpoint at ``path``, None when there is none; CheckpointError when damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return SavedSession.from_json(data)


def remove_checkpoint(path: Path) -> None:
    """The session ended: nothing is left to offer. A missing file is fine."""
    path.unlink(missing_ok=True)


def shift_instants(session: dict[str, Any], shift: float) -> dict[str, Any]:
    """``Session.checkpoint()`` with every instant moved by ``shift`` seconds."""
    moved = dict(session)
    for key in INSTANT_KEYS:
        value = moved.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            moved[key] = value + shift
    heat = moved.get("heat_started")
    if isinstance(heat, dict):
        moved["heat_started"] = {
            step: (at + shift if isinstance(at, (int, float)) else at) for step, at in heat.items()
        }
    return moved


def _images(data: Any) -> tuple[SavedPictures | None, ...]:
    """Each step's pictures; a step's entry that is not one is read as no picture."""
    if not isinstance(data, list):
        raise CheckpointError("its images are not a list")
    return tuple(_step_pictures(item) for item in data)


def _step_pictures(item: Any) -> SavedPictures | None:
    if _pair(item):  # one picture, as the first checkpoints wrote it: [name, file]
        return SavedPictures(((item[0], item[1]),))
    if not isinstance(item, dict):
        return None
    frames, side = item.get("frames"), item.get("side_drawn")
    if not isinstance(frames, list) or not all(_pair(frame) for frame in frames):
        return None
    seated = _step_pictures(item.get("seated"))
    return SavedPictures(
        tuple((frame[0], frame[1]) for frame in frames),
        side if isinstance(side, str) and frames else None,
        seated if seated is not None and seated.frames else None,
    )


def _pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CheckpointError(f"its clock stamp has no {key}")
    return float(value)
