"""Walks through the running app by taps, as a new user would, and saves every screen.

    python tools/walkthrough.py                  # phone and 800x600, 100% and 160% text
    python tools/walkthrough.py --shape phone --scale 1.3 --out /tmp/walk
    python tools/walkthrough.py --damaged         # first, what damaged files look like

The flows: the first start (the safety questions), a routine to its end, a stop for
pain, heat with Pause and End, the warning signs, sleep and screens, the editor,
reminders, history and settings. Every move is a tap or a key press through the same
pilot the UI tests use, which fails when a touch does not reach what it aimed at, so
a screen a person cannot get through stops the walk with the reason. The session's
clock is a fake one the walk moves; everything else is the real app with the
desktop's services turned off (no sound). Each shape and text size runs in its own
process, because Kivy fixes the window size when it starts; without a display it
starts Xvfb.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHAPES = {"phone": (412, 892), "desktop": (800, 600)}
"""Window sizes in pixels at density 1: a common phone's width in dp, and an old desktop."""
SCALES = (1.0, 1.6)


def walk(shape: str, scale: float, out: Path, damaged: bool = False) -> list[Path]:
    """Runs inside the child process: starts the app and takes every picture."""
    from kivy.config import Config

    width, height = SHAPES[shape]
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "0")
    for option, _ in Config.items("input"):
        Config.remove_option("input", option)  # the walk is the only finger

    from kivy.core.window import Window

    sys.path.insert(0, str(ROOT))
    from tests.clocks import FakeClock
    from tests.ui.flows import answer_pain, go_home, open_routine, start_session
    from tests.ui.pilot import Pilot
    from unknot.core.playback.plan import GET_READY_SECONDS
    from unknot.core.settings import Settings, SettingsStore
    from unknot.services import null_services
    from unknot.services.traits import DESKTOP_TRAITS
    from unknot.ui.app import UnknotApp

    data = Path(tempfile.mkdtemp(prefix="unknot-walk-"))
    SettingsStore(data / "settings.json").save(Settings(font_scale=scale))
    if damaged:  # what a person meets after a bad day for their files
        (data / "reminders.json").write_text('{"version": 1, "reminders": [{"id": 5', "utf-8")
        (data / "screening.json").write_text("{not json", "utf-8")
    clock = FakeClock()
    app = UnknotApp(data_dir=data, services=null_services(traits=DESKTOP_TRAITS), clock=clock)
    app._run_prepare()
    pilot = Pilot(app)
    pilot.frames(3)
    taken: list[Path] = []
    counter = itertools.count(1)

    def shot(name: str) -> None:
        pilot.frames(4)
        target = out / f"{next(counter):02d}-{name}-{shape}-{int(scale * 100)}.png"
        written = Path(Window.screenshot(name=str(target)))
        written.replace(target)
        taken.append(target)

    def passing(seconds: float) -> None:
        pilot.pass_time(seconds, clock)  # the player wakes on Kivy's clock: both move

    if damaged:
        from unknot.ui.widgets.data_notices import DataNotices

        bar = pilot.find_in_window(DataNotices)
        shot("damaged-data")
        while bar.key:
            pilot.tap(bar.ids.notice_ok)
            pilot.frames(2)

    # The first start: what Unknot is, and the safety questions.
    shot("first-run")
    from unknot.ui.screens.first_run import QuestionRow

    for row in [w for w in pilot.walk(pilot.current_screen) if isinstance(w, QuestionRow)]:
        pilot.tap(next(w for w in row.walk(restrict=True) if getattr(w, "text", "") == "No"))
    shot("first-run-answered")
    pilot.tap_button("Continue")
    shot("home")

    # A routine to its end.
    open_routine(pilot, "Chin tucks, level 1")
    shot("routine")
    # A routine's steps with their pictures, lying and then seated.
    open_routine(pilot, "Base-of-skull holds")
    pilot.scroll_into_view(pilot.current_screen.ids.steps.children[-1])
    shot("routine-steps")
    pilot.tap_button("Seated")
    pilot.scroll_into_view(pilot.current_screen.ids.steps.children[-1])
    shot("routine-seated")
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Start")
    shot("start-check")
    pilot.tap_button("No, none of these")
    shot("baseline")
    pilot.tap(pilot.button("2"))
    passing(GET_READY_SECONDS + 7)
    shot("player")
    while pilot.screen_name == "player":
        passing(5)
    shot("pain-check")
    answer_pain(pilot, 2)
    shot("finished")
    go_home(pilot)

    # A stop for pain: up 2 from the start.
    start_session(pilot, "Chin tucks, level 1", 2)
    while pilot.screen_name == "player":
        passing(5)
    answer_pain(pilot, 4)
    shot("stopped-for-pain")
    go_home(pilot)

    # Heat: Pause says the heat keeps counting; End says take the pack off.
    start_session(pilot, "Heat and rest", 3)
    passing(GET_READY_SECONDS + 60)
    pilot.tap_button("Pause")
    shot("heat-paused")
    pilot.tap_button("Resume")
    pilot.tap_button("End")
    shot("heat-ended")
    go_home(pilot)

    # The warning signs, from home.
    pilot.tap_button("Warning signs")
    shot("warning-signs")
    go_home(pilot)

    # Sleep and screens, from home.
    pilot.tap_button("Sleep and screens")
    shot("sleep-and-screens")
    go_home(pilot)

    # The editor: a copy of chin tucks, and its step.
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Duplicate and edit")
    shot("editor")
    pilot.tap_button("Add a timed step")
    shot("step-editor")
    pilot.tap_button("Add a seated version")
    pilot.scroll_into_view(pilot.current_screen.ids.seated_button)
    shot("step-editor-seated-added")
    pilot.tap_button("Choose a seated picture")
    pilot.tap_button("chin tuck seated rest")
    pilot.tap_button("Use this picture")
    pilot.scroll_into_view(pilot.current_screen.ids.field_seated_image)
    shot("step-editor-seated")
    pilot.tap_button("Done")
    pilot.tap_button("Cancel")
    shot("editor-discard")
    pilot.tap_button("Discard")
    go_home(pilot)

    # Reminders, history, settings.
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Remind me")
    shot("reminders")
    go_home(pilot)
    pilot.tap_button("History")
    shot("history")
    go_home(pilot)
    pilot.tap_button("Settings")
    shot("settings")
    app.dispatch("on_stop")
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "unknot-walk")
    parser.add_argument("--shape", choices=sorted(SHAPES))
    parser.add_argument("--scale", type=float)
    parser.add_argument(
        "--damaged", action="store_true", help="start with a damaged reminders file and answers"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        for path in walk(args.shape, args.scale, args.out.resolve(), args.damaged):
            print(path)
        return 0
    shapes = [args.shape] if args.shape else list(SHAPES)
    scales = [args.scale] if args.scale else list(SCALES)
    failed = 0
    for shape, scale in itertools.product(shapes, scales):
        env = {
            **os.environ,
            "KIVY_NO_ARGS": "1",
            "KIVY_NO_CONSOLELOG": "1",
            "KIVY_NO_FILELOG": "1",
            "KIVY_USE_DEFAULTCONFIG": "1",
            "KIVY_HOME": tempfile.mkdtemp(prefix="unknot-walk-kivy-"),
            "KIVY_METRICS_DENSITY": "1",
        }
        command = [
            sys.executable,
            __file__,
            "--child",
            "--shape",
            shape,
            "--scale",
            str(scale),
            "--out",
            str(args.out),
            *(["--damaged"] if args.damaged else []),
        ]
        if not os.environ.get("DISPLAY"):
            if not shutil.which("xvfb-run"):
                print("no display and no xvfb-run: install xvfb", file=sys.stderr)
                return 1
            command = ["xvfb-run", "-a", "-s", "-screen 0 2600x2400x24", *command]
        result = subprocess.run(command, env=env, check=False)
        if result.returncode != 0:
            print(f"the walk stopped at {shape}, {scale:.0%} text", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
