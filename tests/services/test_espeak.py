"""The real desktop speech backend: espeak-ng run as a subprocess, as on a Linux desktop.

Each test chooses the audio output through ALSA's configuration and points
PulseAudio at nothing, so the result is the same on a laptop with speakers, and
nothing is heard: a null device that accepts the sound, or a device that does
not exist (a box without a sound card, like this one).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from unknot.services.speech import EspeakBackend, QueuedSpeaker, find_espeak

WAIT = 30.0

ESPEAK = find_espeak()
pytestmark = pytest.mark.skipif(
    ESPEAK is None,
    reason="neither espeak-ng nor espeak is on PATH (Debian: apt install espeak-ng)",
)


def use_alsa_device(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, definition: str) -> None:
    config = tmp_path / "alsa.conf"
    config.write_text(f"pcm.!default {{ {definition} }}\n")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-pulseaudio-here")


def service_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "unknot.services" and r.levelno >= logging.WARNING
    ]


def test_espeak_speaks_a_cue_when_there_is_an_audio_device(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    use_alsa_device(monkeypatch, tmp_path, "type null")
    assert ESPEAK is not None
    backend = EspeakBackend(ESPEAK)
    finished: list[str] = []

    def speak(text: str) -> None:
        backend(text)
        finished.append(text)

    speaker = QueuedSpeaker(speak)
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        speaker.say("Tuck your chin gently")
        speaker.say("-5 seconds left")  # a leading dash is text, not an option
        assert speaker.wait_until_idle(WAIT)
    speaker.close()

    assert finished == ["Tuck your chin gently", "-5 seconds left"]
    assert speaker.available
    assert service_warnings(caplog) == []


def test_without_an_audio_device_speech_turns_off_with_one_log_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # espeak-ng exits 0 here and only prints "error: ..."; plyer would not notice.
    use_alsa_device(monkeypatch, tmp_path, "type hw card 99")
    assert ESPEAK is not None
    speaker = QueuedSpeaker(EspeakBackend(ESPEAK))

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        speaker.say("Tuck your chin gently")
        assert speaker.wait_until_idle(WAIT)
        speaker.say("Ten seconds left")
        assert speaker.wait_until_idle(WAIT)
    speaker.close()

    assert not speaker.available
    warnings = service_warnings(caplog)
    assert len(warnings) == 1
    assert "could not speak" in warnings[0]
    assert "error" in warnings[0].lower()
