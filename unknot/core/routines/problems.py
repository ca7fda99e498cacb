"""Problems found in a routine file, and the one error type the loader raises.

A routine is written by hand, often by someone who is not a programmer, so every
problem carries everything needed to find and fix it: the file, the line and
column, the field's path and a sentence that says what would be right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u2028-\u202e\u2066-\u2069]")
"""Control characters, halves of a character pair, line separators and direction overrides."""


def printable(text: str) -> str:
    """``text`` with every character that a terminal or a label would act on or fail to draw
    written as an escape (``\\x1b``, ``\\ud800``), so a file's text can be shown safely."""
    return _UNSHOWABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one routine file.

    The field and the message can quote what the file holds (an unknown key), so
    they are made :func:`printable`: a message is shown on screen and in a terminal,
    where an escape sequence would act and half a character pair would not draw.
    """

    file: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", printable(self.field))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        """Formats as ``FILE:LINE:COL: FIELD: message``, as compilers do, so editors can jump."""
        place = printable(self.file)
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
