"""The reminders file: round trip, clear errors with lines, damaged files kept aside."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.reminders.schedule import (
    WEEKDAYS,
    DayTally,
    Reminder,
    ReminderState,
    Snooze,
    Weekday,
)
from unknot.core.reminders.store import ReminderBook, ReminderStore, book_from_json, book_to_json
from unknot.core.routines.problems import RoutineError

UTC = timezone.utc
FIXED_NOW = datetime(2026, 11, 21, 10, 30, 0)

BOOK = ReminderBook(
    (
        Reminder("a1", time(8, 0), WEEKDAYS, "chin-tucks-1"),
        Reminder("b2", time(13, 0), WEEKDAYS, None, enabled=False),
    ),
    ReminderState(
        (Snooze("a1", datetime(2026, 11, 23, 7, 10, tzinfo=UTC)),),
        DayTally(date(2026, 11, 23), 1, False),
        datetime(2026, 11, 23, 7, 0, tzinfo=UTC),
    ),
)


def test_saved_reminders_load_back(tmp_path: Path) -> None:
    store = ReminderStore(tmp_path / "reminders.json")
    store.save(BOOK)
    loaded = ReminderStore(tmp_path / "reminders.json").load()
    assert loaded == BOOK


def test_the_file_is_plain_readable_json(tmp_path: Path) -> None:
    store = ReminderStore(tmp_path / "reminders.json")
    store.save(BOOK)
    data = json.loads((tmp_path / "reminders.json").read_text())
    assert data["reminders"][0] == {
        "id": "a1",
        "time": "08:00",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "routine": "chin-tucks-1",
        "on": True,
    }


def test_no_file_means_no_reminders(tmp_path: Path) -> None:
    store = ReminderStore(tmp_path / "reminders.json")
    assert store.load() == ReminderBook()
    assert store.problem is None


reminder_lists = st.lists(
    st.builds(
        Reminder,
        id=st.text("abcdef0123456789", min_size=1, max_size=12),
        at=st.builds(time, st.integers(0, 23), st.integers(0, 59)),
        days=st.frozensets(st.sampled_from(list(Weekday)), min_size=1),
        routine_id=st.one_of(
            st.none(), st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
        ),
        enabled=st.booleans(),
    ),
    max_size=8,
    unique_by=lambda r: r.id,
)


@settings(max_examples=150, deadline=None)
@given(reminder_lists)
def test_any_reminders_survive_a_round_trip(reminders: list[Reminder]) -> None:
    book = ReminderBook(tuple(reminders))
    loaded = book_from_json(book_to_json(book).encode(), "reminders.json")
    assert set(loaded.reminders) == set(reminders)


def damaged(text: str) -> RoutineError:
    with pytest.raises(RoutineError) as caught:
        book_from_json(text.encode(), "reminders.json")
    return caught.value


def test_a_bad_time_names_the_line_and_field() -> None:
    text = book_to_json(BOOK).replace('"13:00"', '"25:00"')
    error = damaged(text)
    problem = error.problems[0]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "25:00" in row)
    assert problem.field == "reminders[2].time"
    assert problem.line == line
    assert "HH:MM" in problem.message
    assert str(problem).startswith(f"reminders.json:{line}:")


def test_a_misspelt_key_gets_a_suggestion() -> None:
    error = damaged(book_to_json(BOOK).replace('"days"', '"dayz"', 1))
    messages = [str(p) for p in error.problems]
    assert any("reminders[1].dayz" in m and "days" in m for m in messages)


def test_a_bad_day_says_which_words_work() -> None:
    error = damaged(book_to_json(BOOK).replace('"mon"', '"monday"', 1))
    assert "mon, tue" in error.problems[0].message


def test_a_json_syntax_error_has_a_line() -> None:
    error = damaged('{"version": 1,\n "reminders": [\n')
    assert error.problems[0].line is not None


def test_a_newer_format_is_not_read_as_this_one() -> None:
    error = damaged(book_to_json(BOOK).replace('"version": 1', '"version": 2'))
    assert "newer" in error.problems[0].message


def test_a_damaged_file_is_set_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    path.write_text('{"version": 1, "reminders": [{"id": "x", "time": "8 o\'clock"}]}')
    store = ReminderStore(path, now=lambda: FIXED_NOW)
    assert store.load() == ReminderBook()
    kept = tmp_path / "reminders.json.damaged-20261121-103000"
    assert kept.read_text().startswith('{"version": 1')
    assert not path.exists()
    assert store.problem is not None
    assert "damaged" in store.problem and kept.name in store.problem
    assert "reminders[1].time" in store.problem


def test_an_empty_file_is_damaged_not_empty_reminders(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    path.write_text("")
    store = ReminderStore(path, now=lambda: FIXED_NOW)
    store.load()
    assert store.problem is not None and "empty" in store.problem


def test_saving_after_a_damaged_load_keeps_the_damaged_copy(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    path.write_text("[1, 2")
    store = ReminderStore(path, now=lambda: FIXED_NOW)
    store.load()
    store.save(BOOK)
    assert (tmp_path / "reminders.json.damaged-20261121-103000").read_text() == "[1, 2"
    assert ReminderStore(path).load() == BOOK


@pytest.mark.parametrize(
    "written",
    [
        "\u00b2:00",
        "\u0661\u0662:00",
        "08:\u00b30",
        "8:0",
        "008:00",
        "24:00",
        "08:60",
        " 8:00",
        "8.00",
    ],
)
def test_only_ascii_hours_and_minutes_are_a_time(tmp_path: Path, written: str) -> None:
    """``"²:00".isdigit()`` is true and ``int("²")`` fails: once, that stopped every start."""
    path = tmp_path / "reminders.json"
    text = book_to_json(BOOK).replace('"08:00"', json.dumps(written))
    path.write_text(text, encoding="utf-8")
    store = ReminderStore(path, now=lambda: FIXED_NOW)

    assert store.load() == ReminderBook()

    assert store.problem is not None and "reminders[1].time" in store.problem
    assert (tmp_path / "reminders.json.damaged-20261121-103000").read_text("utf-8") == text


@pytest.mark.parametrize("written", ["8:05", "08:05", "0:00", "23:59"])
def test_an_hour_of_one_or_two_digits_is_a_time(written: str) -> None:
    text = book_to_json(BOOK).replace('"08:00"', json.dumps(written))
    hours, minutes = written.split(":")
    loaded = book_from_json(text.encode(), "reminders.json")
    assert loaded.reminders[0].at == time(int(hours), int(minutes))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param('"a1"', '"\\ud800"', id="lone-surrogate-id"),
        pytest.param('"a1"', '"' + "x" * 300 + '"', id="long-id"),
        pytest.param('"a1"', '"a\\u0007"', id="control-character"),
        pytest.param('"2026-11-23T07:00:00+00:00"', '"0001-01-01T00:00:00+01:00"', id="year-1"),
        pytest.param('"2026-11-23T07:00:00+00:00"', '"9999-12-31T23:59:59-01:00"', id="year-9999"),
        pytest.param('"sessions": 1', '"sessions": 1' + "0" * 5000, id="5000-digits"),
        pytest.param('"sessions": 1', '"sessions": 100000', id="too-many-sessions"),
        pytest.param('"sessions": 1', '"sessions": 1e999', id="infinity"),
        pytest.param('"sessions": 1', '"sessions": NaN', id="nan"),
        pytest.param('"reminders": [', '"reminders": [' + "[" * 10_000, id="deep"),
    ],
)
def test_hostile_content_is_set_aside_never_raised(tmp_path: Path, old: str, new: str) -> None:
    path = tmp_path / "reminders.json"
    text = book_to_json(BOOK)
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    raw = path.read_bytes()
    store = ReminderStore(path, now=lambda: FIXED_NOW)

    assert store.load() == ReminderBook()

    assert store.problem is not None
    assert (tmp_path / "reminders.json.damaged-20261121-103000").read_bytes() == raw


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            '{"version": 1, "reminders": [' + "1," * 30_000 + "1]}",
            "the file holds about 30,005 values; reminders need far fewer",
            id="many-values",
        ),
        pytest.param(
            "version: 1\nreminders:\n" + "- 1\n" * 3_000,
            "the file holds about 3,002 values; reminders need far fewer",
            id="many-yaml-items",
        ),
        pytest.param(
            '{"version": 1,\n "reminders": ' + "[" * 1_000 + "]" * 1_000 + "}",
            "values are nested more than 8 levels deep",
            id="deep",
        ),
        pytest.param(
            '{"version": 1, "x": "' + "a" * 100_000 + '"}',
            "the file is 100,023 bytes; a reminders file is a few KB",
            id="large",
        ),
    ],
)
def test_what_no_reminders_file_looks_like_is_refused_before_it_is_parsed(
    text: str, message: str
) -> None:
    """The YAML reader would spend seconds on these; they are refused by counting."""
    (problem,) = damaged(text).problems
    assert problem.message == message
    assert problem.line == (2 if "nested" in message else None)


def test_brackets_and_commas_inside_texts_do_not_count() -> None:
    odd_id = "[{,:" * 40
    text = book_to_json(BOOK).replace('"a1"', json.dumps(odd_id), 1)
    loaded = book_from_json(text.encode(), "reminders.json")
    assert loaded.reminders[0].id == odd_id
