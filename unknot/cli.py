"""The command line for routine authors: ``python -m unknot validate [PATH ...]``.

A path is a routine file, a folder of them, or a ``.zip`` bundle (a routine and
its pictures, as the app exports one), which is checked exactly as an import
would check it, hostile entries and all.

Exit status: 0 when every routine is valid, 1 when any has a problem, 2 when the
command itself was called wrongly. It never prints a traceback: an author sees
what to fix, or what to tell us.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.bundle import is_bundle, load_bundle
from unknot.core.routines.durations import format_clock
from unknot.core.routines.loader import ROUTINE_SUFFIXES, load_routines, routine_files
from unknot.core.routines.model import Routine
from unknot.core.routines.problems import Problem, RoutineError, printable

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """Exits with status 2 and the usage, as argparse does, but names the sub-command."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m unknot", description="Tools for Unknot routine authors.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser(
        "validate",
        help="check routine files",
        description="Check routine files (.yaml, .yml), routine bundles (.zip: a routine "
        "with its pictures, checked as the app's import checks it) and folders of routine "
        "files. Without a path, the built-in routines are checked.",
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    return parser


def describe(routine: Routine) -> str:
    """One line for a valid routine: its id, title, number of steps and total time."""
    low, high = routine.seconds_range()
    total = format_clock(high) if low == high else f"{format_clock(low)}-{format_clock(high)}"
    count = len(routine.steps)
    title = printable(routine.title)  # a title is checked, but a terminal must never act on one
    return f"{routine.id}: {title} ({count} step{'s' if count != 1 else ''}, {total})"


def validate(paths: Sequence[Path], out: TextIO) -> int:
    checked: list[Path] = []
    bundled: list[Routine] = []
    unchecked: list[RoutineError] = []
    for path in paths or [BUILTIN_ROUTINES_DIR]:
        failure = _checks_nothing(path)
        if failure is not None:
            unchecked.append(failure)
        elif is_bundle(path) and not path.is_dir():
            try:
                bundled.append(_load_bundle(path))
            except RoutineError as error:
                unchecked.append(error)
        else:
            checked.append(path)
    report = load_routines(checked)
    routines = (*report.routines, *bundled)
    for routine in routines:
        print(describe(routine), file=out)
    for failure in (*unchecked, *report.failures):
        for problem in failure.problems:
            print(problem, file=out)
    valid, invalid = len(routines), len(report.failures) + len(unchecked)
    print(
        f"{valid} valid routine{'s' if valid != 1 else ''}, "
        f"{invalid} file{'s' if invalid != 1 else ''} with problems",
        file=sys.stderr,
    )
    return EXIT_OK if report.ok and not unchecked else EXIT_INVALID


def _load_bundle(path: Path) -> Routine:
    """A ``.zip`` checked as the app's import checks it: unpacked into a temporary folder
    (removed again), its entries, pictures and routine file each checked."""
    with tempfile.TemporaryDirectory(prefix="unknot-validate-") as work_dir:
        return load_bundle(path, Path(work_dir))


def _checks_nothing(path: Path) -> RoutineError | None:
    """A folder named on the command line that would check nothing, said as a problem.

    The author meant something to be checked: exiting 0 for ``x.yaml/`` (a folder) or
    for a folder without routine files would tell them all is well.
    """
    try:
        if not path.is_dir():
            return None
        if path.suffix.lower() in ROUTINE_SUFFIXES:
            message = "this is a folder, not a routine file; name a .yaml file, or a folder of them"
        elif not routine_files(path):
            message = "this folder holds no routine files (.yaml or .yml); nothing was checked"
        else:
            return None
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
    return RoutineError([Problem(str(path), "", message)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        parser.print_usage(sys.stderr)
        for path in missing:
            shown = printable(str(path))
            print(f"{parser.prog}: error: no such file or folder: {shown}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return validate(args.paths, sys.stdout)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        print(
            f"{parser.prog}: internal error: {type(error).__name__}: {printable(str(error))}. "
            "This is a bug in Unknot; please report it with the file that caused it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
