"""The cue service's sound, words and buzz, each cue under transient audio focus with ducking.

The service has no SDL, so no Kivy sounds: beeps are Android's ToneGenerator
(no files to prepare, nothing to load), words the app's own ``AndroidSpeaker``
(one TextToSpeech), buzzes the Vibrator. Before each cue the service asks for
audio focus ``AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK``: music or a podcast dips
under the cue instead of drowning it or stopping; once the cue is over
(the tone's length; the words until the engine says it is no longer
speaking) the focus is given back, and the music comes up again.

Android 8 (API 26) asks through an ``AudioFocusRequest``; Android 7 through
the older ``requestAudioFocus(listener, stream, hint)``. A focus refused (a
phone call) is logged and the cue still plays: "take the heat pack off" must
be heard.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, ClassVar

from unknot.core.playback.plan import CueKind
from unknot.core.playback.session import FiredCue
from unknot.services.android.speech import AndroidSpeaker

log = logging.getLogger("unknot.cue_service")

SDK_FOCUS_REQUEST = 26
"""AudioFocusRequest and VibrationEffect: Android 8."""
TONE_VOLUME = 80
"""ToneGenerator's volume, 0-100, relative to the music stream's."""
TONES: dict[CueKind, tuple[str, int]] = {
    CueKind.TICK: ("TONE_PROP_BEEP", 150),
    CueKind.STEP: ("TONE_PROP_ACK", 300),
    CueKind.ALERT: ("TONE_CDMA_ALERT_CALL_GUARD", 1000),
    CueKind.FINISH: ("TONE_PROP_PROMPT", 600),
}
"""Each beep's ToneGenerator constant (by name) and its length in milliseconds."""
VIBRATION_MS = 300
SPEECH_SECONDS_PER_WORD = 0.45
"""A guess at how long a phrase takes, before the engine can be asked whether it is done."""
FOCUS_MARGIN = 0.3


class AudioFocus:
    """Holds transient, duckable audio focus while cues play; gives it back after."""

    def __init__(self, context: Any, clock: Callable[[], float] = time.monotonic) -> None:
        from jnius import PythonJavaClass, autoclass, cast, java_method

        self._clock = clock
        audio_manager_class = autoclass("android.media.AudioManager")
        context_class = autoclass("android.content.Context")
        self._sdk = int(autoclass("android.os.Build$VERSION").SDK_INT)
        service = context.getSystemService(context_class.AUDIO_SERVICE)
        self._manager = cast("android.media.AudioManager", service)
        self._granted = audio_manager_class.AUDIOFOCUS_REQUEST_GRANTED
        hint = audio_manager_class.AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK
        self._held_until: float | None = None
        self._request: Any = None
        self._listener: Any = None
        if self._sdk >= SDK_FOCUS_REQUEST:
            attributes_class = autoclass("android.media.AudioAttributes")
            attributes = (
                autoclass("android.media.AudioAttributes$Builder")()
                .setUsage(attributes_class.USAGE_ASSISTANCE_SONIFICATION)
                .setContentType(attributes_class.CONTENT_TYPE_SONIFICATION)
                .build()
            )
            self._request = (
                autoclass("android.media.AudioFocusRequest$Builder")(hint)
                .setAudioAttributes(attributes)
                .build()
            )
        else:

            class Listener(PythonJavaClass):  # type: ignore[misc]
                __javainterfaces__: ClassVar[list[str]] = [
                    "android/media/AudioManager$OnAudioFocusChangeListener"
                ]

                @java_method("(I)V")  # type: ignore[untyped-decorator]
                def onAudioFocusChange(self, change: int) -> None:  # noqa: N802 (Java's name)
                    return None  # a cue is short: nothing to pause or resume

            # Kept on self: a collected proxy would leave Java calling freed memory.
            self._listener = Listener()
            self._stream = audio_manager_class.STREAM_MUSIC
            self._hint = hint

    @property
    def held(self) -> bool:
        return self._held_until is not None

    def hold(self, seconds: float) -> None:
        """Asks for focus (once) and keeps it at least ``seconds`` from now."""
        until = self._clock() + seconds
        if self._held_until is None:
            result = self._ask()
            if result != self._granted:
                log.info("Audio focus not granted (%s); the cue plays anyway", result)
            self._held_until = until
        else:
            self._held_until = max(self._held_until, until)

    def settle(self, busy: bool) -> float | None:
        """Gives focus back once its time is up and nothing plays; seconds until it looks again."""
        if self._held_until is None:
            return None
        left = self._held_until - self._clock()
        if left > 0:
            return left
        if busy:
            return 0.25
        self.release()
        return None

    def release(self) -> None:
        if self._held_until is None:
            return
        self._held_until = None
        try:
            if self._request is not None:
                self._manager.abandonAudioFocusRequest(self._request)
            else:
                self._manager.abandonAudioFocus(self._listener)
        except Exception as error:
            log.warning("Audio focus could not be given back (%s)", error)

    def _ask(self) -> int:
        try:
            if self._request is not None:
                return int(self._manager.requestAudioFocus(self._request))
            return int(self._manager.requestAudioFocus(self._listener, self._stream, self._hint))
        except Exception as error:
            log.warning("Audio focus could not be asked for (%s)", error)
            return -1


class AndroidCueOutput:
    """``CueOutput`` (cue_service.py) on Android: tones, one TextToSpeech, the vibrator.

    Every part that fails to start is left out with one log line; a part that
    fails while playing is logged once and the session goes on.
    """

    def __init__(self, context: Any, clock: Callable[[], float] = time.monotonic) -> None:
        from jnius import autoclass, cast

        self._clock = clock
        self._failed: set[str] = set()
        self._version = int(autoclass("android.os.Build$VERSION").SDK_INT)
        context_class = autoclass("android.content.Context")
        self.focus = AudioFocus(context, clock)
        self._tone_class = autoclass("android.media.ToneGenerator")
        self._tones: Any = None
        try:
            stream = autoclass("android.media.AudioManager").STREAM_MUSIC
            self._tones = self._tone_class(stream, TONE_VOLUME)
        except Exception as error:
            log.warning("Beeps are off: no tone generator (%s)", error)
        self._speaker: AndroidSpeaker | None = None
        try:
            self._speaker = AndroidSpeaker(context)
        except Exception as error:
            log.warning("Spoken cues are off: no speech engine (%s)", error)
        self._vibrator: Any = None
        try:
            service = context.getSystemService(context_class.VIBRATOR_SERVICE)
            self._vibrator = cast("android.os.Vibrator", service)
        except Exception as error:
            log.warning("Vibration is off (%s)", error)
        self._effect: Any = None
        if self._version >= SDK_FOCUS_REQUEST:
            self._effect = autoclass("android.os.VibrationEffect")

    def play(self, fired: FiredCue) -> None:
        cue = fired.cue
        if cue.kind is CueKind.SPEAK:
            self.say(cue.text, cue.priority)
        elif cue.kind is CueKind.VIBRATE:
            self._guard("vibration", self._vibrate)
        else:
            name, length_ms = TONES[cue.kind]
            self.focus.hold(length_ms / 1000 + FOCUS_MARGIN)
            self._guard("beeps", self._tone, name, length_ms)

    def say(self, text: str, priority: int) -> None:
        if self._speaker is None or not text:
            return
        self.focus.hold(len(text.split()) * SPEECH_SECONDS_PER_WORD + FOCUS_MARGIN)
        self._guard("spoken cues", self._speaker.say, text, priority)

    def hush(self) -> None:
        if self._speaker is not None:
            self._guard("spoken cues", self._speaker.clear)

    def speaking(self) -> bool:
        return self._speaker is not None and self._speaker.speaking()

    def settle(self) -> float | None:
        return self.focus.settle(self.speaking())

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.close()
        if self._tones is not None:
            self._guard("beeps", self._tones.release)
        self.focus.release()

    # -- inside -----------------------------------------------------------------------

    def _tone(self, name: str, length_ms: int) -> None:
        if self._tones is not None:
            self._tones.startTone(getattr(self._tone_class, name), length_ms)

    def _vibrate(self) -> None:
        if self._vibrator is None:
            return
        if self._effect is not None:
            effect = self._effect.createOneShot(VIBRATION_MS, self._effect.DEFAULT_AMPLITUDE)
            self._vibrator.vibrate(effect)
        else:
            self._vibrator.vibrate(VIBRATION_MS)

    def _guard(self, what: str, action: Callable[..., Any], *args: Any) -> None:
        try:
            action(*args)
        except Exception as error:
            if what not in self._failed:
                self._failed.add(what)
                log.warning("%s failed (%s); the session goes on", what.capitalize(), error)
