"""The app as a person starts it: ``python main.py`` opens, shows routines, closes cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs main.py for real; a Clock callback reads what the home screen shows,
# prints it, and stops the app the way closing the window does.
DRIVER = """
import runpy
from kivy.app import App
from kivy.clock import Clock

def check(_dt):
    app = App.get_running_app()
    home = app.manager.get_screen("home")
    for row in home.ids.routine_list.children[::-1]:
        print("ROUTINE", row.title)
    app.stop()

Clock.schedule_once(check, 1.0)
runpy.run_path("main.py", run_name="__main__")
print("EXITED")
"""


@pytest.mark.ui
def test_main_starts_shows_routines_and_closes_cleanly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KIVY_HOME": str(tmp_path),
        # Its own data folder: the person's (~/.config/unknot) may be open in Unknot,
        # whose lock would refuse this start.
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "KIVY_NO_ARGS": "1",
        "KIVY_USE_DEFAULTCONFIG": "1",
    }
    env.pop("KIVY_NO_CONSOLELOG", None)
    result = subprocess.run(
        [sys.executable, "-c", DRIVER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert "[CRITICAL]" not in output
    titles = [
        line.removeprefix("ROUTINE ")
        for line in result.stdout.splitlines()
        if line.startswith("ROUTINE ")
    ]
    assert "Chin tucks, level 1" in titles
    assert len(titles) >= 4
    assert result.stdout.rstrip().endswith("EXITED")
