"""Reading and writing the times a routine is made of (``90s``, ``2m``, ``1m30s``).

Kept apart from the YAML reading so the routine editor can check what a person
types with exactly the rules the validator uses.
"""

from __future__ import annotations

import math
import re

MAX_STEP_SECONDS = 2 * 60 * 60
"""No step may last longer than this in all: a longer one is almost surely a typo."""

_UNITS = re.compile(
    r"""^\s*
    (?:(?P<h>\d+(?:\.\d+)?)\s*h\s*)?
    (?:(?P<m>\d+(?:\.\d+)?)\s*m\s*)?
    (?:(?P<s>\d+(?:\.\d+)?)\s*s\s*)?
    $""",
    re.VERBOSE,
)
_PLAIN = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
_CLOCK = re.compile(r"^\s*(?:(?P<h>\d+):(?=\d\d:))?(?P<m>\d+):(?P<s>[0-5]\d)\s*$")

TIME_HINT = "write a time such as 30, 90s, 2m or 1m30s"


class TimeError(ValueError):
    """A value that is not a usable time; the message says what would be right."""


def parse_time(value: object) -> float:
    """Turns a routine's time into seconds, or raises :class:`TimeError`.

    Booleans are refused explicitly: ``True`` is an ``int`` in Python, and YAML
    reads ``yes`` and ``on`` as ``True``, which must not become one second.
    """
    if isinstance(value, bool):
        raise TimeError(f"{_show(value)} is true/false, not a time; {TIME_HINT}")
    try:
        if isinstance(value, (int, float)):
            seconds = float(value)
        elif isinstance(value, str):
            seconds = _parse_text(value)
        else:
            raise TimeError(f"{_show(value)} is not a time; {TIME_HINT}")
    except (OverflowError, ValueError) as error:
        if isinstance(error, TimeError):
            raise
        raise TimeError(f"{_show(value)[:40]} is far too large to be a time; {TIME_HINT}") from None
    if math.isnan(seconds) or math.isinf(seconds):
        raise TimeError(f"{_show(value)} is not a number of seconds; {TIME_HINT}")
    if seconds <= 0:
        raise TimeError(f"{_show(value)} must be more than zero; {TIME_HINT}")
    return seconds


def _parse_text(text: str) -> float:
    if _PLAIN.match(text):
        return float(text)
    clock = _CLOCK.match(text)
    if clock:
        h, m, s = (int(clock.group(unit) or 0) for unit in "hms")
        return float(h * 3600 + m * 60 + s)
    match = _UNITS.match(text)
    if not match or not any(match.group(unit) for unit in "hms"):
        raise TimeError(f"{text!r} is not a time; {TIME_HINT}")
    hours, minutes, seconds = (float(match.group(unit) or 0) for unit in "hms")
    return hours * 3600 + minutes * 60 + seconds


def format_time(seconds: float) -> str:
    """Writes seconds the way a routine author would (``1m30s``), for saving YAML."""
    whole = round(seconds)
    if abs(seconds - whole) > 1e-9:
        return f"{seconds:g}s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return "".join(parts)


def format_clock(seconds: float) -> str:
    """Writes a length of time as a clock (``4:05``, ``1:02:00``), rounding up.

    Rounding up matches a countdown: it shows 0:01 until the last second is over.
    """
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def until_clock_changes(seconds: float) -> float | None:
    """How long a countdown showing ``seconds`` left goes on showing the same clock.

    The inverse of :func:`format_clock`'s rounding up: 4.3 s shows ``0:05`` for 0.3 s
    more, then ``0:04``. ``None`` when it shows ``0:00`` already (nothing more changes).
    A screen that repaints only then shows every second exactly when it turns.
    """
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole == 0:
        return None
    return max(0.0, seconds - (whole - 1))


def format_span(low: float, high: float) -> str:
    """Writes a total time for people: ``about 5 min``, ``4-6 min`` or ``45 s``."""
    if high < 60:
        if round(low) == round(high):
            return f"{round(high)} s"
        return f"{round(low)}-{round(high)} s"
    lo_min, hi_min = max(1, round(low / 60)), max(1, round(high / 60))
    if lo_min == hi_min:
        return f"{hi_min} min"
    return f"{lo_min}-{hi_min} min"


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
