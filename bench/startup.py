"""How long Unknot takes from process start to its first drawn frame of home, and its peak
memory then, against a bare Kivy App with one Label.

Two cases, each in its own process, in turn, several times, in a 540x1170 window:

* ``bare``: ``App`` whose ``build`` returns one ``Label``;
* ``unknot``: Unknot as ``main.py`` starts it (``unknot.ui.app.run``), with its real
  services and a data folder as a first start left it (the safety questions
  answered, home's index of the routines written), so its first screen is home.

The parent notes ``time.monotonic()`` just before it starts the child; the child notes
it at the first ``on_flip`` of the window after the app's root is in it (for Unknot:
with home showing), and its peak resident memory then (``ru_maxrss``), and exits. The
parent prints the medians and the ratios; the last line is one JSON object. Targets:
start to first frame at most 1.3x bare Kivy, peak memory at most 1.15x. Exit status 0
when both are met. Without a DISPLAY an Xvfb is started for the run.

    python bench/startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kivy_harness import child_env, display, median, print_result, ratio, run_child

CASES = ("bare", "unknot")
CHILD = Path(__file__).with_name("startup_child.py")
TARGETS = {"first_frame": 1.3, "peak_memory": 1.15}


# -- the parent ------------------------------------------------------------------------


def prepare_unknot_data(config_home: Path) -> None:
    """The folder Kivy gives Unknot (``$XDG_CONFIG_HOME/unknot``) with the safety questions
    answered "no": a person's second start, which opens at home."""
    from unknot.core.safety.screening import KEYS, Screening, ScreeningStore

    ScreeningStore(config_home / "unknot" / "screening.json").save(
        Screening(dict.fromkeys(KEYS, False))
    )


PHASES = {
    "window": "script start to the window and its GL context (Kivy's own)",
    "imports": "the app's imports after the window",
    "before build": "App() and App.run up to build",
    "build": "build: for Unknot, home and what it needs",
    "first frame": "end of build to the first frame drawn",
}
"""Each phase ends at the child's mark of that name; it begins at the one before."""


def phase_times(result: dict[str, Any]) -> dict[str, float]:
    """Seconds each phase took in one child, from its marks."""
    marks = result["marks"]
    times, began = {}, result["script_began_at"]
    for phase in PHASES:
        times[phase] = marks[phase] - began
        began = marks[phase]
    return times


def run_first_start(env: dict[str, str]) -> None:
    """The first start in this data folder, to a few frames past home's first, unmeasured."""
    command = [sys.executable, str(CHILD), "unknot-first-start"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each case")
    args = parser.parse_args()
    seconds: dict[str, list[float]] = {case: [] for case in CASES}
    phases: dict[str, dict[str, list[float]]] = {case: {} for case in CASES}
    memory: dict[str, list[float]] = {case: [] for case in CASES}
    with display() as shown, tempfile.TemporaryDirectory(prefix="unknot-bench-") as scratch:
        pycache = Path(scratch) / "pycache"
        for repeat in range(-1, args.repeats):  # run -1 fills the bytecode cache, uncounted
            for case in CASES:
                # A fresh Kivy home and data folder each time: every run is a cold start
                # for Kivy's config (a warm OS file cache is the same for both cases).
                base = Path(scratch) / f"{case}-{repeat}"
                config_home = base / "config"
                prepare_unknot_data(config_home)
                config = {"XDG_CONFIG_HOME": str(config_home)}
                env = child_env(shown, base / "kivy", pycache, **config)
                if case == "unknot":  # a person's second start: after a first one,
                    # with a Kivy home of its own, so that the measured start's is cold
                    first = child_env(shown, base / "kivy-first", pycache, **config)
                    run_first_start(first)
                started = time.monotonic()
                result, _usage = run_child([str(CHILD), case], env)
                if repeat < 0:
                    continue
                took = result["first_frame_at"] - started
                seconds[case].append(took)
                memory[case].append(result["peak_kib"] / 1024)
                for phase, took_s in phase_times(result).items():
                    phases[case].setdefault(phase, []).append(took_s)
                print(
                    f"run {repeat + 1} {case:7s} first frame {took:.3f} s "
                    f"(script began {result['script_began_at'] - started:.3f} s), "
                    f"peak {result['peak_kib'] / 1024:.1f} MiB, {result['modules']} modules"
                )
    frame = {case: median(seconds[case]) for case in CASES}
    peak = {case: median(memory[case]) for case in CASES}
    frame_ratio = ratio(frame["unknot"], frame["bare"])
    memory_ratio = ratio(peak["unknot"], peak["bare"])
    met = {
        "first_frame": frame_ratio <= TARGETS["first_frame"],
        "peak_memory": memory_ratio <= TARGETS["peak_memory"],
    }
    for case in CASES:
        print(f"median {case:7s} first frame {frame[case]:.3f} s, peak {peak[case]:.1f} MiB")
    phase_ms = {
        case: {phase: round(median(times) * 1000, 1) for phase, times in phases[case].items()}
        for case in CASES
    }
    print("where the time goes (medians, ms):")
    for phase in PHASES:
        print(
            f"  {phase:34s}" + "".join(f"{case} {phase_ms[case][phase]:7.1f}   " for case in CASES)
        )
    print(
        f"first frame, Unknot / bare Kivy: {frame_ratio}x (target <= "
        f"{TARGETS['first_frame']}): {'met' if met['first_frame'] else 'MISSED'}"
    )
    print(
        f"peak memory, Unknot / bare Kivy: {memory_ratio}x (target <= "
        f"{TARGETS['peak_memory']}): {'met' if met['peak_memory'] else 'MISSED'}"
    )
    print_result(
        {
            "bare_first_frame_s": round(frame["bare"], 3),
            "unknot_first_frame_s": round(frame["unknot"], 3),
            "first_frame_ratio": frame_ratio,
            "bare_peak_mib": round(peak["bare"], 1),
            "unknot_peak_mib": round(peak["unknot"], 1),
            "peak_memory_ratio": memory_ratio,
            "phases_ms": phase_ms,
            "repeats": args.repeats,
            "targets_met": all(met.values()),
        }
    )
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
