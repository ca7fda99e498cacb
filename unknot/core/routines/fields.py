"""The rule for each kind of value in a routine, shared by the loader and the editor.

Each rule takes a value as YAML gives it (or as a person types it) and returns
it converted, or raises :class:`FieldError` with a sentence that says what
would be right. None of them knows about files or lines: the caller adds those.
"""

from __future__ import annotations

import difflib
import re

from unknot.core.routines.durations import TimeError, parse_time
from unknot.core.routines.ids import ID_PATTERN, MAX_ID_LENGTH
from unknot.core.routines.model import CountRange, PainCheck
from unknot.core.routines.written import Numeral

MAX_TITLE = 80
MAX_SHORT_TEXT = 80
MAX_LONG_TEXT = 1000
MAX_REPS = 100
MAX_SETS = 20
MAX_SIDES = 4
MAX_TAGS = 12
MAX_PER_DAY = 12
MAX_LEVEL = 20

_RANGE = re.compile(r"([0-9][0-9_]*)\s*[-–]\s*([0-9][0-9_]*)")
_WHOLE = re.compile(r"0|[1-9][0-9]*")
"""A count as docs/routines.md documents it: plain digits, no leading 0, +, _ or point."""
_LOOSE_WHOLE = re.compile(r"[-+]?[0-9][0-9_]*")
_DECIMAL = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*")
_UNDRAWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters and halves of a character pair: a label cannot draw them (a lone
surrogate stops the app), and a terminal acts on them. Newlines and tabs fold to spaces."""

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
    shown = key if len(key) <= 40 else key[:40] + "…"
    return f"unknown key '{shown}'; {hint}"


def missing_message(key: str) -> str:
    return f"{key} is missing; add '{key}: ...'"


def not_a_single_value_message(key: str) -> str:
    return f"{key} must be a single value, not a list or a mapping"


def not_a_list_message(key: str) -> str:
    return f"{key} must be a list, written as [a, b] or as lines starting with '- '"


def text(value: object, *, max_length: int = MAX_LONG_TEXT) -> str:
    if type(value) is str and _UNDRAWABLE.search(value) is None:
        stripped = " ".join(value.split())
        if stripped and len(stripped) <= max_length:
            return stripped  # the common case, read without the checks that explain
    if isinstance(value, bool) or value is None:
        shown = "empty" if value is None else f"read as {str(value).lower()} (yes/no/on/off are)"
        raise FieldError(f"expected text, but this is {shown}; put the text in quotes")
    if isinstance(value, Numeral):
        raise FieldError(f"expected text, not the number {_shown(value)}; put it in quotes")
    if isinstance(value, (int, float)):
        raise FieldError(f"expected text, not the number {value}; put it in quotes")
    if not isinstance(value, str):
        raise FieldError("expected text")
    bad = _UNDRAWABLE.search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        if "\ud800" <= bad.group() <= "\udfff":
            raise FieldError(
                f"the text holds {code}, half of a character pair, which cannot be shown; "
                "write the whole character or remove it"
            )
        raise FieldError(f"the text holds the control character {code}; remove it")
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
    if "\n\n" not in value:
        return checked  # one paragraph: folded as any text
    paragraphs = [" ".join(part.split()) for part in value.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p) or checked


def identifier(value: object) -> str:
    word = text(value, max_length=MAX_ID_LENGTH)
    if not ID_PATTERN.match(word):
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
    """A positive whole number; text (a YAML file's, or typed in the editor) in plain digits."""
    if isinstance(value, bool):
        raise FieldError(f"{what} must be a whole number, not true/false")
    if isinstance(value, str):
        value = _whole_from_text(value, what, high)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise FieldError(f"{what} must be a whole number, such as 3, not {_shown(value)}")
    if value < 1:
        raise FieldError(f"{what} must be at least 1, not {_shown(value)}")
    if value > high:
        raise FieldError(f"{what} must be at most {high}, not {_shown(value)}")
    return value


def _whole_from_text(text: str, what: str, high: int) -> int:
    """Reads a count from what was written; a form YAML reads its own way is refused.

    ``010`` is 8 to YAML and ``1_0`` is 10: neither is how a count is written,
    so the message says how to write the number the person meant.
    """
    written = text.strip()
    if _WHOLE.fullmatch(written):
        if len(written) > 6:  # int() refuses thousands of digits; no count is near this
            raise FieldError(f"{what} must be at most {high}, not {_shown(text)}")
        return int(written)
    if _LOOSE_WHOLE.fullmatch(written):
        digits = written.replace("_", "").lstrip("+")
        negative = digits.startswith("-")
        plain = digits.lstrip("-").lstrip("0") or "0"
        if negative or plain == "0":
            raise FieldError(f"{what} must be at least 1, not {_shown(text)}")
        if len(plain) > 6 or int(plain) > high:
            raise FieldError(f"{what} must be at most {high}, not {_shown(text)}")
        meaning = f" for {plain} {what}" if what in ("reps", "sets") else ""
        raise FieldError(
            f"write {plain}{meaning}, not {_shown(text)}: "
            "a count is written in plain digits, without a leading 0, + or _"
        )
    raise FieldError(f"{what} must be a whole number, such as 3, not {_shown(text)}")


def count_range(value: object, what: str, *, high: int) -> CountRange:
    """A count (``10``) or a range (``8-12``), low first."""
    if isinstance(value, str):
        written = value.strip()
        match = _RANGE.fullmatch(written)
        if match:
            low = whole_number(match.group(1), what, high=high)
            top = whole_number(match.group(2), what, high=high)
            if low > top:
                raise FieldError(
                    f"the range {low}-{top} is written backwards; write it low to high: {top}-{low}"
                )
            return CountRange(low, top)
        if not (_LOOSE_WHOLE.fullmatch(written) or _DECIMAL.fullmatch(written)):
            raise FieldError(
                f"{what} must be a whole number (10) or a range (8-12), not {_shown(value)}"
            )
    count = whole_number(value, what, high=high)
    return CountRange(count, count)


def _shown(value: object) -> str:
    """A value as a message quotes it: a number as it was written, other text in quotes."""
    if isinstance(value, str):
        text = value.strip() if isinstance(value, Numeral) else value
        text = text if len(text) <= 40 else text[:40] + "…"
        return text if isinstance(value, Numeral) else repr(text)
    if isinstance(value, int) and value.bit_length() > 200:
        return "a number of more than 60 digits"
    return repr(value)


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
        raise FieldError(f"expected true or false, not {_shown(value)}")
    return value


def pain_check(value: object) -> PainCheck:
    choices = [choice.value for choice in PainCheck]
    if not isinstance(value, str) or value not in choices:
        raise FieldError(f"pain_check must be one of {', '.join(choices)}, not {_shown(value)}")
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
