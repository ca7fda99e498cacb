"""Reads a routine file's YAML into plain values that remember where they were written.

PyYAML's ``safe_load`` loses line numbers, silently keeps the last of two equal
keys, expands aliases without limit and reads every value the YAML 1.1 way
(``010`` is 8, ``1:30`` is 90). So no YAML object is ever constructed: the
parser's *events* are composed here, one at a time, into values that keep the
text as written and their line and column. The limits (values, nesting, steps)
are checked as each event arrives, so a huge file is refused after reading as
much of it as it takes to break a limit, not after composing all of it.

The events come from libyaml where it is installed (``yaml.__with_libyaml__``),
else from PyYAML's pure-Python parser (as on Android). The composing, the
limits and the messages are this module's, so both give the same values, lines
and refusals. Where libyaml finds a syntax error, the pure-Python parser reads
the file again and its message is the one reported: the two word their errors
differently, and an author should not get a different message on another device.
A file holding a tab is read by the pure-Python parser alone, since libyaml takes
a tab for a space where PyYAML refuses it. ``REREAD_LIMIT`` bounds both.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeAlias, cast

import yaml
from yaml.constructor import SafeConstructor

from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.written import Numeral

MAX_FILE_BYTES = 1_000_000
"""Checked before parsing: a routine is a few kilobytes, so anything near this is a mistake."""

MAX_VALUES = 20_000
"""How many values a file may expand to; stops alias bombs long before they cost time."""

MAX_DEPTH = 40
"""How deeply values may nest; a routine needs four or five levels."""

MAX_STEPS = 200
"""How many steps a routine may have. The longest built-in routine has eight; a file of
thousands of steps is a mistake, and is refused as soon as step 201 is read."""

REREAD_LIMIT = 256 * 1024
"""Where libyaml finds a syntax error within this many characters, the pure-Python parser
reads the file again, for its message; and a file of at most this many characters that
holds a tab is read by the pure-Python parser alone. All real routines are far smaller.
Reading further could take a second (PyYAML reads about a megabyte a second), so past
this libyaml's reading stands: a syntax error is in its words (at the same place), and a
tab where YAML wants a space is read as a space."""

Backend: TypeAlias = Literal["auto", "libyaml", "python"]
"""Which YAML parser reads the file: libyaml where installed (``auto``), or the pure-Python one."""

HAS_LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")
)
_TEXT_TAGS = {_STR, f"{_TAG}timestamp", f"{_TAG}value"}
"""Kept as the text written: dates have no use in a routine, and ``=`` is only a character."""
_NUMBER_TAGS = {_INT, _FLOAT}
_SCALAR_TAGS = _TEXT_TAGS | _NUMBER_TAGS | {_BOOL, _NULL}
_MERGE = f"{_TAG}merge"

_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
"""What YAML forbids in a file (PyYAML's and libyaml's reader refuse exactly these)."""

_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"

_TAB_INDENT = re.compile(r"(?:\A|(?<=[\r\n]))( *)\t")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

_SIMPLE_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


class _Mark(Protocol):
    index: int
    line: int
    column: int


class _EventSource(Protocol):
    """What both parsers offer: PyYAML's ``SafeLoader`` and libyaml's ``CSafeLoader``."""

    def get_event(self) -> Any: ...  # an Event; Any, so the hot loop can test type() fast

    def dispose(self) -> None: ...


@dataclass(slots=True)
class Where:
    """A place in a file, 1-based as editors show it."""

    line: int | None = None
    column: int | None = None


@dataclass(slots=True)
class Scalar:
    """One value. ``written`` is the text of a plain value YAML reads as a number.

    ``value`` is YAML's own reading (``010`` is 8; a number too long for Python
    is kept as its text), for files such as the reminders that are plain JSON.
    """

    value: str | int | float | bool | None
    where: Where
    written: str | None = None

    @property
    def as_written(self) -> str | int | float | bool | None:
        """The value for a routine's rules: a number is its :class:`Numeral`, the text written."""
        return self.value if self.written is None else Numeral(self.written)


@dataclass(slots=True)
class Sequence:
    items: tuple[Value, ...]
    where: Where


@dataclass(slots=True)
class Mapping:
    """A mapping with string keys, in the order written; ``key_where`` locates each key."""

    items: dict[str, Value]
    where: Where
    key_where: dict[str, Where] = field(default_factory=dict)


Value: TypeAlias = "Scalar | Sequence | Mapping"


def read_yaml(data: bytes, file: str, *, backend: Backend = "auto") -> Value:
    """Parses one YAML document, or raises :class:`RoutineError` saying what is wrong."""
    if len(data) > MAX_FILE_BYTES:
        raise _error(file, f"the file is {len(data):,} bytes; a routine file may be at most 1 MB")
    text = _decode(data, file)
    lines = _Lines(text)
    if not text.strip():
        raise _error(file, "the file is empty; a routine needs at least a title and steps", line=1)
    _check_characters(data, text, file, lines)
    _check_tabs(text, file, lines)
    use_libyaml = backend == "libyaml" or (backend == "auto" and HAS_LIBYAML)
    if use_libyaml and "\t" in text and len(text) <= REREAD_LIMIT:
        # libyaml takes a tab for a space where PyYAML refuses it (title:<tab>T), so a
        # file holding a tab is read by the pure-Python parser, the reference.
        use_libyaml = False
    if use_libyaml:
        try:
            root = _compose(yaml.CSafeLoader, text, file, lines)
        except yaml.YAMLError as error:
            if _error_index(error, len(text)) > REREAD_LIMIT:
                raise _syntax_error(error, file, lines) from None
            # libyaml words its syntax errors its own way (and refuses an escaped half
            # of a character pair outright); the pure-Python parser's reading is the
            # reference, so every device gives the same message.
            root = _compose(yaml.SafeLoader, text, file, lines)
    else:
        root = _compose(yaml.SafeLoader, text, file, lines)
    if root is None:
        raise _error(file, "the file is empty; a routine needs at least a title and steps", line=1)
    return root


def _compose(loader_class: type, text: str, file: str, lines: _Lines) -> Value | None:
    """Composes with one parser; libyaml's syntax errors are left to the caller."""
    loader = cast(_EventSource, loader_class(text))
    try:
        return _Composer(file, lines, loader).document()
    except yaml.YAMLError as error:
        if loader_class is not yaml.SafeLoader:
            raise
        raise _syntax_error(error, file, lines) from None
    except (ValueError, OverflowError) as error:
        if loader_class is not yaml.SafeLoader:
            raise
        # PyYAML's scanner calls chr() on the code of an escape such as \U00110000
        reason = (
            "an escape names no character (the highest is \\U0010FFFF)"
            if "chr()" in str(error)
            else "the YAML cannot be read here"
        )
        line, column = lines.place(getattr(loader, "index", 0))
        raise _error(file, f"YAML syntax: {reason}", line=line, column=column) from None
    finally:
        loader.dispose()


def _error_index(error: yaml.YAMLError, default: int) -> int:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if mark is not None:
            return int(mark.index)
    return default


def _syntax_error(error: yaml.YAMLError, file: str, lines: _Lines) -> RoutineError:
    if not isinstance(error, yaml.MarkedYAMLError):
        return _error(file, f"YAML syntax: {error}")
    mark = error.problem_mark or error.context_mark
    parts = [part for part in (error.context, error.problem) if part]
    reason = ", ".join(parts) or "the YAML cannot be read"
    if error.problem == "found character '\\t' that cannot start any token":
        reason = "a tab is used where YAML needs a space; replace it with spaces"
    where = lines.where(mark)
    return _error(file, f"YAML syntax: {reason}", line=where.line, column=where.column)


def _decode(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(file, "the file is saved as UTF-16; save it as UTF-8", line=1, column=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bom = len(b"\xef\xbb\xbf") if data.startswith(b"\xef\xbb\xbf") else 0
        before = data[bom : bom + error.start].decode("utf-8")
        line, column = _Lines(before).place(len(before))
        raise _error(
            file,
            f"byte 0x{data[bom + error.start]:02x} is not UTF-8 text; save the file as UTF-8",
            line=line,
            column=column,
        ) from None


class _Lines:
    """Turns a parser's mark into the line and column an editor shows.

    Editors break lines at ``\\n``, ``\\r\\n`` and ``\\r``; YAML 1.1 also at U+0085,
    U+2028 and U+2029. And the two parsers count lines differently at the end of
    a file without a final line break. In a file with neither (nearly all), the
    parser's own line and column are the editor's; in the others they are counted
    here from the character's index, which both parsers count alike.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.direct = text.endswith(("\n", "\r")) and not any(
            separator in text for separator in ("\x85", "\u2028", "\u2029")
        )
        self.starts: list[int] | None = None

    def place(self, index: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]
        number = bisect.bisect_right(self.starts, index)
        return number, index - self.starts[number - 1] + 1

    def where(self, mark: _Mark | None) -> Where:
        if mark is None:
            return Where()
        if self.direct:
            return Where(mark.line + 1, mark.column + 1)
        return Where(*self.place(mark.index))


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


def _check_characters(data: bytes, text: str, file: str, lines: _Lines) -> None:
    if not data.translate(None, _PLAIN_ASCII):
        return  # printable ASCII, tabs and line breaks only: most files, checked fast
    bom = text.find("\ufeff")
    if bom >= 0:
        # Only the file's first character may be one, and decoding removed it. The two
        # parsers disagree about any other (one skips it, one reads it as text), and it
        # is invisible: most often two files were joined.
        line, column = lines.place(bom)
        raise _error(
            file,
            "the file holds a byte order mark (U+FEFF), an invisible character, after its "
            "start; remove it (were two files joined?)",
            line=line,
            column=column,
        )
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    line, column = lines.place(bad.start())
    hint = " (is the file saved as UTF-16? save it as UTF-8)" if bad.group() == "\x00" else ""
    raise _error(
        file,
        f"the character {_codepoint(bad.group())} cannot appear in a YAML file; remove it{hint}",
        line=line,
        column=column,
    )


def _check_tabs(text: str, file: str, lines: _Lines) -> None:
    """Gives tabs in indentation a message of their own: YAML's ('found character') puzzles."""
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab is None:
        return
    line, column = lines.place(tab.start(1))
    raise _error(
        file,
        "a tab is used for indentation; YAML needs spaces",
        line=line,
        column=column + len(tab.group(1)),
    )


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


class _Frame:
    """A list or mapping being read: its items so far, and, in a mapping, the pending key."""

    __slots__ = (
        "anchor",
        "depth",
        "entries",
        "height",
        "is_mapping",
        "is_steps",
        "items",
        "key",
        "key_where",
        "path",
        "size",
        "where",
    )

    def __init__(
        self, where: Where, path: str, depth: int, anchor: str | None, is_mapping: bool
    ) -> None:
        self.where = where
        self.path = path
        self.depth = depth
        self.anchor = anchor
        self.is_mapping = is_mapping
        self.is_steps = depth == 1 and path == "steps" and not is_mapping
        self.size = 1
        self.height = 1
        self.items: list[Value] = []
        self.entries: dict[str, Value] = {}
        self.key_where: dict[str, Where] = {}
        self.key: str | None = None

    def child(self) -> str:
        """The path of the value being read in this list or mapping."""
        if not self.is_mapping:
            return item_path(self.path, len(self.items))
        return child_path(self.path, self.key or "")


@dataclass
class _Anchored:
    value: Value | None
    where: Where
    size: int = 1
    height: int = 0


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
"""YAML 1.1's reading of plain values (``yes`` is true, ``010`` an int), by first character:
the table both ``SafeLoader`` and ``CSafeLoader`` resolve with."""


def _plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain value, as ``Resolver.resolve`` finds it.

    Short values are remembered: a routine's keys and many of its values (``30s``)
    recur. Long ones are not, so no file's text is kept once it is read.
    """
    return _short_tag(value) if len(value) <= 40 else _resolve(value)


def _resolve(value: str) -> str:
    for tag, pattern in _IMPLICIT.get(value[:1], []) + _IMPLICIT.get(None, []):
        if pattern.match(value):
            return str(tag)
    return _STR


_short_tag = functools.lru_cache(maxsize=4096)(_resolve)


class _Composer:
    """Builds values from parser events, counting as it goes so no limit is passed unseen.

    It runs for every event of every routine, so it is written for speed: one
    loop, paths and places worked out only where a message needs them.
    """

    def __init__(self, file: str, lines: _Lines, loader: _EventSource) -> None:
        self.file = file
        self.lines = lines
        self.loader = loader
        self.count = 0
        self.anchors: dict[str, _Anchored] = {}
        self.constructor = SafeConstructor()

    def document(self) -> Value | None:
        get = self.loader.get_event
        get()  # the stream's start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        root = self.node()
        get()  # the document's end
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise self.error(
                self.lines.where(event.start_mark),
                "",
                "the file holds another document after the first (a second '---'); "
                "a routine file holds one document",
            )
        return root

    def node(self) -> Value:
        """Reads one whole value, with an explicit stack: deep nesting never recurses."""
        get = self.loader.get_event
        where_of = self.lines.where
        direct = self.lines.direct
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        stack: list[_Frame] = []
        parent: _Frame | None = None
        value: Value
        while True:
            event = get()
            kind = type(event)
            if kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                value = self.close(frame)
                parent = stack[-1] if stack else None
                if parent is None:
                    return value
                size, height = frame.size, frame.height
            else:
                mark = event.start_mark
                where = Where(mark.line + 1, mark.column + 1) if direct else where_of(mark)
                if parent is not None and parent.is_mapping and parent.key is None:
                    if (
                        kind is scalar_event
                        and event.tag is None
                        and event.anchor is None
                        and event.value not in parent.entries
                        and (not event.implicit[0] or _plain_tag(event.value) in _SCALAR_TAGS)
                        and self.count < MAX_VALUES
                    ):
                        key = event.value  # a plain word, the common case: nothing to check
                        self.count += 1
                        parent.key = key
                        parent.key_where[key] = where
                        parent.size += 1
                    else:
                        self.key(event, where, parent)
                    continue
                if parent is not None and parent.is_steps and len(parent.items) >= MAX_STEPS:
                    self.too_many_steps(where)
                if kind is scalar_event:
                    self.count += 1
                    if self.count > MAX_VALUES:
                        raise self.too_many(where, parent)
                    if event.tag is None and (
                        not event.implicit[0] or _plain_tag(event.value) == _STR
                    ):
                        value = Scalar(event.value, where)  # text, the common case
                    else:
                        value = self.scalar(event, where, parent)
                    if event.anchor is not None:
                        self.remember(event.anchor, _Anchored(value, where))
                    if parent is None:
                        return value
                    parent.size += 1
                    if parent.is_mapping:
                        parent.entries[parent.key] = value  # type: ignore[index]
                        parent.key = None
                    else:
                        parent.items.append(value)
                    continue
                if kind is alias_event:
                    value, size, height = self.alias(event, where, parent)
                    if parent is None:
                        return value
                elif isinstance(event, yaml.CollectionStartEvent):
                    parent = self.open(event, where, parent)
                    stack.append(parent)
                    continue
                else:
                    raise self.error(where, _path(parent), "this YAML value cannot be read")
            parent.size += size
            if parent.height <= height:
                parent.height = height + 1
            if parent.is_mapping:
                parent.entries[parent.key] = value  # type: ignore[index]
                parent.key = None
            else:
                parent.items.append(value)

    def open(self, event: yaml.CollectionStartEvent, where: Where, parent: _Frame | None) -> _Frame:
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        depth = parent.depth + 1 if parent is not None else 0
        path = _path(parent)
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.too_many(where, parent)
        if depth > MAX_DEPTH:
            raise self.too_deep(where, path)
        self.check_tag(event, _TAG + ("map" if is_mapping else "seq"), where, path)
        if event.anchor is not None:
            self.remember(event.anchor, _Anchored(None, where))
        return _Frame(where, path, depth, event.anchor, is_mapping)

    def close(self, frame: _Frame) -> Value:
        value: Value
        if frame.is_mapping:
            value = Mapping(frame.entries, frame.where, frame.key_where)
        else:
            value = Sequence(tuple(frame.items), frame.where)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = _Anchored(value, frame.where, frame.size, frame.height)
        return value

    def key(self, event: yaml.Event, where: Where, frame: _Frame) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise self.error(
                where, frame.path, "a key must be a plain word, such as title or duration"
            )
        tag = self.scalar_tag(event)
        if tag == _MERGE:
            raise self.error(
                where, frame.path, "merge keys (<<) are not supported; write the keys out"
            )
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.too_many(where, frame)
        if tag not in _SCALAR_TAGS:
            raise self.error(
                where, frame.path, "a key must be a plain word, such as title or duration"
            )
        key = str(event.value)
        if event.anchor is not None:
            self.remember(event.anchor, _Anchored(Scalar(key, where), where))
        if key in frame.entries:
            first = frame.key_where[key]
            raise self.error(
                where,
                child_path(frame.path, key),
                f"{key!r} is written twice in this mapping (first on line {first.line}); keep one",
            )
        frame.key = key
        frame.key_where[key] = where
        frame.size += 1

    def scalar(self, event: yaml.ScalarEvent, where: Where, parent: _Frame | None) -> Scalar:
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return Scalar(text, where)  # quoted, or a block of text
            tag = _plain_tag(text)
            if tag == _STR:
                return Scalar(text, where)
        if tag in _TEXT_TAGS:
            return Scalar(text, where)
        if tag == _NULL:
            return Scalar(None, where)
        if tag == _BOOL:
            truth = SafeConstructor.bool_values.get(text.lower())
            if truth is None:
                raise self.error(where, _path(parent), f"{text!r} cannot be read as bool")
            return Scalar(truth, where)
        if tag in _NUMBER_TAGS:
            return Scalar(self.number(event, tag, where, parent), where, written=text)
        raise self.tag_error(tag, where, _path(parent))

    def number(
        self, event: yaml.ScalarEvent, tag: str, where: Where, parent: _Frame | None
    ) -> int | float | str:
        """YAML's own reading of a number, for files that want it; its text when it has none."""
        text = event.value
        if tag == _INT and _SIMPLE_INT.fullmatch(text):
            return int(text)
        node = yaml.ScalarNode(tag, text)
        try:
            if tag == _INT:
                return self.constructor.construct_yaml_int(node)
            return self.constructor.construct_yaml_float(node)
        except (ValueError, OverflowError, KeyError, IndexError):
            if event.tag in (None, "!"):
                return text  # too long for Python, such as 5,000 digits: the rules say why
            kind = tag.rsplit(":", 1)[-1]
            raise self.error(where, _path(parent), f"{text!r} cannot be read as {kind}") from None

    def scalar_tag(self, event: yaml.ScalarEvent) -> str:
        if event.tag is None or event.tag == "!":
            return _plain_tag(event.value) if event.implicit[0] else _STR
        return str(event.tag)

    def alias(
        self, event: yaml.AliasEvent, where: Where, parent: _Frame | None
    ) -> tuple[Value, int, int]:
        name = event.anchor or ""
        anchored = self.anchors.get(name)
        if anchored is None:
            raise self.error(
                where,
                _path(parent),
                f"the alias *{name} names no anchor; write &{name} on a value above it, "
                "or write the value out",
            )
        if anchored.value is None:
            raise self.error(
                where,
                _path(parent),
                f"the alias *{name} is inside the value it names, which would repeat forever; "
                "write the value out",
            )
        self.count += anchored.size
        if self.count > MAX_VALUES:
            raise self.too_many(where, parent)
        depth = parent.depth + 1 if parent is not None else 0
        if depth + anchored.height - 1 > MAX_DEPTH:
            raise self.too_deep(where, _path(parent))
        return anchored.value, anchored.size, anchored.height

    def remember(self, anchor: str, anchored: _Anchored) -> None:
        first = self.anchors.get(anchor)
        if first is not None:
            raise self.error(
                anchored.where,
                "",
                f"the anchor &{anchor} is used twice (first on line {first.where.line}); "
                "give each anchor its own name",
            )
        self.anchors[anchor] = anchored

    def too_many_steps(self, where: Where) -> None:
        raise self.error(
            where,
            "steps",
            f"a routine may have at most {MAX_STEPS} steps, and this is step "
            f"{MAX_STEPS + 1}; split it into several routines",
        )

    def too_many(self, where: Where, parent: _Frame | None) -> RoutineError:
        return self.error(
            where,
            _path(parent),
            f"the file expands to more than {MAX_VALUES:,} values, "
            "usually through anchors and aliases (&, *); write the routine out plainly",
        )

    def too_deep(self, where: Where, path: str) -> RoutineError:
        return self.error(
            where, path, f"values are nested too deeply (more than {MAX_DEPTH} levels)"
        )

    def check_tag(
        self, event: yaml.CollectionStartEvent, expected: str, where: Where, path: str
    ) -> None:
        if event.tag is not None and event.tag != "!" and event.tag != expected:
            raise self.tag_error(event.tag, where, path)

    def tag_error(self, tag: str, where: Where, path: str) -> RoutineError:
        shown = tag.replace(_TAG, "!!")
        return self.error(
            where,
            path,
            f"the YAML tag {shown} is not allowed; a routine holds plain text, numbers and lists",
        )

    def error(self, where: Where, path: str, message: str) -> RoutineError:
        return _error(self.file, message, where.line, where.column, field=path)


def _path(parent: _Frame | None) -> str:
    return parent.child() if parent is not None else ""
