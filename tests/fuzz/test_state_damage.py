"""Every JSON state file, damaged a few hundred ways: the store opens, reports and keeps it aside.

For each case the damaged file is put alone in a fresh folder and loaded as the
app loads it at start. Whatever it holds, ``load`` returns (the app starts);
either the store used it (then the file is where it was, byte for byte, and
what was read can be saved again) or it said why and set it aside under its
``.damaged-`` name, byte for byte (a folder, a pipe or a link moved as it is).
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.fuzz.state_damage import Damage, damages, place
from unknot.core.history.improvement import SaidStore
from unknot.core.reminders.schedule import (
    WEEKDAYS,
    DayTally,
    Reminder,
    ReminderState,
    Snooze,
)
from unknot.core.reminders.store import ReminderBook, ReminderStore
from unknot.core.routines.seated_choice import SeatedChoices, SeatedChoiceStore
from unknot.core.safety.screening import KEYS, Screening, ScreeningStore
from unknot.core.settings import Settings, SettingsStore
from unknot.core.storage.json_store import JsonFileStore

CASES = 300
"""Per store, in the suite; ``bench/state_damage.py`` runs thousands."""

UTC = timezone.utc
NOW = datetime(2026, 11, 21, 9, 0, 0)


@dataclass(frozen=True)
class StateFile:
    name: str
    make: Callable[[Path], JsonFileStore[Any, Any]]
    good: Any


STATE_FILES = (
    StateFile(
        "settings.json",
        lambda path: SettingsStore(path, now=lambda: NOW),
        Settings(speech=False, font_scale=1.3, emergency_number="112"),
    ),
    StateFile(
        "screening.json",
        lambda path: ScreeningStore(path, now=lambda: NOW),
        Screening({**dict.fromkeys(KEYS, False), "numb_skin": True}, "2026-11-21T09:00:00"),
    ),
    StateFile(
        "reminders.json",
        lambda path: ReminderStore(path, now=lambda: NOW),
        ReminderBook(
            (
                Reminder("a1", time(8, 0), WEEKDAYS, "chin-tucks-1"),
                Reminder("b2", time(13, 0), WEEKDAYS, None, enabled=False),
            ),
            ReminderState(
                (Snooze("a1", datetime(2026, 11, 23, 7, 10, tzinfo=UTC)),),
                DayTally(date(2026, 11, 23), 1, False),
                datetime(2026, 11, 23, 7, 0, tzinfo=UTC),
            ),
        ),
    ),
    StateFile(
        "advice.json",
        lambda path: SaidStore(path, now=lambda: NOW),
        date(2026, 11, 21),
    ),
    StateFile(
        "seated.json",
        lambda path: SeatedChoiceStore(path, now=lambda: NOW),
        SeatedChoices({"chin-tucks-1": True, "base-of-skull-release": False}),
    ),
)


def good_bytes(state: StateFile) -> bytes:
    return state.make(Path("unused")).format.encode(state.good).encode("utf-8")


def what_is_at(path: Path) -> tuple[str, bytes]:
    """What stands at ``path``, comparable before and after: its kind and its bytes."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return "link", str(path.readlink()).encode()
    if stat.S_ISDIR(mode):
        return "folder", b"".join(p.read_bytes() for p in sorted(path.iterdir()))
    if stat.S_ISFIFO(mode):
        return "pipe", b""
    return "file", path.read_bytes()


@pytest.mark.parametrize("state", STATE_FILES, ids=lambda state: state.name)
def test_every_damaged_state_file_opens_and_is_kept_aside(state: StateFile, tmp_path: Path) -> None:
    good = good_bytes(state)
    counts = {"used": 0, "set aside": 0}
    for number, damage in enumerate(damages(good, CASES, seed=13)):
        folder = tmp_path / str(number)
        folder.mkdir()
        path = folder / state.name
        place(damage, path)
        before = what_is_at(path)
        store = state.make(path)

        value = _load(store, damage)

        if store.problem is None:
            counts["used"] += 1
            assert what_is_at(path) == before, f"{damage.name}: used, yet changed"
            if value is not None:  # what was read can be written back, and reads the same
                saved = store.save(value)
                assert state.make(path).load() == saved, damage.name
        else:
            counts["set aside"] += 1
            (aside,) = folder.glob(f"{state.name}.damaged-*")
            assert what_is_at(aside) == before, f"{damage.name}: not kept byte for byte"
            assert not path.exists() and not path.is_symlink()
            assert state.name in store.problem and len(store.problem) < 600
    assert counts["set aside"] > CASES // 2, counts


def _load(store: JsonFileStore[Any, Any], damage: Damage) -> Any:
    try:
        return store.load()
    except Exception as error:  # the one thing this test exists to catch
        raise AssertionError(f"{damage.name}: load raised {error!r}") from error


def test_the_same_seed_gives_the_same_damage() -> None:
    good = good_bytes(STATE_FILES[0])
    assert list(damages(good, 60, seed=4)) == list(damages(good, 60, seed=4))
    assert list(damages(good, 60, seed=4)) != list(damages(good, 60, seed=5))
