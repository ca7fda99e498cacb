"""Home's first frame needs only home: the rest of the app is imported after it.

Unknot is started as ``main.py`` starts it (``unknot.ui.app.run``), in a process of its
own (a module once imported stays imported, so this cannot be seen in the tests'
shared process), with the safety questions answered, so that it opens at home. A
small driver in that process says, at the first drawn frame with home showing, which
of the other features' modules are loaded, and again half a second later.
bench/startup.py measures what this saves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from unknot.core.safety.screening import KEYS, Screening, ScreeningStore

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]

LATER = (
    "sqlite3",
    "unknot.core.history.store",
    "unknot.core.history.advisor",
    "unknot.core.reminders.store",
    "unknot.core.playback.session",
    "unknot.services",
    "unknot.ui.flows.session",
    "unknot.ui.flows.library",
    "unknot.ui.widgets.banner",
)
"""Modules that only a session, the history, the reminders or the editor need."""

DRIVER = """
import json, os, sys
from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window

LATER = %r

def loaded():
    return [name for name in LATER if name in sys.modules]

def on_flip(*_args):
    app = App.get_running_app()
    root = getattr(app, "root", None)
    if root is None or root.parent is None or app.manager.current != "home":
        return
    Window.unbind(on_flip=on_flip)
    first = loaded()

    def later(_dt):
        print(json.dumps({"first": first, "later": loaded()}), flush=True)
        os._exit(0)

    Clock.schedule_once(later, 0.5)

Window.bind(on_flip=on_flip)
from unknot.ui.app import run
run()
"""


READ_AT_THE_NEXT_FRAME = (
    "yaml",
    "unknot.core.routines.loader",
    "unknot.core.routines.library",
    "unknot.core.routines.pictures",
)
"""From the second start on, home's index gives its cards: the routines are read after."""


def start(tmp_path: Path, watched: tuple[str, ...]) -> dict[str, list[str]]:
    """One start in ``tmp_path``'s data folder: the ``watched`` modules loaded at home's
    first frame, and half a second later."""
    config = tmp_path / "config"
    answers = config / "unknot" / "screening.json"
    if not answers.exists():
        ScreeningStore(answers).save(Screening(dict.fromkeys(KEYS, False)))
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(config),
        "KIVY_HOME": str(tmp_path / "kivy"),
        "KIVY_NO_ARGS": "1",
        "KIVY_NO_CONSOLELOG": "1",
        "KIVY_NO_FILELOG": "1",
        "KIVY_USE_DEFAULTCONFIG": "1",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER % (watched,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def test_home_is_drawn_before_the_other_features_are_imported(tmp_path: Path) -> None:
    figures = start(tmp_path, LATER)
    assert figures["first"] == []
    # ...and the rest of the app is there at the frames after it.
    assert figures["later"] == list(LATER)


def test_the_second_start_draws_home_before_reading_the_routines(tmp_path: Path) -> None:
    first = start(tmp_path, READ_AT_THE_NEXT_FRAME)
    assert set(first["first"]) == set(READ_AT_THE_NEXT_FRAME)  # no index yet: read first
    assert (tmp_path / "config" / "unknot" / "home-index.json").is_file()
    second = start(tmp_path, READ_AT_THE_NEXT_FRAME)
    assert second["first"] == []
    assert second["later"] == list(READ_AT_THE_NEXT_FRAME)
