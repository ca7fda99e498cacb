"""QueuedSpeaker: one cue at a time, stale cues dropped, and the UI thread never waits."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

import pytest

from unknot.services.speech import QueuedSpeaker

WAIT = 5.0  # seconds: only ever reached when something is broken


@dataclass(frozen=True)
class Spoken:
    text: str
    start: float
    end: float


class RecordingBackend:
    """Speaks by sleeping a little; can be held on a cue, like a long phrase."""

    def __init__(self, seconds: float = 0.02) -> None:
        self.seconds = seconds
        self.spoken: list[Spoken] = []
        self.threads: set[str] = set()
        self.busy = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, text: str) -> None:
        start = time.monotonic()
        self.threads.add(threading.current_thread().name)
        self.busy.set()
        assert self.gate.wait(WAIT)
        time.sleep(self.seconds)
        self.spoken.append(Spoken(text, start, time.monotonic()))
        self.busy.clear()

    def hold_next(self) -> None:
        self.gate.clear()

    def let_go(self) -> None:
        self.gate.set()

    @property
    def texts(self) -> list[str]:
        return [item.text for item in self.spoken]


@pytest.fixture
def backend() -> RecordingBackend:
    return RecordingBackend()


@pytest.fixture
def speaker(backend: RecordingBackend) -> Iterator[QueuedSpeaker]:
    speaker = QueuedSpeaker(backend)
    yield speaker
    backend.let_go()
    speaker.close()


def speak_while_busy(backend: RecordingBackend, speaker: QueuedSpeaker, first: str) -> None:
    """Starts ``first`` and keeps the backend on it until ``backend.let_go()``."""
    backend.hold_next()
    speaker.say(first)
    assert backend.busy.wait(WAIT)


def test_cues_are_spoken_in_order_and_never_overlap(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    texts = [f"cue {n}" for n in range(6)]
    for text in texts:
        speaker.say(text)

    assert speaker.wait_until_idle(WAIT)
    assert backend.texts == texts
    for earlier, later in pairwise(backend.spoken):
        assert later.start >= earlier.end


def test_cues_are_spoken_on_one_worker_thread(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    for text in ("a", "b", "c"):
        speaker.say(text)

    assert speaker.wait_until_idle(WAIT)
    assert backend.threads == {speaker.thread.name}
    assert speaker.thread is not threading.current_thread()


def test_say_returns_at_once_while_the_backend_is_busy(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    speak_while_busy(backend, speaker, "a long phrase")

    started = time.perf_counter()
    speaker.say("next")
    elapsed = time.perf_counter() - started

    # Generous: this checks that say() does not wait for the phrase, not its speed.
    assert elapsed < 0.05


def test_a_more_urgent_cue_drops_the_queued_less_urgent_ones(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    speak_while_busy(backend, speaker, "Hold for ten seconds")
    speaker.say("Five seconds left", priority=0)
    speaker.say("Next: chin tucks", priority=0)
    speaker.say("How is the pain now?", priority=2)

    backend.let_go()

    assert speaker.wait_until_idle(WAIT)
    assert backend.texts == ["Hold for ten seconds", "How is the pain now?"]


def test_a_less_urgent_cue_waits_behind_a_more_urgent_one(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    speak_while_busy(backend, speaker, "first")
    speaker.say("urgent", priority=2)
    speaker.say("later", priority=0)

    backend.let_go()

    assert speaker.wait_until_idle(WAIT)
    assert backend.texts == ["first", "urgent", "later"]


def test_cues_of_equal_priority_are_all_kept(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    speak_while_busy(backend, speaker, "first")
    speaker.say("second", priority=1)
    speaker.say("third", priority=1)

    backend.let_go()

    assert speaker.wait_until_idle(WAIT)
    assert backend.texts == ["first", "second", "third"]


def test_clear_drops_what_is_not_yet_spoken(
    backend: RecordingBackend, speaker: QueuedSpeaker
) -> None:
    speak_while_busy(backend, speaker, "in progress")
    speaker.say("stale one")
    speaker.say("stale two")

    speaker.clear()
    speaker.say("fresh")
    backend.let_go()

    assert speaker.wait_until_idle(WAIT)
    assert backend.texts == ["in progress", "fresh"]


def test_close_ends_the_worker_thread(backend: RecordingBackend) -> None:
    speaker = QueuedSpeaker(backend)
    speaker.say("bye")
    assert speaker.wait_until_idle(WAIT)

    speaker.close()

    assert not speaker.thread.is_alive()


def test_close_drops_queued_cues_and_later_ones(backend: RecordingBackend) -> None:
    speaker = QueuedSpeaker(backend)
    speak_while_busy(backend, speaker, "in progress")
    speaker.say("queued")

    threading.Timer(0.05, backend.let_go).start()
    speaker.close()
    speaker.say("after close")

    assert not speaker.thread.is_alive()
    assert backend.texts == ["in progress"]


def test_a_backend_without_speech_turns_speech_off_with_one_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[str] = []

    def no_engine(text: str) -> None:
        calls.append(text)
        raise NotImplementedError

    speaker = QueuedSpeaker(no_engine)
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        speaker.say("one")
        assert speaker.wait_until_idle(WAIT)
        speaker.say("two")
        assert speaker.wait_until_idle(WAIT)
    speaker.close()

    assert calls == ["one"]
    assert not speaker.available
    messages = [r.getMessage() for r in caplog.records if r.name == "unknot.services"]
    assert len(messages) == 1
    assert "no speech engine" in messages[0]
