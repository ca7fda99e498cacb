"""One small JSON file that holds one value: loaded with care, saved atomically, shared safely.

Settings, reminders and the safety answers each live in such a file, and each
must treat trouble the same way:

- a missing file is a first run;
- whatever else is at the path (damaged text, a folder, a pipe, a link, a file of
  gigabytes) is set aside byte for byte under ``NAME.damaged-<time>`` and reported:
  somebody who turned speech off, or set up six reminders, must be told, not find
  them gone;
- a file that is there but could not be read (permissions) is reported and never
  written over (:attr:`JsonFileStore.unreadable`) until it reads again, or the
  person chooses to start it afresh (:meth:`JsonFileStore.start_afresh`);
- a save that does not reach the disk raises :class:`SaveError` with a sentence
  for the person, and keeps the value for a retry that :class:`Notices` runs;
- another window (a second app process on the same folder) may have changed the
  file since it was read: every save reads it again and applies this window's
  changes on top (the format's ``merge``); where both changed the same thing the
  later change, this one, wins, and the person is told.

What is wrong is said in ``problem`` (the last load's trouble, for the screens)
and through ``notices`` under ``<key>.load``, ``<key>.save`` and
``<key>.conflict``. Only what differs between the files is left to each store:
how its content is read, written and merged, and how its troubles are worded.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

from unknot.core.storage.atomic import write_atomic
from unknot.core.storage.damaged import set_aside
from unknot.core.storage.notices import Notices, SaveError
from unknot.core.storage.snapshot import (
    FileStamp,
    Kind,
    Snapshot,
    content_digest,
    current_stamp,
    read_snapshot,
)

T = TypeVar("T")
"""What the file holds: what ``save`` takes and a good ``load`` gives."""
D = TypeVar("D")
"""What ``load`` gives without a usable file: usually ``T`` itself, or None for 'ask'."""


@dataclass(frozen=True)
class Wording:
    """The sentences a store says about its file, as ``str.format`` templates.

    Each file says what its trouble means for the person (defaults in use, no
    reminders shown, questions asked again), so the wording is the store's own.
    Fields: ``{path}`` the file, ``{name}`` its name, ``{error}`` the OS error,
    ``{reason}`` what is wrong, ``{aside}`` the name the damaged file was kept
    under, ``{items}`` what two windows both changed.
    """

    unreadable: str
    """``{path}``, ``{error}``: the file is there but could not be read."""
    damaged: str
    """``{path}``, ``{reason}``, ``{aside}``: the content is bad and was set aside."""
    not_moved: str
    """``{path}``, ``{reason}``, ``{error}``: the content is bad and could not be set aside."""
    not_saved: str = "{name} could not be saved: {reason}. Unknot will try again."
    """``{path}``, ``{name}``, ``{reason}``: a save did not reach the disk (the ``SaveError``)."""
    conflict: str = "Another Unknot window changed {name} as well; the change made here was kept."
    """``{path}``, ``{name}``, ``{items}``: both windows changed the same thing."""


@dataclass(frozen=True)
class Merged(Generic[T]):
    """This window's value with another window's changes taken in."""

    value: T
    conflicts: tuple[str, ...] = ()
    """What both changed, named for the person ("speech", "the 08:00 reminder")."""


def replace_whole(base: object, mine: T, theirs: object) -> Merged[T]:
    """The merge of a file with no parts: this window's value, a conflict if both changed it."""
    both = mine != base and theirs != base and mine != theirs
    return Merged(mine, ("it",) if both else ())


@dataclass(frozen=True)
class JsonFormat(Generic[T, D]):
    """What one kind of file holds, and what the store does when it cannot use it."""

    decode: Callable[[bytes, str], T]
    """Turns the file's bytes (and its name, for messages) into the value; raises ``damage``.

    It must raise nothing else for any bytes at all: the stores' damage generator
    (tests/fuzz/state_damage.py) holds every format to that.
    """
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
    key: str = "data"
    """The start of this file's ``Notices`` keys: ``<key>.load``, ``.save``, ``.conflict``."""
    merge: Callable[[T | D, T, T | D], Merged[T]] = replace_whole
    """``merge(base, mine, theirs)``: ``mine`` (this window's value, made from ``base``,
    what the file held when last read) with the changes of ``theirs`` (the file now)."""


class _UnusableError(Exception):
    """The file is there and cannot be used or set aside: nothing is written over it."""


class _Nothing:
    """No value from the file: there is none, or it was set aside (a value may be None)."""


NOTHING = _Nothing()


class JsonFileStore(Generic[T, D]):
    """Loads and saves one value at one path; ``problem`` describes the last load's trouble."""

    def __init__(
        self,
        path: Path,
        file_format: JsonFormat[T, D],
        now: Callable[[], datetime] = datetime.now,
        *,
        notices: Notices | None = None,
    ) -> None:
        self.path = path
        self.format = file_format
        self._now = now
        self.notices = notices if notices is not None else Notices()
        self.problem: str | None = None
        self.unreadable = False
        """A file is at the path that could not be read (or, damaged, could not be moved
        aside): saves are refused until it reads, or until :meth:`start_afresh`."""
        self._base: T | D = file_format.default()
        """What the caller's value was made from: the file as last read, or as saved."""
        self._seen: tuple[FileStamp | None, str | None] = (None, None)
        """The stamp and digest of the file as last read or written (None, None: no file)."""
        self._pending: tuple[T] | None = None
        """A value whose save failed, for the retry (in a tuple: the value may be None)."""
        self._afresh = False

    # -- the keys of this file's notices ---------------------------------------------------

    @property
    def load_key(self) -> str:
        return f"{self.format.key}.load"

    @property
    def save_key(self) -> str:
        return f"{self.format.key}.save"

    @property
    def conflict_key(self) -> str:
        return f"{self.format.key}.conflict"

    # -- reading ----------------------------------------------------------------------

    def load(self) -> T | D:
        """The saved value, or the default when there is none, it is unreadable or damaged."""
        self.problem = None
        try:
            value = self._read(read_snapshot(self.path))
        except _UnusableError:
            value = NOTHING
        if isinstance(value, _Nothing):
            self._base = self.format.default()
            return self.format.default()
        self._base = value
        return value

    def changed_on_disk(self) -> bool:
        """Whether the file is not the one last read or written here (cheap: no read)."""
        return current_stamp(self.path) != self._seen[0]

    def refresh(self, current: T) -> T:
        """``current`` with the changes another window saved since, taken in; never raises.

        ``current`` is the caller's value (made from what was last loaded or saved);
        the caller keeps what this returns. When the file did not change, that is
        ``current`` itself. A file damaged meanwhile is set aside and reported.
        """
        if not self.changed_on_disk() and not self.unreadable:
            return current
        snapshot = read_snapshot(self.path)
        if snapshot.kind is Kind.DATA and snapshot.digest == self._seen[1] and not self.unreadable:
            self._seen = (snapshot.stamp, snapshot.digest)
            return current
        try:
            theirs = self._read(snapshot)
        except _UnusableError:
            return current
        if isinstance(theirs, _Nothing):
            return current
        merged = self.format.merge(self._base, current, theirs)
        self._tell_conflicts(merged.conflicts)
        self._base = theirs
        if self._pending is not None:
            self._pending = (merged.value,)
        return merged.value

    def _read(self, snapshot: Snapshot) -> T | _Nothing:
        """The value in ``snapshot``, or ``NOTHING`` (no file, or it was set aside).

        Raises ``_UnusableError`` for a file that is there and may hold the person's data
        but cannot be used: it stays, and ``unreadable`` keeps saves off it.
        """
        wording = self.format.wording
        if snapshot.kind is Kind.UNREADABLE:
            sentence = wording.unreadable.format(
                path=self.path.name, error=read_reason(snapshot.error)
            )
            if not self._afresh:  # once the person chose afresh, it is not said again
                self.unreadable = True
                self._report(sentence)
            raise _UnusableError(sentence)
        if self.unreadable:  # it reads again: the trouble is over
            self.unreadable = False
            self.notices.withdraw(self.load_key)
        self._afresh = False
        if snapshot.kind is Kind.MISSING:
            self._seen = (None, None)
            return NOTHING
        if snapshot.kind is not Kind.DATA:
            self._set_aside(snapshot.reason)
            return NOTHING
        try:
            value = self.format.decode(snapshot.data, str(self.path))
        except (self.format.damage, RecursionError) as error:
            # RecursionError is damage whatever the format: text nested too deeply.
            reason = (
                "its values are nested too deeply"
                if isinstance(error, RecursionError)
                else self.format.reason(error)
            )
            self._set_aside(reason)
            return NOTHING
        self._seen = (snapshot.stamp, snapshot.digest)
        return value

    # -- writing ----------------------------------------------------------------------

    def save(self, value: T) -> T:
        """Saves ``value`` over the file as it is now, and returns what was saved.

        Atomic: a kill mid-save leaves the previous content whole. What another
        window saved since the file was read is kept where this value did not
        change it (the caller keeps the returned value). A save that fails raises
        :class:`SaveError`; the value is kept and :class:`Notices` retries it.
        """
        try:
            merged = self._write(value)
        except SaveError as error:
            self._pending = (value,)
            self.notices.tell(self.save_key, error.sentence, self._retry)
            raise
        self._base = merged
        return merged

    def start_afresh(self) -> None:
        """The person chose to start this file afresh rather than wait for it to read.

        The file that could not be read is set aside when the folder allows (so
        it is still there to look at), else written over by the next save. A
        value whose save was refused is saved now (a failure is told, not raised).
        """
        if not self.unreadable:
            return
        with contextlib.suppress(OSError):
            aside = set_aside(self.path, self._now)
            self.format.log.info("%s was set aside as %s", self.path, aside.name)
        self.unreadable = False
        self._afresh = True
        self.problem = None
        self.notices.withdraw(self.load_key)
        if self._pending is not None and self._retry():
            self.notices.withdraw(self.save_key)

    def _retry(self) -> bool:
        if self._pending is None:
            return True
        try:
            self._write(self._pending[0])
        except SaveError as error:
            self.notices.tell(self.save_key, error.sentence, self._retry)
            return False
        return True

    def _write(self, mine: T) -> T:
        """Reads the file again, merges ``mine`` over it and writes the result."""
        snapshot = read_snapshot(self.path)
        try:
            theirs = self._read(snapshot)
        except _UnusableError:
            if not self._afresh:
                raise self._refused(snapshot) from None
            theirs = NOTHING
        # A file gone, or set aside as damaged, holds no change of anyone's to keep.
        merged = self.format.merge(
            self._base, mine, self._base if isinstance(theirs, _Nothing) else theirs
        )
        encoded = self.format.encode(merged.value).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, encoded)
        except OSError as error:
            raise self._failed(save_reason(error), error) from None
        after = read_snapshot(self.path)
        self._seen = (after.stamp if after.data == encoded else None, content_digest(encoded))
        self._pending = None
        self._afresh = False
        self.notices.withdraw(self.save_key)
        self._tell_conflicts(merged.conflicts)
        return merged.value

    def _tell_conflicts(self, conflicts: tuple[str, ...]) -> None:
        if conflicts:
            text = self.format.wording.conflict.format(
                path=self.path.name, name=self.path.name, items=spoken_list(conflicts)
            )
            self.notices.tell(self.conflict_key, text)

    def _refused(self, snapshot: Snapshot) -> SaveError:
        if snapshot.kind is Kind.UNREADABLE:
            reason = (
                f"{self.path.name} is there but could not be read, and Unknot does not "
                "write over what it could not read"
            )
        else:
            reason = (
                f"{self.path.name} is damaged and could not be moved aside, and Unknot does "
                "not write over it"
            )
        return self._failed(reason, snapshot.error)

    def _failed(self, reason: str, cause: OSError | None) -> SaveError:
        sentence = self.format.wording.not_saved.format(
            path=self.path.name, name=self.path.name, reason=reason
        )
        self.format.log.warning("%s (%s)", sentence, cause)
        return SaveError(sentence, cause)

    # -- reporting --------------------------------------------------------------------

    def _set_aside(self, reason: str) -> None:
        reason = shortened(reason)
        wording = self.format.wording
        try:
            aside = set_aside(self.path, self._now)
        except OSError as move_error:
            self.unreadable = True
            sentence = wording.not_moved.format(
                path=self.path.name, reason=reason, error=read_reason(move_error)
            )
            self._report(sentence)
            raise _UnusableError(sentence) from None
        self._seen = (None, None)
        self._report(wording.damaged.format(path=self.path.name, reason=reason, aside=aside.name))

    def _report(self, sentence: str) -> None:
        """For the screens (``problem``) and for the person wherever they are (``notices``).

        ``Notices`` logs what it is told; a sentence the person dismissed is not
        said again.
        """
        self.problem = sentence
        # The sentence names the file, not the folder (a phone's is meaningless to the
        # person); the log keeps where it is.
        self.format.log.info("%s is in %s", self.path.name, self.path.parent)
        self.notices.tell(self.load_key, sentence)


MAX_REASON = 160
"""How much of what is wrong a sentence quotes: a reason may quote the file's own text."""


def shortened(reason: str) -> str:
    """``reason`` cut to :data:`MAX_REASON` characters, printable, never quoting a whole file."""
    text = "".join(ch if ch.isprintable() else "?" for ch in reason[: MAX_REASON + 1])
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1].rstrip() + "…"


def save_reason(error: OSError) -> str:
    """Why a save failed, in words a person knows, for ``Wording.not_saved``'s ``{reason}``."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the storage is full"
    if error.errno == errno.EROFS:
        return "the storage is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "Unknot is not allowed to write to its data folder"
    return (error.strerror or str(error) or "the system refused").rstrip(".").lower()


def json_reason(error: ValueError) -> str:
    """What is wrong with a file that is not JSON, in words a person can act on.

    Python's own message ("Expecting property name enclosed in double quotes: line 1
    column 2 (char 1)") is for programmers; the place is what helps someone fixing it.
    """
    if isinstance(error, UnicodeDecodeError):
        return "not valid JSON: it is not text"
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON at line {error.lineno}, column {error.colno}"
    return "not valid JSON"


def read_reason(error: OSError | None) -> str:
    """Why a file could not be read or moved, without the folder's path (the OS's text has it)."""
    if error is None:
        return "the system refused"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "Unknot is not allowed to read it"
    return (error.strerror or "the system refused").rstrip(".").lower()


def spoken_list(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: the conflicts as a sentence names them."""
    unique = list(dict.fromkeys(items))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def quoted_value(value: object) -> str:
    """A value from a JSON file as a message quotes it: short, whatever the file held.

    One wording for every store's messages; a huge number (``1e400`` reads as a
    float, a 5,000-digit int does not print) is named, not printed, and a lone
    surrogate comes out escaped, never raw.
    """
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "an object {...}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**12:
        return "a very large number"
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."
