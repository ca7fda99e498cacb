"""What home's cards said at the last start, kept so the next start can show home first.

Reading the routines means importing the loader and PyYAML and parsing every
file: about a third of what Unknot added to Kivy's own start (bench/startup.py).
Home's first frame needs none of that when the cards it would show are known, so
after every load the cards are written here with a key made from what they were
made of: the routine files' names, sizes and change times, the safety answers and
the Lying / Seated choices, and the app's version. At the next start a matching
key lets home draw from this file, and the routines are read just after the
first frame, as before; if they say otherwise, home is redrawn then. So the file
only ever decides the first frame: a stale, damaged or missing one costs the
start its speed, never its truth. It holds nothing the person made that is not
in their routine files, so a file that cannot be read is simply made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from unknot.core.storage.atomic import write_atomic
from unknot.core.storage.snapshot import Kind, read_snapshot

if TYPE_CHECKING:
    from unknot.core.routines.model import Routine

log = logging.getLogger("unknot.core.routines.home_index")

HOME_INDEX_FILE = "home-index.json"
VERSION = 1
"""The file's own format: a key from another format never matches."""

MAX_BYTES = 1_000_000
"""Larger is not a file this app wrote: it is not read."""


@dataclass(frozen=True)
class Card:
    """One routine as home lists it."""

    id: str
    title: str
    details: str
    picture: str
    """The file of its small picture, or "" for none."""


@dataclass(frozen=True)
class HomeCards:
    """Everything home lists: the built-in routines, the person's own, the files that failed."""

    builtin: tuple[Card, ...] = ()
    mine: tuple[Card, ...] = ()
    failures: tuple[str, ...] = ()
    """Each failed file's problems, as the validator prints them."""


def routine_details(routine: Routine) -> str:
    """The line under a card's title: the total time and the tags."""
    details = [routine.length]
    if routine.tags:
        details.append(" · ".join(routine.tags))
    return "   ".join(details)


def routine_picture(routine: Routine) -> str:
    """A card's small picture: the first picture of the first step that has one, or ""."""
    from unknot.core.routines.pictures import thumbnail_of  # after a load, as routines are

    first = next((s.image_path for s in routine.steps if s.image_path is not None), None)
    return "" if first is None else str(thumbnail_of(first))


def card_of(routine: Routine) -> Card:
    return Card(routine.id, routine.title, routine_details(routine), routine_picture(routine))


def home_cards(
    builtin: Iterable[Routine], mine: Iterable[Routine], failure_texts: Iterable[str]
) -> HomeCards:
    return HomeCards(tuple(map(card_of, builtin)), tuple(map(card_of, mine)), tuple(failure_texts))


def index_key(folders: Sequence[Path], answer_files: Sequence[Path], version: str) -> str:
    """A digest of what the cards are made of, read without opening a routine file.

    A folder counts by its entries' names, inodes, sizes and change times (a save
    replaces a file, so its inode changes; a picture added or removed changes its
    folder's time); the answer files by their bytes, as they are small.
    """
    digest = hashlib.sha256(f"{VERSION}\n{version}\n".encode())
    for folder in folders:
        digest.update(f"folder {folder}\n".encode())
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            digest.update(f"unreadable {error.errno}\n".encode())
            continue
        for entry in entries:
            try:
                info = entry.stat()
            except OSError as error:
                digest.update(f"{entry.name!r} unreadable {error.errno}\n".encode())
                continue
            stamp = f"{info.st_ino} {info.st_size} {info.st_mtime_ns}"
            digest.update(f"{entry.name!r} {stamp}\n".encode())
    for path in answer_files:
        snapshot = read_snapshot(path)  # as their stores read them: never blocks on a pipe
        header = f"file {path.name} {snapshot.kind.value} {len(snapshot.data)}\n"
        digest.update(header.encode() + snapshot.data)
    return digest.hexdigest()


class HomeIndexStore:
    """The file, read once at the start and written when what home lists has changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._written: tuple[str, HomeCards] | None = None

    def load(self, key: str) -> HomeCards | None:
        """The cards written with ``key``, or None: another key, no file, or a damaged one."""
        try:
            snapshot = read_snapshot(self.path, MAX_BYTES)  # a pipe there must not block
            if snapshot.kind is Kind.MISSING:
                return None
            if snapshot.kind is not Kind.DATA:
                raise ValueError(snapshot.reason or str(snapshot.error))
            data = json.loads(snapshot.data)
            if data.get("key") != key:
                return None
            cards = HomeCards(
                _cards(data["builtin"]),
                _cards(data["mine"]),
                tuple(_text(text) for text in _list(data["failures"])),
            )
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
            log.info("Home's index %s is not used: %s", self.path, error)
            return None
        self._written = (key, cards)
        return cards

    def save(self, key: str, cards: HomeCards) -> None:
        """Writes them, unless they are what the file already holds. A failure is only
        logged: the next start reads the routines, as it would without this file."""
        if self._written == (key, cards):
            return
        data = {
            "version": VERSION,
            "key": key,
            "builtin": [_card_data(card) for card in cards.builtin],
            "mine": [_card_data(card) for card in cards.mine],
            "failures": list(cards.failures),
        }
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as error:
            log.warning("Home's index %s was not written: %s", self.path, error)
            return
        self._written = (key, cards)


def _card_data(card: Card) -> dict[str, str]:
    return {"id": card.id, "title": card.title, "details": card.details, "picture": card.picture}


def _cards(items: object) -> tuple[Card, ...]:
    cards = []
    for item in _list(items):
        if not isinstance(item, dict):
            raise TypeError(f"a card was expected, not {type(item).__name__}")
        fields = (_text(item[name]) for name in ("id", "title", "details", "picture"))
        cards.append(Card(*fields))
    return tuple(cards)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"a list was expected, not {type(value).__name__}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"text was expected, not {type(value).__name__}")
    return value
