"""The platform behind small interfaces: cues, keeping the screen on, notifications, alarms.

``create_services`` picks the implementations once, for the platform the app
runs on (``kivy.utils.platform``); nothing else in the app asks which platform it
is on: what a screen offers comes from ``Services.traits``. Each service
degrades to its Null version with one log line when the platform lacks it, so a
session never has to check. The Android implementations live in
``unknot.services.android``, one module per feature.

The Android modules are imported only on Android (inside ``create_services``): a
desktop start has no use for them, and every module imported is time before the first
frame (bench/startup.py).

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

from unknot.core.clock.zone import local_zone
from unknot.core.settings import Settings
from unknot.services.alarms import Alarms, NullAlarms
from unknot.services.carrier import NullCarrier, SessionCarrier
from unknot.services.dialer import Dialer, NullDialer
from unknot.services.documents import Documents, NullDocuments, create_documents
from unknot.services.heat_alarm import HeatAlarm, NullHeatAlarm
from unknot.services.keep_awake import KeepAwake, NullKeepAwake
from unknot.services.launch import Launch, NullLaunch
from unknot.services.notifications import Notifier, NullNotifier, create_notifier
from unknot.services.sounds import SOUNDS_DIR, KivySoundPlayer, NullSoundPlayer, SoundPlayer
from unknot.services.speech import (
    NullSpeaker,
    QueuedSpeaker,
    Speaker,
    create_desktop_speaker,
    plyer_backend,
)
from unknot.services.traits import (
    ANDROID_TRAITS,
    DESKTOP_TRAITS,
    IOS_TRAITS,
    NO_TRAITS,
    Traits,
)
from unknot.services.vibration import NullVibrator, PlyerVibrator, Vibrator

__all__ = [
    "Alarms",
    "Dialer",
    "Documents",
    "HeatAlarm",
    "KeepAwake",
    "Launch",
    "Notifier",
    "Services",
    "SessionCarrier",
    "SoundPlayer",
    "Speaker",
    "Traits",
    "Vibrator",
    "apply_settings",
    "create_services",
    "null_services",
    "warm_up",
]

log = logging.getLogger("unknot.services")

DESKTOPS = ("linux", "win", "macosx")


def null_carrier(folder: Path) -> SessionCarrier:
    """Nobody else plays the cues: the app's loop runs in the background (desktops)."""
    return NullCarrier()


@dataclass(frozen=True)
class Services:
    """Everything the app asks of the platform.

    ``traits`` says what to offer (settings, exports, notes); ``zone`` gives the
    device's time zone now (call it: on Android it is Java's, which changes when
    the person travels); ``launch`` gives the routine a tapped reminder opened;
    ``dialer`` opens the phone's dialer for Call for help, and tells the region;
    ``carrier`` makes, for the data folder, what carries a session's cues while the
    app is off the screen (Android's cue service).
    """

    sounds: SoundPlayer
    speaker: Speaker
    vibrator: Vibrator
    keep_awake: KeepAwake
    notifier: Notifier = field(default_factory=NullNotifier)
    alarms: Alarms = field(default_factory=NullAlarms)
    documents: Documents = field(default_factory=NullDocuments)
    launch: Launch = field(default_factory=NullLaunch)
    dialer: Dialer = field(default_factory=NullDialer)
    heat_alarm: HeatAlarm = field(default_factory=NullHeatAlarm)
    carrier: Callable[[Path], SessionCarrier] = null_carrier
    traits: Traits = NO_TRAITS
    zone: Callable[[], tzinfo] = local_zone

    def close(self) -> None:
        """For App.on_stop: lets the screen sleep and stops the speech engine."""
        self.keep_awake.release()
        self.speaker.close()


def null_services(*, traits: Traits = NO_TRAITS) -> Services:
    """Services that do nothing: for tests, and for cues all turned off.

    ``traits`` lets a test show the screens as a platform would (say, Android's).
    """
    return Services(
        NullSoundPlayer(), NullSpeaker(), NullVibrator(), NullKeepAwake(), traits=traits
    )


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
        from unknot.services.android.dialer import AndroidDialer
        from unknot.services.android.launch import AndroidLaunch

        speaker = _android_speaker()
        keep_awake = _android_keep_awake()
        notifier = _android_notifier()
        alarms = _android_alarms(exact_reminders)
        documents = create_documents(platform)
        return Services(
            sounds,
            speaker,
            PlyerVibrator(),
            keep_awake,
            notifier,
            alarms,
            documents,
            launch=AndroidLaunch(),
            dialer=AndroidDialer(),
            heat_alarm=_android_heat_alarm(),
            carrier=_android_carrier,
            traits=_android_traits(alarms, documents),
            zone=_android_zone,
        )
    if platform in DESKTOPS:
        speaker = create_desktop_speaker(platform)
        notifier = create_notifier(platform)
        return Services(
            sounds, speaker, NullVibrator(), NullKeepAwake(), notifier, traits=DESKTOP_TRAITS
        )
    if platform == "ios":
        # plyer speaks (AVSpeechSynthesizer) and vibrates on iOS; not tried yet.
        return Services(
            sounds,
            QueuedSpeaker(plyer_backend),
            PlyerVibrator(),
            NullKeepAwake(),
            traits=IOS_TRAITS,
        )
    log.warning("Unknown platform %r: only the cue sounds are on", platform)
    return Services(sounds, NullSpeaker(), NullVibrator(), NullKeepAwake())


def warm_up(services: Services) -> None:
    """Readies what a session needs and home does not: the cue sounds (the app calls it
    just after its first frame, long before any session's first cue)."""
    if isinstance(services.sounds, KivySoundPlayer):
        services.sounds.load()


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
        from unknot.services.android.speech import AndroidSpeaker

        return AndroidSpeaker()
    except Exception as error:
        _could_not_start("spoken cues", error)
        return NullSpeaker()


def _android_keep_awake() -> KeepAwake:
    try:
        from unknot.services.android.keep_awake import AndroidKeepAwake

        return AndroidKeepAwake()
    except Exception as error:
        _could_not_start("keeping the screen on", error)
        return NullKeepAwake()


def _android_notifier() -> Notifier:
    try:
        from unknot.services.android.notifications import AndroidNotifier

        return AndroidNotifier()
    except Exception as error:
        _could_not_start("notifications", error)
        return NullNotifier()


def _android_alarms(exact_reminders: Callable[[], bool]) -> Alarms:
    try:
        from unknot.services.android.alarms import AndroidAlarms

        return AndroidAlarms(exact_opt_in=exact_reminders)
    except Exception as error:
        _could_not_start("reminders while the app is closed", error)
        return NullAlarms()


def _android_heat_alarm() -> HeatAlarm:
    try:
        from unknot.services.android.heat_alarm import AndroidHeatAlarm

        return AndroidHeatAlarm()
    except Exception as error:
        _could_not_start("the heat step's alarm", error)
        return NullHeatAlarm()


def _android_carrier(folder: Path) -> SessionCarrier:
    try:
        from unknot.services.android.carrier import AndroidCarrier

        return AndroidCarrier(folder)
    except Exception as error:
        _could_not_start("cues with the screen locked", error)
        return NullCarrier()


def _android_traits(alarms: Alarms, documents: Documents) -> Traits:
    """Android's traits, less what did not start: the screens must not promise what fails.

    Without alarms nothing fires with the app closed (and there are no exact
    times to choose); without the document screens exports go to a folder.
    """
    armed = not isinstance(alarms, NullAlarms)
    return replace(
        ANDROID_TRAITS,
        saves_through_system=not isinstance(documents, NullDocuments),
        exact_alarm_choice=armed,
        reminders_when_closed=armed,
    )


def _android_zone() -> tzinfo:
    """Java's zone (Python has no zone data on Android); the best guess if Java can't say."""
    try:
        from unknot.services.android.zone import device_zone

        return device_zone()
    except Exception as error:
        log.warning("Could not ask Android for its time zone (%s); guessing", error)
        return local_zone()


def _could_not_start(what: str, error: Exception) -> None:
    log.warning("Could not start %s (%s); carrying on without", what, error)
