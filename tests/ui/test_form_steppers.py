"""The editor's − and + steppers never write a value the validator refuses, nor lose a range."""

from __future__ import annotations

import pytest

from unknot.ui.widgets.form import step_count, step_seconds


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("", 1, "5s"),
        ("", -1, "5s"),
        ("5s", -1, "5s"),  # not the invalid "0s"
        ("0s", 1, "5s"),
        ("30s", 1, "35s"),
        ("30s", -1, "25s"),
        ("32s", -1, "30s"),
        ("32s", 1, "35s"),
        ("1m", 1, "1m5s"),
        ("soon", 1, "soon"),  # not a time: left as typed, with its message
    ],
)
def test_seconds(text: str, direction: int, expected: str) -> None:
    assert step_seconds(5)(text, direction) == expected


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("", 1, "1"),
        ("10", 1, "11"),
        ("1", -1, "1"),
        ("8-12", -1, "7-11"),
        ("1-5", -1, "1-5"),  # a range keeps its width at the end of the scale
        ("96-100", 1, "96-100"),
        ("²", 1, "²"),  # a digit to isdigit(), not to int()
        ("ten", 1, "ten"),
    ],
)
def test_counts(text: str, direction: int, expected: str) -> None:
    assert step_count(1, 100)(text, direction) == expected
