"""Problems found in a routine file, and the one error type the loader raises.

A routine is written by hand, often by someone who is not a programmer, so every
problem carries everything needed to find and fix it: the file, the line and
column, the field's path and a sentence that says what would be right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one routine file."""

    file: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        """Formats as ``FILE:LINE:COL: FIELD: message``, as compilers do, so editors can jump."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        field = self.field or "(file)"
        return f"{place}: {field}: {self.message}"


class RoutineError(Exception):
    """A routine file that cannot be used; ``problems`` says everything that is wrong.

    It is the only exception the loader lets out, whatever the input, so callers
    can show the problems and carry on with the other routines.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("a RoutineError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file
