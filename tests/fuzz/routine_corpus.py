"""A seeded generator of malformed routine files, made from the built-in routines.

Each case is one built-in routine damaged in one to three ways that real files
are damaged, or that a hostile file would try: flipped bytes, a cut-off end,
deep nesting, huge and special numbers, YAML 1.1's sexagesimal and octal
forms, unicode tricks (line separators, lone surrogates, direction overrides,
terminal escapes), YAML tags, merge keys, anchors and aliases, very long lines,
CRLF and lone CR, byte order marks, UTF-16 and UTF-32, thousands of steps.

Case ``i`` of seed ``s`` depends only on ``(s, i)``, so a failing case is
rebuilt from the two numbers in its name. :func:`check` runs one case through
the loader with each YAML parser; the suite (tests/fuzz/test_routine_fuzz.py)
runs a few hundred cases and bench/routine_fuzz.py a few thousand.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from unknot.core.paths import ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import parse_routine_text, routine_files
from unknot.core.routines.model import Routine
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.yaml_reader import HAS_LIBYAML, REREAD_LIMIT, Backend

SIZE_REFUSAL = re.compile(r"^the file is [\d,]+ bytes; a routine (file )?may be at most 1 MB$")
"""The one refusal made before the text is read, so it has no line to name."""

_NUMBER_KEYS = (
    "duration",
    "reps",
    "hold",
    "rest_between_reps",
    "sets",
    "rest",
    "at",
    "per_day",
    "level",
)
_VALUE = re.compile(rf"^(\s*-?\s*(?:{'|'.join(_NUMBER_KEYS)}):[ ]*)([^\n#]*)$", re.MULTILINE)
_TEXT_VALUE = re.compile(r"^(\s*-?\s*(?:title|cue|say|summary|position|text):[ ]*)([^\n]*)$", re.M)

SPECIAL_NUMBERS = (
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "0x1e",
    "0o17",
    "0b11",
    "1_0",
    "+5",
    ".5",
    "5.",
    "0.0000000001",
    "1e3",
    "1.0e+308",
    "-1.0e+308",
    "9e999",
    "-0",
    "0",
    "-5",
    "2.55",
    "7201",
    "9" * 5000,
    "1" + "0" * 400,
    "9" * 5000 + ".5",
    "9" * 400 + ":00",
    "٣٠",
    "²",
    "１０",
    "true",
    "yes",
    "~",
    "null",
    "''",
    "[]",
    "{}",
    "30 s",
    "1h 1m 1s",
)
SEXAGESIMAL_AND_OCTAL = (
    "1:30",
    "1:5",
    "0:05",
    "01:30",
    "1:60",
    "1:02:03",
    "190:20:30",
    "010",
    "012",
    "08",
    "0010",
    "0o10",
    "1_000",
    "1:30:00:00",
)
UNICODE_TRICKS = (
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\u200d",
    "\u202e",
    "\u2066",
    "\x1b[31m",
    "\x07",
    "\x00",
    "\x7f",
    "\x9b",
    "\ue000",
    "\U0001f600",
    "e\u0301" * 50,
    "\ufffe",
    "\r",
    "\t",
)
ESCAPES_IN_QUOTES = (
    r"\ud800",
    r"\udfff",
    r"\ud83d\ude00",
    r"\e[2J",
    r"\x1b]0;pwned\x07",
    r"\0",
    r"\x85",
    r"\L",
    r"\P",
    r"\N",
    r"\_",
    r"\U0010ffff",
    r"\U00110000",
    r"\uDC00abc",
)
TAGS = (
    '!!python/object/apply:os.system ["true"]',
    "!!python/name:os.system ''",
    "!!binary aGk=",
    "!custom x",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!str 30",
    "!!int 30",
    "!!int x",
    "!!float 1e400",
    "!!bool maybe",
    "!!null x",
    "!!timestamp 2024-01-01",
    "!<tag:yaml.org,2002:str> x",
    "! 30",
    "!!map {a: 1}",
    "!!seq [1]",
)


@dataclass(frozen=True)
class Case:
    """One damaged file: ``name`` says how it was made, ``data`` is its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    """What the loader made of one case with one parser."""

    routine: Routine | None
    problems: tuple[Problem, ...]
    other: str | None
    seconds: float

    @property
    def result(self) -> object:
        """What the two parsers must agree on: the routine, or the problems, or the crash."""
        return self.routine if self.routine is not None else (self.problems, self.other)


def builtin_files() -> list[Path]:
    return routine_files(BUILTIN_ROUTINES_DIR)


def cases(count: int, seed: int = 0) -> Iterator[Case]:
    """``count`` damaged files; the same seed gives the same files."""
    bases = [(path.stem, path.read_bytes()) for path in builtin_files()]
    for index in range(count):
        yield make_case(bases, seed, index)


def make_case(bases: list[tuple[str, bytes]], seed: int, index: int) -> Case:
    rng = random.Random(f"{seed}:{index}")
    stem, data = rng.choice(bases)
    names = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        name, mutate = rng.choice(MUTATIONS)
        data = mutate(rng, data)
        names.append(name)
    return Case(f"seed {seed} case {index}: {stem} + {' + '.join(names)}", data)


def check(case: Case, backend: Backend) -> Outcome:
    """Loads one case as the app does, from bytes, timing it; never raises."""
    started = time.perf_counter()
    routine: Routine | None = None
    problems: tuple[Problem, ...] = ()
    other: str | None = None
    try:
        routine = parse_routine_text(
            case.data,
            "case.yaml",
            default_id="case",
            routine_dir=BUILTIN_ROUTINES_DIR,
            assets_dir=ASSETS_DIR,
            backend=backend,
        )
    except RoutineError as error:
        problems = error.problems
    except BaseException as error:  # the point of fuzzing: anything else is a finding
        if isinstance(error, KeyboardInterrupt):
            raise
        other = f"{type(error).__name__}: {error}"[:300]
    return Outcome(routine, problems, other, time.perf_counter() - started)


def faults(outcome: Outcome, file: str = "case.yaml") -> list[str]:
    """What is wrong with how a case was handled, as sentences; empty when all is well."""
    found = []
    if outcome.other is not None:
        found.append(f"raised {outcome.other}")
    for problem in outcome.problems:
        if problem.file != file:
            found.append(f"a problem names the file {problem.file!r}: {problem}")
        if problem.line is None and not SIZE_REFUSAL.match(problem.message):
            found.append(f"a problem without a line: {problem}")
    return found


def disagreement(case: Case, python: Outcome, libyaml: Outcome) -> str | None:
    """How the two parsers' results differ, or ``None`` when they agree.

    Past ``REREAD_LIMIT`` characters libyaml's reading stands
    (tests/core/routines/test_yaml_backends.py says why): a syntax error in its
    words, and a tab taken for a space. Both still refuse such a file, or
    libyaml accepts a tab that PyYAML refuses; nothing else may differ.
    """
    if python.result == libyaml.result:
        return None
    text = case.data.decode("utf-8-sig", "replace")
    if len(text) > REREAD_LIMIT and libyaml.routine is None and libyaml.other is None:
        [problem] = libyaml.problems or [None]
        if problem is not None and problem.message.startswith("YAML syntax: "):
            return None
    if len(text) > REREAD_LIMIT and "\t" in text:
        refused = [problem.message for problem in python.problems]
        if any(message.startswith("YAML syntax: a tab is used") for message in refused):
            return None
    return f"python: {_summary(python)}\nlibyaml: {_summary(libyaml)}"


def _summary(outcome: Outcome) -> str:
    if outcome.routine is not None:
        return f"loaded {outcome.routine.id}"
    if outcome.other is not None:
        return outcome.other
    return "; ".join(str(problem) for problem in outcome.problems)[:500]


def backends() -> list[Backend]:
    return ["python", "libyaml"] if HAS_LIBYAML else ["python"]


# --- The mutations ----------------------------------------------------------------------

Mutation = Callable[[random.Random, bytes], bytes]


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _position(rng: random.Random, data: bytes | str) -> int:
    return rng.randrange(len(data) + 1)


def _line_start(rng: random.Random, text: str) -> int:
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    return rng.choice(starts)


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not damaged:
            break
        at = rng.randrange(len(damaged))
        damaged[at] = (
            rng.randrange(256) if rng.random() < 0.5 else damaged[at] ^ (1 << rng.randrange(8))
        )
    return bytes(damaged)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: _position(rng, data)]


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice((39, 40, 41, 45, 100, 1000, 50_000))
    opener, closer = rng.choice((("[", "]"), ("{a: ", "}"), ("- ", "")))
    if opener == "- ":
        nested = "".join(f"\n{'  ' * level}- " for level in range(min(depth, 300))) + "x"
    else:
        nested = opener * depth + "x" + closer * rng.choice((0, depth))
    return _replace_value(rng, data, nested) if rng.random() < 0.7 else _bytes(nested)


def _replace_value(
    rng: random.Random, data: bytes, value: str, pattern: re.Pattern[str] = _VALUE
) -> bytes:
    text = _text(data)
    matches = list(pattern.finditer(text))
    if not matches:
        return _bytes(text + f"\nduration: {value}\n")
    match = rng.choice(matches)
    return _bytes(text[: match.start(2)] + value + text[match.end(2) :])


def special_number(rng: random.Random, data: bytes) -> bytes:
    return _replace_value(rng, data, rng.choice(SPECIAL_NUMBERS))


def sexagesimal_or_octal(rng: random.Random, data: bytes) -> bytes:
    return _replace_value(rng, data, rng.choice(SEXAGESIMAL_AND_OCTAL))


def number_as_text(rng: random.Random, data: bytes) -> bytes:
    value = rng.choice(SPECIAL_NUMBERS + SEXAGESIMAL_AND_OCTAL)
    return _replace_value(rng, data, value, _TEXT_VALUE)


def unicode_trick(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    at = _position(rng, text) if rng.random() < 0.5 else _line_start(rng, text)
    trick = rng.choice(UNICODE_TRICKS)
    return _bytes(text[:at] + trick + text[at:])


def escape_in_quotes(rng: random.Random, data: bytes) -> bytes:
    escape = rng.choice(ESCAPES_IN_QUOTES)
    return _replace_value(rng, data, f'"A{escape}B"', _TEXT_VALUE)


def yaml_tag(rng: random.Random, data: bytes) -> bytes:
    pattern = rng.choice((_VALUE, _TEXT_VALUE))
    tagged = _replace_value(rng, data, rng.choice(TAGS), pattern)
    if rng.random() < 0.2:
        return b"%TAG !e! tag:example.com,2000:\n---\n" + tagged.replace(b"!custom", b"!e!x")
    return tagged


def merge_key(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    text = text.replace("steps:", "base: &base {duration: 30s, cue: Merged}\nsteps:", 1)
    at = text.find("  - title:")
    if at < 0:
        return _bytes(text + "\n<<: *base\n")
    return _bytes(text[:at] + "  - <<: *base\n    title: Merged step\n" + text[at:])


def anchors(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    kind = rng.choice(("bomb", "undefined", "recursive", "reuse", "twice", "key"))
    if kind == "bomb":
        width = rng.choice((3, 10, 20))
        lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
        lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]" for n in range(1, 9)]
        return _bytes("\n".join(lines) + "\n" + text)
    if kind == "undefined":
        return _replace_value(rng, data, "*nowhere")
    if kind == "recursive":
        return _bytes(text.replace("steps:", "steps: &s [*s]\nsteps_again:", 1))
    if kind == "reuse":
        replaced = _replace_value(rng, data, "&t 30s")
        return replaced + b"extra: *t\n"
    if kind == "twice":
        return _bytes(text.replace("title:", "title: &x", 1).replace("\n", "\nid: &x x\n", 1))
    return _bytes("&k title: Anchored key\n" + text)


def long_line(rng: random.Random, data: bytes) -> bytes:
    length = rng.choice((5_000, 100_000, 900_000, 1_000_001))
    kind = rng.choice(("plain", "quoted", "comment", "key"))
    if kind == "plain":
        line = "summary: " + "word " * (length // 5)
    elif kind == "quoted":
        line = 'summary: "' + "x" * length + '"'
    elif kind == "comment":
        line = "# " + "#" * length
    else:
        line = "k" * length + ": x"
    text = _text(data)
    at = _line_start(rng, text)
    return _bytes(text[:at] + line + "\n" + text[at:])


def line_endings(rng: random.Random, data: bytes) -> bytes:
    kind = rng.choice(("crlf", "cr", "mixed"))
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "cr":
        return data.replace(b"\n", b"\r")
    return b"".join(line + rng.choice((b"\n", b"\r\n", b"\r")) for line in data.split(b"\n"))


def byte_order_mark(rng: random.Random, data: bytes) -> bytes:
    bom = b"\xef\xbb\xbf"
    kind = rng.choice(("start", "twice", "middle"))
    if kind == "start":
        return bom + data
    if kind == "twice":
        return bom + bom + data
    at = _position(rng, data)
    return data[:at] + bom + data[at:]


def wide_encoding(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    encoding = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1"))
    return text.encode(encoding, "replace")


def many_steps(rng: random.Random, data: bytes) -> bytes:
    count = rng.choice((199, 200, 201, 1000, 35_700))
    step = rng.choice(("  - {title: A, duration: 1}\n", "  - title: A\n    reps: 5\n"))
    return b"title: Many\nsteps:\n" + _bytes(step * count) + rng.choice((b"", b"bad: [\n"))


def duplicate_key(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    match = rng.choice(list(_VALUE.finditer(text)) or [None])
    if match is None:
        return _bytes(text + "title: again\n")
    line = match.group(0)
    return _bytes(text[: match.end()] + "\n" + line + text[match.end() :])


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _text(data).split("\n")
    kind = rng.choice(("swap", "delete", "duplicate", "indent", "dedent", "tab"))
    at = rng.randrange(len(lines))
    if kind == "swap":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "indent":
        lines[at] = " " * rng.randint(1, 4) + lines[at]
    elif kind == "dedent":
        lines[at] = lines[at][rng.randint(1, 4) :]
    else:
        lines[at] = "\t" + lines[at].lstrip(" ")
    return _bytes("\n".join(lines))


def documents(rng: random.Random, data: bytes) -> bytes:
    kind = rng.choice(("second", "leading", "end", "empty"))
    if kind == "second":
        return data + b"\n---\n" + data
    if kind == "leading":
        return b"---\n" + data
    if kind == "end":
        return data + b"\n...\n"
    return b"---\n...\n"


MUTATIONS: list[tuple[str, Mutation]] = [
    ("flipped bytes", flip_bytes),
    ("flipped bytes", flip_bytes),
    ("truncated", truncate),
    ("truncated", truncate),
    ("deep nesting", deep_nesting),
    ("special number", special_number),
    ("special number", special_number),
    ("sexagesimal or octal", sexagesimal_or_octal),
    ("sexagesimal or octal", sexagesimal_or_octal),
    ("number as text", number_as_text),
    ("unicode trick", unicode_trick),
    ("unicode trick", unicode_trick),
    ("escape in quotes", escape_in_quotes),
    ("yaml tag", yaml_tag),
    ("merge key", merge_key),
    ("anchors", anchors),
    ("long line", long_line),
    ("line endings", line_endings),
    ("byte order mark", byte_order_mark),
    ("wide encoding", wide_encoding),
    ("many steps", many_steps),
    ("duplicate key", duplicate_key),
    ("shuffled lines", shuffle_lines),
    ("shuffled lines", shuffle_lines),
    ("documents", documents),
]
