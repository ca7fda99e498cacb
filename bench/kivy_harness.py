"""What the window benchmarks (player_cpu.py, startup.py) share.

Each benchmark runs every case in a fresh child process (Kivy has one window per
process, and start-up can only be timed once per process), in turn and several
times, under one X display: the current ``DISPLAY``, or an Xvfb started here when
there is none. A child prints one JSON object as its last line; the parent takes the
medians and the ratios. Kivy is kept quiet and uses a throw-away home and its default
configuration, as in the tests (ARCHITECTURE.md, practice 8).

The children run from compiled bytecode, as an installed app does (python-for-android
ships ``.pyc`` files): a ``PYTHONDONTWRITEBYTECODE`` in the environment would make
every child compile Unknot's sources again (Kivy's own come with their ``.pyc``), so
the children get a bytecode cache of their own (``PYTHONPYCACHEPREFIX``), which a first,
uncounted run of each case fills.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WINDOW = (540, 1170)
"""The window the issue measured in: a phone's shape (pixels at density 1)."""


@contextmanager
def display() -> Iterator[str]:
    """The X display to run in: ``DISPLAY`` if set, or an Xvfb of our own for the run."""
    current = os.environ.get("DISPLAY")
    if current:
        yield current
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("No DISPLAY and no Xvfb: install xvfb or run under a display")
    read, write = os.pipe()
    screen = f"{WINDOW[0] + 200}x{WINDOW[1] + 200}x24"
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise SystemExit("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def child_env(display_name: str, kivy_home: Path, pycache: Path, **extra: str) -> dict[str, str]:
    """The environment of a child: the display, a quiet Kivy, the project importable, and
    a bytecode cache kept outside the source tree."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(pycache),
        DISPLAY=display_name,
        KIVY_HOME=str(kivy_home),
        KIVY_NO_ARGS="1",
        KIVY_NO_CONSOLELOG="1",
        KIVY_NO_FILELOG="1",
        KIVY_USE_DEFAULTCONFIG="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


def configure_window() -> None:
    """In a child, before the window exists: the phone-shaped window, and no input devices
    (nothing but the benchmark moves in it)."""
    from kivy.config import Config

    Config.set("graphics", "width", str(WINDOW[0]))
    Config.set("graphics", "height", str(WINDOW[1]))
    Config.set("graphics", "resizable", "0")
    for option, _ in Config.items("input"):
        Config.remove_option("input", option)


def run_child(
    command: Sequence[str], env: dict[str, str], *, timeout: float = 180
) -> tuple[dict[str, Any], Any]:
    """Runs ``command`` with this Python; its last stdout line (JSON), and its own rusage.

    The parent polls with ``wait4(WNOHANG)`` rather than ``Popen.wait``, which would reap
    the child and lose its resource figures (the peak memory among them).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, *command], env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
            time.sleep(0.1)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode(errors="replace").strip().splitlines()
        if code != 0 or not lines:
            tail = err.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"{' '.join(command)} failed (exit {code}):\n{tail}")
        return json.loads(lines[-1]), usage


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def ratio(value: float, anchor: float) -> float:
    return round(value / anchor, 3) if anchor > 0 else float("inf")


def print_result(figures: dict[str, Any]) -> None:
    print(json.dumps(figures))
