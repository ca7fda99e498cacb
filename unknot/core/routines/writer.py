"""Writes a routine back as YAML that reads as if a person had written it.

The app saves the routines a person makes or edits, and exports routines to
share. Those files are read by people (a physiotherapist, the person in a text
editor) and by ``python -m unknot validate``, so they follow the built-in
files' style: keys in the order ``docs/routines.md`` presents them, defaults
left out, times as authors write them (``30s``, ``2m``, ``1m30s``), counts as
``10`` or ``8-12``, short lists in brackets, and long text folded into lines.

Loading what is written gives back an equal routine, whatever the routine
holds (``tests/core/routines/test_routine_writer.py`` checks it on generated routines):
PyYAML decides when a value needs quotes (``"yes"``, ``"1:30"``, ``"- x"``,
``"a: b"``, ``"#"``), and a time that is not a whole number of seconds is
written in full (``2.5s``, ``0.1s``), never rounded.

A file's own comments are not part of a routine. :func:`leading_comments` and
:func:`has_other_comments` let the library keep the comment block at the top of
a hand-written file and keep the whole original when more would be lost (see
``docs/routines.md``, "Editing in the app, and comments").
"""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

from unknot.core.routines.durations import format_time
from unknot.core.routines.model import CountRange, Prompt, Routine, Seated, Step

WIDTH = 88
"""The longest line the writer aims for; one long word may still make a longer one."""

_NO_WRAP = 10**9
"""A width PyYAML never reaches, so it keeps every quoted value on one line."""

_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.;()'!?/-]*[A-Za-z0-9,.;()'!?/-])?")
"""Text that is plain in YAML for sure: a letter first, then words and common punctuation."""

_TIME = re.compile(r"[0-9.]+[hms](?:[0-9.]+[ms])*")
"""A time as :func:`time_text` writes it: digits and units, which YAML reads as text."""

_WORDS_YAML_READS = frozenset({"yes", "no", "y", "n", "true", "false", "on", "off", "null"})

_EXACT_WHOLE_SECONDS = 2**53
"""Below this, hours, minutes and seconds add back up to exactly the same float."""


def routine_to_yaml(routine: Routine, *, header: str = "") -> str:
    """The routine as the text of a routine file; ``header`` is comment lines put on top.

    Every key is written explicitly, including ``id``, so the file keeps its id
    whatever it is renamed to (a browser's ``routine (1).yaml``). Steps are
    separated by a blank line, as in ``routines/desk-break.yaml``.
    """
    lines = _header_lines(header)
    if lines:
        lines.append("")
    lines += _line("", "title", routine.title)
    lines += _line("", "id", routine.id)
    if routine.summary is not None:
        lines += _text("", "summary: ", routine.summary, fold=True)
    if routine.tags:
        lines += _list("", "tags", routine.tags)
    if routine.per_day is not None:
        lines += _line("", "per_day", _count(routine.per_day))
    if routine.series is not None:
        lines += _line("", "series", routine.series)
    if routine.level is not None:
        lines += _line("", "level", routine.level)
    if routine.restful:
        lines += _line("", "restful", True)
    if routine.safety:
        lines.append("safety:")
        for warning in routine.safety:
            lines += _text("  ", "- ", warning, fold=True)
    lines.append("")
    lines.append("steps:")
    for index, step in enumerate(routine.steps):
        if index:
            lines.append("")
        lines += _item("  ", _step_lines("    ", step))
    return "\n".join(lines) + "\n"


def time_text(seconds: float) -> str:
    """A time as an author writes it (``30s``, ``2m``, ``1m30s``), exact for any float.

    Whole seconds use :func:`format_time`. Any other value is written as its
    shortest exact decimal, without an exponent (``2.5s``, ``0.00001s``), since
    the time parser reads digits and a point but not ``1e-05``.
    """
    if seconds.is_integer() and 0 < seconds < _EXACT_WHOLE_SECONDS:
        return format_time(seconds)
    return f"{Decimal(repr(float(seconds))):f}s"


def leading_comments(text: str) -> str:
    """The comment lines at the top of a file (blank lines between them kept), or ``""``.

    This block is where an author says what a routine is and where its doses
    come from, so an app save keeps it.
    """
    kept: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            kept.append(line.rstrip())
        elif stripped:
            break
        else:
            kept.append("")
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return "\n".join(kept)


def has_other_comments(text: str) -> bool:
    """Whether the file has comments below its leading block, which an app save would drop.

    A ``#`` counts as a comment only where YAML reads one: outside every
    scalar (a cue may say "#1"), and at the start of a line or after a space.
    A file YAML cannot scan counts as having comments, so nothing is dropped
    on a guess.
    """
    if "#" not in text:
        return False
    text = text.lstrip("\ufeff")
    start = _after_leading_block(text)
    try:
        tokens = list(yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return True
    spans = [
        (token.start_mark.index, token.end_mark.index)
        for token in tokens
        if isinstance(token, yaml.ScalarToken)
    ]
    for index in range(start, len(text)):
        if text[index] != "#" or (index > 0 and text[index - 1] not in " \t\n\r"):
            continue
        if not any(low <= index < high for low, high in spans):
            return True
    return False


# -- the parts of a file --------------------------------------------------------------


def _header_lines(header: str) -> list[str]:
    lines = []
    for line in header.strip("\n").splitlines():
        stripped = line.rstrip()
        if not stripped:
            lines.append("")
        elif stripped.lstrip().startswith("#"):
            lines.append(stripped)
        else:
            lines.append(f"# {stripped}")
    return lines


def _step_lines(ind: str, step: Step) -> list[str]:
    """A step's keys in a fixed order: what it is, how long, how often, what it says."""
    lines = _line(ind, "title", step.title)
    if step.position is not None:
        lines += _line(ind, "position", step.position)
    if step.duration is not None:
        lines += _line(ind, "duration", time_text(step.duration))
    if step.reps is not None:
        lines += _line(ind, "reps", _count(step.reps))
    if step.hold is not None:
        lines += _line(ind, "hold", time_text(step.hold))
    if step.rest_between_reps is not None:
        lines += _line(ind, "rest_between_reps", time_text(step.rest_between_reps))
    if step.sides:
        lines += _list(ind, "sides", step.sides)
    if step.sets != 1:
        lines += _line(ind, "sets", step.sets)
    if step.rest is not None:
        lines += _line(ind, "rest", time_text(step.rest))
    if step.pressure:
        lines += _line(ind, "pressure", True)
    if step.heat:
        lines += _line(ind, "heat", True)
    if step.pain_check is not None:
        lines += _line(ind, "pain_check", step.pain_check.value)
    lines += _picture_lines(ind, step.images, step.side_drawn)
    if step.cue is not None:
        lines += _text(ind, "cue: ", step.cue, fold=True)
    if step.say is not None:
        lines += _text(ind, "say: ", step.say, fold=True)
    if step.prompts:
        lines += _prompts_lines(ind, step.prompts)
    if step.seated is not None:
        lines.append(f"{ind}seated:")
        lines += _seated_lines(ind + "  ", step.seated)
    return lines


def _picture_lines(ind: str, images: tuple[str, ...], side_drawn: str | None) -> list[str]:
    """``image``: one picture on its line, frames as a list; then the side they show."""
    lines: list[str] = []
    if len(images) == 1:
        lines += _line(ind, "image", images[0])
    elif images:
        lines += _list(ind, "image", images)
    if side_drawn is not None:
        lines += _line(ind, "side_drawn", side_drawn)
    return lines


def _prompts_lines(ind: str, prompts: tuple[Prompt, ...]) -> list[str]:
    if not prompts:
        return [f"{ind}prompts: []"]
    lines = [f"{ind}prompts:"]
    for prompt in prompts:
        lines += _item(ind + "  ", _prompt_lines(ind + "    ", prompt))
    return lines


def _seated_lines(ind: str, seated: Seated) -> list[str]:
    """A step's seated version, in the step's own key order."""
    lines = []
    if seated.title is not None:
        lines += _line(ind, "title", seated.title)
    lines += _line(ind, "position", seated.position)
    lines += _picture_lines(ind, seated.images, seated.side_drawn)
    lines += _text(ind, "cue: ", seated.cue, fold=True)
    if seated.say is not None:
        lines += _text(ind, "say: ", seated.say, fold=True)
    if seated.prompts is not None:
        lines += _prompts_lines(ind, seated.prompts)
    return lines


def _prompt_lines(ind: str, prompt: Prompt) -> list[str]:
    return _line(ind, "at", time_text(prompt.at)) + _text(ind, "text: ", prompt.text, fold=True)


def _item(ind: str, lines: list[str]) -> list[str]:
    """Turns a mapping's lines (indented two more than ``ind``) into a list item: ``- key: ...``."""
    first = lines[0]
    return [f"{ind}- {first[len(ind) + 2 :]}", *lines[1:]]


def _count(count: CountRange) -> int | str:
    return str(count) if count.is_range else count.low


# -- values ---------------------------------------------------------------------------


def _line(ind: str, key: str, value: str | int | bool) -> list[str]:
    """``key: value`` on one line, quoted only where YAML would misread the value."""
    return [f"{ind}{key}: {_scalar(value)}"]


def _text(ind: str, lead: str, value: str, *, fold: bool) -> list[str]:
    """Text after ``lead`` (``key: `` or ``- ``): on one line when it fits, else folded.

    One paragraph folds into a ``>-`` block, as the built-in routines do. Several
    paragraphs become a ``|-`` block with a blank line between them: a folded
    block would need two blank lines for each paragraph break, which nobody
    writes by hand. The loader joins the lines of a paragraph again, so both
    read back as the same text.
    """
    one_line = f"{ind}{lead}{_scalar(value)}"
    multi = "\n" in value
    if not fold or not _block_safe(value) or (not multi and len(one_line) <= WIDTH):
        return [one_line]
    content = ind + "  "
    paragraphs = value.split("\n\n")
    lines = [f"{ind}{lead}{'|-' if multi else '>-'}"]
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        lines += [content + line for line in _wrap(paragraph, WIDTH - len(content))]
    return lines


def _list(ind: str, key: str, items: tuple[str, ...]) -> list[str]:
    """A short list in brackets (``[left, right]``), or one item a line when that is too long."""
    dumped = yaml.safe_dump(
        {"k": list(items)},
        allow_unicode=True,
        width=_NO_WRAP,
        sort_keys=False,
        default_flow_style=True,
    )
    flow = dumped.strip()[len("{k: ") : -1]
    line = f"{ind}{key}: {flow}"
    if len(line) <= WIDTH and "\n" not in flow:
        return [line]
    lines = [f"{ind}{key}:"]
    for item in items:
        lines += _text(ind + "  ", "- ", item, fold=False)
    return lines


def _scalar(value: str | int | bool) -> str:
    """One value as YAML writes it on one line, quoted where a plain word would be misread.

    Most text is plainly safe, and is written without asking PyYAML (which takes
    long enough to matter for a routine of many steps).
    """
    if isinstance(value, str) and _plain_for_sure(value):
        return value
    dumped = yaml.safe_dump(
        {"k": value}, allow_unicode=True, width=_NO_WRAP, sort_keys=False, default_flow_style=False
    )
    body = dumped[len("k: ") :].rstrip("\n")
    if "\n" in body:
        dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=_NO_WRAP, default_style='"')
        body = dumped[len('"k": ') :].rstrip("\n")
    return body


def _plain_for_sure(value: str) -> bool:
    if _TIME.fullmatch(value):
        return True
    return (
        _PLAIN.fullmatch(value) is not None
        and "  " not in value
        and value.lower() not in _WORDS_YAML_READS
    )


def _block_safe(value: str) -> bool:
    """Whether text can stand in a block scalar and read back the same.

    YAML allows only printable characters there, and the wrapping assumes what
    the loader makes of text: paragraphs split by one blank line, words by one space.
    """
    paragraphs = value.split("\n\n")
    tidy = all(paragraph and paragraph == " ".join(paragraph.split()) for paragraph in paragraphs)
    return tidy and all(_printable(character) for character in value)


def _printable(character: str) -> bool:
    if character == "\n" or " " <= character <= "~":
        return True
    if character == "\ufeff":
        return False
    return (
        "\xa0" <= character <= "\ud7ff"
        or "\ue000" <= character <= "\ufffd"
        or "\U00010000" <= character <= "\U0010ffff"
    )


def _wrap(paragraph: str, width: int) -> list[str]:
    """Greedy word wrap on single spaces (the loader has already folded all other white space)."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _after_leading_block(text: str) -> int:
    """Where the first line that is neither blank nor a comment starts."""
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return position
        position += len(line)
    return position
