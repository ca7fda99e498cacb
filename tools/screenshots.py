"""Makes the README's screenshots from the real app, at phone and tablet size.

    python tools/screenshots.py            # writes docs/screenshots/*.png

Each shape runs in its own process, because Kivy fixes the window size and the
pixel density when it starts. Without a display, it starts Xvfb (tools/test.sh
installs it). The phone is 1080x2340 at 440 dpi; the tablet 2560x1600 at 320 dpi.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


@dataclass(frozen=True)
class Shape:
    name: str
    width: int
    height: int
    dpi: int

    @property
    def density(self) -> float:
        return self.dpi / 160


SHAPES = {
    "phone": Shape("phone", 1080, 2340, 440),
    "tablet": Shape("tablet", 2560, 1600, 320),
}


class StillClock:
    """A clock the script moves, so each picture shows a chosen moment of a session."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def show_home(app: Any, _clock: StillClock) -> None:
    app.browse.home()


def settle(frames: int = 10) -> None:
    from kivy.base import EventLoop

    for _ in range(frames):
        EventLoop.idle()


def scroll_to_steps(app: Any) -> None:
    """The routine's screen scrolled to its steps, each with its picture beside its words."""
    from kivy.uix.scrollview import ScrollView

    screen = app.nav.manager.get_screen("routine")
    settle()
    steps = screen.ids.steps
    view = next(w for w in screen.walk(restrict=True) if isinstance(w, ScrollView))
    view.scroll_to(steps.children[-2], padding=8, animate=False)


def show_routine_steps(app: Any, _clock: StillClock) -> None:
    app.browse.open("base-of-skull-release")
    scroll_to_steps(app)


def show_routine_seated(app: Any, _clock: StillClock) -> None:
    app.browse.choose_seated(True)
    scroll_to_steps(app)


def show_sleep(app: Any, _clock: StillClock) -> None:
    app.sleep.open()


def show_player(app: Any, clock: StillClock) -> None:
    app.browse.open("chin-tucks-1")
    app.start.start()
    app.start.baseline(2)
    clock.now += 5 + 5 + 10 + 2.4  # get ready, rep 1, its rest, 2.4 s into rep 2
    app.controller.tick()


def show_pain_check(app: Any, clock: StillClock) -> None:
    clock.now += 200  # past the last rep: the final pain check waits
    app.controller.tick()


def show_stopped(app: Any, _clock: StillClock) -> None:
    app.session.answer_pain(5, False)  # baseline 2, now 5: the pain rule says stop


def show_reminder_banner(app: Any, _clock: StillClock) -> None:
    app.browse.home()
    app.banner.show_reminder("", "Time for Chin tucks, level 1")


def show_reminders(app: Any, _clock: StillClock) -> None:
    from dataclasses import replace

    from unknot.core.reminders.schedule import WEEKDAYS

    app.banner.hide()
    app.browse.open("chin-tucks-1")
    app.reminder_flow.remind_me("chin-tucks-1")
    app.reminders.put_many([replace(r, days=WEEKDAYS) for r in app.reminders.reminders])
    app.reminder_flow.say("")


def show_reminder_editor(app: Any, _clock: StillClock) -> None:
    app.reminder_flow.edit(app.reminders.reminders[1].id)


def show_editor(app: Any, _clock: StillClock) -> None:
    app.browse.home()
    app.library.duplicate("chin-tucks-1")


def show_step_editor(app: Any, _clock: StillClock) -> None:
    app.library.edit_step(0)
    step = app.nav.manager.get_screen("step_editor")
    step.ids.field_reps.set_value("12")
    step.field_changed("reps", "12")
    step.ids.field_hold.set_value("8s")
    step.field_changed("hold", "8s")


SHOT_ZONE = ZoneInfo("Europe/Berlin")
SHOT_TIME = datetime(2026, 11, 27, 18, 0, tzinfo=SHOT_ZONE)
"""The pictures show a Friday evening, after a fortnight of sessions."""


def seed_history(data: Path) -> None:
    """Two weeks of chin tucks, mostly twice a day, with one stop for pain."""
    from unknot.core.history.store import HistoryStore
    from unknot.core.playback.session import EndReason
    from unknot.core.safety.pain_rule import Zone

    with HistoryStore(data / "history.sqlite3") as store:
        for days_ago in range(13, -1, -1):
            day = SHOT_TIME - timedelta(days=days_ago)
            for hour, skip in ((8, days_ago in (9, 4)), (19, days_ago in (12, 6, 0))):
                if skip:
                    continue
                at = day.replace(hour=hour).astimezone(timezone.utc)
                before = 3 if days_ago > 7 else 2
                after = before - 1 if (days_ago + hour) % 3 else before
                stop = days_ago == 5 and hour == 19
                if stop:
                    after = before + 3
                sid = store.begin_session(
                    routine_id="chin-tucks-1",
                    routine_title="Chin tucks, level 1",
                    routine_version="shots",
                    started_at=at,
                    baseline=before,
                    step_count=1,
                )
                zone = Zone.STOP if stop else Zone.CONTINUE
                store.record_check(sid, at=at + timedelta(minutes=2), rating=after, zone=zone)
                if not stop:
                    store.record_step_done(sid, 0, at + timedelta(minutes=2))
                store.end_session(
                    sid,
                    ended_at=at + timedelta(minutes=3),
                    end_reason=EndReason.STOPPED_FOR_PAIN if stop else EndReason.COMPLETED,
                    pain_after=after,
                )


def show_history(app: Any, _clock: StillClock) -> None:
    app.browse.home()
    app.history.show()


def show_first_run(app: Any, _clock: StillClock) -> None:
    app.settings.first_start()


SCENES: dict[str, Callable[[Any, StillClock], None]] = {
    "first-run": show_first_run,
    "home": show_home,
    "routine-steps": show_routine_steps,
    "routine-seated": show_routine_seated,
    "sleep": show_sleep,
    "player": show_player,
    "pain-check": show_pain_check,
    "stopped": show_stopped,
    "reminder-banner": show_reminder_banner,
    "reminders": show_reminders,
    "reminder-editor": show_reminder_editor,
    "editor": show_editor,
    "step-editor": show_step_editor,
    "history": show_history,
}
"""Each scene moves the app on from the one before; the name becomes the file name."""


def shoot(shape: Shape, out: Path) -> None:
    """Runs inside the child process: starts the app and photographs every scene."""
    from kivy.config import Config

    Config.set("graphics", "width", str(shape.width))
    Config.set("graphics", "height", str(shape.height))
    Config.set("graphics", "resizable", "0")

    from kivy.base import EventLoop
    from kivy.core.window import Window

    sys.path.insert(0, str(ROOT))
    from unknot.services import null_services
    from unknot.services.traits import DESKTOP_TRAITS
    from unknot.ui.app import UnknotApp

    clock = StillClock()
    data = Path(tempfile.mkdtemp(prefix="unknot-shots-data-"))
    from unknot.core.safety.screening import KEYS, Screening, ScreeningStore

    ScreeningStore(data / "screening.json").save(Screening(dict.fromkeys(KEYS, False)))
    seed_history(data)
    app = UnknotApp(
        data_dir=data,
        services=null_services(traits=DESKTOP_TRAITS),
        clock=clock,
        wall_clock=lambda: SHOT_TIME.astimezone(timezone.utc),
        zone=SHOT_ZONE,
    )
    app._run_prepare()
    for _ in range(3):  # home's first frame, then the rest of the app is wired
        EventLoop.idle()
    if tuple(Window.size) != (shape.width, shape.height):
        raise SystemExit(f"the window is {Window.size}, not {shape.width}x{shape.height}")
    for scene, prepare in SCENES.items():
        prepare(app, clock)
        for _ in range(10):
            EventLoop.idle()
        written = Path(Window.screenshot(name=str(out / f"{scene}-{shape.name}.png")))
        target = out / f"{scene}-{shape.name}.png"
        written.replace(target)
        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    app.dispatch("on_stop")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--shape", choices=sorted(SHAPES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.shape:
        shoot(SHAPES[args.shape], args.out.resolve())
        return 0
    for shape in SHAPES.values():
        env = {
            **os.environ,
            "KIVY_NO_ARGS": "1",
            "KIVY_NO_CONSOLELOG": "1",
            "KIVY_NO_FILELOG": "1",
            "KIVY_USE_DEFAULTCONFIG": "1",
            "KIVY_HOME": tempfile.mkdtemp(prefix="unknot-shots-"),
            "KIVY_METRICS_DENSITY": str(shape.density),
            "KIVY_DPI": str(shape.dpi),
        }
        command = [sys.executable, __file__, "--shape", shape.name, "--out", str(args.out)]
        if not os.environ.get("DISPLAY"):
            if not shutil.which("xvfb-run"):
                print("no display and no xvfb-run: install xvfb", file=sys.stderr)
                return 1
            command = ["xvfb-run", "-a", "-s", "-screen 0 2600x2400x24", *command]
        subprocess.run(command, env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
