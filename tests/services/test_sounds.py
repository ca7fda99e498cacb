"""KivySoundPlayer with the real committed WAV files, through Kivy's real SoundLoader.

SDL_AUDIODRIVER=dummy (tests/services/conftest.py) gives SDL a device that
plays into nothing, so loading and playing go through SDL_mixer for real.
"""

from __future__ import annotations

import logging
import shutil
import wave
from pathlib import Path

import pytest

from unknot.services.sounds import SOUND_NAMES, SOUNDS_DIR, KivySoundPlayer


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


@pytest.fixture(scope="module")
def player() -> KivySoundPlayer:
    return KivySoundPlayer()


def service_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "unknot.services" and r.levelno >= logging.WARNING
    ]


def test_every_cue_sound_is_loaded(player: KivySoundPlayer) -> None:
    assert sorted(player.loaded) == sorted(SOUND_NAMES)


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_a_loaded_sound_is_as_long_as_its_wav_file(player: KivySoundPlayer, name: str) -> None:
    sound = player.loaded[name]

    assert sound.length == pytest.approx(wav_seconds(SOUNDS_DIR / f"{name}.wav"), abs=0.020)


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_play_starts_the_sound(player: KivySoundPlayer, name: str) -> None:
    sound = player.loaded[name]
    sound.stop()

    player.play(name)

    assert sound.state == "play"
    sound.stop()


def test_playing_again_restarts_a_sound_still_playing(player: KivySoundPlayer) -> None:
    sound = player.loaded["finish"]
    player.play("finish")

    player.play("finish")

    assert sound.state == "play"
    sound.stop()


def test_damaged_and_missing_sounds_are_logged_and_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(SOUNDS_DIR / "tick.wav", tmp_path / "tick.wav")
    (tmp_path / "step.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really")

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        player = KivySoundPlayer(tmp_path)
        player.play("step")
        player.play("finish")

    assert sorted(player.loaded) == ["tick"]
    warnings = service_warnings(caplog)
    assert len(warnings) == 2
    assert "step.wav" in warnings[0]
    assert "finish.wav" in warnings[1]
    assert "alert.wav" in warnings[1]


def test_an_unknown_cue_name_is_logged_once(
    player: KivySoundPlayer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        player.play("gong")
        player.play("gong")

    warnings = service_warnings(caplog)
    assert len(warnings) == 1
    assert "gong" in warnings[0]
