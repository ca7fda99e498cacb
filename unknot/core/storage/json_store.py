"""One small JSON file that holds one value: loaded with care, saved atomically.

Settings, reminders and the safety answers each live in such a file, and each
must treat trouble the same way: a missing file is a first run, an unreadable
one is reported and left alone (it may be fine later), and a damaged one is
never silently reset. Somebody who turned speech off, or set up six reminders,
must be told, not find them gone: the damaged file is set aside byte for byte
under ``NAME.damaged-<time>`` and ``problem`` says so in one sentence for the
screens. Only what differs between the files is left to each store: how its
content is read and written, and how its troubles are worded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

from unknot.core.storage.atomic import write_atomic
from unknot.core.storage.damaged import set_aside

T = TypeVar("T")
"""What the file holds: what ``save`` takes and a good ``load`` gives."""
D = TypeVar("D")
"""What ``load`` gives without a usable file: usually ``T`` itself, or None for 'ask'."""


@dataclass(frozen=True)
class Wording:
    """The three sentences a store can leave in ``problem``, as ``str.format`` templates.

    Each file says what its trouble means for the person (defaults in use, no
    reminders shown, questions asked again), so the wording is the store's own.
    Fields: ``{path}`` the file, ``{error}`` the OS error, ``{reason}`` what is
    wrong with the content, ``{aside}`` the name the damaged file was kept under.
    """

    unreadable: str
    """``{path}``, ``{error}``: the file is there but could not be read."""
    damaged: str
    """``{path}``, ``{reason}``, ``{aside}``: the content is bad and was set aside."""
    not_moved: str
    """``{path}``, ``{reason}``, ``{error}``: the content is bad and could not be set aside."""


@dataclass(frozen=True)
class JsonFormat(Generic[T, D]):
    """What one kind of file holds, and what the store does when it cannot use it."""

    decode: Callable[[bytes, str], T]
    """Turns the file's bytes (and its name, for messages) into the value; raises ``damage``."""
    encode: Callable[[T], str]
    default: Callable[[], D]
    """The value when there is no usable file: made afresh each time, never shared.

    Its own type so that a store can say "nothing saved yet" (None) without
    ``save`` having to accept that too.
    """
    damage: type[Exception]
    """What ``decode`` raises for content it cannot use; anything else is a bug, not damage."""
    wording: Wording
    log: logging.Logger
    reason: Callable[[Exception], str] = str
    """Says in a few words what is wrong, for ``Wording``'s ``{reason}``."""


class JsonFileStore(Generic[T, D]):
    """Loads and saves one value at one path; ``problem`` describes the last load."""

    def __init__(
        self,
        path: Path,
        file_format: JsonFormat[T, D],
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.path = path
        self.format = file_format
        self._now = now
        self.problem: str | None = None

    def load(self) -> T | D:
        """The saved value, or the default when there is none, it is unreadable or damaged."""
        self.problem = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self.format.default()
        except OSError as error:
            # Unreadable is not damaged: leave the file alone, it may be fine later.
            self._report(self.format.wording.unreadable.format(path=self.path, error=error))
            return self.format.default()
        try:
            return self.format.decode(raw, str(self.path))
        except self.format.damage as error:
            self._set_aside(self.format.reason(error))
            return self.format.default()

    def save(self, value: T) -> None:
        """Atomic: a kill mid-save leaves the previous content whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, self.format.encode(value))

    def _set_aside(self, reason: str) -> None:
        wording = self.format.wording
        try:
            aside = set_aside(self.path, self._now)
        except OSError as move_error:
            self._report(wording.not_moved.format(path=self.path, reason=reason, error=move_error))
            return
        self._report(wording.damaged.format(path=self.path, reason=reason, aside=aside.name))

    def _report(self, sentence: str) -> None:
        self.problem = sentence
        self.format.log.warning("%s", sentence)
