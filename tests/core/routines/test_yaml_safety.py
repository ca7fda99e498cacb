"""The YAML layer: plain data only, bounded in size and work, clear about bad text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from unknot.core.routines import yaml_reader
from unknot.core.routines.loader import load_routine, parse_routine_text
from unknot.core.routines.problems import Problem, RoutineError

FILE = "r.yaml"
VALID = "title: T\nsteps:\n  - title: A\n    duration: 30s\n"


def one_problem(data: str | bytes) -> Problem:
    """The single problem the loader reports for ``data``; fails if it loads or finds more."""
    with pytest.raises(RoutineError) as caught:
        parse_routine_text(data, FILE, default_id="test-routine", assets_dir=None)
    problems = caught.value.problems
    assert len(problems) == 1, "\n".join(str(problem) for problem in problems)
    assert problems[0].file == FILE
    return problems[0]


def place(problem: Problem) -> tuple[str, int | None, int | None]:
    return problem.field, problem.line, problem.column


def test_the_valid_base_loads() -> None:
    assert parse_routine_text(VALID, FILE, default_id="ok").steps[0].duration == 30.0


# --- Tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "line", "column", "shown"),
    [
        (
            'title: !!python/object/apply:os.system ["echo hi"]\n',
            "title",
            1,
            8,
            "!!python/object/apply:os.system",
        ),
        ("title: !!python/name:os.system ''\n", "title", 1, 8, "!!python/name:os.system"),
        ("title: !custom x\n", "title", 1, 8, "!custom"),
        ("title: !!binary aGk=\n", "title", 1, 8, "!!binary"),
        ("tags: !!set {a, b}\n", "tags", 1, 7, "!!set"),
        ("tags: !!omap [a: 1]\n", "tags", 1, 7, "!!omap"),
        ("steps:\n  - !!python/object:dict {title: A}\n", "steps[1]", 2, 5, "!!python/object:dict"),
        (
            "%TAG !e! tag:example.com,2000:\n---\ntitle: !e!foo x\n",
            "title",
            3,
            8,
            "tag:example.com,2000:foo",
        ),
    ],
    ids=["object/apply", "name", "local", "binary", "set", "omap", "in a step", "tag directive"],
)
def test_a_tag_is_refused_with_its_place(
    text: str, field: str, line: int, column: int, shown: str
) -> None:
    problem = one_problem(text)
    assert place(problem) == (field, line, column)
    assert problem.message == (
        f"the YAML tag {shown} is not allowed; a routine holds plain text, numbers and lists"
    )


@pytest.mark.parametrize(
    "template",
    [
        'title: !!python/object/apply:os.system ["touch {marker}"]\n',
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        "title: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path "
        '["{marker}"]]\n',
        'title: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n',
    ],
    ids=["os.system in a value", "os.system as the document", "Path.touch", "Popen"],
)
def test_a_tag_never_runs_anything(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    problem = one_problem(template.format(marker=marker))
    assert "is not allowed" in problem.message
    time.sleep(0.05)  # Popen, had it run, would touch the file asynchronously
    assert not marker.exists()


def test_explicit_plain_tags_are_fine() -> None:
    routine = parse_routine_text(
        "title: !!str 2024\nsteps:\n  - title: A\n    duration: !!int 30\n",
        FILE,
        default_id="ok",
    )
    assert (routine.title, routine.steps[0].duration) == ("2024", 30.0)


def test_a_date_is_kept_as_the_text_written() -> None:
    routine = parse_routine_text(
        "title: 2024-01-31\nsteps:\n  - title: A\n    duration: 30s\n", FILE, default_id="ok"
    )
    assert routine.title == "2024-01-31"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("!!int x", "int"),
        ("!!float x", "float"),
        ("!!bool x", "bool"),
        ("!!int ''", "int"),
        ("!!float ''", "float"),
        ("!!int " + "9" * 5000, "int"),
    ],
    ids=["int", "float", "bool", "empty int", "empty float", "huge int"],
)
def test_a_plain_tag_on_a_value_it_cannot_read_is_a_problem(value: str, kind: str) -> None:
    problem = one_problem(f"title: {value}\nsteps:\n  - title: A\n    duration: 30s\n")
    assert place(problem) == ("title", 1, 8)
    assert problem.message.endswith(f"cannot be read as {kind}")


# --- Anchors, aliases and merge keys ----------------------------------------------------


def alias_bomb(levels: int = 10, width: int = 10) -> str:
    """The "billion laughs": each level is a list of ``width`` aliases of the level before."""
    lines = ["title: Laughs", f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    lines.append("steps:\n  - title: A\n    duration: 30s")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_by_its_count_of_values() -> None:
    """Refused by counting while reading; how fast is bench/routine_fuzz.py's to say."""
    bomb = alias_bomb()
    assert len(bomb) < 1000  # ten billion values, written in a few hundred bytes
    problem = one_problem(bomb)
    assert "the file expands to more than 20,000 values" in problem.message
    assert "anchors and aliases (&, *)" in problem.message
    assert problem.field.startswith("a")
    assert problem.line is not None


def test_a_few_aliases_are_fine() -> None:
    routine = parse_routine_text(
        "title: T\nsafety: &notes [Stop if pain gets worse.]\n"
        "steps:\n  - title: A\n    duration: &t 30s\n  - title: B\n    duration: *t\n",
        FILE,
        default_id="ok",
    )
    assert [step.duration for step in routine.steps] == [30.0, 30.0]


def test_a_recursive_alias_is_refused() -> None:
    problem = one_problem("&a [*a]\n")
    assert place(problem) == ("[1]", 1, 5)
    assert problem.message == (
        "the alias *a is inside the value it names, which would repeat forever; write the value out"
    )


def test_an_undefined_alias_names_its_place() -> None:
    problem = one_problem("title: *nope\n")
    assert place(problem) == ("title", 1, 8)
    assert problem.message == (
        "the alias *nope names no anchor; write &nope on a value above it, or write the value out"
    )


def test_an_anchor_used_twice_is_refused_at_the_second() -> None:
    problem = one_problem("title: &a T\nsummary: &a S\nsteps: []\n")
    assert place(problem) == ("", 2, 10)
    assert problem.message == (
        "the anchor &a is used twice (first on line 1); give each anchor its own name"
    )


def test_an_alias_cannot_nest_past_the_limit() -> None:
    deep = "[" * 30 + "x" + "]" * 30
    problem = one_problem(f"a: &a {deep}\nb: [[[[[[[[[[[[*a]]]]]]]]]]]]\n")
    assert problem.line == 2
    assert "nested too deeply" in problem.message


def test_a_merge_key_is_refused() -> None:
    problem = one_problem(
        "base: &base {duration: 30s}\ntitle: T\nsteps:\n  - <<: *base\n    title: A\n"
    )
    assert place(problem) == ("steps[1]", 4, 5)
    assert problem.message == "merge keys (<<) are not supported; write the keys out"


# --- Size -------------------------------------------------------------------------------


def test_a_file_over_1_mb_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("yaml.compose was called on an oversized file")

    assert yaml_reader.read_yaml.__globals__["yaml"] is yaml
    monkeypatch.setattr(yaml, "compose", must_not_parse)
    data = VALID.encode() + b"#" * (1_000_001 - len(VALID))
    assert len(data) == 1_000_001
    problem = one_problem(data)
    assert place(problem) == ("", None, None)
    assert problem.message == "the file is 1,000,001 bytes; a routine file may be at most 1 MB"


def test_a_file_of_exactly_1_mb_is_read() -> None:
    data = VALID.encode() + b"#" * (1_000_000 - len(VALID))
    assert len(data) == 1_000_000
    assert parse_routine_text(data, FILE, default_id="ok").title == "T"


def test_load_routine_refuses_a_big_file_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the oversized file was parsed")

    monkeypatch.setattr("unknot.core.routines.loader.read_yaml", must_not_read)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 2_000_000)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert "2,000,000 bytes" in problem.message
    assert "at most 1 MB" in problem.message


# --- Text encoding and empty files ------------------------------------------------------


def test_invalid_utf8_names_the_byte_line_and_column() -> None:
    problem = one_problem(b"title: T\nsteps:\n  - title: caf\xe9\n    duration: 30s\n")
    assert place(problem) == ("", 3, 15)
    assert problem.message == "byte 0xe9 is not UTF-8 text; save the file as UTF-8"


def test_invalid_utf8_on_the_first_line() -> None:
    problem = one_problem(b"\xfftitle: T\n")
    assert place(problem) == ("", 1, 1)
    assert "byte 0xff is not UTF-8 text" in problem.message


def test_text_with_a_lone_surrogate_is_a_routine_error() -> None:
    problem = one_problem("title: caf\udce9\nsteps: []\n")
    assert place(problem) == ("", 1, 11)
    assert "is not UTF-8 text" in problem.message


def test_a_utf8_bom_is_accepted() -> None:
    routine = parse_routine_text(b"\xef\xbb\xbf" + VALID.encode(), FILE, default_id="ok")
    assert routine.title == "T"


def test_lines_and_columns_after_a_bom_are_not_shifted() -> None:
    problem = one_problem(b"\xef\xbb\xbftitle: T\nsteps: []\n")
    assert place(problem) == ("steps", 2, 8)


def test_non_ascii_text_loads() -> None:
    routine = parse_routine_text(
        "title: Nacken – Entspannung ✓\nsteps:\n  - title: Ruhe\n    duration: 30s\n",
        FILE,
        default_id="ok",
    )
    assert routine.title == "Nacken – Entspannung ✓"


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n  \n", b"\xef\xbb\xbf", b"# just a comment\n  # and another\n\n"],
    ids=["empty", "blank lines", "only a BOM", "only comments"],
)
def test_an_empty_file_says_so(data: bytes) -> None:
    problem = one_problem(data)
    assert place(problem) == ("", 1, None)
    assert problem.message == "the file is empty; a routine needs at least a title and steps"


# --- Tabs, syntax and structure ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("title: T\nsteps:\n\t- title: A\n\t  duration: 30s\n", 3, 1),
        ("title: T\nsteps:\n  - title: A\n  \tduration: 30s\n", 4, 3),
    ],
    ids=["tab first", "tab after spaces"],
)
def test_a_tab_in_indentation_names_its_line_and_column(text: str, line: int, column: int) -> None:
    problem = one_problem(text)
    assert place(problem) == ("", line, column)
    assert problem.message == "a tab is used for indentation; YAML needs spaces"


def test_a_tab_inside_text_is_fine() -> None:
    routine = parse_routine_text(
        "title: T\nsteps:\n  - title: A\n    duration: 30s\n    cue: 'in\tout'\n",
        FILE,
        default_id="ok",
    )
    assert routine.steps[0].cue == "in out"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("title: T\nsteps: [a, b\nid: x\n", 3, 3, "expected ',' or ']'"),
        ("title: T\nsteps:\n  - title: A\n   duration: 1\n", 4, 4, "expected <block end>"),
        ("title: T\nsteps:\n  - title: A\n    duration: 1\n  bad\n", 6, 1, "could not find"),
        ('title: "unclosed\nsteps: []\n', 3, 1, "found unexpected end of stream"),
    ],
    ids=["unclosed list", "bad indent", "stray word", "unclosed quote"],
)
def test_a_syntax_error_names_its_line(text: str, line: int, column: int, words: str) -> None:
    problem = one_problem(text)
    assert place(problem) == ("", line, column)
    assert problem.message.startswith("YAML syntax: ")
    assert words in problem.message


def test_two_documents_in_one_file_are_refused_at_the_second() -> None:
    problem = one_problem(VALID + "---\n" + VALID)
    assert place(problem) == ("", 5, 1)
    assert "another document" in problem.message


def test_a_leading_document_marker_is_fine() -> None:
    routine = parse_routine_text("---\n" + VALID, FILE, default_id="ok")
    assert routine.title == "T"


@pytest.mark.parametrize(
    "text",
    ["[" * 10_000, "{a: " * 10_000, "- " * 10_000 + "x\n"],
    ids=["flow lists", "flow mappings", "block lists"],
)
def test_deep_nesting_is_a_routine_error_not_a_recursion_error(text: str) -> None:
    problem = one_problem(text)
    assert "nested too deeply (more than 40 levels)" in problem.message


def test_a_megabyte_of_open_brackets_is_refused_for_its_depth() -> None:
    problem = one_problem("[" * 1_000_000)
    assert "nested too deeply" in problem.message


def test_nesting_just_past_the_limit_is_refused_at_its_path() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    duration: " + "[" * 45 + "]" * 45)
    assert problem.field.startswith("steps[1].duration[1][1]")
    assert problem.line == 4
    assert "nested too deeply" in problem.message


def test_a_control_character_names_its_line_and_column() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: a\x07b\n    duration: 30s\n")
    assert "the character U+0007 cannot appear in a YAML file" in problem.message
    assert (problem.line, problem.column) == (3, 13)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("? [a, b]\n: x\n", 1, 3), ("{[a]: b}\n", 1, 2), ("? {a: 1}\n: x\n", 1, 3)],
    ids=["list key", "flow list key", "mapping key"],
)
def test_a_key_that_is_not_a_word_is_refused(text: str, line: int, column: int) -> None:
    problem = one_problem(text)
    assert place(problem) == ("", line, column)
    assert problem.message == "a key must be a plain word, such as title or duration"


def test_a_number_key_is_an_unknown_key() -> None:
    problem = one_problem("title: T\n1: x\nsteps:\n  - title: A\n    duration: 30s\n")
    assert place(problem) == ("1", 2, 1)
    assert problem.message.startswith("unknown key '1'; ")


def test_yaml_strings_are_never_constructed_through_the_full_loader() -> None:
    """Guards the layer below: even PyYAML's safe loader would refuse these tags."""
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load('!!python/object/apply:os.system ["true"]')
