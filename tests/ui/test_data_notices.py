"""What was set aside or not saved is said on the first screen, whichever it is."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import StartApp
from tests.ui.flows import open_settings
from tests.ui.pilot import Pilot
from unknot.ui.widgets.data_notices import DataNotices

pytestmark = pytest.mark.ui


def notice_bar(pilot: Pilot) -> DataNotices:
    bar = pilot.find_in_window(DataNotices)
    assert isinstance(bar, DataNotices)
    return bar


def test_damaged_safety_answers_are_reported_above_the_questions(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "screening.json").write_text("{not json", encoding="utf-8")
    pilot = start_app(first_run=True, data_dir=data)
    assert pilot.screen_name == "first_run", "answers that cannot be read are asked again"
    bar = notice_bar(pilot)
    shown = " ".join(pilot.texts(bar))
    assert "safety" in shown.lower()
    assert bar.height > 0
    assert list(data.glob("screening.json.damaged-*")), "the damaged answers were kept aside"
    pilot.tap(bar.ids.notice_ok)
    pilot.frames(2)
    assert bar.height == 0
    assert not bar.notices.pending


def test_several_problems_are_said_one_after_another_on_home(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text("[1, 2", encoding="utf-8")
    (data / "reminders.json").write_text("\x00\x01binary", encoding="utf-8")
    pilot = start_app(data_dir=data)
    assert pilot.screen_name == "home"
    bar = notice_bar(pilot)
    assert bar.ids.notice_ok.text == "OK, next (1 more)"
    first = bar.text
    pilot.tap(bar.ids.notice_ok)
    pilot.frames(2)
    assert bar.text
    assert bar.text != first
    assert bar.ids.notice_ok.text == "OK"
    second = bar.text
    pilot.tap(bar.ids.notice_ok)
    pilot.frames(2)
    assert bar.height == 0
    said = first + " " + second
    assert "settings file" in said and "reminders file" in said


def test_the_settings_screen_still_says_its_file_was_set_aside(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text("[1, 2", encoding="utf-8")
    pilot = start_app(data_dir=data)
    open_settings(pilot)
    assert any("settings.json.damaged-" in text for text in pilot.texts())


def test_nothing_wrong_shows_no_bar(start_app: StartApp) -> None:
    pilot = start_app()
    bar = notice_bar(pilot)
    assert bar.height == 0
    assert bar.opacity == 0
    # Hidden, its words, scroll view and buttons are out of the window: Kivy would draw
    # them all the same, the scroll view with a stencil, at every redraw of every screen.
    assert bar.children == []


def test_a_settings_file_that_cannot_be_read_is_kept_until_the_person_starts_it_afresh(
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    settings_file = data / "settings.json"
    original = b'{"beeps": true, "speech": true}'
    settings_file.write_bytes(original)
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == settings_file:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    pilot = start_app(data_dir=data)
    bar = notice_bar(pilot)
    assert "settings.json could not be read" in bar.text
    assert bar.ids.notice_action.text == "Start this file afresh"

    open_settings(pilot)
    pilot.tap_button("Beeps: on")
    assert pilot.has_button("Beeps: off"), "the change is in force though not saved"
    assert settings_file.read_bytes() == original, "never written over while unreadable"

    pilot.tap(bar.ids.notice_action)
    pilot.frames(2)
    monkeypatch.undo()
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["beeps"] is False, "the change waiting for the file is saved now"
    kept = list(data.glob("settings.json.damaged-*"))
    assert [p.read_bytes() for p in kept] == [original], "the old file is kept to look at"
    assert all(n.key not in ("settings.load", "settings.save") for n in bar.notices.pending)
