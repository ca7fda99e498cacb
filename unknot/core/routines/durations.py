"""Reading and writing the times a routine is made of (``90s``, ``2m``, ``1m30s``).

Kept apart from the YAML reading so the routine editor can check what a person
types with exactly the rules the validator uses.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from unknot.core.routines.written import Numeral

MAX_STEP_SECONDS = 2 * 60 * 60
"""No step may last longer than this in all, nor any one time: longer is surely a typo."""

MIN_SECONDS = 1
"""The shortest time: a person cannot do anything in less, and ``0.0000000001`` is a mistake."""

_NUMBER = r"(?:0|[1-9][0-9]*)(?:\.[0-9])?"
_SECONDS = re.compile(_NUMBER)
_CLOCK = re.compile(r"([0-9]{1,3}):([0-5][0-9])")
_UNITS = re.compile(rf"(?:({_NUMBER})\s*h)?\s*(?:({_NUMBER})\s*m)?\s*(?:({_NUMBER})\s*s)?")
"""The forms docs/routines.md documents: ``30``, ``2.5``, ``1:30``, ``90s``, ``1m30s``, ``1h``."""

_FAST = re.compile(
    r"(?:([1-9][0-9]?)h)?(?:([1-9][0-9]{0,2})m)?(?:([1-9][0-9]{0,3})s)?|([1-9][0-9]{0,3})"
)
"""The forms nearly every time takes (``30``, ``90s``, ``1m30s``), read without the general
rules: every one of them is a documented form, of at least a second."""

_LOOSE = r"\+?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)"
_LOOSE_SECONDS = re.compile(_LOOSE)
_LOOSE_CLOCK = re.compile(r"[0-9][0-9_]*(?::[0-9][0-9_]*){1,2}")
_LOOSE_UNITS = re.compile(rf"(?:({_LOOSE})\s*h)?\s*(?:({_LOOSE})\s*m)?\s*(?:({_LOOSE})\s*s)?")
"""What YAML or a person may write for a time that says plainly what it means but is not
written as documented (``010``, ``1:5``, ``+5``, ``1_0``, ``1:02:03``): refused, saying how
to write it, rather than read YAML's way (``010`` is 8 to YAML, ``1:5`` is 65)."""

_NEGATIVE = re.compile(rf"-\s*{_LOOSE}")
_NOT_A_NUMBER = re.compile(r"[-+]?\.(?:nan|inf)", re.IGNORECASE)

TIME_HINT = "write a time such as 30, 90s, 2m or 1m30s"


class TimeError(ValueError):
    """A value that is not a usable time; the message says what would be right."""


def parse_time(value: object) -> float:
    """Turns a routine's time into seconds, or raises :class:`TimeError`.

    Text is read by the documented forms only, from what was written: a time
    from a YAML file comes as its text, so ``010`` is never YAML's octal 8.
    Booleans are refused explicitly: ``True`` is an ``int`` in Python, and YAML
    reads ``yes`` and ``on`` as ``True``, which must not become one second.
    """
    if isinstance(value, bool):
        raise TimeError(f"{_show(value)} is true/false, not a time; {TIME_HINT}")
    if isinstance(value, float) and not math.isfinite(value):
        raise TimeError(f"{_show(value)} is not a number of seconds; {TIME_HINT}")
    if isinstance(value, (int, float)):
        return _checked(Decimal(value if isinstance(value, int) else repr(value)), _show(value))
    if not isinstance(value, str):
        raise TimeError(f"{_show(value)} is not a time; {TIME_HINT}")
    return _parse_text(value)


def _parse_text(value: str) -> float:
    fast = _FAST.fullmatch(value)
    if fast is not None and fast.group(0):
        hours, minutes, secs, plain = fast.groups()
        if plain:
            whole = int(plain)
        else:
            whole = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(secs or 0)
        if whole <= MAX_STEP_SECONDS:
            return float(whole)
    text = value.strip()
    shown = _show(value)
    if _NOT_A_NUMBER.fullmatch(text):
        raise TimeError(f"{shown} is not a number of seconds; {TIME_HINT}")
    if _NEGATIVE.fullmatch(text):
        raise TimeError(f"{shown} must be more than zero; {TIME_HINT}")
    seconds, written_well = _read(text)
    if seconds is None:
        raise TimeError(f"{shown} is not a time; {TIME_HINT}")
    checked = _checked(seconds, shown)
    if written_well is not None:
        raise TimeError(f"write {written_well} for {spoken_time(checked)}, not {shown}")
    return checked


def _read(text: str) -> tuple[Decimal | None, str | None]:
    """The seconds ``text`` means, and how to write it when it is not written as documented."""
    if _SECONDS.fullmatch(text):
        return Decimal(text), None
    clock = _CLOCK.fullmatch(text)
    if clock:
        return Decimal(int(clock.group(1)) * 60 + int(clock.group(2))), None
    units = _UNITS.fullmatch(text)
    if units and any(units.groups()):
        return _from_units(units.groups()), None
    if _LOOSE_SECONDS.fullmatch(text):
        seconds = _decimal(text)
        return seconds, _plain(seconds)
    if _LOOSE_CLOCK.fullmatch(text):
        parts = [_decimal(part) for part in text.split(":")]
        seconds = sum((part * 60**power for power, part in enumerate(reversed(parts))), Decimal())
        if seconds >= 10**9:
            return seconds, text  # far too long: refused for that, with no form to suggest
        if len(parts) == 2:
            return seconds, f"{int(seconds // 60)}:{int(seconds % 60):02d}"
        return seconds, format_time(float(seconds))
    units = _LOOSE_UNITS.fullmatch(text)
    if units and any(units.groups()):
        seconds = _from_units(units.groups())
        return seconds, format_time(float(seconds)) if seconds < 10**9 else text
    return None, None


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace("_", "").lstrip("+") or "0")


def _from_units(groups: tuple[str | None, ...]) -> Decimal:
    hours, minutes, seconds = (_decimal(group or "0") for group in groups)
    return hours * 3600 + minutes * 60 + seconds


def _plain(seconds: Decimal) -> str:
    return f"{seconds.normalize():f}"


def _checked(seconds: Decimal, shown: str) -> float:
    if seconds <= 0:
        raise TimeError(f"{shown} must be more than zero; {TIME_HINT}")
    if seconds < MIN_SECONDS:
        raise TimeError(f"{shown} is less than a second; a time is at least 1 second")
    if seconds > MAX_STEP_SECONDS:
        raise TimeError(
            f"{shown} is longer than 2 hours, the longest a step may last; check the time"
        )
    if (seconds * 10) % 1:
        raise TimeError(
            f"{shown} has more than one decimal; write whole seconds or tenths, such as 2.5"
        )
    return float(seconds)


def spoken_time(seconds: float) -> str:
    """A time in words, as a hint says it: ``1 minute 5 seconds``, ``2.5 seconds``."""
    whole = round(seconds)
    if abs(seconds - whole) > 1e-9:
        return f"{seconds:g} seconds"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{count} {unit}{'s' if count != 1 else ''}"
        for count, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if count
    ]
    return " ".join(parts) or "0 seconds"


def format_time(seconds: float) -> str:
    """Writes seconds the way a routine author would (``1m30s``), for saving YAML."""
    if not math.isfinite(seconds):
        return f"{seconds}s"  # never a routine's time; a message may still name it
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
    """A value as a message quotes it: a number as it was written, other text in quotes."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:40] + "…"
        return text.strip() if isinstance(value, Numeral) else repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 200:
        return "a number of more than 60 digits"  # str() refuses past 4,300 digits
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"
