"""Loads routine files and folders; one bad file never stops the others.

Everything that can go wrong with a file (unreadable, too big, not UTF-8, bad
YAML, a broken field) comes out as a :class:`RoutineError`, never as another
exception, so the app and the validator can list it beside the good routines.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.model import Routine
from unknot.core.routines.parser import parse_routine
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.yaml_reader import MAX_FILE_BYTES, Backend, read_yaml

ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadReport:
    """The routines that loaded, and the files that did not, each with its problems."""

    routines: tuple[Routine, ...]
    failures: tuple[RoutineError, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def parse_routine_text(
    data: bytes | str,
    file: str = "<routine>",
    *,
    default_id: str | None = None,
    routine_dir: Path | None = None,
    assets_dir: Path | None = ASSETS_DIR,
    source: Path | None = None,
    backend: Backend = "auto",
) -> Routine:
    """Reads a routine from its text; the editor and the tests use it without a file.

    ``backend`` chooses the YAML parser; the default is libyaml where installed.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    root = read_yaml(raw, file, backend=backend)
    return parse_routine(
        root,
        file,
        default_id=default_id,
        routine_dir=routine_dir,
        assets_dir=assets_dir,
        source=source,
    )


def load_routine(
    path: Path, *, assets_dir: Path | None = ASSETS_DIR, backend: Backend = "auto"
) -> Routine:
    """Loads one routine file, or raises :class:`RoutineError`."""
    file = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise RoutineError([Problem(file, "", "not a regular file; name a .yaml file")])
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise RoutineError(
                [Problem(file, "", f"the file is {size:,} bytes; a routine may be at most 1 MB")]
            )
        with path.open("rb") as handle:
            # read(n) sets aside n bytes first: ask for the size the file has, plus one
            # to see whether it grew since, and never for more than the limit allows
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES - len(data) + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise RoutineError([Problem(file, "", f"cannot read the file: {reason}")]) from None
    return parse_routine_text(
        data,
        file,
        default_id=path.stem,
        routine_dir=path.parent,
        assets_dir=assets_dir,
        source=path,
        backend=backend,
    )


def routine_files(folder: Path) -> list[Path]:
    """The routine files directly in a folder, in name order so loading is repeatable."""
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.suffix.lower() in ROUTINE_SUFFIXES and not entry.name.startswith(".")
    )


def load_routines(paths: Iterable[Path], *, assets_dir: Path | None = ASSETS_DIR) -> LoadReport:
    """Loads files and the routine files of folders; a repeated id fails the later file."""
    routines: list[Routine] = []
    failures: list[RoutineError] = []
    seen: dict[str, Path] = {}
    for path in _expand(paths, failures):
        try:
            routine = load_routine(path, assets_dir=assets_dir)
        except RoutineError as error:
            failures.append(error)
            continue
        if routine.id in seen:
            failures.append(
                RoutineError(
                    [
                        Problem(
                            str(path),
                            "id",
                            f"the id {routine.id!r} is already used by {seen[routine.id]}; "
                            "give this routine another id",
                        )
                    ]
                )
            )
            continue
        seen[routine.id] = path
        routines.append(routine)
    return LoadReport(tuple(routines), tuple(failures))


def _expand(paths: Iterable[Path], failures: list[RoutineError]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        try:
            files.extend(routine_files(path) if path.is_dir() else [path])
        except OSError as error:
            reason = error.strerror or str(error)
            failures.append(RoutineError([Problem(str(path), "", f"cannot read: {reason}")]))
    return files
