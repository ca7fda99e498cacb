"""What the player costs in CPU, against what a bare Kivy countdown costs.

Four cases, each in its own process, in turn, several times, in a 540x1170 window:

* ``bare_countdown``: a bare Kivy App whose one Label counts down, set once a second
  (``Clock.schedule_interval(cb, 1)``): what a countdown has to cost;
* ``unknot_playing``: Unknot with a routine step playing (Heat and rest, past its
  get-ready: the 15-minute heat step), reached by taps as a person starts it;
* ``unknot_reps``: Unknot playing Chin tucks, level 1 (holds of 5 s and rests of 10 s,
  each with its beeps and words): a new step every few seconds;
* ``bare_idle``: the same bare App with nothing scheduled: an idle Kivy window;
* ``unknot_paused``: Unknot with a session paused (in the get-ready, before the heat).

Each case measures its own CPU time (user + system, all threads, ``getrusage``) over
``--seconds`` of Kivy's own event loop, after a settling time, and the frames drawn
(the window's ``on_flip``). The parent prints the medians and the ratios; the last
line is one JSON object. Targets: playing at most 1.5x the bare countdown, paused at
most 1.2x the idle window (the reps case is held to the playing target too). Exit
status 0 when all are met.

The cues go to the Null services (the app's own ``services`` argument): the sound and
speech engines cost the same however the player wakes, and a bench machine may have
neither. Without a DISPLAY an Xvfb is started for the run.

    python bench/player_cpu.py [--repeats 3] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kivy_harness import (
    child_env,
    configure_window,
    display,
    median,
    print_result,
    ratio,
    run_child,
)

CASES = ("bare_countdown", "unknot_playing", "unknot_reps", "bare_idle", "unknot_paused")
ROUTINES = {
    "unknot_playing": ("Heat and rest", "Warm the back of your neck"),
    "unknot_reps": ("Chin tucks, level 1", None),
    "unknot_paused": ("Heat and rest", None),
}
"""Each Unknot case's routine, and the step it must be playing (None: any)."""
BASELINE = 3
SETTLE_SECONDS = 6.0
"""Long enough for Heat and rest's 5 s get-ready to pass, and for Kivy to settle."""
TARGETS = {"playing": 1.5, "paused": 1.2}


# -- the child --------------------------------------------------------------------------


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_loop(seconds: float) -> None:
    """Kivy's own main loop (``EventLoop.mainloop`` calls ``idle`` the same way)."""
    from kivy.base import EventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        EventLoop.idle()


def bare_app(*, counting: bool) -> Any:
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.label import Label

    class Countdown(App):
        def build(self) -> Label:
            self.left = 15 * 60
            label = Label(text=self.shown(), font_size=120, bold=True)
            if counting:
                Clock.schedule_interval(lambda _dt: self.count(label), 1)
            return label

        def shown(self) -> str:
            return f"{self.left // 60}:{self.left % 60:02d}"

        def count(self, label: Label) -> None:
            self.left -= 1
            label.text = self.shown()

    return Countdown()


def unknot_to_the_player(case: str) -> Any:
    """Unknot started on a fresh data folder (safety questions answered "no", as the UI
    tests start it), then Home -> Heat and rest -> Start -> no warning signs -> pain 3
    by the UI tests' pilot, which proves each tap reached its button."""
    from tests.ui.flows import start_session
    from tests.ui.pilot import Pilot
    from unknot.core.safety.screening import KEYS, Screening, ScreeningStore
    from unknot.services import null_services
    from unknot.services.traits import DESKTOP_TRAITS
    from unknot.ui.app import UnknotApp

    data = Path(tempfile.mkdtemp(prefix="unknot-bench-data-"))
    ScreeningStore(data / "screening.json").save(Screening(dict.fromkeys(KEYS, False)))
    app = UnknotApp(data_dir=data, services=null_services(traits=DESKTOP_TRAITS))
    app._run_prepare()
    pilot = Pilot(app)
    pilot.frames(3)
    start_session(pilot, ROUTINES[case][0], BASELINE)
    if case == "unknot_paused":
        pilot.tap_button("Pause")
    return app


def check_unknot(app: Any, case: str) -> None:
    from unknot.core.playback.session import SessionState

    session = app.controller.session
    paused = case == "unknot_paused"
    want = SessionState.PAUSED if paused else SessionState.RUNNING
    if app.nav.current.value != "player" or session.state is not want:
        raise SystemExit(f"not {want.value} on the player: {app.nav.current} {session.state}")
    step = ROUTINES[case][1]
    if step is not None and session.segment.title != step:
        raise SystemExit(f"playing {session.segment.title!r}, not {step!r}")


def child(case: str, seconds: float) -> None:
    configure_window()
    from kivy.core.window import Window

    flips = [0]
    Window.bind(on_flip=lambda *_: flips.__setitem__(0, flips[0] + 1))
    app: Any = None
    if case.startswith("bare"):
        app = bare_app(counting=case == "bare_countdown")
        app._run_prepare()
    else:
        app = unknot_to_the_player(case)
    run_loop(SETTLE_SECONDS)
    if case.startswith("unknot"):
        check_unknot(app, case)
    cpu, drawn, began = cpu_seconds(), flips[0], time.monotonic()
    run_loop(seconds)
    wall = time.monotonic() - began
    cpu, drawn = cpu_seconds() - cpu, flips[0] - drawn
    if case.startswith("unknot"):
        check_unknot(app, case)
    print_result(
        {
            "case": case,
            "cpu_per_second": round(cpu / wall, 4),
            "frames_drawn_per_second": round(drawn / wall, 2),
            "seconds": round(wall, 3),
        }
    )
    os._exit(0)  # Kivy's exit path is not what is measured; end here


# -- the parent ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each case")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured per run")
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds)
        return 0
    runs: dict[str, list[dict[str, Any]]] = {case: [] for case in CASES}
    with display() as shown, tempfile.TemporaryDirectory(prefix="unknot-bench-") as home:
        pycache = Path(home) / "pycache"
        for repeat in range(args.repeats):
            for case in CASES:
                env = child_env(shown, Path(home) / f"kivy-{case}-{repeat}", pycache)
                command = [__file__, "--child", case, "--seconds", str(args.seconds)]
                result, _usage = run_child(command, env, timeout=args.seconds + 120)
                runs[case].append(result)
                print(
                    f"run {repeat + 1} {case:15s} {result['cpu_per_second']:.4f} CPU-s/s, "
                    f"{result['frames_drawn_per_second']:.1f} frames drawn/s"
                )
    cpu = {case: median([r["cpu_per_second"] for r in runs[case]]) for case in CASES}
    fps = {case: median([r["frames_drawn_per_second"] for r in runs[case]]) for case in CASES}
    playing = ratio(cpu["unknot_playing"], cpu["bare_countdown"])
    reps = ratio(cpu["unknot_reps"], cpu["bare_countdown"])
    paused = ratio(cpu["unknot_paused"], cpu["bare_idle"])
    met = {
        "playing": playing <= TARGETS["playing"],
        "reps": reps <= TARGETS["playing"],
        "paused": paused <= TARGETS["paused"],
    }
    for case in CASES:
        print(f"median {case:15s} {cpu[case]:.4f} CPU-s/s, {fps[case]:.1f} frames drawn/s")
    print(
        f"playing / bare countdown: {playing}x (target <= {TARGETS['playing']}): "
        f"{'met' if met['playing'] else 'MISSED'}"
    )
    print(
        f"reps / bare countdown: {reps}x (target <= {TARGETS['playing']}): "
        f"{'met' if met['reps'] else 'MISSED'}"
    )
    print(
        f"paused / idle bare window: {paused}x (target <= {TARGETS['paused']}): "
        f"{'met' if met['paused'] else 'MISSED'}"
    )
    print_result(
        {
            **{f"{case}_cpu_per_second": round(cpu[case], 4) for case in CASES},
            **{f"{case}_frames_drawn_per_second": round(fps[case], 2) for case in CASES},
            "playing_ratio": playing,
            "reps_ratio": reps,
            "paused_ratio": paused,
            "repeats": args.repeats,
            "seconds": args.seconds,
            "targets_met": all(met.values()),
        }
    )
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
