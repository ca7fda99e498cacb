"""One start of bench/startup.py: ``python bench/startup_child.py bare|unknot``.

Kept apart from the parent and light on imports, so that what it measures is the app's
start, not the benchmark's. At the first ``on_flip`` of the window after the app's root
is in it (for Unknot: with home showing), it prints ``time.monotonic()`` then (the
parent noted it just before starting this process), its peak resident memory
(``ru_maxrss``) and how many modules are loaded, as one JSON line, and exits.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

BEGAN = time.monotonic()
"""When this script began (the interpreter's own start-up is before it)."""

WINDOW = (540, 1170)

MARKS: dict[str, float] = {}
"""``time.monotonic()`` at each phase's end, for the parent's table of where the time goes."""


def mark(phase: str) -> None:
    MARKS[phase] = time.monotonic()


def timed_build(build: Any) -> Any:
    """``build``, with its start and end marked."""

    def wrapper(*args: Any) -> Any:
        mark("before build")
        root = build(*args)
        mark("build")
        return root

    return wrapper


def configure_window() -> None:
    """The phone-shaped window, and no input devices: nothing but the benchmark runs."""
    from kivy.config import Config

    Config.set("graphics", "width", str(WINDOW[0]))
    Config.set("graphics", "height", str(WINDOW[1]))
    Config.set("graphics", "resizable", "0")
    for option, _ in Config.items("input"):
        Config.remove_option("input", option)


def report_first_frame(ready: object) -> None:
    from kivy.core.window import Window

    def on_flip(*_args: object) -> None:
        if not ready():  # type: ignore[operator]
            return
        at = time.monotonic()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        figures = {
            "first_frame_at": at,
            "script_began_at": BEGAN,
            "peak_kib": usage.ru_maxrss,
            "modules": len(sys.modules),
            "marks": {**MARKS, "first frame": at},
        }
        sys.stdout.write(json.dumps(figures) + "\n")
        sys.stdout.flush()
        os._exit(0)  # what comes after the first frame is not measured

    Window.bind(on_flip=on_flip)


def bare() -> None:
    from kivy.core.window import Window  # noqa: F401 (Kivy's start: the window, GL)

    mark("window")
    from kivy.app import App
    from kivy.uix.label import Label

    mark("imports")

    class Bare(App):
        @timed_build
        def build(self) -> Label:
            return Label(text="Unknot")

    report_first_frame(lambda: getattr(App.get_running_app(), "root", None) is not None)
    Bare().run()


def unknot() -> None:
    """As main.py starts it: ``unknot.ui.app.run()``, real services and all."""
    from kivy.core.window import Window  # noqa: F401 (the app's first import does it)

    mark("window")
    from unknot.ui.app import UnknotApp, run

    mark("imports")
    UnknotApp.build = timed_build(UnknotApp.build)  # type: ignore[method-assign]

    def home_showing() -> bool:
        from kivy.app import App

        app = App.get_running_app()
        root = getattr(app, "root", None)
        return root is not None and root.parent is not None and app.manager.current == "home"

    report_first_frame(home_showing)
    run()


def unknot_first_start() -> None:
    """A start to a few frames past home's first, so that what the first start leaves
    in the data folder (home's index of the routines) is there for the measured one."""
    from kivy.core.window import Window

    from unknot.ui.app import run

    frames = []

    def on_flip(*_args: object) -> None:
        frames.append(None)
        if len(frames) >= 5:  # the rest of the app is wired at the second
            os._exit(0)

    Window.bind(on_flip=on_flip)
    run()


if __name__ == "__main__":
    configure_window()
    {"bare": bare, "unknot": unknot, "unknot-first-start": unknot_first_start}[sys.argv[1]]()
    sys.exit(f"{sys.argv[1]}: the app ended before its first frame")
