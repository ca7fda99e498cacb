"""libyaml and the pure-Python parser give the same values, lines and refusals.

The app reads routines with libyaml where it is installed (it is about twenty
times faster) and with PyYAML's pure-Python parser elsewhere, as on Android.
Both feed the same composer, so values, limits and messages are the reader's
own; these tests run both over the same files, good and bad, and compare
everything: values, lines, columns and messages.

Two differences are allowed, both only past ``REREAD_LIMIT`` characters into
a file (all real routines are far smaller), and tested as such. There libyaml's
reading stands, because reading that far again with the pure-Python parser
could take a second: a syntax error found past the limit is reported in
libyaml's words (at the same place), and in a file longer than the limit a tab
where YAML wants a space is read as a space (PyYAML refuses it). Anywhere else,
a syntax error or a tab sends the file to the pure-Python parser, so both give
its words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from unknot.core.paths import ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.routines import yaml_reader
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.model import Routine
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.yaml_reader import REREAD_LIMIT, Backend, Value, read_yaml

pytestmark = pytest.mark.skipif(
    not yaml_reader.HAS_LIBYAML, reason="libyaml is not installed: only one parser to compare"
)

ROOT = Path(__file__).resolve().parents[3]
BUILTIN = sorted(path for path in (ROOT / "routines").rglob("*") if path.is_file())
DOC_BLOCKS = (ROOT / "docs" / "routines.md").read_text(encoding="utf-8").split("```yaml\n")[1:]
DOCS = [block.split("```", 1)[0] for block in DOC_BLOCKS]

BAD: dict[str, str | bytes] = {
    "unclosed list": "title: T\nsteps: [a, b\nid: x\n",
    "bad indent": "title: T\nsteps:\n  - title: A\n   duration: 1\n",
    "stray word": "title: T\nsteps:\n  - title: A\n    duration: 1\n  bad\n",
    "unclosed quote": 'title: "unclosed\nsteps: []\n',
    "mapping in a plain value": "title: a: b\n",
    "dash in a mapping": "title: T\n- x\n",
    "flow colon": "tags: [a: b: c]\n",
    "flow mapping colon": "tags: {a: b: c}\n",
    "block scalar indicator": "cue: |😀\n  x\n",
    "document start expected": "title: T\n--- x\nid: y\n",
    "key after a list": "steps:\n- a\nb\n",
    "tab in a plain scalar": "title: a\n\tb\n",
    "tab after a key": "title:\tT\nsteps: []\n",
    "tab in a plain value": "title: a\tb\nsteps: []\n",
    "tab before a comment": "title: T\t# c\nsteps: []\n",
    "tab in a flow list": "tags: [a,\tb]\n",
    "escaped surrogate": 'title: "\\ud800"\nsteps: []\n',
    "escaped pair": 'title: "\\ud83d\\ude00"\nsteps: []\n',
    "escape past unicode": 'title: "\\U00110000"\nsteps: []\n',
    "unknown escape": 'title: "\\q"\nsteps: []\n',
    "deep flow": "[" * 1500,
    "deep block": "".join(f"{'  ' * n}- \n" for n in range(60)),
    "recursive alias": "&a [*a]\n",
    "undefined alias": "title: *nope\n",
    "anchor twice": "title: &a T\nid: &a x\n",
    "alias bomb": "a0: &a0 ["
    + ", ".join(["x"] * 10)
    + "]\n"
    + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 9)),
    "merge key": "b: &b {duration: 1}\nsteps:\n  - <<: *b\n    title: A\n",
    "python tag": 'title: !!python/object/apply:os.system ["true"]\n',
    "two documents": "title: T\n---\ntitle: U\n",
    "empty document": "---\n...\n",
    "only a comment": "# nothing\n",
    "crlf": "title: T\r\nsteps:\r\n  - title: A\r\n    reps: 0\r\n",
    "lone cr": "title: T\rsteps:\r  - title: A\r    reps: 0\r",
    "line separators": "title: T\u2028U\nsummary: a\u2029b\x85c\nsteps:\n  - {title: A, reps: 0}\n",
    "no final newline": "title: T\nsteps:\n  - title: A\n    duration: [1",
    "no final newline in a comment": "title: T\nsteps: []\n# end",
    "octal and sexagesimal": "title: T\nsteps:\n  - title: A\n    reps: 010\n    hold: 1:5\n",
    "control character": "title: a\x07b\n",
    "nul": "title: a\x00b\n",
    "bom inside": "title: T\n\ufeffsteps: []\n",
    "utf-16": "title: T\n".encode("utf-16"),
    "utf-16 without a mark": "title: T\n".encode("utf-16-le"),
    "not utf-8": b"title: caf\xe9\n",
    "key is a list": "? [a, b]\n: x\n",
    "huge number": "title: T\nsteps:\n  - title: A\n    reps: " + "9" * 5000 + "\n",
    "huge float": "title: T\nsteps:\n  - title: A\n    reps: 5\n    hold: 1.0e+308\n",
    "201 steps": "title: T\nsteps:\n" + "  - {title: A, duration: 1}\n" * 201,
    "empty": "",
}


def outcome(data: bytes, backend: Backend) -> tuple[Value | None, tuple[Problem, ...]]:
    try:
        return read_yaml(data, "r.yaml", backend=backend), ()
    except RoutineError as error:
        return None, error.problems


def routine_outcome(
    data: bytes, backend: Backend, routine_dir: Path
) -> tuple[Routine | None, tuple[Problem, ...]]:
    try:
        routine = parse_routine_text(
            data,
            "r.yaml",
            default_id="r",
            routine_dir=routine_dir,
            assets_dir=ASSETS_DIR,
            backend=backend,
        )
    except RoutineError as error:
        return None, error.problems
    return routine, ()


@pytest.mark.parametrize("path", BUILTIN, ids=lambda path: path.name)
def test_both_parsers_read_each_built_in_routine_the_same(path: Path) -> None:
    data = path.read_bytes()
    python = outcome(data, "python")
    assert python[0] is not None, python[1]
    assert outcome(data, "libyaml") == python
    assert routine_outcome(data, "libyaml", path.parent) == routine_outcome(
        data, "python", path.parent
    )


@pytest.mark.parametrize("text", DOCS, ids=[f"docs example {n + 1}" for n in range(len(DOCS))])
def test_both_parsers_read_the_documented_examples_the_same(text: str) -> None:
    data = text.encode()
    assert outcome(data, "libyaml") == outcome(data, "python")


def encoded(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("text", list(BAD.values()), ids=list(BAD))
def test_both_parsers_refuse_a_bad_file_in_the_same_words_at_the_same_place(
    text: str | bytes,
) -> None:
    data = encoded(text)
    python = outcome(data, "python")
    libyaml = outcome(data, "libyaml")
    assert libyaml == python
    assert routine_outcome(data, "libyaml", BUILTIN_ROUTINES_DIR) == routine_outcome(
        data, "python", BUILTIN_ROUTINES_DIR
    )


def test_the_bad_files_are_refused_with_a_line() -> None:
    """The comparison above would pass if both lost the line; this says they do not."""
    for name, text in BAD.items():
        _value, problems = routine_outcome(encoded(text), "python", BUILTIN_ROUTINES_DIR)
        assert problems, name
        assert all(problem.line is not None for problem in problems), (name, problems)


def test_a_syntax_error_past_the_reread_limit_is_at_the_same_place_in_libyamls_words() -> None:
    text = "title: T\nsummary: " + "word " * (REREAD_LIMIT // 5) + "\n  bad: x\n"
    assert len(text) > REREAD_LIMIT
    _, [python] = outcome(text.encode(), "python")
    _, [libyaml] = outcome(text.encode(), "libyaml")
    assert (python.line, python.column) == (libyaml.line, libyaml.column) == (3, 6)
    assert python.message == "YAML syntax: mapping values are not allowed here"
    assert libyaml.message == "YAML syntax: mapping values are not allowed in this context"


def test_a_file_over_the_reread_limit_with_a_tab_for_a_space_is_read_as_libyaml_reads_it() -> None:
    text = "title:\tT\nsummary: " + "word " * (REREAD_LIMIT // 5) + "\n"
    assert len(text) > REREAD_LIMIT
    python, libyaml = outcome(text.encode(), "python"), outcome(text.encode(), "libyaml")
    assert python[0] is None
    assert python[1][0].message.startswith("YAML syntax: a tab is used where YAML needs a space")
    assert isinstance(libyaml[0], yaml_reader.Mapping)
    assert libyaml[0].items["title"] == yaml_reader.Scalar("T", yaml_reader.Where(1, 8))


def test_just_under_the_reread_limit_the_words_are_the_same() -> None:
    text = "title: T\nsummary: " + "word " * ((REREAD_LIMIT - 40) // 5) + "\n  bad: x\n"
    assert len(text) <= REREAD_LIMIT
    assert outcome(text.encode(), "libyaml") == outcome(text.encode(), "python")


def test_a_syntax_error_early_in_a_big_file_is_in_the_same_words() -> None:
    text = "title: T\n  bad: x\nsummary: " + "word " * (REREAD_LIMIT // 4) + "\n"
    assert len(text) > REREAD_LIMIT
    libyaml = outcome(text.encode(), "libyaml")
    assert libyaml == outcome(text.encode(), "python")
    assert libyaml[1][0].message == "YAML syntax: mapping values are not allowed here"


def test_a_megabyte_of_brackets_is_refused_at_the_42nd_by_both() -> None:
    """The first bracket is the file's top value; the 42nd is 41 levels inside it."""
    python, libyaml = outcome(b"[" * 1_000_000, "python"), outcome(b"[" * 1_000_000, "libyaml")
    assert libyaml == python
    assert (python[1][0].line, python[1][0].column) == (1, 42)


def test_auto_uses_libyaml_where_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    class Recording(yaml.CSafeLoader):
        def __init__(self, stream: str) -> None:
            made.append("libyaml")
            super().__init__(stream)

    monkeypatch.setattr(yaml, "CSafeLoader", Recording)
    read_yaml(BUILTIN[0].read_bytes(), "r.yaml")
    assert made == ["libyaml"]


def test_without_libyaml_the_pure_python_parser_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(stream: str) -> None:
        raise AssertionError("libyaml was used where it is not installed")

    monkeypatch.setattr(yaml_reader, "HAS_LIBYAML", False)
    monkeypatch.setattr(yaml, "CSafeLoader", missing)
    assert isinstance(read_yaml(BUILTIN[0].read_bytes(), "r.yaml"), yaml_reader.Mapping)
