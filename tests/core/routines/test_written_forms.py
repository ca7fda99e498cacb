"""Numbers and text are read from what was written, as docs/routines.md documents them.

YAML 1.1 reads ``010`` as 8, ``1:30`` as 90 and ``1_0`` as 10; PyYAML follows it.
A routine's author means what they wrote, so a number in a form the format does
not document is refused with the form that would be right, never read YAML's way.
Every case runs with both YAML parsers where libyaml is installed.
"""

from __future__ import annotations

import pytest

from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.model import CountRange, Routine
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.yaml_reader import HAS_LIBYAML, MAX_STEPS, MAX_VALUES, Backend

FILE = "r.yaml"
BACKENDS: list[Backend] = ["python", "libyaml"] if HAS_LIBYAML else ["python"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    value: Backend = request.param
    return value


def load(text: str | bytes, backend: Backend) -> Routine:
    return parse_routine_text(text, FILE, default_id="ok", assets_dir=None, backend=backend)


def one_problem(text: str | bytes, backend: Backend) -> Problem:
    with pytest.raises(RoutineError) as caught:
        load(text, backend)
    problems = caught.value.problems
    assert len(problems) == 1, "\n".join(str(problem) for problem in problems)
    return problems[0]


def place(problem: Problem) -> tuple[str, int | None, int | None]:
    return problem.field, problem.line, problem.column


def step(key: str, value: str) -> str:
    """A routine whose one step has ``key: value`` on line 4, from column 5."""
    needs = {"duration": "", "reps": "", "hold": "    reps: 5\n", "sets": "    reps: 5\n"}
    return f"title: T\nsteps:\n  - title: A\n    {key}: {value}\n" + needs.get(
        key, "    duration: 30s\n"
    )


# --- Counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "010",
            "write 10 for 10 reps, not 010: a count is written in plain digits, without "
            "a leading 0, + or _",
        ),
        (
            "08",
            "write 8 for 8 reps, not '08': a count is written in plain digits, without "
            "a leading 0, + or _",
        ),
        (
            "+5",
            "write 5 for 5 reps, not +5: a count is written in plain digits, without "
            "a leading 0, + or _",
        ),
        (
            "1_0",
            "write 10 for 10 reps, not 1_0: a count is written in plain digits, without "
            "a leading 0, + or _",
        ),
        ("1:30", "reps must be a whole number (10) or a range (8-12), not 1:30"),
        ("0x1e", "reps must be a whole number (10) or a range (8-12), not 0x1e"),
        ("0b11", "reps must be a whole number (10) or a range (8-12), not 0b11"),
        ("0o17", "reps must be a whole number (10) or a range (8-12), not '0o17'"),
        (".5", "reps must be a whole number, such as 3, not .5"),
        ("3.0", "reps must be a whole number, such as 3, not 3.0"),
        ("1e3", "reps must be a whole number (10) or a range (8-12), not '1e3'"),
        (".inf", "reps must be a whole number (10) or a range (8-12), not .inf"),
        (".nan", "reps must be a whole number (10) or a range (8-12), not .nan"),
        ("9" * 5000, f"reps must be at most 100, not {'9' * 40}…"),
        ("-" + "9" * 5000, f"reps must be at least 1, not -{'9' * 39}…"),
        (
            "08-12",
            "write 8 for 8 reps, not '08': a count is written in plain digits, without "
            "a leading 0, + or _",
        ),
    ],
    ids=[
        "octal-looking",
        "leading zero",
        "plus",
        "underscore",
        "sexagesimal",
        "hex",
        "binary",
        "octal",
        "half",
        "point zero",
        "exponent",
        "infinity",
        "not a number",
        "5000 digits",
        "minus 5000 digits",
        "range with a leading zero",
    ],
)
def test_reps_in_an_undocumented_form_are_refused_saying_what_to_write(
    written: str, message: str, backend: Backend
) -> None:
    problem = one_problem(step("reps", written), backend)
    assert place(problem) == ("steps[1].reps", 4, 11)
    assert problem.message == message


@pytest.mark.parametrize(
    ("key", "written", "message"),
    [
        (
            "sets",
            "02",
            "write 2 for 2 sets, not 02: a count is written in plain digits, "
            "without a leading 0, + or _",
        ),
        (
            "per_day",
            "+2",
            "write 2, not +2: a count is written in plain digits, without a leading 0, + or _",
        ),
        ("level", "0x2", "level must be a whole number, such as 3, not 0x2"),
    ],
)
def test_every_count_is_read_as_written(
    key: str, written: str, message: str, backend: Backend
) -> None:
    text = "title: T\nseries: s\nlevel: 1\nper_day: 1\nsteps:\n  - title: A\n    reps: 5\n"
    text = text.replace(f"{key}: 1\n", f"{key}: {written}\n")
    if key == "sets":
        text += f"    sets: {written}\n"
    problem = one_problem(text, backend)
    assert problem.field.endswith(key)
    assert problem.message == message


@pytest.mark.parametrize(
    ("written", "count"),
    [
        ("10", CountRange(10, 10)),
        ("'10'", CountRange(10, 10)),
        ("8-12", CountRange(8, 12)),
        ("8 - 12", CountRange(8, 12)),
        ("100", CountRange(100, 100)),
        ("1", CountRange(1, 1)),
    ],
)
def test_counts_written_as_documented_load(
    written: str, count: CountRange, backend: Backend
) -> None:
    assert load(step("reps", written), backend).steps[0].reps == count


# --- Times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("010", "write 10 for 10 seconds, not 010"),
        ("1:5", "write 1:05 for 1 minute 5 seconds, not 1:5"),
        ("1:60", "write 2:00 for 2 minutes, not '1:60'"),
        ("1:02:03", "write 1h2m3s for 1 hour 2 minutes 3 seconds, not 1:02:03"),
        ("+5", "write 5 for 5 seconds, not +5"),
        ("1_0", "write 10 for 10 seconds, not 1_0"),
        ("5.", "write 5 for 5 seconds, not 5."),
        (".5", ".5 is less than a second; a time is at least 1 second"),
        ("0.0000000001", "0.0000000001 is less than a second; a time is at least 1 second"),
        ("2.55", "2.55 has more than one decimal; write whole seconds or tenths, such as 2.5"),
        ("7201", "7201 is longer than 2 hours, the longest a step may last; check the time"),
        ("0x1e", "0x1e is not a time; write a time such as 30, 90s, 2m or 1m30s"),
        ("0b11", "0b11 is not a time; write a time such as 30, 90s, 2m or 1m30s"),
        ("1.0e+308", "1.0e+308 is not a time; write a time such as 30, 90s, 2m or 1m30s"),
        (".inf", ".inf is not a number of seconds; write a time such as 30, 90s, 2m or 1m30s"),
        ("-.inf", "-.inf is not a number of seconds; write a time such as 30, 90s, 2m or 1m30s"),
        (".nan", ".nan is not a number of seconds; write a time such as 30, 90s, 2m or 1m30s"),
        (
            "9" * 5000,
            f"{'9' * 40}… is longer than 2 hours, the longest a step may last; check the time",
        ),
    ],
)
def test_a_duration_in_an_undocumented_form_is_refused_saying_what_to_write(
    written: str, message: str, backend: Backend
) -> None:
    problem = one_problem(step("duration", written), backend)
    assert place(problem) == ("steps[1].duration", 4, 15)
    assert problem.message == message


def test_a_huge_hold_is_refused_without_formatting_infinity(backend: Backend) -> None:
    problem = one_problem(step("hold", "1.0e+308"), backend)
    assert place(problem) == ("steps[1].hold", 4, 11)
    assert problem.message.startswith("1.0e+308 is not a time")


def test_a_hold_of_400_digits_is_refused_as_too_long(backend: Backend) -> None:
    problem = one_problem(step("hold", "9" * 400 + ".0"), backend)
    assert "is longer than 2 hours" in problem.message


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("30", 30.0),
        ("2.5", 2.5),
        ("1:30", 90.0),
        ("0:30", 30.0),
        ("01:30", 90.0),
        ("90s", 90.0),
        ("1m30s", 90.0),
        ("2h", 7200.0),
        ("1", 1.0),
        ("'1:30'", 90.0),
    ],
)
def test_times_written_as_documented_load(written: str, seconds: float, backend: Backend) -> None:
    assert load(step("duration", written), backend).steps[0].duration == seconds


# --- Text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            r'"caf\ud800"',
            "the text holds U+D800, half of a character pair, which cannot be "
            "shown; write the whole character or remove it",
        ),
        (
            r'"\udfff"',
            "the text holds U+DFFF, half of a character pair, which cannot be "
            "shown; write the whole character or remove it",
        ),
        (
            r'"\ud83d\ude00"',
            "the text holds U+D83D, half of a character pair, which cannot be "
            "shown; write the whole character or remove it",
        ),
        (r'"red \e[31m"', "the text holds the control character U+001B; remove it"),
        (r'"bell \a"', "the text holds the control character U+0007; remove it"),
        (r'"nul \0"', "the text holds the control character U+0000; remove it"),
        (r'"next line \N"', "the text holds the control character U+0085; remove it"),
        (r'"cr \r"', "the text holds the control character U+000D; remove it"),
        ("010", "expected text, not the number 010; put it in quotes"),
        ("1:30", "expected text, not the number 1:30; put it in quotes"),
    ],
    ids=[
        "high surrogate",
        "low surrogate",
        "escaped pair",
        "escape sequence",
        "bell",
        "nul",
        "next line",
        "carriage return",
        "octal",
        "sexagesimal",
    ],
)
def test_a_title_that_cannot_be_drawn_is_refused(
    written: str, message: str, backend: Backend
) -> None:
    problem = one_problem(f"title: {written}\nsteps:\n  - title: A\n    duration: 30s\n", backend)
    assert place(problem) == ("title", 1, 8)
    assert problem.message == message


@pytest.mark.parametrize("key", ["cue", "say", "position", "image"])
def test_every_text_field_refuses_control_characters(key: str, backend: Backend) -> None:
    problem = one_problem(step(key, r'"a\x1bb"'), backend)
    assert problem.field == f"steps[1].{key}"
    assert "control character U+001B" in problem.message


def test_tags_and_safety_refuse_a_lone_surrogate(backend: Backend) -> None:
    with pytest.raises(RoutineError) as caught:
        load(
            'title: T\ntags: ["\\ud800"]\nsafety: ["ok", "\\udc00"]\n'
            "steps:\n  - title: A\n    duration: 30s\n",
            backend,
        )
    assert [place(problem) for problem in caught.value.problems] == [
        ("tags[1]", 2, 8),
        ("safety[2]", 3, 16),
    ]


def test_newlines_and_tabs_in_text_fold_to_spaces(backend: Backend) -> None:
    routine = load('title: "a\\tb\\nc"\nsteps:\n  - title: A\n    duration: 30s\n', backend)
    assert routine.title == "a b c"


def test_an_unknown_key_with_an_escape_sequence_is_shown_escaped(backend: Backend) -> None:
    problem = one_problem(
        '"ti\\e[2Jtle": T\ntitle: T\nsteps:\n  - title: A\n    duration: 30s\n', backend
    )
    assert "\x1b" not in problem.message + problem.field
    assert problem.message.startswith("unknown key 'ti\\x1b[2Jtle'")


# --- Lines as an editor counts them -----------------------------------------------------


@pytest.mark.parametrize(
    "separator",
    ["\u2028", "\u2029", "\x85"],
    ids=["line separator", "paragraph separator", "next line"],
)
def test_lines_are_counted_as_an_editor_counts_them(separator: str, backend: Backend) -> None:
    """YAML 1.1 breaks lines at these; editors (and YAML 1.2) do not."""
    text = f"title: T {separator} still the title\nsteps:\n  - title: A\n    reps: 0\n"
    problem = one_problem(text, backend)
    assert place(problem) == ("steps[1].reps", 4, 11)


def test_a_separator_inside_a_line_does_not_shift_its_columns(backend: Backend) -> None:
    text = 'title: T\nsteps:\n  - {title: "A\u2028B", reps: 0}\n'
    problem = one_problem(text, backend)
    assert place(problem) == ("steps[1].reps", 3, 26)


@pytest.mark.parametrize(("ending", "name"), [("\r\n", "crlf"), ("\r", "cr"), ("\n", "lf")])
def test_every_line_ending_gives_the_same_lines(ending: str, name: str, backend: Backend) -> None:
    text = ending.join(["title: T", "steps:", "  - title: A", "    reps: 0", ""])
    assert place(one_problem(text, backend)) == ("steps[1].reps", 4, 11)


def test_a_problem_at_the_end_of_a_file_without_a_final_newline(backend: Backend) -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    duration: [1", backend)
    assert (problem.line, problem.column) == (4, 17)


# --- Bounds, counted --------------------------------------------------------------------


def steps_file(count: int, tail: str = "") -> str:
    return "title: Many\nsteps:\n" + "  - {title: A, duration: 1}\n" * count + tail


def test_a_routine_may_have_200_steps(backend: Backend) -> None:
    assert MAX_STEPS == 200
    assert len(load(steps_file(MAX_STEPS), backend).steps) == MAX_STEPS


def test_step_201_is_refused_at_its_line(backend: Backend) -> None:
    problem = one_problem(steps_file(MAX_STEPS + 1), backend)
    assert place(problem) == ("steps", MAX_STEPS + 3, 5)
    assert problem.message == (
        "a routine may have at most 200 steps, and this is step 201; split it into several routines"
    )


def test_too_many_steps_are_refused_before_the_rest_of_the_file_is_read(backend: Backend) -> None:
    """What follows step 201 is never read: its syntax error would be reported otherwise."""
    problem = one_problem(steps_file(35_700, tail="bad: [\n"), backend)
    assert problem.line == MAX_STEPS + 3
    assert "at most 200 steps" in problem.message


def test_too_many_values_are_refused_before_the_rest_of_the_file_is_read(backend: Backend) -> None:
    items = ", ".join(["x"] * (MAX_VALUES + 10))
    problem = one_problem(f"title: T\ntags: [{items}]\nbad: [\n", backend)
    assert problem.line == 2
    assert f"more than {MAX_VALUES:,} values" in problem.message


def test_nesting_too_deep_names_its_line(backend: Backend) -> None:
    problem = one_problem(
        "title: T\nsteps:\n  - title: A\n    cue:\n" + "      " + "[" * 50, backend
    )
    assert (problem.line, problem.column) == (5, 45)  # the 39th "[" is the 41st level
    assert problem.field.startswith("steps[1].cue[1][1]")
    assert problem.message == "values are nested too deeply (more than 40 levels)"


def test_block_nesting_too_deep_names_its_line(backend: Backend) -> None:
    text = "".join(f"{'  ' * level}- \n" for level in range(60)) + "x\n"
    problem = one_problem(text, backend)
    assert problem.line == 42
    assert "nested too deeply" in problem.message
