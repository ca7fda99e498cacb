"""Unknot's own command-line options, taken off before Kivy reads the rest.

Kivy parses ``sys.argv`` when it is imported and exits on an option it does
not know, so ``--routine`` must be removed first; Kivy's own options (such as
``-m screen:phone_samsung_galaxy_s5``) pass through untouched.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LaunchOptions:
    routine: str | None = None


def split_arguments(argv: Sequence[str]) -> tuple[LaunchOptions, list[str]]:
    """Our options, and ``argv`` without them for Kivy."""
    parser = argparse.ArgumentParser(prog="main.py", add_help=False)
    parser.add_argument("--routine", metavar="ID", help="open this routine, ready to start")
    known, rest = parser.parse_known_args(list(argv[1:]))
    return LaunchOptions(routine=known.routine), [argv[0] if argv else "main.py", *rest]
