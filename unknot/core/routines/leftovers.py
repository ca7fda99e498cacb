"""The person's routines folder, read so that a save cut short by a power cut settles itself.

When a routine's file changes name (an import that replaces a routine kept
under another file name, an edit that changes the id), the library writes the
new file and makes it durable first, and only then removes the old one: a power
cut in between leaves both, never neither. After an import both files claim one
id. The loader alone would refuse whichever sorts later, which may be the newer:
the person would see the old version, and a file "with problems".

So, for the person's own folder only, the newest file of an id is used (by
modification time: the later save is the newer), and each older one is renamed
to ``NAME.old-STAMP`` (no routine suffix, so nothing reads it as a routine) and
said once, in a sentence; the file stays, to be looked at or deleted. Only if
it cannot be moved is it listed as a failure, as the loader would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.loader import load_routine, routine_files
from unknot.core.routines.model import Routine
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.storage.atomic import rename_durably
from unknot.core.storage.damaged import aside_path

log = logging.getLogger("unknot.core.routines.leftovers")

OLD_MARK = ".old-"
"""``NAME.old-YYYYmmdd-HHMMSS``: an older file of an id, set aside."""


@dataclass(frozen=True)
class SetAside:
    """An older file of an id, moved aside for the newer one."""

    title: str
    kept: Path
    older: Path
    aside: Path

    @property
    def sentence(self) -> str:
        """What the person is told, once."""
        return (
            f"Your routine '{self.title}' was in two files, most likely because a save was "
            f"cut short. Unknot uses the newer one, {self.kept.name}; the older one is kept "
            f"as {self.aside.name}."
        )


@dataclass(frozen=True)
class OwnRoutines:
    """What the person's folder holds: one routine per id, the failures, what was set aside."""

    routines: tuple[Routine, ...]
    failures: tuple[RoutineError, ...]
    set_aside: tuple[SetAside, ...] = ()
    """The older files of an id, moved aside: each is told to the person."""


def load_own_routines(
    folder: Path,
    *,
    assets_dir: Path | None = ASSETS_DIR,
    now: Callable[[], datetime] = datetime.now,
) -> OwnRoutines:
    """Loads every routine file in ``folder``; of two files with one id, the newer wins."""
    try:
        files = routine_files(folder)
    except OSError as error:
        reason = error.strerror or str(error)
        problem = Problem(str(folder), "", f"cannot read: {reason}")
        return OwnRoutines((), (RoutineError([problem]),))
    failures: list[RoutineError] = []
    by_id: dict[str, list[Routine]] = {}
    for path in files:
        try:
            routine = load_routine(path, assets_dir=assets_dir)
        except RoutineError as error:
            failures.append(error)
            continue
        by_id.setdefault(routine.id, []).append(routine)
    routines: list[Routine] = []
    moved: list[SetAside] = []
    for found in by_id.values():
        kept, *older = sorted(found, key=_newest_first)
        routines.append(kept)
        for stale in older:
            outcome = _set_aside(stale, kept, now)
            if isinstance(outcome, RoutineError):
                failures.append(outcome)
            else:
                moved.append(outcome)
    return OwnRoutines(tuple(routines), tuple(failures), tuple(moved))


def _newest_first(routine: Routine) -> tuple[int, bool, str]:
    """Newest first; on a tie the file named after its id (where the app saves), then by name."""
    path = _source(routine)
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0
    return -modified, path.name != f"{routine.id}.yaml", path.name


def _set_aside(
    stale: Routine, kept: Routine, now: Callable[[], datetime]
) -> SetAside | RoutineError:
    path, kept_path = _source(stale), _source(kept)
    target = aside_path(path, now, mark=OLD_MARK)
    try:
        rename_durably(path, target)
    except OSError as error:
        reason = error.strerror or str(error)
        return RoutineError(
            [
                Problem(
                    str(path),
                    "id",
                    f"the id {stale.id!r} is also used by the newer file {kept_path.name}; this "
                    f"older file could not be moved aside ({reason}): delete it, or give "
                    "it another id",
                )
            ]
        )
    log.warning(
        "%s has the id %r of the newer %s: set aside as %s", path, stale.id, kept_path, target
    )
    return SetAside(kept.title, kept_path, path, target)


def _source(routine: Routine) -> Path:
    assert routine.source is not None, "the loader always sets source"
    return routine.source
