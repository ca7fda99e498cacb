"""Settings: saved atomically, and a damaged file is kept aside and reported, never lost quietly."""

from __future__ import annotations

import errno
import json
import logging
import os
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.core.settings import (
    FONT_SCALE_MAX,
    FONT_SCALE_MIN,
    Settings,
    SettingsStore,
    emergency_number_problem,
)
from unknot.core.storage import json_store
from unknot.core.storage.notices import Notices, SaveError

NOON = datetime(2025, 3, 14, 12, 0, 5)


def store_at(path: Path) -> SettingsStore:
    return SettingsStore(path, now=lambda: NOON)


def test_a_missing_file_gives_the_defaults_without_a_problem(tmp_path: Path) -> None:
    store = store_at(tmp_path / "settings.json")

    assert store.load() == Settings()
    assert store.problem is None


def test_the_defaults_turn_every_cue_on() -> None:
    assert Settings() == Settings(
        beeps=True, speech=True, vibration=True, keep_screen_on=True, font_scale=1.0
    )


def test_saved_settings_load_back(tmp_path: Path) -> None:
    store = store_at(tmp_path / "settings.json")
    chosen = Settings(
        beeps=False, speech=False, vibration=True, keep_screen_on=False, font_scale=1.4
    )

    store.save(chosen)

    assert store_at(tmp_path / "settings.json").load() == chosen


def test_the_file_is_plain_json_with_every_setting(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"

    store_at(path).save(Settings(speech=False))

    assert json.loads(path.read_text()) == {
        "beeps": True,
        "speech": False,
        "vibration": True,
        "keep_screen_on": True,
        "exact_reminders": False,
        "font_scale": 1.0,
        "emergency_number": "",
    }


def test_the_emergency_number_is_the_regions_unless_chosen(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert Settings().emergency_number == ""

    store_at(path).save(Settings(emergency_number="999"))

    assert store_at(path).load().emergency_number == "999"


@pytest.mark.parametrize("number", ["1", "11a", "+44999", "1 12", "１１２", "1234567890123456"])
def test_settings_refuse_an_emergency_number_that_could_not_be_dialled(number: str) -> None:
    with pytest.raises(ValueError, match="emergency number"):
        Settings(emergency_number=number)
    assert emergency_number_problem(number)


@pytest.mark.parametrize("number", ["", "112", "000", "10111", "123456789012345"])
def test_settings_take_any_emergency_number_of_2_to_15_digits(number: str) -> None:
    assert Settings(emergency_number=number).emergency_number == number
    assert emergency_number_problem(number) == ""


def test_save_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "not-yet" / "settings.json"

    store_at(path).save(Settings(beeps=False))

    assert store_at(path).load() == Settings(beeps=False)


def test_unknown_keys_from_a_newer_version_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"speech": False, "voice": "calm", "haptics_level": 3}))
    store = store_at(path)

    assert store.load() == Settings(speech=False)
    assert store.problem is None
    assert path.exists()


def test_missing_keys_from_an_older_version_take_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"vibration": False}))

    assert store_at(path).load() == Settings(vibration=False)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param('{"speech": fal', "not valid JSON", id="truncated-json"),
        pytest.param(b"\xff\xfe\x00garbage", "not valid JSON", id="binary"),
        pytest.param("[true, false]", "expected a JSON object", id="not-an-object"),
        pytest.param('{"speech": "yes"}', "speech must be true or false", id="string-for-bool"),
        pytest.param('{"beeps": 1}', "beeps must be true or false", id="number-for-bool"),
        pytest.param('{"font_scale": "big"}', "font_scale must be a number", id="string-scale"),
        pytest.param('{"font_scale": true}', "font_scale must be a number", id="bool-scale"),
        pytest.param('{"font_scale": 2.5}', "font_scale must be between", id="too-large"),
        pytest.param('{"font_scale": 0.5}', "font_scale must be between", id="too-small"),
        pytest.param('{"font_scale": NaN}', "font_scale must be between", id="nan"),
        pytest.param('{"emergency_number": 112}', "emergency_number must be text", id="number"),
        pytest.param('{"emergency_number": "call"}', "only have digits", id="letters"),
        pytest.param('{"emergency_number": "1"}', "2 to 15 digits", id="one-digit"),
    ],
)
def test_a_damaged_file_is_moved_aside_and_reported(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    path = tmp_path / "settings.json"
    raw = content.encode() if isinstance(content, str) else content
    path.write_bytes(raw)
    store = store_at(path)

    settings = store.load()

    aside = tmp_path / "settings.json.damaged-20250314-120005"
    assert settings == Settings()
    assert not path.exists()
    assert aside.read_bytes() == raw
    assert store.problem is not None
    assert str(path) in store.problem
    assert aside.name in store.problem
    assert reason in store.problem


def test_a_damaged_file_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{")

    with caplog.at_level(logging.WARNING, logger="unknot.core.settings"):
        store_at(path).load()

    assert [r.getMessage() for r in caplog.records if "settings.json" in r.getMessage()]


def test_two_damaged_loads_in_one_second_keep_both_copies(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = store_at(path)
    path.write_text("first damage")
    store.load()
    path.write_text("second damage")

    store.load()

    assert (tmp_path / "settings.json.damaged-20250314-120005").read_text() == "first damage"
    assert (tmp_path / "settings.json.damaged-20250314-120005-2").read_text() == "second damage"


def test_a_good_load_clears_the_previous_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = store_at(path)
    path.write_text("{")
    store.load()
    store.save(Settings(beeps=False))

    assert store.load() == Settings(beeps=False)
    assert store.problem is None


def test_a_folder_named_like_the_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()
    store = store_at(path)

    assert store.load() == Settings()

    assert (tmp_path / "settings.json.damaged-20250314-120005").is_dir()
    assert store.problem is not None and "it is a folder, not a file" in store.problem


def test_an_unreadable_file_is_not_replaced_by_the_defaults_at_the_next_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"speech": False, "font_scale": 1.3}))
    real_open = os.open
    refused = {str(path)}

    def guarded(name: str, flags: int, mode: int = 0o777) -> int:
        if str(name) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, mode)

    monkeypatch.setattr(os, "open", guarded)
    notices = Notices()
    store = SettingsStore(path, notices=notices)
    settings = store.load()
    assert settings == Settings()
    assert store.problem is not None and str(path) in store.problem
    assert "will not write over that file" in store.problem

    with pytest.raises(SaveError):
        store.save(replace(settings, beeps=False))
    assert json.loads(path.read_text()) == {"speech": False, "font_scale": 1.3}

    refused.clear()
    notices.retry()

    assert store_at(path).load() == Settings(beeps=False, speech=False, font_scale=1.3)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="deep-list"),
        pytest.param('{"a":' * 50_000 + "1" + "}" * 50_000, id="deep-object"),
        pytest.param('{"font_scale": 1' + "0" * 5000 + "}", id="5000-digits"),
        pytest.param('{"font_scale": 1' + "0" * 400 + "}", id="too-large-for-a-float"),
        pytest.param('{"font_scale": 1e999}', id="infinity-by-size"),
        pytest.param('{"font_scale": -Infinity}', id="infinity"),
        pytest.param('{"emergency_number": "\\ud800"}', id="lone-surrogate"),
        pytest.param('{"emergency_number": "\u00b9\u00b9\u00b2"}', id="superscript-digits"),
        pytest.param('{"beeps": [' + "1," * 100_000 + "1]}", id="huge-value"),
    ],
)
def test_hostile_content_is_set_aside_with_a_short_reason(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    store = store_at(path)

    assert store.load() == Settings()

    assert (tmp_path / "settings.json.damaged-20250314-120005").read_text() == content
    assert store.problem is not None and len(store.problem) < 400


def test_a_full_storage_fails_the_save_in_words_and_the_retry_saves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    notices = Notices()
    store = SettingsStore(path, notices=notices)
    store.load()

    def full(_path: Path, _data: bytes | str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(json_store, "write_atomic", full)
        with pytest.raises(SaveError) as failed:
            store.save(Settings(speech=False))

    assert str(failed.value) == (
        "Your settings could not be saved: the storage is full. They stay as you set them "
        "while Unknot is open, and Unknot will try again."
    )
    assert [n.key for n in notices.pending] == ["settings.save"]
    notices.retry()
    assert store_at(path).load() == Settings(speech=False)
    assert notices.pending == ()


def test_two_windows_keep_each_others_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    notices = Notices()
    here, there = SettingsStore(path, notices=notices), SettingsStore(path)
    mine, theirs = here.load(), there.load()

    there.save(replace(theirs, speech=False, font_scale=1.3))
    saved = here.save(replace(mine, beeps=False, font_scale=0.9))

    assert saved == Settings(beeps=False, speech=False, font_scale=0.9)
    assert store_at(path).load() == saved
    assert [n.text for n in notices.pending] == [
        "Another Unknot window changed the text size as well; the choice made here was kept."
    ]


@pytest.mark.parametrize("scale", [FONT_SCALE_MIN - 0.01, FONT_SCALE_MAX + 0.01])
def test_settings_refuse_a_font_scale_out_of_range(scale: float) -> None:
    with pytest.raises(ValueError, match="font_scale"):
        Settings(font_scale=scale)


def test_settings_are_frozen() -> None:
    settings = Settings()
    field_name = fields(Settings)[0].name

    with pytest.raises(AttributeError):
        setattr(settings, field_name, False)


valid_settings = st.builds(
    Settings,
    beeps=st.booleans(),
    speech=st.booleans(),
    vibration=st.booleans(),
    keep_screen_on=st.booleans(),
    font_scale=st.floats(min_value=FONT_SCALE_MIN, max_value=FONT_SCALE_MAX),
    emergency_number=st.one_of(st.just(""), st.from_regex(r"\A[0-9]{2,15}\Z")),
)


@given(settings=valid_settings)
def test_every_valid_settings_value_survives_a_save_and_load(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    store = store_at(path)

    store.save(settings)

    assert store.load() == settings
    assert store.problem is None
