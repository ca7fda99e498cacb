"""Every mistake the routine format catches, each with its field, its place and a fix.

Each snippet is written inline so its line numbers can be read off the test. The
helpers insist on exactly the problems expected: an extra or a missing one fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

from unknot.core.routines.loader import load_routine, load_routines, parse_routine_text
from unknot.core.routines.model import CountRange, PainCheck, Routine
from unknot.core.routines.problems import Problem, RoutineError

FILE = "r.yaml"


def problems_of(
    text: str,
    *,
    default_id: str | None = "test-routine",
    routine_dir: Path | None = None,
    assets_dir: Path | None = None,
) -> tuple[Problem, ...]:
    """The problems the loader reports for ``text`` (dedented); fails if it loads."""
    with pytest.raises(RoutineError) as caught:
        parse_routine_text(
            dedent(text),
            FILE,
            default_id=default_id,
            routine_dir=routine_dir,
            assets_dir=assets_dir,
        )
    problems = caught.value.problems
    assert all(problem.file == FILE for problem in problems)
    return problems


def one_problem(
    text: str,
    *,
    default_id: str | None = "test-routine",
    routine_dir: Path | None = None,
    assets_dir: Path | None = None,
) -> Problem:
    """The single problem in ``text``; fails if there are none or several."""
    problems = problems_of(
        text, default_id=default_id, routine_dir=routine_dir, assets_dir=assets_dir
    )
    assert len(problems) == 1, "\n".join(str(problem) for problem in problems)
    return problems[0]


def load(
    text: str,
    *,
    default_id: str | None = "test-routine",
    routine_dir: Path | None = None,
    assets_dir: Path | None = None,
) -> Routine:
    return parse_routine_text(
        dedent(text), FILE, default_id=default_id, routine_dir=routine_dir, assets_dir=assets_dir
    )


def place(problem: Problem) -> tuple[str, int | None, int | None]:
    return problem.field, problem.line, problem.column


# --- The helpers and the problem format ------------------------------------------------


def test_the_smallest_routine_loads() -> None:
    routine = load(
        """\
        title: Two-minute rest
        steps:
          - title: Rest with your eyes closed
            duration: 2m
        """
    )
    assert routine.id == "test-routine"
    assert routine.title == "Two-minute rest"
    assert [(step.title, step.duration) for step in routine.steps] == [
        ("Rest with your eyes closed", 120.0)
    ]


def test_a_problem_prints_as_file_line_column_field_message() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            reps: 0
        """
    )
    assert str(problem) == "r.yaml:4:11: steps[1].reps: reps must be at least 1, not 0"


def test_a_problem_without_a_place_prints_the_file_and_a_field_placeholder() -> None:
    assert str(Problem("x.yaml", "", "cannot read the file")) == (
        "x.yaml: (file): cannot read the file"
    )
    assert str(Problem("x.yaml", "id", "taken", line=3)) == "x.yaml:3: id: taken"


def test_a_routine_error_needs_at_least_one_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        RoutineError([])


# --- Unknown and duplicate keys ---------------------------------------------------------


def test_a_misspelt_step_key_suggests_the_right_one_and_the_step_lacks_a_duration() -> None:
    problems = problems_of(
        """\
        title: T
        steps:
          - title: A
            duraton: 30s
        """
    )
    assert [place(problem) for problem in problems] == [
        ("steps[1]", 3, 5),
        ("steps[1].duraton", 4, 5),
    ]
    assert "needs a duration" in problems[0].message
    assert problems[1].message == "unknown key 'duraton'; did you mean 'duration'?"


@pytest.mark.parametrize(
    ("snippet", "field", "line", "column", "hint"),
    [
        (
            "title: T\nsumary: S\nsteps:\n  - title: A\n    duration: 1m\n",
            "sumary",
            2,
            1,
            "did you mean 'summary'?",
        ),
        (
            "title: T\nsteps:\n  - title: A\n    reps: 5\n    hodl: 5s\n",
            "steps[1].hodl",
            5,
            5,
            "did you mean 'hold'?",
        ),
        (
            "title: T\nsteps:\n  - title: A\n    reps: 5\n    instructions: Slowly.\n",
            "steps[1].instructions",
            5,
            5,
            "did you mean 'cue'?",
        ),
        (
            "title: T\nsteps:\n  - title: A\n    reps: 5\n    pian_check: none\n",
            "steps[1].pian_check",
            5,
            5,
            "did you mean 'pain_check'?",
        ),
        (
            "title: T\nsteps:\n  - title: A\n    duration: 1m\n"
            "    prompts:\n      - at: 30s\n        text: Hi\n        zzz: 1\n",
            "steps[1].prompts[1].zzz",
            8,
            9,
            "the keys here are at, text",
        ),
    ],
    ids=["top-level near miss", "step near miss", "step alias", "underscore key", "no guess"],
)
def test_an_unknown_key_names_its_path_and_suggests_a_fix(
    snippet: str, field: str, line: int, column: int, hint: str
) -> None:
    problem = one_problem(snippet)
    assert place(problem) == (field, line, column)
    assert problem.message.startswith(f"unknown key '{field.rsplit('.', 1)[-1]}'; ")
    assert problem.message.endswith(hint)


@pytest.mark.parametrize(
    ("snippet", "field", "line", "column", "first_line"),
    [
        ("title: A\ntitle: B\nsteps:\n  - title: A\n    duration: 1m\n", "title", 2, 1, 1),
        (
            "title: T\nsteps:\n  - title: A\n    duration: 1m\n    cue: x\n    duration: 2m\n",
            "steps[1].duration",
            6,
            5,
            4,
        ),
    ],
    ids=["top level", "in a step"],
)
def test_a_key_written_twice_is_an_error_not_silently_the_last(
    snippet: str, field: str, line: int, column: int, first_line: int
) -> None:
    problem = one_problem(snippet)
    assert place(problem) == (field, line, column)
    key = field.rsplit(".", 1)[-1]
    assert f"'{key}' is written twice" in problem.message
    assert f"first on line {first_line}" in problem.message
    assert "keep one" in problem.message


# --- Title and steps --------------------------------------------------------------------


def test_a_missing_title_is_reported_at_the_top_mapping() -> None:
    problem = one_problem(
        """\
        steps:
          - title: A
            duration: 30s
        """
    )
    assert place(problem) == ("title", 1, 1)
    assert problem.message == "title is missing; add 'title: ...'"


def test_missing_steps_are_reported_at_the_top_mapping() -> None:
    problem = one_problem("title: T\n")
    assert place(problem) == ("steps", 1, 1)
    assert "a routine needs steps" in problem.message
    assert "at least one step" in problem.message


def test_missing_title_and_steps_are_both_reported() -> None:
    problems = problems_of("summary: Nothing else.\n")
    assert [place(problem) for problem in problems] == [("title", 1, 1), ("steps", 1, 1)]


def test_empty_steps_are_reported_at_the_empty_list() -> None:
    problem = one_problem("title: T\nsteps: []\n")
    assert place(problem) == ("steps", 2, 8)
    assert problem.message == "steps is empty; add at least one step"


@pytest.mark.parametrize(
    ("snippet", "line", "column"),
    [
        ("title: T\nsteps: 5\n", 2, 8),
        ("title: T\nsteps:\n  title: A\n  duration: 1m\n", 3, 3),
    ],
    ids=["a number", "a mapping"],
)
def test_steps_that_are_not_a_list_are_reported(snippet: str, line: int, column: int) -> None:
    problem = one_problem(snippet)
    assert place(problem) == ("steps", line, column)
    assert "steps must be a list" in problem.message


def test_a_step_without_a_title_is_reported() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - duration: 30s
        """
    )
    assert place(problem) == ("steps[1].title", 3, 5)
    assert problem.message == "title is missing; add 'title: ...'"


@pytest.mark.parametrize(
    ("item", "column"),
    [("Chin tuck", 5), ("[a, b]", 5), ("30", 5)],
    ids=["text", "list", "number"],
)
def test_a_step_that_is_not_a_mapping_is_reported(item: str, column: int) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - {item}\n")
    assert place(problem) == ("steps[1]", 3, column)
    assert "a step must be a mapping of keys" in problem.message


def test_the_third_step_is_called_steps_3() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            duration: 30s
          - title: B
            reps: 5
          - title: C
            reps: 12-8
        """
    )
    assert place(problem) == ("steps[3].reps", 8, 11)


def test_a_step_with_both_duration_and_reps_is_reported_at_reps() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            duration: 30s
            reps: 10
        """
    )
    assert place(problem) == ("steps[1]", 5, 11)
    assert "either a duration" in problem.message
    assert "not both" in problem.message


def test_a_step_with_neither_duration_nor_reps_is_reported_at_the_step() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            cue: Breathe.
        """
    )
    assert place(problem) == ("steps[1]", 3, 5)
    assert "needs a duration" in problem.message
    assert "'duration: 30s'" in problem.message
    assert "'reps: 10'" in problem.message


# --- Times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-5", "-5 must be more than zero"),
        ("0", "0 must be more than zero"),
        ("0s", "'0s' must be more than zero"),
        (".nan", "is not a number of seconds"),
        (".inf", "is not a number of seconds"),
        ("true", "true is true/false, not a time"),
        ("no", "false is true/false, not a time"),
        ("abc", "'abc' is not a time"),
        ("-1m", "'-1m' is not a time"),
        ("2m1h", "'2m1h' is not a time"),
        ("''", "'' is not a time"),
    ],
)
def test_a_bad_duration_is_reported_with_the_time_hint(value: str, words: str) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    duration: {value}\n")
    assert place(problem) == ("steps[1].duration", 4, 15)
    assert words in problem.message
    assert problem.message.endswith("write a time such as 30, 90s, 2m or 1m30s")


def test_an_empty_duration_is_reported_as_empty() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    duration:\n")
    assert problem.field == "steps[1].duration"
    assert problem.line == 4
    assert problem.message == "duration is empty; give it a value or remove it"


def test_a_duration_that_is_a_list_is_reported() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    duration: [30s]\n")
    assert place(problem) == ("steps[1].duration", 4, 15)
    assert problem.message == "duration must be a single value, not a list or a mapping"


@pytest.mark.parametrize(
    ("step", "field", "line", "column"),
    [
        ("reps: 5\n    hold: 0", "steps[1].hold", 5, 11),
        ("reps: 5\n    hold: 5s\n    rest_between_reps: -1", "steps[1].rest_between_reps", 6, 24),
        ("duration: 30s\n    sets: 2\n    rest: .nan", "steps[1].rest", 6, 11),
        (
            "duration: 1m\n    prompts:\n      - at: false\n        text: Hi",
            "steps[1].prompts[1].at",
            6,
            13,
        ),
    ],
    ids=["hold", "rest_between_reps", "rest", "prompt at"],
)
def test_every_time_key_checks_its_time(step: str, field: str, line: int, column: int) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    {step}\n")
    assert place(problem) == (field, line, column)
    assert "write a time such as" in problem.message


@pytest.mark.parametrize(
    ("step", "total"),
    [
        ("duration: 2h\n    sets: 2", "4h"),
        ("duration: 1h\n    sides: [left, right, middle]", "3h"),
        ("duration: 61m\n    sides: [left, right]", "2h2m"),
        ("duration: 1h\n    sets: 3\n    rest: 1s", "3h2s"),
        ("reps: 100\n    hold: 60s\n    rest_between_reps: 15s", "2h4m45s"),
        ("reps: 50-100\n    hold: 1m30s", "2h30m"),
    ],
    ids=["sets", "three sides", "sides", "sets and rests", "held reps", "top of a range"],
)
def test_a_step_longer_than_two_hours_in_all_is_reported(step: str, total: str) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    {step}\n")
    assert place(problem) == ("steps[1]", 3, 5)
    assert f"this step lasts {total} in all" in problem.message
    assert "at most 2 hours" in problem.message


@pytest.mark.parametrize(
    "step",
    ["duration: 2h", "duration: 1h\n    sides: [left, right]", "reps: 100\n    hold: 72s"],
    ids=["duration", "sides", "held reps"],
)
def test_a_step_of_exactly_two_hours_is_allowed(step: str) -> None:
    routine = load(f"title: T\nsteps:\n  - title: A\n    {step}\n")
    assert routine.steps[0].seconds_range()[1] == 7200


# --- Counts and ranges ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "field", "line", "column", "message"),
    [
        ("reps: 0", "steps[1].reps", 4, 11, "reps must be at least 1, not 0"),
        ("reps: -3", "steps[1].reps", 4, 11, "reps must be at least 1, not -3"),
        ("reps: 0-5", "steps[1].reps", 4, 11, "reps must be at least 1, not 0"),
        ("duration: 30s\n    sets: 0", "steps[1].sets", 5, 11, "sets must be at least 1, not 0"),
        ("reps: 5\n    sets: -1", "steps[1].sets", 5, 11, "sets must be at least 1, not -1"),
    ],
    ids=["zero reps", "negative reps", "range from zero", "zero sets", "negative sets"],
)
def test_zero_or_negative_reps_and_sets_are_reported(
    step: str, field: str, line: int, column: int, message: str
) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    {step}\n")
    assert place(problem) == (field, line, column)
    assert problem.message == message


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("101", "reps must be at most 100, not 101"),
        ("2.5", "reps must be a whole number, such as 3, not 2.5"),
        ("true", "reps must be a whole number, not true/false"),
        ("ten", "reps must be a whole number (10) or a range (8-12), not 'ten'"),
    ],
)
def test_reps_that_are_not_a_sensible_count_are_reported(value: str, words: str) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    reps: {value}\n")
    assert place(problem) == ("steps[1].reps", 4, 11)
    assert problem.message == words


def test_a_reversed_reps_range_says_how_to_write_it() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    reps: 12-8\n")
    assert place(problem) == ("steps[1].reps", 4, 11)
    assert problem.message == ("the range 12-8 is written backwards; write it low to high: 8-12")


def test_a_reversed_per_day_range_is_reported() -> None:
    problem = one_problem("title: T\nper_day: 3-1\nsteps:\n  - title: A\n    reps: 5\n")
    assert place(problem) == ("per_day", 2, 10)
    assert "written backwards" in problem.message


def test_ranges_load_low_to_high() -> None:
    routine = load("title: T\nper_day: 1-3\nsteps:\n  - title: A\n    reps: 8-12\n")
    assert routine.per_day == CountRange(1, 3)
    assert routine.steps[0].reps == CountRange(8, 12)


# --- Keys that only make sense with another ---------------------------------------------


def test_hold_on_a_timed_step_is_reported() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            duration: 30s
            hold: 5s
        """
    )
    assert place(problem) == ("steps[1].hold", 5, 11)
    assert "it needs reps" in problem.message


@pytest.mark.parametrize("sets", ["", "\n    sets: 1"], ids=["sets left out", "sets: 1"])
def test_rest_with_one_set_is_reported(sets: str) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    reps: 5{sets}\n    rest: 30s\n")
    assert problem.field == "steps[1].rest"
    assert problem.line == (5 if not sets else 6)
    assert problem.column == 11
    assert "this step has one set" in problem.message
    assert "add 'sets: 2' or more, or remove rest" in problem.message


def test_rest_with_two_sets_loads() -> None:
    routine = load("title: T\nsteps:\n  - title: A\n    reps: 5\n    sets: 2\n    rest: 30s\n")
    assert (routine.steps[0].sets, routine.steps[0].rest) == (2, 30.0)


def test_rest_between_reps_without_hold_is_reported() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            reps: 5
            rest_between_reps: 10s
        """
    )
    assert place(problem) == ("steps[1].rest_between_reps", 5, 24)
    assert "it needs reps and hold" in problem.message


def test_prompts_on_a_counted_step_are_reported() -> None:
    problem = one_problem(
        """\
        title: T
        steps:
          - title: A
            reps: 5
            prompts:
              - at: 5s
                text: Hi
        """
    )
    assert place(problem) == ("steps[1].prompts", 6, 7)
    assert "they need a duration" in problem.message


@pytest.mark.parametrize(("at", "shown"), [("30s", "30s"), ("1m", "1m")])
def test_a_prompt_at_or_after_the_end_of_the_step_is_reported(at: str, shown: str) -> None:
    problem = one_problem(
        f"""\
        title: T
        steps:
          - title: A
            duration: 30s
            prompts:
              - at: 10s
                text: Fine
              - at: {at}
                text: Too late
        """
    )
    assert place(problem) == ("steps[1].prompts[2].at", 8, 13)
    assert problem.message == (
        f"the prompt comes at {shown}, but the step lasts 30s; make it earlier"
    )


def test_prompts_load_in_time_order() -> None:
    routine = load(
        """\
        title: T
        steps:
          - title: A
            duration: 15m
            prompts:
              - at: 10m
                text: Second
              - at: 5m
                text: First
        """
    )
    assert [(p.at, p.text) for p in routine.steps[0].prompts] == [
        (300.0, "First"),
        (600.0, "Second"),
    ]


def test_a_prompt_without_text_is_reported() -> None:
    problem = one_problem(
        "title: T\nsteps:\n  - title: A\n    duration: 1m\n    prompts:\n      - at: 5s\n"
    )
    assert place(problem) == ("steps[1].prompts[1].text", 6, 9)


@pytest.mark.parametrize(
    ("top", "field", "present", "column"),
    [("series: chin-tucks", "level", "series", 9), ("level: 2", "series", "level", 8)],
    ids=["series alone", "level alone"],
)
def test_series_and_level_come_together(top: str, field: str, present: str, column: int) -> None:
    problem = one_problem(f"title: T\n{top}\nsteps:\n  - title: A\n    reps: 5\n")
    assert place(problem) == (field, 2, column)
    assert problem.message.startswith(f"{present} needs {field} too")


def test_series_with_level_loads() -> None:
    routine = load("title: T\nseries: chin-tucks\nlevel: 2\nsteps:\n  - title: A\n    reps: 5\n")
    assert (routine.series, routine.level) == ("chin-tucks", 2)


def test_a_series_that_is_not_an_id_is_reported() -> None:
    problem = one_problem(
        "title: T\nseries: Chin Tucks\nlevel: 1\nsteps:\n  - title: A\n    reps: 5\n"
    )
    assert place(problem) == ("series", 2, 9)
    assert "such as 'chin-tucks'" in problem.message


# --- Several problems -------------------------------------------------------------------


def test_every_problem_in_a_file_is_reported_in_line_order() -> None:
    problems = problems_of(
        """\
        per_day: 0
        title: T
        steps:
          - title: A
            duration: -1
          - title: B
            reps: 0
        bogus: 1
        """
    )
    assert [place(problem) for problem in problems] == [
        ("per_day", 1, 10),
        ("steps[1].duration", 5, 15),
        ("steps[2].reps", 7, 11),
        ("bogus", 8, 1),
    ]
    assert "per_day must be at least 1" in problems[0].message
    assert "must be more than zero" in problems[1].message
    assert "reps must be at least 1" in problems[2].message
    assert "unknown key 'bogus'" in problems[3].message


def test_the_error_text_lists_every_problem_one_a_line() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine_text("title: T\nsteps:\n  - title: A\n    reps: 0\n    sets: 0\n", FILE)
    lines = str(caught.value).splitlines()
    assert lines == [str(problem) for problem in caught.value.problems]
    assert [problem.field for problem in caught.value.problems] == [
        "id",
        "steps[1].reps",
        "steps[1].sets",
    ]


# --- Ids --------------------------------------------------------------------------------


def test_the_id_defaults_to_the_file_name() -> None:
    routine = load("title: T\nsteps:\n  - title: A\n    reps: 5\n", default_id="desk-break")
    assert routine.id == "desk-break"


def test_a_file_name_that_is_not_an_id_asks_for_an_id_and_suggests_one() -> None:
    problem = one_problem(
        "title: T\nsteps:\n  - title: A\n    reps: 5\n", default_id="My Neck Routine!"
    )
    assert place(problem) == ("id", 1, 1)
    assert "the file name 'My Neck Routine!' cannot be the routine's id" in problem.message
    assert "add 'id: my-neck-routine' or rename the file to my-neck-routine.yaml" in (
        problem.message
    )


def test_text_without_a_file_name_needs_an_id() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    reps: 5\n", default_id=None)
    assert place(problem) == ("id", 1, 1)
    assert problem.message == "add an id, such as 'id: my-routine'"


def test_an_explicit_id_wins_over_a_bad_file_name() -> None:
    routine = load(
        "title: T\nid: neck-2\nsteps:\n  - title: A\n    reps: 5\n", default_id="Bad Name"
    )
    assert routine.id == "neck-2"


def test_an_id_that_is_not_an_id_suggests_one() -> None:
    problem = one_problem("title: T\nid: Neck_Reset\nsteps:\n  - title: A\n    reps: 5\n")
    assert place(problem) == ("id", 2, 5)
    assert "'Neck_Reset' is not an id" in problem.message
    assert "such as 'neck-reset'" in problem.message


def test_load_routine_asks_for_an_id_when_the_file_name_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "Neck Routine.yaml"
    path.write_text("title: T\nsteps:\n  - title: A\n    reps: 5\n", encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.field, problem.line) == (str(path), "id", 1)
    assert "add 'id: neck-routine'" in problem.message


def test_duplicate_ids_across_two_files_fail_the_later_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path, title in ((first, "First"), (second, "Second")):
        path.write_text(f"title: {title}\nid: same\nsteps:\n  - title: A\n    reps: 5\n")
    report = load_routines([tmp_path])
    assert [routine.title for routine in report.routines] == ["First"]
    [failure] = report.failures
    [problem] = failure.problems
    assert (problem.file, problem.field) == (str(second), "id")
    assert problem.message == (
        f"the id 'same' is already used by {first}; give this routine another id"
    )
    assert not report.ok


def test_one_bad_file_never_stops_the_others_from_loading(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text("title: A\nsteps:\n  - title: A\n    reps: 5\n")
    (tmp_path / "b-bad.yaml").write_text("title: B\nsteps: []\n")
    (tmp_path / "c-bad.yaml").write_bytes(b"\xff\xfe")
    (tmp_path / "d-good.yml").write_text("title: D\nsteps:\n  - title: D\n    duration: 1m\n")
    (tmp_path / "notes.txt").write_text("not a routine")
    report = load_routines([tmp_path, tmp_path / "missing.yaml"])
    assert [routine.id for routine in report.routines] == ["a-good", "d-good"]
    assert [failure.file for failure in report.failures] == [
        str(tmp_path / "b-bad.yaml"),
        str(tmp_path / "c-bad.yaml"),
        str(tmp_path / "missing.yaml"),
    ]
    assert "cannot read the file" in report.failures[2].problems[0].message


# --- The top level and other values -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- title: T\n- steps: []\n", "a list"),
        ("just some words\n", "a single value"),
        ("42\n", "a single value"),
        ("null\n", "a single value"),
    ],
    ids=["list", "words", "number", "null"],
)
def test_a_top_level_that_is_not_a_mapping_is_reported(text: str, kind: str) -> None:
    problem = one_problem(text)
    assert place(problem) == ("", 1, 1)
    assert problem.message.startswith(f"the file holds {kind}; a routine is a mapping")
    assert str(problem).startswith("r.yaml:1:1: (file): ")


def test_yes_no_words_in_text_are_explained() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    reps: 5\n    say: No\n")
    assert place(problem) == ("steps[1].say", 5, 10)
    assert "read as false (yes/no/on/off are)" in problem.message
    assert "put the text in quotes" in problem.message


def test_a_title_longer_than_80_characters_is_reported() -> None:
    problem = one_problem(f"title: {'x' * 81}\nsteps:\n  - title: A\n    reps: 5\n")
    assert place(problem) == ("title", 1, 8)
    assert problem.message == "the text is 81 characters; at most 80 fit"


@pytest.mark.parametrize(
    ("sides", "words"),
    [
        ("[]", "sides is empty"),
        ("[left, Left]", "left is repeated"),
        ("[left, [right]]", "each item must be a line of text"),
    ],
)
def test_bad_sides_are_reported(sides: str, words: str) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    reps: 5\n    sides: {sides}\n")
    assert problem.field.startswith("steps[1].sides")
    assert problem.line == 5
    assert words in problem.message


def test_sides_that_are_not_a_list_are_reported_once() -> None:
    problem = one_problem("title: T\nsteps:\n  - title: A\n    reps: 5\n    sides: left\n")
    assert place(problem) == ("steps[1].sides", 5, 12)
    assert problem.message.startswith("sides must be a list")


@pytest.mark.parametrize(
    ("step", "field", "words"),
    [
        ("pain_check: sometimes", "steps[1].pain_check", "after_step, after_each_set, none"),
        ("pressure: maybe", "steps[1].pressure", "expected true or false, not 'maybe'"),
    ],
)
def test_bad_choices_are_reported(step: str, field: str, words: str) -> None:
    problem = one_problem(f"title: T\nsteps:\n  - title: A\n    reps: 5\n    {step}\n")
    assert (problem.field, problem.line) == (field, 5)
    assert words in problem.message


def test_pain_check_defaults_follow_the_pain_rule() -> None:
    routine = load(
        """\
        title: T
        steps:
          - title: Press
            duration: 30s
            pressure: true
          - title: Count
            reps: 5
          - title: Rest
            duration: 30s
          - title: Stretch
            duration: 30s
            pain_check: after_step
        """
    )
    assert [step.pain_check_when for step in routine.steps] == [
        PainCheck.AFTER_STEP,
        PainCheck.AFTER_EACH_SET,
        PainCheck.NONE,
        PainCheck.AFTER_STEP,
    ]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda path: path.mkdir(), "not a regular file; name a .yaml file"),
        (lambda path: path.symlink_to(path.with_name("nowhere")), "cannot read the file"),
        (lambda path: os.mkfifo(path), "not a regular file; name a .yaml file"),
    ],
    ids=["folder", "broken symlink", "fifo"],
)
def test_a_path_that_is_not_a_readable_file_is_a_problem_not_an_exception(
    tmp_path: Path, make: Callable[[Path], object], words: str
) -> None:
    path = tmp_path / "odd.yaml"
    make(path)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.field, problem.line) == (str(path), "", None)
    assert problem.message.startswith(words)
