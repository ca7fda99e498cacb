"""A session cut off by a kill is offered back at the next start; and the cues handed over.

The kill is real: the app runs in a child process under the same display,
reaches rep 4 of a routine, and is killed with SIGKILL. The next start (in
this process, on the same data folder and the same clock) offers the session
back; Continue lands in the player at rep 4, End ends it, and the history keeps
one row for it either way.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kivy.core.window import Window

from tests.clocks import FakeClock
from tests.ui.conftest import StartApp
from tests.ui.flows import answer_pain, start_session
from tests.ui.pilot import Pilot
from tests.ui.test_layout import SCALES, SIZES, check_screen
from unknot.core.clock.monotonic import device_clock
from unknot.core.history.store import HistoryStore
from unknot.core.playback.checkpoint import (
    CHECKPOINT_FILE,
    ClockStamp,
    read_boot_id,
    save_session,
    write_checkpoint,
)
from unknot.core.playback.cut_off import HEAT_RAN_OUT
from unknot.core.playback.plan import GET_READY_SECONDS, CueKind
from unknot.core.playback.session import EndReason, FiredCue, Session
from unknot.core.routines.loader import parse_routine_text
from unknot.core.safety.wording import ENDED_HEADING
from unknot.core.settings import Settings, SettingsStore
from unknot.services import Services
from unknot.services.android.cue_service import CueService, NoticeView
from unknot.services.carrier import FileHandover, SessionCarrier, TakeBack
from unknot.services.keep_awake import NullKeepAwake
from unknot.services.traits import DESKTOP_TRAITS

ROOT = Path(__file__).resolve().parents[2]
HOLD = 120
REST = 5
LONG_HOLDS = f"""\
title: Long holds
id: long-holds
steps:
  - title: Chin tuck
    reps: 10
    hold: {HOLD}s
    rest_between_reps: {REST}s
"""
HEAT = """\
title: Heat and rest
id: heat-and-rest
steps:
  - title: Warm the back of your neck
    duration: 15m
    heat: true
  - title: Rest and breathe slowly
    duration: 5m
"""
WALL = 1_780_000_000.0
REP_4 = GET_READY_SECONDS + 3 * (HOLD + REST) + 2
"""Seconds from the start to 2 s into rep 4."""


class OffsetClock:
    """The device's session clock, ahead by ``offset``: the child jumps to rep 4 with it, and
    this process reads the same clock (the same boot, so no wall-clock fallback)."""

    def __init__(self, offset: float = 0.0) -> None:
        self.real = device_clock()
        self.offset = offset

    def __call__(self) -> float:
        return self.real() + self.offset


CHILD = """
import sys, time
from pathlib import Path
from kivy.config import Config
Config.set("graphics", "width", "412")
Config.set("graphics", "height", "892")
for option, _ in Config.items("input"):
    Config.remove_option("input", option)
from tests.ui.pilot import Pilot
from tests.ui.test_layout import SCALES, SIZES, check_screen
from tests.ui.flows import start_session
from tests.ui.test_resume import OffsetClock
from unknot.core.safety.screening import KEYS, Screening, ScreeningStore
from unknot.services import Services, null_services
from unknot.services.keep_awake import NullKeepAwake
from unknot.services.traits import DESKTOP_TRAITS
from unknot.ui.app import UnknotApp

data, routines, jump = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
ScreeningStore(data / "screening.json").save(Screening(dict.fromkeys(KEYS, False)))
clock = OffsetClock()
services = null_services(traits=DESKTOP_TRAITS)
app = UnknotApp([routines], data_dir=data, services=services, clock=clock)
app._run_prepare()
pilot = Pilot(app)
pilot.frames(3)
start_session(pilot, "Long holds", 2)
clock.offset = jump
# The player wakes at the next whole second of the countdown, not every frame.
for _ in range(150):
    pilot.frames(1)
    time.sleep(0.02)
    if "Rep 4 of 10" in "|".join(pilot.texts()):
        break
print("PLAYING", pilot.screen_name, "|".join(pilot.texts()), flush=True)
while True:
    pilot.frames(1)
    time.sleep(0.02)
"""


def kill_mid_session(tmp: Path) -> tuple[Path, Path]:
    """Runs the app in a child process to rep 4, and kills it there; its data and routines."""
    data, routines = tmp / "data", tmp / "routines"
    data.mkdir()
    routines.mkdir()
    (routines / "long.yaml").write_text(LONG_HOLDS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(routines), str(REP_4)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("PLAYING player"), line + (
            child.stderr.read() if child.stderr else ""
        )
        assert "Rep 4 of 10" in line
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    assert (data / CHECKPOINT_FILE).exists()
    return data, routines


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One kill for the module's tests: each copies the folder it left."""
    return kill_mid_session(tmp_path_factory.mktemp("killed"))


@pytest.fixture
def after_kill(killed: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    data, routines = killed
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    return copy, routines


def restart(start_app: StartApp, data: Path, routines: Path) -> Pilot:
    return start_app(data_dir=data, routine_dirs=[routines], clock=OffsetClock(REP_4))


def history(data: Path) -> list[Any]:
    with HistoryStore(data / "history.sqlite3") as store:
        return store.sessions()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_session_is_offered_back_and_continues_at_its_step(
    start_app: StartApp, after_kill: tuple[Path, Path]
) -> None:
    data, routines = after_kill
    assert [s.end_reason for s in history(data)] == [None]  # cut off: no end recorded

    pilot = restart(start_app, data, routines)
    assert pilot.screen_name == "resume"
    assert "Continue Long holds: rep 4 of 10?" in pilot.texts()
    pilot.tap_button("Continue")

    assert pilot.screen_name == "player"
    pilot.frames(2)
    assert "Rep 4 of 10" in pilot.texts()
    assert not pilot.current_screen.paused
    pilot.tap_button("End")
    assert pilot.screen_name == "stopped"
    (record,) = history(data)  # the same row, now ended
    assert record.end_reason is EndReason.STOPPED_BY_PERSON
    assert not (data / CHECKPOINT_FILE).exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_session_can_be_ended_instead(
    start_app: StartApp, after_kill: tuple[Path, Path]
) -> None:
    data, routines = after_kill
    pilot = restart(start_app, data, routines)
    assert pilot.screen_name == "resume"
    pilot.tap_button("End it")

    assert pilot.screen_name == "stopped"
    assert ENDED_HEADING in pilot.texts()
    (record,) = history(data)
    assert record.end_reason is EndReason.STOPPED_BY_PERSON
    assert not (data / CHECKPOINT_FILE).exists()
    pilot.tap_button("Back to routines")
    assert pilot.screen_name == "home"


# -- on the same clocks as the other UI tests ------------------------------------------------------


def saved_checkpoint(data: Path, routine_text: str, seconds: float, clock: FakeClock) -> None:
    """A checkpoint as a killed app leaves it, ``seconds`` into the routine."""
    session = Session(parse_routine_text(routine_text), clock=clock, baseline=2)
    session.start()
    clock.advance(seconds)
    session.update()
    stamp = ClockStamp(clock(), WALL, read_boot_id())
    data.mkdir(parents=True, exist_ok=True)
    write_checkpoint(data / CHECKPOINT_FILE, save_session(session, stamp))


def test_a_heat_step_whose_time_ran_out_is_not_offered_and_the_pack_comes_off(
    start_app: StartApp, tmp_path: Path
) -> None:
    data, clock = tmp_path / "data", FakeClock()
    saved_checkpoint(data, HEAT, GET_READY_SECONDS + 10 * 60, clock)  # 10 min of heat
    clock.advance(6 * 60)  # killed for 6 minutes: the 15 are over
    pilot = start_app(data_dir=data, clock=clock)

    assert pilot.screen_name == "resume"
    texts = pilot.texts()
    assert HEAT_RAN_OUT in texts
    assert "Continue Heat and rest: Rest and breathe slowly?" in texts
    pilot.tap_button("Continue")
    assert pilot.screen_name == "player"
    assert "Rest and breathe slowly" in pilot.texts()


def test_a_heat_step_with_time_left_says_so_and_ending_it_says_take_the_pack_off(
    start_app: StartApp, tmp_path: Path
) -> None:
    data, clock = tmp_path / "data", FakeClock()
    saved_checkpoint(data, HEAT, GET_READY_SECONDS + 5 * 60, clock)
    clock.advance(60)
    pilot = start_app(data_dir=data, clock=clock)

    assert "A heat pack is on: about 9 minutes of its time are left." in pilot.texts()
    pilot.tap_button("End it")
    assert pilot.screen_name == "stopped"
    assert "Take the heat pack off now." in pilot.texts()


def test_a_damaged_checkpoint_is_set_aside_and_the_person_is_told(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / CHECKPOINT_FILE).write_text('{"format": 1, "routine": 3}', encoding="utf-8")
    pilot = start_app(data_dir=data)

    assert pilot.screen_name == "home"
    aside = list(data.glob(f"{CHECKPOINT_FILE}.damaged-*"))
    assert len(aside) == 1
    window_texts = [t for child in pilot.root.parent.children for t in pilot.texts(child)]
    assert any("could not be read" in text and aside[0].name in text for text in window_texts), (
        window_texts
    )


# -- the hand-over, through the app's own on_pause and on_resume -----------------------------


class Heard:
    """Sound, speech and vibration, all kept in one list (the app's side of the count)."""

    def __init__(self) -> None:
        self.cues: list[str] = []

    def play(self, name: str) -> None:
        self.cues.append(name)

    def say(self, text: str, priority: int = 0) -> None:
        self.cues.append(f"speak: {text}")

    def vibrate(self, seconds: float) -> None:
        self.cues.append("vibrate")

    def clear(self) -> None:
        pass

    def close(self) -> None:
        pass


class FilesOnlyCarrier:
    """The file hand-over of a carrier in another process, with no process: the test runs
    the cue service's loop itself."""

    def __init__(self, folder: Path) -> None:
        self.files = FileHandover(folder)
        self.carries = True

    def start(self, saved: Any) -> None:
        self.files.mark_app_owner()

    def hand_over(self, saved: Any) -> bool:
        self.files.hand_over(saved)
        return True

    def take_back(self) -> TakeBack | None:
        return self.files.take_back()

    def end(self) -> None:
        self.files.end()


class ServiceOutput:
    def __init__(self) -> None:
        self.fired: list[FiredCue] = []

    def play(self, fired: FiredCue) -> None:
        self.fired.append(fired)

    def say(self, text: str, priority: int) -> None:
        pass

    def hush(self) -> None:
        pass

    def speaking(self) -> bool:
        return False

    def settle(self) -> float | None:
        return None

    def close(self) -> None:
        pass


class Quiet:
    def show(self, view: NoticeView) -> None:
        pass

    def pain_check(self, routine: str) -> None:
        pass

    def ended(self, title: str, text: str) -> None:
        pass

    def close(self) -> None:
        pass

    def wait(self, seconds: float) -> str | None:
        return None

    def hold(self) -> None:
        pass

    def release(self) -> None:
        pass


@pytest.fixture
def heard() -> Iterator[Heard]:
    yield Heard()


def test_the_app_hands_its_cues_over_on_pause_and_takes_them_back_on_resume(
    start_app: StartApp, tmp_path: Path, heard: Heard
) -> None:
    """Each cue once: the app's up to on_pause, the service's while locked, the app's after."""
    data, routines = tmp_path / "data", tmp_path / "routines"
    routines.mkdir()
    (routines / "long.yaml").write_text(LONG_HOLDS.replace(f"{HOLD}s", "5s"), encoding="utf-8")
    clock = FakeClock()

    def carrier(folder: Path) -> SessionCarrier:
        return FilesOnlyCarrier(folder)

    services = Services(
        heard, heard, heard, NullKeepAwake(), carrier=carrier, traits=DESKTOP_TRAITS
    )
    pilot = start_app(data_dir=data, routine_dirs=[routines], clock=clock, services=services)
    start_session(pilot, "Long holds", 2)

    def frames_for(seconds: float) -> None:
        for _ in range(int(seconds * 4)):
            pilot.pass_time(0.25, clock)  # Kivy's timers too: the player wakes on them

    frames_for(10)  # the get-ready and rep 1
    before = len(heard.cues)
    assert before >= 3

    pilot.app.dispatch("on_pause")  # the screen locks
    output = ServiceOutput()
    quiet = Quiet()
    cues = CueService(
        data,
        clock=clock,
        wall=lambda: WALL + clock(),
        output=output,
        notice=quiet,
        actions=quiet,
        awake=quiet,
        boot_id=read_boot_id(),
    )
    for _ in range(120):  # 30 s with the service playing; the app's frames play nothing
        cues.step()
        frames_for(0.25)
    assert len(heard.cues) == before
    assert cues.owning and len(output.fired) >= 4

    pilot.app.dispatch("on_resume")  # unlocked: the app takes the cues back
    cues.step()
    assert not cues.owning
    for _ in range(100):
        frames_for(1)
        if pilot.screen_name == "pain":
            break
    answer_pain(pilot, 2)
    assert pilot.screen_name == "finished"

    service_words = [f.cue.text for f in output.fired if f.cue.kind is CueKind.SPEAK]
    app_words = [c.removeprefix("speak: ") for c in heard.cues if c.startswith("speak: ")]
    reps = [w for w in service_words + app_words if w.startswith(("Rep ", "Chin"))]
    assert sorted(set(reps)) == sorted(reps), reps  # each rep's words once, by one of the two
    assert sorted(w for w in reps if w.startswith("Rep ")) == sorted(
        f"Rep {n}. Hold." for n in range(2, 11)
    )
    assert any(w.startswith("Rep ") for w in service_words)
    assert any(w.startswith("Rep ") for w in app_words)


# -- the offer's screen fits, and its warning signs are one tap away ----------------------------


@pytest.fixture(params=sorted(SIZES))
def window(request: pytest.FixtureRequest) -> Iterator[tuple[int, int]]:
    before = Window.size
    Window.size = SIZES[request.param]
    yield SIZES[request.param]
    Window.size = before


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{s:.0%}")
def test_the_offer_fits_every_window_at_every_text_size(
    start_app: StartApp, tmp_path: Path, window: tuple[int, int], scale: float
) -> None:
    data, clock = tmp_path / "data", FakeClock()
    saved_checkpoint(data, HEAT, GET_READY_SECONDS + 10 * 60, clock)
    SettingsStore(data / "settings.json").save(Settings(font_scale=scale))
    clock.advance(6 * 60)
    pilot = start_app(data_dir=data, clock=clock)
    assert pilot.screen_name == "resume"
    pilot.frames(6)
    assert check_screen(pilot, window) == []
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"
