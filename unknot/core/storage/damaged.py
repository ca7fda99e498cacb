"""Moving a damaged data file aside instead of overwriting it.

A file the app cannot read may still hold what a person saved (a hand edit gone
wrong, a newer version's format). Resetting it would lose that without a word;
keeping it under a dated name lets it be looked at, and lets the next start
begin cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

DAMAGED_MARK = ".damaged-"


def aside_path(
    path: Path, now: Callable[[], datetime] = datetime.now, *, mark: str = DAMAGED_MARK
) -> Path:
    """``NAME.damaged-YYYYmmdd-HHMMSS``, with a counter so two in one second both survive.

    ``mark`` names why it was set aside (a routine's stale copy is ``.old-``).
    """
    stamp = now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}{mark}{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}{mark}{stamp}-{counter}")
    return candidate


def set_aside(path: Path, now: Callable[[], datetime] = datetime.now) -> Path:
    """Renames ``path`` to its aside name and returns it; raises ``OSError`` if it cannot."""
    target = aside_path(path, now)
    path.replace(target)
    return target
