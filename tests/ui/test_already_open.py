"""A second start on the same data folder says Unknot is already open, and a crash frees it.

Each app here is ``python main.py`` in a process of its own, as a person starts
it, on one data folder (``XDG_CONFIG_HOME`` points Kivy's user folder into the
test's). A small driver, run in the app's process, says what the window shows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unknot.core.storage.instance_lock import LOCK_FILE
from unknot.core.storage.temp_files import STALE_SECONDS
from unknot.ui.already_open import MESSAGE

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]

# Says the app is up (and which app), then keeps it open until the test kills it.
FIRST = """
import runpy
from kivy.app import App
from kivy.clock import Clock

def up(_dt):
    print("OPEN", type(App.get_running_app()).__name__, flush=True)

Clock.schedule_once(up, 0.5)
runpy.run_path("main.py", run_name="__main__")
"""

# Prints every text in the window, then taps Close as a finger would (a touch
# through Kivy's event loop at the button's middle); the app must then end.
SECOND = """
import runpy
from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from kivy.uix.behaviors import ButtonBehavior

def look(_dt):
    print("APP", type(App.get_running_app()).__name__, flush=True)
    shown = [w for child in Window.children for w in child.walk(restrict=True)]
    for widget in shown:
        if isinstance(getattr(widget, "text", None), str) and widget.text:
            print("TEXT", widget.text.replace("\\n", " "), flush=True)
    (close,) = [w for w in shown if isinstance(w, ButtonBehavior) and w.text == "Close"]
    touch = UnitTestTouch(*close.to_window(*close.center))
    touch.touch_down()
    touch.touch_up()

def give_up(_dt):
    print("STILL OPEN", flush=True)
    App.get_running_app().stop()

Clock.schedule_once(look, 1.0)
Clock.schedule_once(give_up, 30.0)
runpy.run_path("main.py", run_name="__main__")
print("EXITED", flush=True)
"""

# Says which app opened and on which screen, then closes it.
THIRD = """
import runpy
from kivy.app import App
from kivy.clock import Clock

def look(_dt):
    app = App.get_running_app()
    print("APP", type(app).__name__, app.manager.current, flush=True)
    app.stop()

Clock.schedule_once(look, 1.0)
runpy.run_path("main.py", run_name="__main__")
print("EXITED", flush=True)
"""


def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "KIVY_HOME": str(tmp_path / "kivy"),
        "KIVY_NO_ARGS": "1",
        "KIVY_USE_DEFAULTCONFIG": "1",
        "KIVY_NO_CONSOLELOG": "1",
        "KIVY_NO_FILELOG": "1",
    }
    env.pop("PYTHONPATH", None)
    return env


def run_driver(driver: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", driver],
        cwd=ROOT,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def lines(output: str, tag: str) -> list[str]:
    return [line.removeprefix(f"{tag} ") for line in output.splitlines() if line.startswith(tag)]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_second_start_says_unknot_is_open_and_a_crash_leaves_no_lock(tmp_path: Path) -> None:
    data = tmp_path / "config" / "unknot"
    # Left by killed saves, where no store cleans up by itself.
    stale = [data / ".reminders.json.abcdefgh.tmp", data / "exports" / ".week.csv.k9_0zzzz.tmp"]
    long_ago = time.time() - STALE_SECONDS - 60
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half a save")
        os.utime(path, (long_ago, long_ago))
    errors = (tmp_path / "first.err").open("w")
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST],
        cwd=ROOT,
        env=environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "OPEN UnknotApp", (
            tmp_path / "first.err"
        ).read_text()
        assert (data / LOCK_FILE).read_text().strip() == str(first.pid)
        assert not any(path.exists() for path in stale), "killed saves' files are left"

        second = run_driver(SECOND, tmp_path)

        output = second.stdout + second.stderr
        assert second.returncode == 0, output
        assert "Traceback" not in output
        assert lines(second.stdout, "APP") == ["AlreadyOpenApp"]
        texts = lines(second.stdout, "TEXT")
        assert texts[0] == MESSAGE
        assert f"process {first.pid}" in texts[1]
        assert texts[2] == "Close"
        assert "STILL OPEN" not in second.stdout, "Close did not close the window"
        assert second.stdout.rstrip().endswith("EXITED")
        assert first.poll() is None, "the second start disturbed the first"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        errors.close()

    third = run_driver(THIRD, tmp_path)

    output = third.stdout + third.stderr
    assert third.returncode == 0, output
    assert lines(third.stdout, "APP") == ["UnknotApp first_run"], output
    assert third.stdout.rstrip().endswith("EXITED")
