"""Spoken cues on Android: one ``android.speech.tts.TextToSpeech`` for the app's life.

plyer's Android speech makes a new engine per phrase, in US English; this one
keeps one engine, in the device's language, with its own queue.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from unknot.services.android import activity
from unknot.services.speech import drop_lower_priorities

log = logging.getLogger("unknot.services")


class AndroidSpeaker:
    """One ``android.speech.tts.TextToSpeech`` for the app's life, in the device's language.

    The engine starts asynchronously: cues said before its ``onInit`` are held
    (under the same priority rule as ``QueuedSpeaker``) and spoken, in order,
    once it reports success. Each cue is added with ``QUEUE_ADD``, so cues never
    cut each other off. Once the engine holds a cue it keeps it: priority can
    only drop cues still held here, and ``clear`` uses ``stop()``, which also
    ends the phrase being spoken (which is what a pause or skip wants).

    ``onInit`` arrives on Android's UI thread while ``say`` runs on Kivy's, hence
    the lock. All of the app's speech-related pyjnius code is in this class.
    """

    def __init__(self, context: Any = None) -> None:
        from jnius import PythonJavaClass, autoclass, java_method

        # Reentrant: onInit may arrive inside the constructor call below, on this thread.
        self._lock = threading.RLock()
        self._state = "starting"  # then "ready", "failed" or "closed"
        self._init_status: int | None = None
        self._held: list[tuple[int, str]] = []
        self._ids = itertools.count(1)
        self._speak_failure_logged = False
        self._tts: Any = None
        self._text_to_speech = autoclass("android.speech.tts.TextToSpeech")
        self._locale = autoclass("java.util.Locale")
        self._java_string = autoclass("java.lang.String")
        if context is None:
            context = activity()

        class InitListener(PythonJavaClass):  # type: ignore[misc]
            __javainterfaces__: ClassVar[list[str]] = [
                "android/speech/tts/TextToSpeech$OnInitListener"
            ]

            def __init__(self, callback: Callable[[int], None]) -> None:
                super().__init__()
                self.callback = callback

            @java_method("(I)V")  # type: ignore[untyped-decorator]
            def onInit(self, status: int) -> None:  # noqa: N802 (Java's name)
                self.callback(status)

        # Kept on self: if pyjnius's proxy object is collected, Java calls into freed memory.
        self._listener = InitListener(self._on_init)
        # With no engine installed, the constructor calls onInit(ERROR) before it returns.
        tts = self._text_to_speech(context, self._listener)
        with self._lock:
            self._tts = tts
            if self._init_status is not None and self._state == "starting":
                self._start()

    @property
    def state(self) -> str:
        return self._state

    def say(self, text: str, priority: int = 0) -> None:
        # Speaking under the lock keeps the order: a cue said while onInit hands
        # the held cues over waits for them. speak() only queues, so this is quick.
        with self._lock:
            if self._state == "starting":
                drop_lower_priorities(self._held, priority)
                self._held.append((priority, text))
            elif self._state == "ready":
                self._speak(text)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
            if self._state == "ready":
                self._tts.stop()

    def speaking(self) -> bool:
        """Words held or being spoken: the cue service keeps audio focus (and its process)
        until they are done."""
        with self._lock:
            if self._state == "starting":
                return bool(self._held)
            if self._state != "ready":
                return False
            tts = self._tts
        try:
            return bool(tts.isSpeaking())
        except Exception:
            return False

    def close(self) -> None:
        with self._lock:
            previous, self._state = self._state, "closed"
            self._held.clear()
            if previous == "ready":
                self._tts.stop()
            if previous in ("starting", "ready") and self._tts is not None:
                self._tts.shutdown()

    def _on_init(self, status: int) -> None:
        with self._lock:
            if self._state != "starting":
                return
            self._init_status = status
            if self._tts is not None:
                self._start()

    def _start(self) -> None:
        """Runs once, under the lock, when both the engine and its init status exist."""
        if self._init_status != self._text_to_speech.SUCCESS:
            self._state = "failed"
            self._held.clear()
            log.warning(
                "Spoken cues are off: the speech engine did not start (status %s)",
                self._init_status,
            )
            self._tts.shutdown()
            return
        self._state = "ready"
        self._choose_language()
        held, self._held = self._held, []
        for _, text in held:
            self._speak(text)

    def _choose_language(self) -> None:
        locale = self._locale.getDefault()
        result = self._tts.setLanguage(locale)
        if result < 0:  # LANG_MISSING_DATA (-1) or LANG_NOT_SUPPORTED (-2)
            log.warning(
                "The speech engine has no voice for %s (result %s); it uses its own default",
                locale.toString(),
                result,
            )

    def _speak(self, text: str) -> None:
        """Queues one phrase; never raises, because it also runs inside Java's onInit.

        The text goes as a java.lang.String: ``speak`` has two overloads, and
        pyjnius 1.7.0 scores a Python str as unusable for the CharSequence one
        (the other takes three arguments), so a str raises "No methods called
        speak ... matching your arguments".
        """
        utterance_id = f"unknot-{next(self._ids)}"
        try:
            result = self._tts.speak(
                self._java_string(text), self._text_to_speech.QUEUE_ADD, None, utterance_id
            )
        except Exception as error:
            self._log_speak_failure(f"the speech engine failed ({error})")
            return
        if result != self._text_to_speech.SUCCESS:
            self._log_speak_failure(f"the speech engine refused a cue (result {result})")

    def _log_speak_failure(self, what: str) -> None:
        """One line for the first failure: every later cue would fail the same way."""
        if not self._speak_failure_logged:
            self._speak_failure_logged = True
            log.warning("A spoken cue was not said: %s", what)
