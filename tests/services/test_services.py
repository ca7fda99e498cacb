"""Choosing the services once per platform, and turning cues off per the person's settings."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from typing import Any

import pytest

import unknot.services as services_module
from unknot.core.clock.zone import local_zone
from unknot.core.settings import Settings
from unknot.services import Services, Traits, apply_settings, create_services, null_services
from unknot.services.keep_awake import NullKeepAwake
from unknot.services.sounds import KivySoundPlayer, NullSoundPlayer
from unknot.services.speech import EspeakBackend, NullSpeaker, QueuedSpeaker, find_espeak
from unknot.services.traits import NO_TRAITS
from unknot.services.vibration import NullVibrator


@pytest.fixture
def linux() -> Iterator[Services]:
    services = create_services("linux")
    yield services
    services.close()


def test_linux_gets_real_sounds(linux: Services) -> None:
    assert isinstance(linux.sounds, KivySoundPlayer)
    linux.sounds.play("tick")

    assert linux.sounds.loaded["tick"].state == "play"
    linux.sounds.loaded["tick"].stop()


@pytest.mark.skipif(find_espeak() is None, reason="espeak-ng is not installed")
def test_linux_with_espeak_speaks_through_it(linux: Services) -> None:
    assert isinstance(linux.speaker, QueuedSpeaker)
    assert isinstance(linux.speaker._backend, EspeakBackend)


def test_linux_has_no_vibrator_and_leaves_the_screen_alone(linux: Services) -> None:
    assert isinstance(linux.vibrator, NullVibrator)
    assert isinstance(linux.keep_awake, NullKeepAwake)


def test_linux_without_any_speech_program_says_which_package_to_install(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("unknot.services.speech.shutil.which", lambda name: None)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        services = create_services("linux")

    assert isinstance(services.speaker, NullSpeaker)
    messages = [r.getMessage() for r in caplog.records if r.name == "unknot.services"]
    assert len(messages) == 1
    assert "espeak-ng" in messages[0]


def test_sounds_that_cannot_start_are_replaced_by_silence(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("no audio provider")

    monkeypatch.setattr(services_module, "KivySoundPlayer", broken)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        services = create_services("win")
    services.close()

    assert isinstance(services.sounds, NullSoundPlayer)
    assert any("no audio provider" in r.getMessage() for r in caplog.records)


def test_an_unknown_platform_gets_null_speech_vibration_and_keep_awake() -> None:
    services = create_services("some-new-os")

    assert isinstance(services.speaker, NullSpeaker)
    assert isinstance(services.vibrator, NullVibrator)
    assert isinstance(services.keep_awake, NullKeepAwake)


def test_null_services_are_all_null() -> None:
    services = null_services()

    assert isinstance(services.sounds, NullSoundPlayer)
    assert isinstance(services.speaker, NullSpeaker)
    assert isinstance(services.vibrator, NullVibrator)
    assert isinstance(services.keep_awake, NullKeepAwake)


class Marker:
    """Stands for a real service: any object, so identity shows what was kept."""

    def play(self, name: str) -> None: ...
    def say(self, text: str, priority: int = 0) -> None: ...
    def clear(self) -> None: ...
    def close(self) -> None: ...
    def vibrate(self, seconds: float) -> None: ...
    def hold(self) -> None: ...
    def release(self) -> None: ...


def real_looking() -> Services:
    return Services(sounds=Marker(), speaker=Marker(), vibrator=Marker(), keep_awake=Marker())


SETTING_TO_SERVICE = {
    "beeps": ("sounds", NullSoundPlayer),
    "speech": ("speaker", NullSpeaker),
    "vibration": ("vibrator", NullVibrator),
    "keep_screen_on": ("keep_awake", NullKeepAwake),
}


@pytest.mark.parametrize("setting", sorted(SETTING_TO_SERVICE))
def test_a_setting_turned_off_swaps_in_only_its_null_service(setting: str) -> None:
    full = real_looking()
    field, null_type = SETTING_TO_SERVICE[setting]

    off: dict[str, Any] = {setting: False}
    applied = apply_settings(full, dataclasses.replace(Settings(), **off))

    assert isinstance(getattr(applied, field), null_type)
    for other, _ in SETTING_TO_SERVICE.values():
        if other != field:
            assert getattr(applied, other) is getattr(full, other)


def test_all_settings_on_keeps_every_service() -> None:
    full = real_looking()

    assert apply_settings(full, Settings()) == full


def test_every_cue_setting_maps_to_a_service() -> None:
    cue_settings = {f.name for f in dataclasses.fields(Settings)} - {
        "font_scale",
        "exact_reminders",
        "emergency_number",
    }

    assert cue_settings == set(SETTING_TO_SERVICE)


# --- what each platform offers (traits), its zone and its launch --------------------------


def test_a_desktop_offers_the_calendar_export_and_nothing_else() -> None:
    for platform in ("linux", "win", "macosx"):
        services = create_services(platform)
        services.close()

        assert services.traits == Traits(
            can_vibrate=False,
            saves_through_system=False,
            calendar_export=True,
            exact_alarm_choice=False,
            reminders_when_closed=False,
            back_at_home_quits=False,
        ), platform


def test_ios_offers_vibration_only() -> None:
    services = create_services("ios")
    services.close()

    assert services.traits == Traits(
        can_vibrate=True,
        saves_through_system=False,
        calendar_export=False,
        exact_alarm_choice=False,
        reminders_when_closed=False,
        back_at_home_quits=False,
    )


def test_an_unknown_platform_offers_nothing() -> None:
    services = create_services("some-new-os")

    assert not any(dataclasses.astuple(services.traits))


def test_null_services_offer_nothing_unless_a_test_says_otherwise() -> None:
    assert not any(dataclasses.astuple(null_services().traits))

    phone_like = dataclasses.replace(null_services().traits, can_vibrate=True)
    assert null_services(traits=phone_like).traits.can_vibrate


def test_off_android_the_zone_is_the_systems_and_no_reminder_opened_the_app(
    linux: Services,
) -> None:
    assert linux.zone() == local_zone()
    assert linux.launch.routine_id() is None
    linux.launch.on_opened(lambda routine_id: None)  # nothing to listen to: no error


def test_applying_settings_keeps_traits_launch_and_zone() -> None:
    full = dataclasses.replace(
        real_looking(), traits=dataclasses.replace(NO_TRAITS, calendar_export=True)
    )

    applied = apply_settings(full, dataclasses.replace(Settings(), beeps=False, speech=False))

    assert applied.traits is full.traits
    assert applied.launch is full.launch
    assert applied.zone is full.zone
