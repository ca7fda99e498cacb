"""Whatever it is given, the loader returns a routine or raises its own error, and nothing else.

The strategies range from noise (any text, any bytes) through any YAML document
to routines that are almost right, where most of the checks are reached.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot.core.routines.durations import MAX_STEP_SECONDS
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.model import Routine
from unknot.core.routines.parser import PROMPT_KEYS, ROUTINE_KEYS, STEP_KEYS
from unknot.core.routines.problems import RoutineError

FILE = "prop.yaml"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""No deadline: a rare example (a long scan of odd text) must not make the run flaky."""

_STEP_INDEX = re.compile(r"^steps\[(\d+)\]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break, so a problem's line can be checked against the text."""


def check(data: str | bytes) -> Routine | None:
    """Loads ``data``, allowing only a routine or a well-formed :class:`RoutineError`."""
    try:
        routine = parse_routine_text(data, FILE, default_id="prop", assets_dir=None)
    except RoutineError as error:
        assert error.problems
        places = []
        for problem in error.problems:
            assert problem.file == FILE
            assert problem.message.strip()
            assert problem.line is None or problem.line >= 1
            assert problem.column is None or problem.column >= 1
            assert str(problem).startswith(FILE)
            places.append((problem.line or 0, problem.column or 0))
        assert places == sorted(places), "problems are not in line order"
        return None
    assert isinstance(routine, Routine)
    assert routine.title
    assert routine.steps
    for step in routine.steps:
        assert (step.duration is None) != (step.reps is None)
        low, high = step.seconds_range()
        assert 0 < low <= high <= MAX_STEP_SECONDS
        assert all(0 < prompt.at < (step.duration or 0) for prompt in step.prompts)
    return routine


def check_dumped(document: object) -> Routine | None:
    """Writes ``document`` as YAML, then loads it; problems must point inside the document."""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    try:
        parse_routine_text(text, FILE, default_id="prop", assets_dir=None)
    except RoutineError as error:
        steps = document.get("steps") if isinstance(document, dict) else None
        for problem in error.problems:
            match = _STEP_INDEX.match(problem.field)
            if match:
                assert isinstance(steps, list)
                assert 1 <= int(match.group(1)) <= len(steps)
        lines = len(_LINE_BREAK.findall(text)) + 1
        assert all(problem.line is None or problem.line <= lines for problem in error.problems)
    return check(text)


# --- Noise ------------------------------------------------------------------------------

ANY_CHARACTER = st.characters() | st.characters(categories=["Cs"])
"""Any code point, lone surrogates included (a ``str`` can hold them; UTF-8 cannot)."""

YAMLISH = st.text(
    alphabet=st.sampled_from(list("abt:- \n\t[]{}&*!#'\"|>%@`,?019.~<=\\\ufeff\x00\x85é")),
    max_size=200,
)
"""Text made of YAML's punctuation, so the parser's error paths are reached often."""


@SETTINGS
@given(st.text(ANY_CHARACTER))
def test_any_text_gives_a_routine_or_a_routine_error(text: str) -> None:
    check(text)


@SETTINGS
@given(st.binary())
def test_any_bytes_give_a_routine_or_a_routine_error(data: bytes) -> None:
    check(data)


@SETTINGS
@given(YAMLISH)
def test_yaml_punctuation_gives_a_routine_or_a_routine_error(text: str) -> None:
    check(text)


@SETTINGS
@given(
    st.sampled_from(
        [
            "title: T\nsteps:\n  - title: A\n    duration: 30s\n",
            "title: T\nsteps:\n  - title: A\n    reps: 8-12\n    hold: 5s\n",
        ]
    ),
    st.integers(min_value=0, max_value=60),
    st.binary(max_size=8),
)
def test_a_valid_routine_with_bytes_spliced_in_gives_a_routine_or_a_routine_error(
    base: str, at: int, junk: bytes
) -> None:
    data = base.encode()
    check(data[:at] + junk + data[at:])


# --- Any YAML document ------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
SMALL_DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)


@SETTINGS
@given(DOCUMENTS)
def test_any_yaml_document_gives_a_routine_or_a_routine_error(document: object) -> None:
    check_dumped(document)


@SETTINGS
@given(st.dictionaries(st.sampled_from(ROUTINE_KEYS), SMALL_DOCUMENTS, max_size=9))
def test_any_values_under_the_routine_keys_give_a_routine_or_a_routine_error(
    document: dict[str, object],
) -> None:
    check_dumped(document)


# --- Almost valid routines --------------------------------------------------------------
# A valid routine, then a few of its values swapped for values drawn from a mix of right
# and wrong ones (and the odd misspelt key), so most of the format's checks are reached.

GOOD_TIMES = st.sampled_from(["30s", "2m", "1m30s", "1:30", "10", 5, 2.5, "10m"])
GOOD_HOLDS = st.sampled_from(["5s", 10, "2.5", "0:05"])
GOOD_COUNTS = st.sampled_from([1, 3, 10, "8-12", "5"])
GOOD_TEXTS = st.sampled_from(["Chin tuck", "Rest", "Sitting, elbows on a table", "Nod gently."])
OPTIONAL_GOOD = {
    "sides": st.sampled_from([["left", "right"], ["right"]]),
    "position": GOOD_TEXTS,
    "cue": GOOD_TEXTS,
    "say": GOOD_TEXTS,
    "pressure": st.booleans(),
    "pain_check": st.sampled_from(["after_step", "after_each_set", "none"]),
}
GOOD_TIMED = st.fixed_dictionaries(
    {"title": GOOD_TEXTS, "duration": GOOD_TIMES},
    optional={
        **OPTIONAL_GOOD,
        "sets": st.integers(min_value=1, max_value=3),
        "prompts": st.just([{"at": 1, "text": "Check your skin."}]),
    },
)
GOOD_COUNTED = st.fixed_dictionaries(
    {"title": GOOD_TEXTS, "reps": GOOD_COUNTS},
    optional={
        **OPTIONAL_GOOD,
        "hold": GOOD_HOLDS,
        "sets": st.integers(min_value=1, max_value=3),
    },
)
GOOD_ROUTINES = st.fixed_dictionaries(
    {"title": GOOD_TEXTS, "steps": st.lists(GOOD_TIMED | GOOD_COUNTED, min_size=1, max_size=4)},
    optional={
        "id": st.sampled_from(["neck-reset", "desk-2"]),
        "summary": GOOD_TEXTS,
        "tags": st.lists(GOOD_TEXTS, max_size=3),
        "per_day": GOOD_COUNTS,
        "safety": st.lists(GOOD_TEXTS, max_size=3),
    },
)

TIMES = GOOD_TIMES | st.one_of(
    st.sampled_from(["1h", "3h", "", "abc", "-1m", "0s", "2m1h", "1:60", "1e3", "90 s"]),
    st.integers(min_value=-100, max_value=100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.just("30s"), max_size=2),
)
COUNTS = GOOD_COUNTS | st.one_of(
    st.sampled_from(["12-8", "0-5", 1.0, 2.5]),
    st.integers(min_value=-5, max_value=200),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.text(max_size=6),
)
TEXTS = GOOD_TEXTS | st.one_of(
    st.sampled_from(["x" * 81, "", "  ", "yes"]),
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
)
TEXT_LISTS = st.lists(TEXTS, max_size=5) | TEXTS
ANY_VALUE: dict[str, st.SearchStrategy[Any]] = {
    "title": TEXTS,
    "duration": TIMES,
    "reps": COUNTS,
    "hold": TIMES,
    "rest_between_reps": TIMES,
    "sets": COUNTS,
    "rest": TIMES,
    "sides": st.sampled_from([["left", "right"], ["left", "Left"], [], "left"]) | TEXT_LISTS,
    "position": TEXTS,
    "cue": TEXTS,
    "say": TEXTS,
    "prompts": st.lists(
        st.fixed_dictionaries({}, optional={"at": TIMES, "text": TEXTS, "when": TEXTS}) | TEXTS,
        max_size=3,
    )
    | TEXTS,
    "image": st.sampled_from(
        [
            "x.png",
            "../x.png",
            "/etc/passwd",
            "C:\\x.png",
            "",
            "~/x",
            "pictures/rest-shoulders.png",
            ["pictures/chin-tuck-lying-rest.png", "pictures/chin-tuck-lying-nod.png"],
            ["pictures/rest-shoulders.png"] * 5,
            [],
        ]
    ),
    "side_drawn": st.sampled_from(["left", "right", "middle", ""]) | TEXTS,
    "seated": st.fixed_dictionaries(
        {},
        optional={
            "position": st.sampled_from(["sitting tall", "lying down"]) | TEXTS,
            "cue": TEXTS,
            "image": st.sampled_from(["pictures/towel-roll-seated.png", "../x.png", 3]),
            "prompts": st.sampled_from([[], [{"at": "1s", "text": "Sit tall."}], "no"]),
            "side": TEXTS,
        },
    )
    | TEXTS,
    "pressure": st.booleans() | TEXTS,
    "heat": st.booleans() | TEXTS,
    "pain_check": st.sampled_from(["after_step", "after_each_set", "none", "sometimes", 1]),
    "duraton": TIMES,
    "id": st.sampled_from(["neck-reset", "Neck Reset", "a--b"]) | TEXTS,
    "summary": TEXTS,
    "tags": TEXT_LISTS,
    "per_day": COUNTS,
    "safety": TEXT_LISTS,
    "series": st.sampled_from(["chin-tucks", "Chin Tucks"]) | TEXTS,
    "level": COUNTS,
    "restful": st.booleans() | TEXTS,
    "steps": st.lists(TEXTS, max_size=2) | TEXTS,
    "titel": TEXTS,
}
STEP_CHANGE_KEYS = [*STEP_KEYS, "duraton"]
ROUTINE_CHANGE_KEYS = [*ROUTINE_KEYS, "titel"]


@st.composite
def almost_valid_routines(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    """A valid routine with some values changed; also returns how many were changed."""
    routine: dict[str, Any] = draw(GOOD_ROUTINES)
    changes = 0
    for key in draw(st.lists(st.sampled_from(ROUTINE_CHANGE_KEYS), max_size=1)):
        routine[key] = draw(ANY_VALUE.get(key, SCALARS))
        changes += 1
    steps = routine["steps"] if isinstance(routine.get("steps"), list) else []
    for step in steps:
        if not isinstance(step, dict):
            continue
        for key in draw(st.lists(st.sampled_from(STEP_CHANGE_KEYS), max_size=2)):
            step[key] = draw(ANY_VALUE.get(key, SCALARS))
            changes += 1
    return routine, changes


def test_the_changes_cover_every_key_the_format_knows() -> None:
    assert set(STEP_KEYS) | set(ROUTINE_KEYS) <= set(ANY_VALUE)
    assert set(PROMPT_KEYS) == {"at", "text"}


@SETTINGS
@given(GOOD_ROUTINES)
def test_valid_routines_load(document: dict[str, Any]) -> None:
    routine = check_dumped(document)
    assert routine is not None
    assert len(routine.steps) == len(document["steps"])
    assert routine.id == document.get("id", "prop")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(almost_valid_routines())
def test_almost_valid_routines_give_a_routine_or_a_routine_error(
    case: tuple[dict[str, Any], int],
) -> None:
    document, changes = case
    routine = check_dumped(document)
    if changes == 0:
        assert routine is not None
