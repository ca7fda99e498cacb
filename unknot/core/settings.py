"""The person's preferences, kept in one small JSON file under the app's data folder.

A damaged file is never silently reset: somebody who turned speech off because it
wakes a partner must not find it on again without a word. The damaged file is
moved aside (so it can be looked at, and so the next start does not trip on it
again), the defaults are used, and ``SettingsStore.problem`` says what happened,
naming the file, for the UI to show once.
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

from unknot.core.storage.atomic import write_atomic
from unknot.core.storage.damaged import set_aside

log = logging.getLogger("unknot.core.settings")

FONT_SCALE_MIN = 0.8
FONT_SCALE_MAX = 1.6


@dataclass(frozen=True)
class Settings:
    """Which cues a session gives, and how large the text is.

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

    def __post_init__(self) -> None:
        # Checked here too, not only when loading, so no code path can save a
        # value the next start would reject as damage.
        if not FONT_SCALE_MIN <= self.font_scale <= FONT_SCALE_MAX:
            raise ValueError(
                f"font_scale must be between {FONT_SCALE_MIN} and {FONT_SCALE_MAX}, "
                f"not {self.font_scale}"
            )


class SettingsError(ValueError):
    """The file's content is not settings this version can use."""


class SettingsStore:
    """Loads and saves ``Settings`` at one path; ``problem`` describes the last load."""

    def __init__(self, path: Path, now: Callable[[], datetime] = datetime.now) -> None:
        self.path = path
        self._now = now
        self.problem: str | None = None

    def load(self) -> Settings:
        """Returns the saved settings, or the defaults when there are none or they are damaged."""
        self.problem = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as error:
            # Unreadable is not damaged: leave the file alone, it may be fine later.
            self._report(f"{self.path} could not be read ({error}); using the default settings.")
            return Settings()
        try:
            return settings_from_json(raw)
        except SettingsError as error:
            self._set_aside(error)
            return Settings()

    def save(self, settings: Settings) -> None:
        """Writes atomically: a crash mid-save leaves the previous settings readable."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, settings_to_json(settings))

    def _set_aside(self, error: SettingsError) -> None:
        try:
            aside = set_aside(self.path, self._now)
        except OSError as move_error:
            self._report(
                f"The settings file {self.path} is damaged ({error}) and could not be moved "
                f"aside ({move_error}); using the default settings."
            )
            return
        self._report(
            f"The settings file {self.path} is damaged ({error}); it was kept as "
            f"{aside.name} and the default settings are in use."
        )

    def _report(self, sentence: str) -> None:
        self.problem = sentence
        log.warning("%s", sentence)


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
        raise SettingsError(f"not valid JSON: {error}") from error
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
        else:
            raise TypeError(f"settings_from_json has no check for {field.name!r}")
    return Settings(**values)


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{name} must be true or false, not {json.dumps(value)}")
    return value


def _check_font_scale(name: str, value: object) -> float:
    # bool is an int to Python, but `true` is no font size.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(f"{name} must be a number, not {json.dumps(value)}")
    number = float(value)
    if not math.isfinite(number) or not FONT_SCALE_MIN <= number <= FONT_SCALE_MAX:
        raise SettingsError(
            f"{name} must be between {FONT_SCALE_MIN} and {FONT_SCALE_MAX}, not {value}"
        )
    return number
