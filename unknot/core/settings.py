"""The person's preferences, kept in one small JSON file under the app's data folder.

A damaged file is never silently reset: somebody who turned speech off because it
wakes a partner must not find it on again without a word. The damaged file is
moved aside (so it can be looked at, and so the next start does not trip on it
again), the defaults are used, and ``SettingsStore.problem`` says what happened,
naming the file, for the UI to show once. Two windows on one folder merge setting
by setting (:func:`merge_settings`): each keeps what the other changed.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from unknot.core.storage.json_store import (
    JsonFileStore,
    JsonFormat,
    Merged,
    Wording,
    json_reason,
    quoted_value,
)
from unknot.core.storage.notices import Notices

log = logging.getLogger("unknot.core.settings")

FONT_SCALE_MIN = 0.8
FONT_SCALE_MAX = 1.6


@dataclass(frozen=True)
class Settings:
    """Which cues a session gives, how large the text is, and the emergency number.

    Frozen so the UI changes settings with ``dataclasses.replace`` and saves the
    result, rather than mutating an object other parts of the app hold.
    """

    beeps: bool = True
    speech: bool = True
    vibration: bool = True
    keep_screen_on: bool = True
    exact_reminders: bool = False
    """Android 12+: reminders to the minute, which needs the person's permission.
    Off by default: a reminder a few minutes late is fine, and inexact alarms need
    no permission and cost less battery."""
    font_scale: float = 1.0
    emergency_number: str = ""
    """The number "Call for help" dials; "" means the region's (911, 999, 000 or 112)."""

    def __post_init__(self) -> None:
        # Checked here too, not only when loading, so no code path can save a
        # value the next start would reject as damage.
        if not FONT_SCALE_MIN <= self.font_scale <= FONT_SCALE_MAX:
            raise ValueError(
                f"font_scale must be between {FONT_SCALE_MIN} and {FONT_SCALE_MAX}, "
                f"not {self.font_scale}"
            )
        problem = emergency_number_problem(self.emergency_number)
        if problem:
            raise ValueError(problem)


EMERGENCY_NUMBER_MAX_DIGITS = 15
"""The longest phone number there is (ITU E.164); emergency numbers are 2 to 6 digits."""


def emergency_number_problem(number: str) -> str:
    """Why ``number`` cannot be the emergency number, or "" when it can ("" is the region's).

    Digits only, 2 to 15 of them: a dialer given anything else may dial the wrong thing.
    """
    if number == "":
        return ""
    if not (number.isascii() and number.isdigit()):
        return "The emergency number may only have digits, such as 112."
    if not 2 <= len(number) <= EMERGENCY_NUMBER_MAX_DIGITS:
        return f"The emergency number has 2 to {EMERGENCY_NUMBER_MAX_DIGITS} digits."
    return ""


class SettingsError(ValueError):
    """The file's content is not settings this version can use."""


class SettingsStore(JsonFileStore[Settings, Settings]):
    """Loads and saves ``Settings`` at one path; ``problem`` describes the last load."""

    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime] = datetime.now,
        *,
        notices: Notices | None = None,
    ) -> None:
        super().__init__(path, SETTINGS_FORMAT, now, notices=notices)


SETTING_NAMES = {
    "beeps": "beeps",
    "speech": "speech",
    "vibration": "vibration",
    "keep_screen_on": "keeping the screen on",
    "exact_reminders": "reminders to the minute",
    "font_scale": "the text size",
    "emergency_number": "the emergency number",
}
"""Each setting as the person knows it, to say which one two windows both changed."""


def merge_settings(base: Settings, mine: Settings, theirs: Settings) -> Merged[Settings]:
    """Setting by setting: what this window changed from ``base`` wins, the rest is the file's.

    A setting both changed, to different values, keeps this window's (the later
    change) and is named in ``conflicts``.
    """
    values: dict[str, Any] = {}
    conflicts: list[str] = []
    for field in fields(Settings):
        before, ours, other = (getattr(v, field.name) for v in (base, mine, theirs))
        if ours != before:
            values[field.name] = ours
            if other not in (before, ours):
                conflicts.append(SETTING_NAMES.get(field.name, field.name))
        else:
            values[field.name] = other
    return Merged(Settings(**values), tuple(conflicts))


def settings_to_json(settings: Settings) -> str:
    return json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n"


def settings_from_json(raw: bytes | str) -> Settings:
    """Parses and checks every known key; missing keys take their defaults.

    Unknown keys are ignored so that a file written by a newer version still
    loads. Raises ``SettingsError`` naming the first bad key.
    """
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise SettingsError(json_reason(error)) from error
    except RecursionError:
        raise SettingsError("not valid JSON: values nested too deeply") from None
    if not isinstance(data, Mapping):
        raise SettingsError(f"expected a JSON object, found {type(data).__name__}")
    values: dict[str, Any] = {}
    for field in fields(Settings):
        if field.name not in data:
            continue
        value = data[field.name]
        # The default's type says what the key holds: a new switch needs no code here.
        if isinstance(field.default, bool):
            values[field.name] = _check_bool(field.name, value)
        elif field.name == "font_scale":
            values[field.name] = _check_font_scale(field.name, value)
        elif field.name == "emergency_number":
            values[field.name] = _check_emergency_number(field.name, value)
        else:
            raise TypeError(f"settings_from_json has no check for {field.name!r}")
    return Settings(**values)


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{name} must be true or false, not {quoted_value(value)}")
    return value


def _check_font_scale(name: str, value: object) -> float:
    # bool is an int to Python, but `true` is no font size.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(f"{name} must be a number, not {quoted_value(value)}")
    # Compared before float(): a whole number of 400 digits is too large for a float.
    if not (isinstance(value, int) or math.isfinite(value)) or not (
        FONT_SCALE_MIN <= value <= FONT_SCALE_MAX
    ):
        raise SettingsError(
            f"{name} must be between {FONT_SCALE_MIN} and {FONT_SCALE_MAX}, "
            f"not {quoted_value(value)}"
        )
    return float(value)


def _check_emergency_number(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"{name} must be text, not {quoted_value(value)}")
    problem = emergency_number_problem(value)
    if problem:
        raise SettingsError(f"{name}: {problem}")
    return value


SETTINGS_FORMAT: JsonFormat[Settings, Settings] = JsonFormat(
    decode=lambda raw, _file: settings_from_json(raw),
    encode=settings_to_json,
    default=Settings,
    damage=SettingsError,
    key="settings",
    merge=merge_settings,
    wording=Wording(
        unreadable=(
            "{path} could not be read ({error}); the default settings are in use, and "
            "Unknot will not write over that file until it can be read."
        ),
        damaged=(
            "The settings file {path} is damaged ({reason}); it was kept as "
            "{aside} and the default settings are in use."
        ),
        not_moved=(
            "The settings file {path} is damaged ({reason}) and could not be moved "
            "aside ({error}); using the default settings."
        ),
        not_saved=(
            "Your settings could not be saved: {reason}. They stay as you set them while "
            "Unknot is open, and Unknot will try again."
        ),
        conflict=("Another Unknot window changed {items} as well; the choice made here was kept."),
    ),
    log=log,
)
