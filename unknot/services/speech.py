"""Spoken cues ("Tuck your chin", "Ten seconds left"), queued so they never talk over each other.

Speaking is slow and, on desktops, blocking (plyer and espeak run a subprocess
per phrase), while the UI thread must never wait: so ``say`` only queues, and
one worker thread speaks, one cue at a time. Cues go stale fast: when something
more important comes (a higher priority) or the person skips or pauses
(``clear``), what has not been spoken yet is dropped rather than spoken late.

Android has its own engine with its own queue: ``AndroidSpeaker``
(unknot/services/android/speech.py) holds one ``TextToSpeech`` for the app's
life instead of plyer's new, US-English engine per phrase. On all platforms a
failure ends speech with one log line, and the routine goes on without it.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Protocol

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


def drop_lower_priorities(pending: list[tuple[int, str]], priority: int) -> None:
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
            drop_lower_priorities(self._pending, priority)
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
