"""Settings as a person changes them: each label says the value in force, at once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ui.conftest import StartApp
from tests.ui.flows import open_settings
from unknot.services import null_services
from unknot.services.traits import ANDROID_TRAITS


def saved(data: Path) -> dict[str, object]:
    return dict(json.loads((data / "settings.json").read_text(encoding="utf-8")))


def test_a_cue_turned_off_says_off_at_once_and_a_second_tap_turns_it_on(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_settings(pilot)
    pilot.tap_button("Beeps: on")
    assert pilot.has_button("Beeps: off")
    assert saved(data)["beeps"] is False
    pilot.tap_button("Spoken cues: on")
    assert pilot.has_button("Spoken cues: off")
    pilot.tap_button("Beeps: off")
    assert pilot.has_button("Beeps: on")
    assert saved(data)["beeps"] is True and saved(data)["speech"] is False


def test_the_text_size_label_follows_larger_and_smaller(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start_app(data_dir=data)
    open_settings(pilot)
    assert "Text size: 100%" in pilot.texts()
    pilot.tap_button("Larger")
    shown = next(t for t in pilot.texts() if t.startswith("Text size:"))
    assert shown == f"Text size: {round(float(saved(data)['font_scale']) * 100)}%"  # type: ignore[arg-type]
    assert shown != "Text size: 100%"
    assert pilot.app.font_scale == saved(data)["font_scale"]


def test_vibration_is_offered_only_where_the_device_can_vibrate(
    start_app: StartApp, tmp_path: Path
) -> None:
    desktop = start_app(data_dir=tmp_path / "desktop")
    open_settings(desktop)
    assert not any(t.startswith("Vibration") for t in desktop.texts())
    phone = start_app(data_dir=tmp_path / "phone", services=null_services(traits=ANDROID_TRAITS))
    open_settings(phone)
    assert phone.has_button("Vibration: on")
