"""A session never dies on a failing service: every cue fails, and the routine still runs.

On a phone the first spoken cue once raised (pyjnius found no ``speak`` overload
for a Python str) inside Kivy's Clock callback, which stops the app. Here every
service the player calls raises, and the person goes through a whole routine by
taps: the player moves on, the pain checks come, the end screen shows, and the
log has one line per failing service, not one per cue.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.ui.conftest import FakeClock, StartApp
from tests.ui.flows import answer_pain, start_session
from tests.ui.pilot import Pilot
from tests.ui.routines_for_tests import write_routines
from unknot.core.playback.session import EndReason
from unknot.services import Services
from unknot.services.traits import DESKTOP_TRAITS
from unknot.ui.cue_player import KEEP_AWAKE, SOUNDS, SPEECH, VIBRATION


class BrokenService:
    """A sound player, speaker, vibrator and screen keeper in one: each call raises.

    ``close`` does not (the app's stop is not the player's); a test sets
    ``broken = False`` on the screen keeper before the app stops, since the
    app's stop releases the screen through ``Services.close``.
    """

    def __init__(self, error: str) -> None:
        self.error = error
        self.broken = True
        self.calls: list[str] = []

    def _fail(self, name: str) -> None:
        self.calls.append(name)
        if self.broken:
            raise RuntimeError(self.error)

    def play(self, name: str) -> None:
        self._fail("play")

    def say(self, text: str, priority: int = 0) -> None:
        self._fail("say")

    def clear(self) -> None:
        self._fail("clear")

    def close(self) -> None:
        pass

    def vibrate(self, seconds: float) -> None:
        self._fail("vibrate")

    def hold(self) -> None:
        self._fail("hold")

    def release(self) -> None:
        self._fail("release")


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    return write_routines(folder)


def follow(pilot: Pilot, seconds: int, clock: FakeClock) -> None:
    """Lets time pass a second at a time, as a person following along sees it: cues play
    on time (a jump would leave them stale, and the session drops stale cues)."""
    for _ in range(seconds):
        pilot.pass_time(1, clock)


def player_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "unknot.player" and record.levelno >= logging.WARNING
    ]


def test_a_routine_runs_to_its_end_when_every_service_raises(
    start_app: StartApp,
    fake_clock: FakeClock,
    routines: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sounds = BrokenService("no audio device")
    speaker = BrokenService("No methods called speak matching your arguments")
    vibrator = BrokenService("java.lang.SecurityException: VIBRATE")
    keep_awake = BrokenService("CalledFromWrongThreadException")
    services = Services(sounds, speaker, vibrator, keep_awake, traits=DESKTOP_TRAITS)
    pilot = start_app(routine_dirs=[routines], clock=fake_clock, services=services)

    with caplog.at_level(logging.WARNING, logger="unknot.player"):
        start_session(pilot, "Short test routine", baseline=3)
        follow(pilot, 7, fake_clock)  # the get-ready countdown, then the first step
        assert pilot.screen_name == "player"
        assert pilot.current_screen.title == "Hold still"
        follow(pilot, 28, fake_clock)  # through the pressure step to its check
        answer_pain(pilot, 4)  # eases off, and says so (the speaker raises again)
        assert "Ease off" in pilot.current_screen.notice
        follow(pilot, 60, fake_clock)
        answer_pain(pilot, 4)
    keep_awake.broken = False  # the app's own stop releases the screen too

    assert pilot.screen_name == "finished"
    assert pilot.app.controller.session.end_reason is EndReason.COMPLETED
    assert {"play"} == set(sounds.calls) and len(sounds.calls) > 3
    assert {"say", "clear"} <= set(speaker.calls)
    assert "vibrate" in vibrator.calls
    assert "hold" in keep_awake.calls and keep_awake.calls[-1] == "release"
    warnings = player_warnings(caplog)
    assert len(warnings) == 4, warnings
    for service, error in [
        (SOUNDS, sounds.error),
        (SPEECH, speaker.error),
        (VIBRATION, vibrator.error),
        (KEEP_AWAKE, keep_awake.error),
    ]:
        assert sum(service.capitalize() in w and error in w for w in warnings) == 1, service


def test_a_service_that_failed_once_is_still_called(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    """A speech engine may come back (it restarts): the cues after a failure still go to it."""
    speaker = BrokenService("engine restarting")
    services = Services(
        BrokenService("x"), speaker, BrokenService("x"), BrokenService("x"), traits=DESKTOP_TRAITS
    )
    services.keep_awake.broken = False  # type: ignore[attr-defined]
    pilot = start_app(routine_dirs=[routines], clock=fake_clock, services=services)
    start_session(pilot, "Short test routine", baseline=3)
    follow(pilot, 2, fake_clock)
    said_while_broken = speaker.calls.count("say")

    speaker.broken = False
    follow(pilot, 5, fake_clock)

    assert said_while_broken >= 1
    assert speaker.calls.count("say") > said_while_broken
    assert pilot.current_screen.title == "Hold still"
