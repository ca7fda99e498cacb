"""Reads a routine file's YAML into plain values that remember where they were written.

PyYAML's ``safe_load`` loses line numbers, silently keeps the last of two equal
keys and expands aliases without limit. So the file is only *composed* into
nodes (no tag ever constructs an object), and the nodes are walked here with
those checks, keeping each value's line and column for the error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import yaml
from yaml.constructor import SafeConstructor

from unknot.core.routines.problems import Problem, RoutineError

MAX_FILE_BYTES = 1_000_000
"""Checked before parsing: a routine is a few kilobytes, so anything near this is a mistake."""

MAX_VALUES = 20_000
"""How many values a file may expand to; stops alias bombs long before they cost time."""

MAX_DEPTH = 40
"""How deeply values may nest; a routine needs four or five levels."""

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_TEXT_TAGS = {f"{_TAG}timestamp"}
"""Dates are kept as the text that was written: a routine has no use for date objects."""


@dataclass(frozen=True)
class Where:
    """A place in a file, 1-based as editors show it."""

    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Scalar:
    value: str | int | float | bool | None
    where: Where


@dataclass(frozen=True)
class Sequence:
    items: tuple[Value, ...]
    where: Where


@dataclass(frozen=True)
class Mapping:
    """A mapping with string keys, in the order written; ``key_where`` locates each key."""

    items: dict[str, Value]
    where: Where
    key_where: dict[str, Where] = field(default_factory=dict)


Value: TypeAlias = "Scalar | Sequence | Mapping"


def read_yaml(data: bytes, file: str) -> Value:
    """Parses one YAML document, or raises :class:`RoutineError` saying what is wrong."""
    if len(data) > MAX_FILE_BYTES:
        raise _error(file, f"the file is {len(data):,} bytes; a routine file may be at most 1 MB")
    text = _decode(data, file)
    if not text.strip() or _only_comments(text):
        raise _error(file, "the file is empty; a routine needs at least a title and steps", line=1)
    _check_tabs(text, file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as error:
        line, column = _line_and_column(text, error.position)
        raise _error(
            file,
            f"the character {_codepoint(error.character)} cannot appear in a YAML file; remove it",
            line=line,
            column=column,
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        parts = [part for part in (error.context, error.problem) if part]
        reason = ", ".join(parts) or "the YAML cannot be read"
        where = _where(mark)
        raise _error(file, f"YAML syntax: {reason}", line=where.line, column=where.column) from None
    except yaml.YAMLError as error:
        raise _error(file, f"YAML syntax: {error}") from None
    except RecursionError:
        raise _error(file, f"values are nested too deeply (more than {MAX_DEPTH} levels)") from None
    if node is None:
        raise _error(file, "the file is empty; a routine needs at least a title and steps", line=1)
    return _Walker(file).walk(node, path="", depth=0)


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise _error(
            file,
            f"byte 0x{data[error.start]:02x} is not UTF-8 text; save the file as UTF-8",
            line=line,
            column=column,
        ) from None


def _codepoint(character: int | str) -> str:
    value = character if isinstance(character, int) else ord(character)
    return f"U+{value:04X}"


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _check_tabs(text: str, file: str) -> None:
    """Gives tabs in indentation a message of their own: YAML's ('found character') puzzles."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _error(
                file,
                "a tab is used for indentation; YAML needs spaces",
                line=number,
                column=indent.index("\t") + 1,
            )


def _where(mark: yaml.Mark | None) -> Where:
    if mark is None:
        return Where()
    return Where(mark.line + 1, mark.column + 1)


def _error(
    file: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    field: str = "",
) -> RoutineError:
    return RoutineError([Problem(file, field, message, line, column)])


def child_path(path: str, key: str) -> str:
    """The path of a mapping's key, such as ``steps[2].reps``."""
    return f"{path}.{key}" if path else key


def item_path(path: str, index: int) -> str:
    """The path of a list's item, counted from 1 as people count steps."""
    return f"{path}[{index + 1}]"


class _Walker:
    """Turns composed nodes into values, counting them so aliases cannot explode."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.constructor = SafeConstructor()

    def walk(self, node: yaml.Node, path: str, depth: int) -> Value:
        self.count += 1
        where = _where(node.start_mark)
        if self.count > MAX_VALUES:
            raise self.error(
                where,
                path,
                f"the file expands to more than {MAX_VALUES:,} values, "
                "usually through anchors and aliases (&, *); write the routine out plainly",
            )
        if depth > MAX_DEPTH:
            message = f"values are nested too deeply (more than {MAX_DEPTH} levels)"
            raise self.error(where, path, message)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, where, path)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, f"{_TAG}seq", where, path)
            items = (
                self.walk(item, item_path(path, index), depth + 1)
                for index, item in enumerate(node.value)
            )
            return Sequence(tuple(items), where)
        if isinstance(node, yaml.MappingNode):
            self.check_tag(node, f"{_TAG}map", where, path)
            return self.mapping(node, where, path, depth)
        raise self.error(where, path, "this YAML value cannot be read")

    def scalar(self, node: yaml.ScalarNode, where: Where, path: str) -> Scalar:
        if node.tag in _TEXT_TAGS:
            return Scalar(str(node.value), where)
        if node.tag not in _PLAIN_TAGS:
            raise self.tag_error(node.tag, where, path)
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError, IndexError):
            kind = node.tag.rsplit(":", 1)[-1]
            raise self.error(where, path, f"{node.value!r} cannot be read as {kind}") from None
        return Scalar(value, where)

    def mapping(self, node: yaml.MappingNode, where: Where, path: str, depth: int) -> Mapping:
        items: dict[str, Value] = {}
        key_where: dict[str, Where] = {}
        for key_node, value_node in node.value:
            at = _where(key_node.start_mark)
            if key_node.tag == f"{_TAG}merge":
                raise self.error(at, path, "merge keys (<<) are not supported; write the keys out")
            self.count += 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise self.error(at, path, "a key must be a plain word, such as title or duration")
            key = str(key_node.value)
            if key in items:
                first = key_where[key]
                raise self.error(
                    at,
                    child_path(path, key),
                    f"{key!r} is written twice in this mapping (first on line {first.line}); "
                    "keep one",
                )
            items[key] = self.walk(value_node, child_path(path, key), depth + 1)
            key_where[key] = at
        return Mapping(items, where, key_where)

    def check_tag(self, node: yaml.Node, expected: str, where: Where, path: str) -> None:
        if node.tag != expected:
            raise self.tag_error(node.tag, where, path)

    def tag_error(self, tag: str, where: Where, path: str) -> RoutineError:
        shown = tag.replace(_TAG, "!!")
        return self.error(
            where,
            path,
            f"the YAML tag {shown} is not allowed; a routine holds plain text, numbers and lists",
        )

    def error(self, where: Where, path: str, message: str) -> RoutineError:
        return _error(self.file, message, where.line, where.column, field=path)
