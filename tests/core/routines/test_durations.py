"""Reading and writing the times a routine is made of."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.routines.durations import (
    MAX_STEP_SECONDS,
    TIME_HINT,
    TimeError,
    format_clock,
    format_span,
    format_time,
    parse_time,
)
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.problems import RoutineError


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (30, 30.0),
        (2.5, 2.5),
        ("30", 30.0),
        ("2.5", 2.5),
        ("90s", 90.0),
        ("2m", 120.0),
        ("1m30s", 90.0),
        ("10m", 600.0),
        ("1h", 3600.0),
        ("1h30m", 5400.0),
        ("1h0m5s", 3605.0),
        ("1.5m", 90.0),
        (" 1m 30s ", 90.0),
        ("1:30", 90.0),
        ("0:05", 5.0),
        ("01:30", 90.0),
        ("1", 1.0),
        ("1.0", 1.0),
        ("7200", 7200.0),
        ("0.5m", 30.0),
    ],
)
def test_parse_time_accepts_the_documented_forms(value: object, seconds: float) -> None:
    assert parse_time(value) == seconds


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "must be more than zero"),
        (-5, "must be more than zero"),
        (-0.5, "must be more than zero"),
        ("0s", "must be more than zero"),
        ("0:00", "must be more than zero"),
        (math.nan, "is not a number of seconds"),
        (math.inf, "is not a number of seconds"),
        (True, "true is true/false, not a time"),
        (False, "false is true/false, not a time"),
        (None, "None is not a time"),
        ([30], "[30] is not a time"),
        ("", "'' is not a time"),
        ("abc", "'abc' is not a time"),
        ("-1m", "'-1m' is not a time"),
        ("2m1h", "'2m1h' is not a time"),
        ("30 seconds", "'30 seconds' is not a time"),
        ("m", "'m' is not a time"),
        ("1e3", "'1e3' is not a time"),
        ("1.0e+308", "'1.0e+308' is not a time"),
        ("0x1e", "'0x1e' is not a time"),
        ("0o17", "'0o17' is not a time"),
        ("0b11", "'0b11' is not a time"),
        ("1:2:3:4", "'1:2:3:4' is not a time"),
        ("٣٠", "'٣٠' is not a time"),
        (".inf", "'.inf' is not a number of seconds"),
        ("-.Inf", "'-.Inf' is not a number of seconds"),
        (".NaN", "'.NaN' is not a number of seconds"),
        ("-0", "'-0' must be more than zero"),
    ],
)
def test_parse_time_rejects_what_is_not_a_time(value: object, words: str) -> None:
    with pytest.raises(TimeError) as caught:
        parse_time(value)
    message = str(caught.value)
    assert words in message
    assert message.endswith(TIME_HINT)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("010", "write 10 for 10 seconds, not '010'"),
        ("+5", "write 5 for 5 seconds, not '+5'"),
        ("1_0", "write 10 for 10 seconds, not '1_0'"),
        ("5.", "write 5 for 5 seconds, not '5.'"),
        ("2.50", "write 2.5 for 2.5 seconds, not '2.50'"),
        ("1:5", "write 1:05 for 1 minute 5 seconds, not '1:5'"),
        ("1:60", "write 2:00 for 2 minutes, not '1:60'"),
        ("1:02:03", "write 1h2m3s for 1 hour 2 minutes 3 seconds, not '1:02:03'"),
        ("1m05s", "write 1m5s for 1 minute 5 seconds, not '1m05s'"),
        ("01m", "write 1m for 1 minute, not '01m'"),
    ],
)
def test_a_time_written_in_an_undocumented_form_says_how_to_write_it(
    value: str, message: str
) -> None:
    with pytest.raises(TimeError) as caught:
        parse_time(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".5", "'.5' is less than a second; a time is at least 1 second"),
        ("0.0000000001", "'0.0000000001' is less than a second; a time is at least 1 second"),
        (0.5, "0.5 is less than a second; a time is at least 1 second"),
        ("2.55", "'2.55' has more than one decimal; write whole seconds or tenths, such as 2.5"),
        (2.25, "2.25 has more than one decimal; write whole seconds or tenths, such as 2.5"),
        ("7201", "'7201' is longer than 2 hours, the longest a step may last; check the time"),
        ("2h1s", "'2h1s' is longer than 2 hours, the longest a step may last; check the time"),
        ("121:00", "'121:00' is longer than 2 hours, the longest a step may last; check the time"),
    ],
)
def test_a_time_outside_one_second_to_two_hours_in_tenths_is_refused(
    value: object, message: str
) -> None:
    with pytest.raises(TimeError) as caught:
        parse_time(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "value",
    [10**400, 10**5000, "9" * 5000, "1" + "0" * 400, "9" * 5000 + ".5", "9" * 5000 + "m"],
    ids=[
        "400 digits",
        "5000 digits",
        "5000 digits of text",
        "400 digits of text",
        "fraction",
        "minutes",
    ],
)
def test_parse_time_rejects_an_enormous_number_with_a_time_error(value: object) -> None:
    with pytest.raises(TimeError) as caught:
        parse_time(value)
    assert "is longer than 2 hours" in str(caught.value)
    assert len(str(caught.value)) < 200


def test_parse_time_rejects_an_enormous_clock_time_with_a_time_error() -> None:
    with pytest.raises(TimeError):
        parse_time("9" * 400 + ":00")


def test_parse_time_rejects_a_clock_time_of_thousands_of_digits_with_a_time_error() -> None:
    with pytest.raises(TimeError):
        parse_time("9" * 5000 + ":00")


def test_an_enormous_duration_in_a_routine_is_a_routine_error() -> None:
    with pytest.raises(RoutineError):
        parse_routine_text(
            "title: T\nsteps:\n  - title: A\n    duration: 1" + "0" * 400 + "\n", default_id="x"
        )


def test_time_error_is_a_value_error() -> None:
    assert issubclass(TimeError, ValueError)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("1:30", 90.0), ("'1:30'", 90.0), ("0:30", 30.0), ("90", 90.0), ("2.5", 2.5)],
    ids=["yaml sexagesimal", "quoted", "yaml text", "number", "fraction"],
)
def test_times_in_a_routine_read_as_seconds(written: str, seconds: float) -> None:
    routine = parse_routine_text(
        f"title: T\nsteps:\n  - title: A\n    duration: {written}\n", default_id="x"
    )
    assert routine.steps[0].duration == seconds


@pytest.mark.parametrize(
    ("seconds", "written"),
    [
        (1, "1s"),
        (30, "30s"),
        (60, "1m"),
        (90, "1m30s"),
        (600, "10m"),
        (3600, "1h"),
        (3661, "1h1m1s"),
        (7200, "2h"),
        (0, "0s"),
        (2.5, "2.5s"),
        (90.0, "1m30s"),
    ],
)
def test_format_time_writes_what_an_author_would(seconds: float, written: str) -> None:
    assert format_time(seconds) == written


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=MAX_STEP_SECONDS))
def test_format_time_round_trips_whole_seconds(seconds: int) -> None:
    assert parse_time(format_time(seconds)) == seconds


@settings(max_examples=100)
@given(st.integers(min_value=10, max_value=10 * MAX_STEP_SECONDS))
def test_format_time_round_trips_tenths(tenths: int) -> None:
    seconds = tenths / 10
    assert parse_time(format_time(seconds)) == seconds


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (59, "0:59"),
        (60, "1:00"),
        (245, "4:05"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3720, "1:02:00"),
        (0.2, "0:01"),
        (59.5, "1:00"),
        (60.0000000001, "1:00"),
        (-3, "0:00"),
    ],
)
def test_format_clock_rounds_up_like_a_countdown(seconds: float, clock: str) -> None:
    assert format_clock(seconds) == clock


@pytest.mark.parametrize(
    ("low", "high", "span"),
    [
        (45, 45, "45 s"),
        (30, 45, "30-45 s"),
        (300, 300, "5 min"),
        (240, 360, "4-6 min"),
        (290, 310, "5 min"),
        (50, 70, "1 min"),
        (20, 20.4, "20 s"),
    ],
)
def test_format_span_writes_a_total_time_for_people(low: float, high: float, span: str) -> None:
    assert format_span(low, high) == span
