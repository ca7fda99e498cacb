"""The person's reminders and their state, in one JSON file in the user data folder.

JSON because nothing else needs to read it and the standard library writes it;
it is *read* through the YAML reader (JSON is YAML) so that a hand-edited file
with a mistake gets the same ``FILE:LINE:COL: FIELD: message`` as a routine.
A damaged file is moved aside and reported, never silently replaced: somebody
who set up six reminders must be told, not find them gone. Two windows on one
folder merge by reminder id (:mod:`unknot.core.reminders.merge`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from unknot.core.reminders.merge import merge_reminders, merge_states
from unknot.core.reminders.schedule import (
    MAX_REMINDERS,
    DayTally,
    Reminder,
    ReminderError,
    ReminderState,
    Snooze,
    Weekday,
    sorted_reminders,
)
from unknot.core.routines.fields import FieldError, identifier, unknown_key_message
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.yaml_reader import Mapping, Scalar, Sequence, Value, Where, read_yaml
from unknot.core.storage.json_store import JsonFileStore, JsonFormat, Merged, Wording
from unknot.core.storage.notices import Notices

log = logging.getLogger("unknot.core.reminders.store")

FORMAT_VERSION = 1
_TOP_KEYS = ("version", "reminders", "state")
_REMINDER_KEYS = ("id", "time", "days", "routine", "on")
_STATE_KEYS = ("snoozes", "tally", "handled_until")
_SNOOZE_KEYS = ("reminder", "until")
_TALLY_KEYS = ("day", "sessions", "rest")
_DAY_KEYS = {day.key: day for day in Weekday}
_TIME_OF_DAY = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)
"""``H:MM`` or ``HH:MM`` in ASCII digits: ``"\u00b2:00"`` passes ``isdigit()``, not this."""


@dataclass(frozen=True)
class ReminderBook:
    """Everything in the file: the reminders as set up, and the state as they fire."""

    reminders: tuple[Reminder, ...] = ()
    state: ReminderState = field(default_factory=ReminderState)


class ReminderStore(JsonFileStore[ReminderBook, ReminderBook]):
    """Loads and saves a ``ReminderBook`` at one path; ``problem`` describes the last load."""

    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime] = datetime.now,
        *,
        notices: Notices | None = None,
    ) -> None:
        super().__init__(path, REMINDERS_FORMAT, now, notices=notices)


def merge_books(
    base: ReminderBook, mine: ReminderBook, theirs: ReminderBook
) -> Merged[ReminderBook]:
    """Another window's reminders and state taken into this window's (see ``merge``)."""
    reminders, conflicts = merge_reminders(base.reminders, mine.reminders, theirs.reminders)
    state = merge_states(base.state, mine.state, theirs.state, (r.id for r in reminders))
    return Merged(ReminderBook(reminders, state), conflicts)


def _damage_reason(error: Exception) -> str:
    """The first problem without the file name, which the sentence already gives."""
    if not isinstance(error, RoutineError):
        return str(error)
    first = error.problems[0]
    where = f"line {first.line}: " if first.line else ""
    named = f"{first.field}: " if first.field else ""
    return f"{where}{named}{first.message}"


# -- writing ---------------------------------------------------------------------------


def book_to_json(book: ReminderBook) -> str:
    state = book.state
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "reminders": [_reminder_to_dict(r) for r in sorted_reminders(book.reminders)],
        "state": {
            "snoozes": [
                {"reminder": s.reminder_id, "until": _instant_text(s.until)} for s in state.snoozes
            ],
            "tally": {
                "day": state.tally.day.isoformat() if state.tally.day else None,
                "sessions": state.tally.sessions,
                "rest": state.tally.rest,
            },
            "handled_until": (_instant_text(state.handled_until) if state.handled_until else None),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _reminder_to_dict(reminder: Reminder) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "time": reminder.at.strftime("%H:%M"),
        "days": [day.key for day in sorted(reminder.days)],
        "routine": reminder.routine_id,
        "on": reminder.enabled,
    }


def _instant_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


# -- reading ---------------------------------------------------------------------------


def book_from_json(raw: bytes, file: str) -> ReminderBook:
    """Parses and checks the whole file, or raises ``RoutineError`` naming line and field.

    Unknown keys are refused with a suggestion, like a routine's: in a file of
    reminders a misspelt key ("tme") would otherwise lose a setting silently.
    """
    if not raw.strip():
        raise RoutineError([Problem(file, "", "the file is empty", 1)])
    _check_shape(raw, file)
    root = read_yaml(raw, file)
    reader = _Reader(file)
    top = reader.mapping(root, "", _TOP_KEYS)
    version = reader.scalar(top.items.get("version"), "version", root.where, int)
    if version != FORMAT_VERSION:
        raise reader.error(
            top.items["version"].where if "version" in top.items else root.where,
            "version",
            f"this is reminders format {version}; this version of Unknot reads format "
            f"{FORMAT_VERSION} (a newer Unknot wrote it?)",
        )
    reminders = reader.reminders(top.items.get("reminders"), root.where)
    state = reader.state(top.items.get("state"), root.where)
    if reader.problems:
        raise RoutineError(reader.problems)
    return ReminderBook(tuple(reminders), state)


MAX_NESTING = 8
"""The file nests four levels deep (the state's snoozes); far deeper is not a reminders file."""

MAX_FILE_BYTES = 100_000
"""24 reminders and their state take a few kilobytes."""

MAX_VALUES = 2_000
"""24 reminders of about ten values each, and the state: a few hundred values."""

_STRING = re.compile(rb'"(?:[^"\\\n]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")
_VALUE_MARK = re.compile(rb"[,:\[{]|^[ \t]*-", re.MULTILINE)


def _check_shape(raw: bytes, file: str) -> None:
    """Refuses what no reminders file looks like before the YAML reader spends seconds on it.

    PyYAML takes about a second per thousand levels of nesting, and per 30,000
    values: a hostile file would freeze the start. The checks are regular
    expressions and a loop over the brackets alone. Brackets and commas inside
    strings do not count: each string is blanked, keeping its length, so the
    line of the trouble stays true.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise RoutineError(
            [Problem(file, "", f"the file is {len(raw):,} bytes; a reminders file is a few KB")]
        )
    blanked = _STRING.sub(lambda found: b'"' + b"_" * (len(found.group()) - 2) + b'"', raw)
    values = len(_VALUE_MARK.findall(blanked))
    if values > MAX_VALUES:
        raise RoutineError(
            [Problem(file, "", f"the file holds about {values:,} values; reminders need far fewer")]
        )
    depth = 0
    for match in _BRACKET.finditer(blanked):
        depth += 1 if match.group() in b"[{" else -1
        if depth > MAX_NESTING:
            line = raw.count(b"\n", 0, match.start()) + 1
            raise RoutineError(
                [Problem(file, "", f"values are nested more than {MAX_NESTING} levels deep", line)]
            )


class _Reader:
    """Walks the parsed file, collecting every problem rather than stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, where: Where, field: str, message: str) -> RoutineError:
        return RoutineError([Problem(self.file, field, message, where.line, where.column)])

    def note(self, where: Where, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message, where.line, where.column))

    def mapping(self, value: Value, path: str, keys: tuple[str, ...]) -> Mapping:
        if not isinstance(value, Mapping):
            what = path or "the file"
            raise self.error(value.where, path, f"{what} must be a JSON object {{...}}")
        for key, where in value.key_where.items():
            if key not in keys:
                field = f"{path}.{key}" if path else key
                self.note(where, field, unknown_key_message(key, keys))
        return value

    def scalar(self, value: Value | None, path: str, parent: Where, kind: type) -> Any:
        if value is None:
            raise self.error(parent, path, f"{path} is missing")
        if not isinstance(value, Scalar) or type(value.value) is not kind:
            names = {int: "a whole number", str: "text in quotes", bool: "true or false"}
            raise self.error(value.where, path, f"{path} must be {names[kind]}")
        if isinstance(value.value, str) and not _is_text(value.value):
            raise self.error(
                value.where, path, f"{path} holds characters that are not text, or is too long"
            )
        return value.value

    def reminders(self, value: Value | None, parent: Where) -> list[Reminder]:
        if value is None:
            return []
        if not isinstance(value, Sequence):
            raise self.error(value.where, "reminders", "reminders must be a list [...]")
        if len(value.items) > MAX_REMINDERS:
            raise self.error(
                value.where, "reminders", f"at most {MAX_REMINDERS} reminders can be kept"
            )
        result: list[Reminder] = []
        seen: set[str] = set()
        for index, item in enumerate(value.items):
            path = f"reminders[{index + 1}]"
            try:
                reminder = self.reminder(item, path)
            except RoutineError as error:
                self.problems.extend(error.problems)
                continue
            if reminder.id in seen:
                self.note(item.where, f"{path}.id", f"the id {reminder.id!r} is used twice")
                continue
            seen.add(reminder.id)
            result.append(reminder)
        return result

    def reminder(self, value: Value, path: str) -> Reminder:
        entry = self.mapping(value, path, _REMINDER_KEYS)
        items = entry.items
        reminder_id = self.scalar(items.get("id"), f"{path}.id", entry.where, str)
        at = self.time_of_day(items.get("time"), f"{path}.time", entry.where)
        days = self.days(items.get("days"), f"{path}.days", entry.where)
        routine = items.get("routine")
        routine_id: str | None = None
        if isinstance(routine, Scalar) and routine.value is None:
            routine_id = None
        elif routine is not None:
            text = self.scalar(routine, f"{path}.routine", entry.where, str)
            try:
                routine_id = identifier(text)
            except FieldError as error:
                raise self.error(routine.where, f"{path}.routine", str(error)) from None
        enabled = True
        if "on" in items:
            enabled = self.scalar(items["on"], f"{path}.on", entry.where, bool)
        try:
            return Reminder(reminder_id, at, days, routine_id, enabled)
        except ReminderError as error:
            raise self.error(entry.where, path, str(error)) from None

    def time_of_day(self, value: Value | None, path: str, parent: Where) -> time:
        text = self.scalar(value, path, parent, str)
        assert value is not None
        match = _TIME_OF_DAY.fullmatch(text)
        if match is not None:
            return time(int(match.group(1)), int(match.group(2)))
        raise self.error(
            value.where, path, f'"{text}" is not a time of day; write HH:MM, such as "08:00"'
        )

    def days(self, value: Value | None, path: str, parent: Where) -> frozenset[Weekday]:
        if value is None:
            raise self.error(parent, path, f"{path} is missing")
        if not isinstance(value, Sequence) or not value.items:
            raise self.error(
                value.where, path, 'days must be a list of days, such as ["mon", "wed"]'
            )
        days: set[Weekday] = set()
        for item in value.items:
            word = item.value if isinstance(item, Scalar) else None
            if not isinstance(word, str) or word.lower() not in _DAY_KEYS:
                raise self.error(
                    item.where,
                    path,
                    f"{word!r} is not a day; use mon, tue, wed, thu, fri, sat, sun",
                )
            days.add(_DAY_KEYS[word.lower()])
        return frozenset(days)

    def state(self, value: Value | None, parent: Where) -> ReminderState:
        if value is None:
            return ReminderState()
        entry = self.mapping(value, "state", _STATE_KEYS)
        snoozes: list[Snooze] = []
        raw_snoozes = entry.items.get("snoozes")
        if raw_snoozes is not None:
            if not isinstance(raw_snoozes, Sequence):
                raise self.error(raw_snoozes.where, "state.snoozes", "snoozes must be a list")
            for index, item in enumerate(raw_snoozes.items):
                path = f"state.snoozes[{index + 1}]"
                snooze = self.mapping(item, path, _SNOOZE_KEYS)
                reminder_id = self.scalar(
                    snooze.items.get("reminder"), f"{path}.reminder", snooze.where, str
                )
                until = self.instant(snooze.items.get("until"), f"{path}.until", snooze.where)
                snoozes.append(Snooze(reminder_id, until))
        tally = self.tally(entry.items.get("tally"))
        handled = entry.items.get("handled_until")
        handled_until = None
        if handled is not None and not (isinstance(handled, Scalar) and handled.value is None):
            handled_until = self.instant(handled, "state.handled_until", entry.where)
        return ReminderState(tuple(snoozes), tally, handled_until)

    def tally(self, value: Value | None) -> DayTally:
        if value is None:
            return DayTally()
        entry = self.mapping(value, "state.tally", _TALLY_KEYS)
        day_value = entry.items.get("day")
        day: date | None = None
        if day_value is not None and not (
            isinstance(day_value, Scalar) and day_value.value is None
        ):
            text = self.scalar(day_value, "state.tally.day", entry.where, str)
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise self.error(
                    day_value.where, "state.tally.day", f'"{text}" is not a date like "2026-11-21"'
                ) from None
        sessions = 0
        if "sessions" in entry.items:
            sessions = self.scalar(
                entry.items["sessions"], "state.tally.sessions", entry.where, int
            )
            if not 0 <= sessions <= MAX_SESSIONS:
                raise self.error(
                    entry.items["sessions"].where,
                    "state.tally.sessions",
                    f"must be a whole number from 0 to {MAX_SESSIONS}",
                )
        rest = False
        if "rest" in entry.items:
            rest = self.scalar(entry.items["rest"], "state.tally.rest", entry.where, bool)
        return DayTally(day, sessions, rest)

    def instant(self, value: Value | None, path: str, parent: Where) -> datetime:
        text = self.scalar(value, path, parent, str)
        assert value is not None
        try:
            moment = datetime.fromisoformat(text) if text.isascii() else None
            # Near year 1 or 9999 the conversion to UTC overflows: no reminder's time.
            utc = moment.astimezone(timezone.utc) if moment and moment.tzinfo else None
        except (ValueError, OverflowError):
            utc = None
        if utc is None:
            raise self.error(
                value.where, path, f'"{text}" is not a time like "2026-11-21T08:00:00+00:00"'
            )
        return utc


MAX_SESSIONS = 1000
"""Sessions in one day: a few; a count far past this is damage, not a busy day."""

MAX_TEXT = 200
"""Ids, routine ids, times and dates in the file are short; a long one is not Unknot's."""


def _is_text(text: str) -> bool:
    """Printable, short, and writable as UTF-8 (a lone surrogate such as ``\\ud800`` is not)."""
    if len(text) > MAX_TEXT or not text.isprintable():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


REMINDERS_FORMAT: JsonFormat[ReminderBook, ReminderBook] = JsonFormat(
    decode=book_from_json,
    encode=book_to_json,
    default=ReminderBook,
    damage=RoutineError,
    key="reminders",
    merge=merge_books,
    wording=Wording(
        unreadable=(
            "{path} could not be read ({error}); no reminders are shown, and Unknot will "
            "not write over that file until it can be read."
        ),
        damaged=(
            "The reminders file {path} is damaged ({reason}). It was kept as "
            "{aside}; set your reminders up again, or fix that file and put it back."
        ),
        not_moved=(
            "The reminders file {path} is damaged ({reason}) and could not be "
            "moved aside ({error}); no reminders are shown."
        ),
        not_saved=(
            "Your reminders could not be saved: {reason}. They work while Unknot is open, "
            "and Unknot will try again."
        ),
        conflict=("Another Unknot window changed {items} as well; what you set here was kept."),
    ),
    log=log,
    reason=_damage_reason,
)
