"""Vibration on a desktop: plyer has none, which is logged once and then left alone."""

from __future__ import annotations

import logging

import pytest

from unknot.services.vibration import PlyerVibrator


def test_plyer_without_a_vibrator_is_logged_once_and_never_raises(
    caplog: pytest.LogCaptureFixture,
) -> None:
    vibrator = PlyerVibrator()

    with caplog.at_level(logging.INFO, logger="unknot.services"):
        vibrator.vibrate(0.2)
        first = len(caplog.records)
        vibrator.vibrate(0.2)

    assert first == 1
    assert len(caplog.records) == 1
    assert "Vibration is off" in caplog.records[0].getMessage()
    assert not vibrator.available


def test_a_vibrator_that_fails_is_logged_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from plyer import vibrator as plyer_vibrator

    calls: list[float] = []

    def denied(time: float) -> None:
        calls.append(time)
        raise RuntimeError("java.lang.SecurityException: Requires VIBRATE permission")

    monkeypatch.setattr(plyer_vibrator, "vibrate", denied)
    vibrator = PlyerVibrator()

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        vibrator.vibrate(0.3)
        vibrator.vibrate(0.3)

    assert calls == [0.3]
    assert len(caplog.records) == 1
    assert "VIBRATE" in caplog.records[0].getMessage()
