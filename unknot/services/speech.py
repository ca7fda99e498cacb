"""Spoken cues ("Tuck your chin", "Ten seconds left"), queued so they never talk over each other.

Speaking is slow and, on desktops, blocking (plyer and espeak run a subprocess
per phrase), while the UI thread must never wait: so ``say`` only queues, and
one worker thread speaks, one cue at a time. Cues go stale fast: when something
more important comes (a higher priority) or the person skips or pauses
(``clear``), what has not been spoken yet is dropped rather than spoken late.

Android has its own engine with its own queue: ``AndroidSpeaker`` holds one
``TextToSpeech`` for the app's life instead of plyer's new, US-English engine
per phrase. On all platforms a failure ends speech with one log line, and the
routine goes on without it.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

log = logging.getLogger("unknot.services")

SpeechBackend = Callable[[str], None]


class Speaker(Protocol):
    def say(self, text: str, priority: int = 0) -> None:
        """Queues ``text``; a higher ``priority`` drops queued cues of lower priority."""

    def clear(self) -> None:
        """Drops every cue not yet spoken (the person skipped, paused or stopped)."""

    def close(self) -> None:
        """Stops speaking for good and frees the engine; ``say`` does nothing afterwards."""


class NullSpeaker:
    """For speech turned off, and for platforms without a speech engine."""

    def say(self, text: str, priority: int = 0) -> None:
        pass

    def clear(self) -> None:
        pass

    def close(self) -> None:
        pass


class SpeechUnavailableError(RuntimeError):
    """A backend found that it cannot speak here (no engine, no audio device)."""


def _drop_lower(pending: list[tuple[int, str]], priority: int) -> None:
    """The queue rule both speakers share: a cue makes queued less urgent cues stale.

    Equal priorities keep their order, so the queue stays sorted from most to
    least urgent and first-in-first-out within a priority.
    """
    pending[:] = [item for item in pending if item[0] >= priority]


class QueuedSpeaker:
    """Speaks through a blocking ``backend``, one cue at a time, on its own thread.

    The first exception from the backend ends speech for good (one log line):
    a missing engine or a box without audio fails the same way every time, and
    a routine that logs on every cue helps no one.
    """

    def __init__(self, backend: SpeechBackend, name: str = "speech") -> None:
        self._backend = backend
        self._pending: list[tuple[int, str]] = []
        self._condition = threading.Condition()
        self._busy = False
        self._closed = False
        self._available = True
        # A daemon thread: a phrase being spoken must not keep the app from exiting.
        self._thread = threading.Thread(target=self._run, name=f"unknot-{name}", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        """False once the backend has failed; the UI may say speech is unavailable."""
        return self._available

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def say(self, text: str, priority: int = 0) -> None:
        with self._condition:
            if self._closed or not self._available:
                return
            _drop_lower(self._pending, priority)
            self._pending.append((priority, text))
            # notify_all: wait_until_idle waits on the same condition as the worker.
            self._condition.notify_all()

    def clear(self) -> None:
        """Drops what is queued; the phrase being spoken finishes (a subprocess can't be cut)."""
        with self._condition:
            self._pending.clear()

    def close(self, timeout: float | None = 2.0) -> None:
        """Ends the worker after the phrase in progress, waiting up to ``timeout`` seconds."""
        with self._condition:
            self._closed = True
            self._pending.clear()
            self._condition.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def wait_until_idle(self, timeout: float) -> bool:
        """Waits until nothing is queued or being spoken; True if that happened in time."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._pending or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
        return True

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._pending and not self._closed:
                    self._condition.wait()
                if self._closed:
                    return
                _, text = self._pending.pop(0)
                self._busy = True
            try:
                self._backend(text)
            except Exception as error:
                self._give_up(error)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()

    def _give_up(self, error: Exception) -> None:
        with self._condition:
            self._available = False
            self._pending.clear()
        if isinstance(error, NotImplementedError):
            reason = "this platform has no speech engine"
        else:
            reason = str(error) or type(error).__name__
        log.warning("Spoken cues are off: %s", reason)


class EspeakBackend:
    """Runs espeak-ng (or espeak) directly, and notices when it could not speak.

    plyer's Linux backend is ``subprocess.call(["espeak", text])``: it only looks
    for ``espeak`` (Debian's espeak-ng package installs ``espeak-ng``) and ignores
    failures. espeak-ng exits 0 even when it cannot open an audio device; it
    only prints ``error: ...`` to stderr. So stderr is read here.
    """

    def __init__(self, executable: str, timeout_per_char: float = 0.25) -> None:
        self.executable = executable
        self._timeout_per_char = timeout_per_char

    def __call__(self, text: str) -> None:
        # A generous bound: speech runs at about 15 characters a second; a hung
        # audio device must not keep the worker (and close()) waiting forever.
        timeout = 10.0 + self._timeout_per_char * len(text)
        try:
            # On stdin, a cue that starts with "-" can't be read as an option.
            result = subprocess.run(
                [self.executable, "--stdin"],
                input=text,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SpeechUnavailableError(f"{self.executable} could not be run ({error})") from error
        errors = [
            line.strip()
            for line in result.stderr.splitlines()
            if line.strip().lower().startswith("error")
        ]
        if result.returncode != 0 or errors:
            detail = errors[-1] if errors else f"exit status {result.returncode}"
            raise SpeechUnavailableError(f"{self.executable} could not speak ({detail})")


def plyer_backend(text: str) -> None:
    """plyer's text to speech: ``say`` on macOS, SAPI on Windows, flite on Linux.

    Raises NotImplementedError where plyer has nothing (QueuedSpeaker turns
    that into one log line).
    """
    from plyer import tts

    tts.speak(message=text)


def find_espeak() -> str | None:
    for name in ("espeak-ng", "espeak"):
        found = shutil.which(name)
        if found:
            return found
    return None


def create_desktop_speaker(platform: str) -> Speaker:
    """The speaker for a desktop: espeak-ng or espeak on Linux, else plyer's engine."""
    if platform == "linux":
        espeak = find_espeak()
        if espeak:
            return QueuedSpeaker(EspeakBackend(espeak))
        if not shutil.which("flite"):
            log.warning(
                "Spoken cues are off: neither espeak-ng, espeak nor flite is installed "
                "(Debian: apt install espeak-ng)"
            )
            return NullSpeaker()
    return QueuedSpeaker(plyer_backend)


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
        if context is None:
            context = autoclass("org.kivy.android.PythonActivity").mActivity

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
                _drop_lower(self._held, priority)
                self._held.append((priority, text))
            elif self._state == "ready":
                self._speak(text)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
            if self._state == "ready":
                self._tts.stop()

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
        utterance_id = f"unknot-{next(self._ids)}"
        result = self._tts.speak(text, self._text_to_speech.QUEUE_ADD, None, utterance_id)
        if result != self._text_to_speech.SUCCESS and not self._speak_failure_logged:
            self._speak_failure_logged = True
            log.warning("The speech engine refused a cue (result %s)", result)
