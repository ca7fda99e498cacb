"""What a load of the library found, apart from the library itself.

Apart so that the catalog can hold an empty report before the first load without
importing the library, whose loader and PyYAML home's first frame does without
(``home_index``, bench/startup.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unknot.core.routines.model import Routine
    from unknot.core.routines.problems import RoutineError


class Origin(Enum):
    """Where a routine comes from, which decides what may be done with it."""

    BUILT_IN = "built-in"
    MINE = "mine"


@dataclass(frozen=True)
class LibraryReport:
    """What a load found: the routines, each with its origin, and the files that failed."""

    builtin: tuple[Routine, ...]
    mine: tuple[Routine, ...]
    failures: tuple[RoutineError, ...]

    @property
    def routines(self) -> tuple[Routine, ...]:
        """Built-in routines first, then the person's, each group in file-name order."""
        return self.builtin + self.mine

    @property
    def ok(self) -> bool:
        return not self.failures

    def origin(self, routine_id: str) -> Origin | None:
        if any(routine.id == routine_id for routine in self.builtin):
            return Origin.BUILT_IN
        if any(routine.id == routine_id for routine in self.mine):
            return Origin.MINE
        return None

    def is_builtin(self, routine_id: str) -> bool:
        return self.origin(routine_id) is Origin.BUILT_IN
