"""The platform behind small interfaces: cues, keeping the screen on, notifications, alarms.

``create_services`` picks the implementations once, for the platform the app
runs on (``kivy.utils.platform``); nothing else in the app asks which platform it
is on. Each service degrades to its Null version with one log line when the
platform lacks it, so a session never has to check.

The App keeps the full set from ``create_services`` and hands the screens
``apply_settings(full, settings)``, computed again from the full set whenever
the settings change (a Null put in by a setting can't be switched back on).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path

from unknot.core.settings import Settings
from unknot.services.alarms import Alarms, NullAlarms
from unknot.services.documents import Documents, NullDocuments, create_documents
from unknot.services.keep_awake import AndroidKeepAwake, KeepAwake, NullKeepAwake
from unknot.services.notifications import Notifier, NullNotifier, create_notifier
from unknot.services.sounds import SOUNDS_DIR, KivySoundPlayer, NullSoundPlayer, SoundPlayer
from unknot.services.speech import (
    AndroidSpeaker,
    NullSpeaker,
    QueuedSpeaker,
    Speaker,
    create_desktop_speaker,
    plyer_backend,
)
from unknot.services.vibration import NullVibrator, PlyerVibrator, Vibrator

__all__ = [
    "Alarms",
    "Documents",
    "KeepAwake",
    "Notifier",
    "Services",
    "SoundPlayer",
    "Speaker",
    "Vibrator",
    "apply_settings",
    "create_services",
    "null_services",
]

log = logging.getLogger("unknot.services")

DESKTOPS = ("linux", "win", "macosx")


@dataclass(frozen=True)
class Traits:  # TEMP until the services branch lands
    can_vibrate: bool = False
    saves_through_system: bool = False
    calendar_export: bool = False
    exact_alarm_choice: bool = False
    reminders_when_closed: bool = False
    back_at_home_quits: bool = False


class NullLaunch:  # TEMP
    def routine_id(self) -> str | None:
        return None

    def on_opened(self, callback: Callable[[str], None]) -> None:
        pass


@dataclass(frozen=True)
class Services:
    sounds: SoundPlayer
    speaker: Speaker
    vibrator: Vibrator
    keep_awake: KeepAwake
    notifier: Notifier = field(default_factory=NullNotifier)
    alarms: Alarms = field(default_factory=NullAlarms)
    documents: Documents = field(default_factory=NullDocuments)
    traits: Traits = field(default_factory=Traits)
    launch: NullLaunch = field(default_factory=NullLaunch)

    def device_zone(self) -> tzinfo:
        from unknot.core.clock.zone import local_zone

        return local_zone()

    def close(self) -> None:
        """For App.on_stop: lets the screen sleep and stops the speech engine."""
        self.keep_awake.release()
        self.speaker.close()


def null_services() -> Services:
    """Services that do nothing: for tests, and for cues all turned off."""
    return Services(NullSoundPlayer(), NullSpeaker(), NullVibrator(), NullKeepAwake())


def create_services(
    platform: str,
    sounds_dir: Path = SOUNDS_DIR,
    *,
    exact_reminders: Callable[[], bool] = lambda: False,
) -> Services:
    """The real services for ``platform`` (a ``kivy.utils.platform`` value), Null where none.

    Never raises: a service that fails to start is replaced by its Null version
    and logged, because a routine without beeps is better than no routine.
    """
    sounds = _sound_player(sounds_dir)
    if platform == "android":
        return Services(
            sounds,
            _android_speaker(),
            PlyerVibrator(),
            _android_keep_awake(),
            _android_notifier(),
            _android_alarms(exact_reminders),
            create_documents(platform),
        )
    if platform in DESKTOPS:
        speaker = create_desktop_speaker(platform)
        notifier = create_notifier(platform)
        return Services(
            sounds,
            speaker,
            NullVibrator(),
            NullKeepAwake(),
            notifier,
            traits=Traits(calendar_export=True),
        )
    if platform == "ios":
        # plyer speaks (AVSpeechSynthesizer) and vibrates on iOS; not tried yet.
        return Services(sounds, QueuedSpeaker(plyer_backend), PlyerVibrator(), NullKeepAwake())
    log.warning("Unknown platform %r: only the cue sounds are on", platform)
    return Services(sounds, NullSpeaker(), NullVibrator(), NullKeepAwake())


def apply_settings(services: Services, settings: Settings) -> Services:
    """The same services with the cues the person turned off replaced by Null versions.

    Turning keep_screen_on off while the screen is held does not release it:
    release first (the session does so when it ends), then apply.
    """
    return replace(
        services,
        sounds=services.sounds if settings.beeps else NullSoundPlayer(),
        speaker=services.speaker if settings.speech else NullSpeaker(),
        vibrator=services.vibrator if settings.vibration else NullVibrator(),
        keep_awake=services.keep_awake if settings.keep_screen_on else NullKeepAwake(),
    )


def _sound_player(folder: Path) -> SoundPlayer:
    try:
        return KivySoundPlayer(folder)
    except Exception as error:
        _could_not_start("cue sounds", error)
        return NullSoundPlayer()


def _android_speaker() -> Speaker:
    try:
        return AndroidSpeaker()
    except Exception as error:
        _could_not_start("spoken cues", error)
        return NullSpeaker()


def _android_keep_awake() -> KeepAwake:
    try:
        return AndroidKeepAwake()
    except Exception as error:
        _could_not_start("keeping the screen on", error)
        return NullKeepAwake()


def _android_notifier() -> Notifier:
    try:
        from unknot.services.android_alarms import AndroidNotifier

        return AndroidNotifier()
    except Exception as error:
        _could_not_start("notifications", error)
        return NullNotifier()


def _android_alarms(exact_reminders: Callable[[], bool]) -> Alarms:
    try:
        from unknot.services.android_alarms import AndroidAlarms

        return AndroidAlarms(exact_opt_in=exact_reminders)
    except Exception as error:
        _could_not_start("reminders while the app is closed", error)
        return NullAlarms()


def _could_not_start(what: str, error: Exception) -> None:
    log.warning("Could not start %s (%s); carrying on without", what, error)
