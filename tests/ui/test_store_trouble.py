"""The running app with its data files in trouble: it starts, keeps going and says what happened.

A full storage is simulated where the stores write (``write_atomic`` in the JSON
store fails with ENOSPC): no test can fill the disk. Everything else is real:
the files, the app, the taps.
"""

from __future__ import annotations

import errno
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.ui.clocks import WallClock
from tests.ui.conftest import StartApp
from tests.ui.flows import open_routine, open_settings
from tests.ui.test_first_run import answer_all
from unknot.core.safety.screening import HEAT_WARNING, ScreeningStore
from unknot.core.storage import json_store
from unknot.ui.screens.reminders import ReminderRow

BERLIN = ZoneInfo("Europe/Berlin")
STORAGE_FULL = "the storage is full"


def full(path: Path, data: bytes | str) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(path))


def fill_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, until ``monkeypatch.undo()``, the stores find the storage full."""
    monkeypatch.setattr(json_store, "write_atomic", full)


def test_a_setting_changed_on_a_full_storage_is_in_force_said_and_saved_later(
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_settings(pilot)
    fill_storage(monkeypatch)

    pilot.tap_button("Beeps: on")

    assert pilot.has_button("Beeps: off")
    assert pilot.app.settings.settings.beeps is False  # in force, though not saved
    assert any(STORAGE_FULL in text for text in pilot.texts())
    assert not (data / "settings.json").exists()

    monkeypatch.undo()  # space again
    pilot.tap_button("Spoken cues: on")

    saved = json.loads((data / "settings.json").read_text())
    assert saved["beeps"] is False and saved["speech"] is False
    assert not any(STORAGE_FULL in text for text in pilot.texts())


def test_safety_answers_on_a_full_storage_count_at_once_and_the_failure_is_told(
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data, first_run=True)
    fill_storage(monkeypatch)
    answer_all(pilot, frozenset({"numb_skin"}))
    pilot.tap_button("I understand")
    assert pilot.screen_name == "home"

    open_routine(pilot, "Heat and rest")

    assert any(HEAT_WARNING in text for text in pilot.texts())
    store = pilot.app.settings.screening_store
    assert [notice.key for notice in store.notices.pending] == ["screening.save"]
    assert STORAGE_FULL in store.notices.pending[0].text
    monkeypatch.undo()
    store.notices.retry()  # as the app does now and then
    saved = ScreeningStore(data / "screening.json").load()
    assert saved is not None and saved.heat_warning


def test_a_reminder_added_on_a_full_storage_works_is_told_and_saved_later(
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    wall = WallClock(datetime(2026, 11, 23, 7, 55, tzinfo=BERLIN))
    pilot = start_app(data_dir=data, wall_clock=wall, zone=BERLIN)
    fill_storage(monkeypatch)
    (data / "reminders.json").unlink(missing_ok=True)  # the first check saved it already
    pilot.tap_button("Reminders")
    pilot.tap_button("Add a reminder")
    pilot.tap_button("13:00")
    pilot.tap_button("Save")

    assert pilot.screen_name == "reminders"
    assert [row.clock for row in pilot.walk() if isinstance(row, ReminderRow)] == ["13:00"]
    assert not (data / "reminders.json").exists()
    notices = pilot.app.reminders.store.notices
    assert [notice.key for notice in notices.pending] == ["reminders.save"]
    assert STORAGE_FULL in notices.pending[0].text
    monkeypatch.undo()
    notices.retry()  # as the app does now and then
    saved = json.loads((data / "reminders.json").read_text())
    assert [reminder["time"] for reminder in saved["reminders"]] == ["13:00"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param(
            "reminders.json",
            '{"version": 1, "reminders": [{"id": "a", "time": "\u00b2:00", "days": ["mon"]}]}',
            id="superscript-time",
        ),
        pytest.param("settings.json", "[" * 100_000 + "]" * 100_000, id="deeply-nested"),
        pytest.param("screening.json", '{"answers": {"injury": 1' + "0" * 5000 + "}}", id="digits"),
    ],
)
def test_the_app_starts_whatever_one_file_holds_and_keeps_it_aside(
    start_app: StartApp, tmp_path: Path, name: str, content: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / name).write_text(content, encoding="utf-8")

    pilot = start_app(data_dir=data, first_run=True)

    assert pilot.screen_name in ("home", "first_run")
    (aside,) = data.glob(f"{name}.damaged-*")
    assert aside.read_text(encoding="utf-8") == content
