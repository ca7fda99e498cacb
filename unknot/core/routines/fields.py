"""The rule for each kind of value in a routine, shared by the loader and the editor.

Each rule takes a value as YAML gives it (or as a person types it) and returns
it converted, or raises :class:`FieldError` with a sentence that says what
would be right. None of them knows about files or lines: the caller adds those.
"""

from __future__ import annotations

import difflib
import re

from unknot.core.routines.durations import TimeError, parse_time
from unknot.core.routines.model import CountRange, PainCheck

MAX_TITLE = 80
MAX_SHORT_TEXT = 80
MAX_LONG_TEXT = 1000
MAX_REPS = 100
MAX_SETS = 20
MAX_SIDES = 4
MAX_TAGS = 12
MAX_PER_DAY = 12
MAX_LEVEL = 20

_IDENTIFIER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")
_WHOLE = re.compile(r"^\s*(\d+)\s*$")

KEY_ALIASES = {
    "name": "title",
    "description": "summary",
    "warnings": "safety",
    "time": "duration",
    "seconds": "duration",
    "length": "duration",
    "repetitions": "reps",
    "repeats": "reps",
    "rounds": "sets",
    "side": "sides",
    "instructions": "cue",
    "instruction": "cue",
    "speech": "say",
    "picture": "image",
    "checks": "prompts",
}
"""Words authors reach for first, mapped to the key the format uses."""


class FieldError(ValueError):
    """A value that breaks its rule; the message is written for the routine's author."""


def unknown_key_message(key: str, known: tuple[str, ...]) -> str:
    guess = KEY_ALIASES.get(key.lower())
    if guess not in known:
        close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
        guess = close[0] if close else None
    hint = f"did you mean '{guess}'?" if guess else "the keys here are " + ", ".join(known)
    return f"unknown key '{key}'; {hint}"


def missing_message(key: str) -> str:
    return f"{key} is missing; add '{key}: ...'"


def not_a_single_value_message(key: str) -> str:
    return f"{key} must be a single value, not a list or a mapping"


def not_a_list_message(key: str) -> str:
    return f"{key} must be a list, written as [a, b] or as lines starting with '- '"


def text(value: object, *, max_length: int = MAX_LONG_TEXT) -> str:
    if isinstance(value, bool) or value is None:
        shown = "empty" if value is None else f"read as {str(value).lower()} (yes/no/on/off are)"
        raise FieldError(f"expected text, but this is {shown}; put the text in quotes")
    if isinstance(value, (int, float)):
        raise FieldError(f"expected text, not the number {value}; put it in quotes")
    if not isinstance(value, str):
        raise FieldError("expected text")
    stripped = " ".join(value.split())
    if not stripped:
        raise FieldError("the text is empty")
    if len(stripped) > max_length:
        raise FieldError(f"the text is {len(stripped)} characters; at most {max_length} fit")
    return stripped


def title(value: object) -> str:
    return text(value, max_length=MAX_TITLE)


def short_text(value: object) -> str:
    return text(value, max_length=MAX_SHORT_TEXT)


def long_text(value: object) -> str:
    """Text such as a cue or a summary; paragraphs are kept, other white space folded."""
    checked = text(value, max_length=MAX_LONG_TEXT)
    assert isinstance(value, str)
    paragraphs = [" ".join(part.split()) for part in value.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p) or checked


def identifier(value: object) -> str:
    word = text(value, max_length=64)
    if not _IDENTIFIER.match(word):
        raise FieldError(
            f"{word!r} is not an id; use lowercase letters, digits and single dashes, "
            f"such as {suggest_identifier(word)!r}"
        )
    return word


def suggest_identifier(name: str) -> str:
    """A valid id made from any name, for error messages and for new routines."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "my-routine"


def time(value: object) -> float:
    try:
        return parse_time(value)
    except TimeError as error:
        raise FieldError(str(error)) from None


def whole_number(value: object, what: str, *, high: int) -> int:
    """A positive whole number; also accepts the digits typed into a text field."""
    if isinstance(value, bool):
        raise FieldError(f"{what} must be a whole number, not true/false")
    if isinstance(value, str) and _WHOLE.match(value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise FieldError(f"{what} must be a whole number, such as 3, not {value!r}")
    if value < 1:
        raise FieldError(f"{what} must be at least 1, not {value}")
    if value > high:
        raise FieldError(f"{what} must be at most {high}, not {value}")
    return value


def count_range(value: object, what: str, *, high: int) -> CountRange:
    """A count (``10``) or a range (``8-12``), low first."""
    if isinstance(value, str):
        match = _RANGE.match(value)
        if match:
            low, top = int(match.group(1)), int(match.group(2))
            if low > top:
                raise FieldError(
                    f"the range {low}-{top} is written backwards; write it low to high: {top}-{low}"
                )
            whole_number(low, what, high=high)
            whole_number(top, what, high=high)
            return CountRange(low, top)
        if not _WHOLE.match(value):
            raise FieldError(f"{what} must be a whole number (10) or a range (8-12), not {value!r}")
    count = whole_number(value, what, high=high)
    return CountRange(count, count)


def reps(value: object) -> CountRange:
    return count_range(value, "reps", high=MAX_REPS)


def per_day(value: object) -> CountRange:
    return count_range(value, "per_day", high=MAX_PER_DAY)


def sets(value: object) -> int:
    return whole_number(value, "sets", high=MAX_SETS)


def level(value: object) -> int:
    return whole_number(value, "level", high=MAX_LEVEL)


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"expected true or false, not {value!r}")
    return value


def pain_check(value: object) -> PainCheck:
    choices = [choice.value for choice in PainCheck]
    if not isinstance(value, str) or value not in choices:
        raise FieldError(f"pain_check must be one of {', '.join(choices)}, not {value!r}")
    return PainCheck(value)


def sides(names: tuple[str, ...]) -> tuple[str, ...]:
    if not names:
        raise FieldError("sides is empty; list the sides, such as [left, right], or remove it")
    lowered = [name.lower() for name in names]
    repeated = sorted({name for name in lowered if lowered.count(name) > 1})
    if repeated:
        raise FieldError(f"each side must appear once; {', '.join(repeated)} is repeated")
    for name in names:
        if len(name) > MAX_SHORT_TEXT:
            raise FieldError(f"a side's name may be at most {MAX_SHORT_TEXT} characters")
    return names
