"""What each part of a frame costs to draw: where player_cpu.py's figures come from.

player_cpu.py says what the player costs a second; this says which part of each
redraw it goes to, so a change can aim at the part that costs. Every figure is the
CPU time (user + system, all threads: Mesa's llvmpipe draws on threads of its own)
of one full redraw (``on_draw`` and ``flip``), the median of many, in a 540x1170
window. Variants take turns within one process, round after round, so a machine
that slows for a while slows them all alike.

Two cases, each in a child process of its own:

* ``player``: Unknot playing Chin tucks, level 1, reached by taps as player_cpu.py
  does. Each variant takes one part of the screen out of the drawing (its canvas
  leaves its parent's; the layout stays), so its cost is the whole frame's minus
  the variant's. ``empty`` takes everything out: what Kivy and Mesa cost to clear and
  present the window, which the bare countdown pays too.
* ``shapes``: a bare Kivy window drawing 40 of one shape, 90x90 pixels each, against
  none: plain rectangles; Kivy's ``RoundedRectangle`` (a fan of thin triangles from
  the centre); the same rounded shape as the app draws it, a ``RoundedFill`` (a
  ``BorderImage`` of ``unknot.ui.rounded``'s texture); and the progress ring's two
  thick circles with Kivy's default round joints, and with bevelled ones (what the
  app draws).

    python bench/frame_parts.py [--rounds 8] [--frames 40]

The last line is one JSON object: each variant's milliseconds of CPU a frame, and
what each part of the player costs (the whole frame's figure minus the variant's).
For information only: it has no targets, player_cpu.py holds them.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kivy_harness import child_env, configure_window, display, print_result, run_child

PLAYER_PARTS = {
    "picture": lambda ids: ids.picture,
    "ring": lambda ids: ids.ring,
    "countdown": lambda ids: ids.countdown,
    "titles": lambda ids: ids.step_title,
    "where_and_next": lambda ids: ids.where,
    "cue_list": lambda ids: ids.cue.parent.parent,
    "buttons": lambda ids: ids.pause_button.parent,
    "safety_bar": lambda ids: ids.safety,
}
"""The player's parts: each variant takes one out (``where_and_next`` the "Next:" line too)."""
SHAPES = ("none", "rectangles", "rounded_rectangles", "rounded_border_images")
RINGS = ("ring_round_joints", "ring_bevel_joints")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def frame_costs(count: int) -> list[float]:
    """CPU seconds of each of ``count`` full redraws of the window."""
    from kivy.core.window import Window

    costs = []
    for _ in range(count):
        began = cpu_seconds()
        Window.dispatch("on_draw")
        Window.flip()
        costs.append(cpu_seconds() - began)
    return costs


Variant = Callable[[], Callable[[], None]]
"""Applies a variant; returns what undoes it."""


def taken_out(pairs: Callable[[], list[tuple[Any, Any]]]) -> Variant:
    """A variant that takes each (parent canvas, canvas) pair's canvas out of its parent."""

    def apply() -> Callable[[], None]:
        removed = []
        for parent, canvas in pairs():
            index = parent.indexof(canvas)
            parent.remove(canvas)
            removed.append((parent, index, canvas))

        def undo() -> None:
            for parent, index, canvas in reversed(removed):
                parent.insert(index, canvas)

        return undo

    return apply


def measure(variants: dict[str, Variant], rounds: int, frames: int) -> dict[str, float]:
    """Each variant's median milliseconds a frame, the variants taking turns."""
    costs: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, apply in variants.items():
            undo = apply()
            frame_costs(5)  # the change drawn, and Mesa's caches warm
            costs[name] += frame_costs(frames)
            undo()
    return {name: round(statistics.median(c) * 1000, 2) for name, c in costs.items()}


def player_variants() -> dict[str, Variant]:
    from kivy.core.window import Window

    from bench.player_cpu import SETTLE_SECONDS, run_loop, unknot_to_the_player

    app = unknot_to_the_player("unknot_reps")
    run_loop(SETTLE_SECONDS)
    ids = app.nav.manager.get_screen("player").ids

    def part(name: str) -> list[tuple[Any, Any]]:
        widget = PLAYER_PARTS[name](ids)
        found = [(widget.parent.canvas, widget.canvas)]
        if name == "where_and_next":
            found.append((ids.coming.parent.canvas, ids.coming.canvas))
        return found

    variants: dict[str, Variant] = {"whole": taken_out(list)}
    for name in PLAYER_PARTS:
        variants[f"without_{name}"] = taken_out(lambda name=name: part(name))  # type: ignore[misc]
    variants["empty"] = taken_out(lambda: [(Window.canvas, w.canvas) for w in Window.children])
    return variants


def shape_variants() -> dict[str, Variant]:
    from kivy.app import App
    from kivy.graphics import Color, Line, Rectangle, RoundedRectangle
    from kivy.uix.widget import Widget

    from bench.player_cpu import run_loop
    from unknot.ui.rounded import RoundedFill

    widget = Widget()

    class Shapes(App):
        def build(self) -> Widget:
            return widget

    Shapes()._run_prepare()
    run_loop(1.0)

    def draw(kind: str) -> Callable[[], None]:
        with widget.canvas:
            for i in range(40 if kind in SHAPES else 0):
                Color(0.45, 0.78, 0.74, 1)
                place = {"pos": ((i % 5) * 100 + 10, (i // 5) * 100 + 200), "size": (90, 90)}
                if kind == "rectangles":
                    Rectangle(**place)
                elif kind == "rounded_rectangles":
                    RoundedRectangle(radius=[12], **place)
                elif kind == "rounded_border_images":
                    RoundedFill(radius=12, **place)
            if kind in RINGS:
                joint = "round" if kind == "ring_round_joints" else "bevel"
                Color(0.19, 0.22, 0.26, 1)
                Line(circle=(270, 600, 230), width=5, joint=joint)
                Color(0.45, 0.78, 0.74, 1)
                Line(circle=(270, 600, 230, 0, 200), width=5, cap="round", joint=joint)
        undo: Callable[[], None] = widget.canvas.clear
        return undo

    return {kind: lambda kind=kind: draw(kind) for kind in (*SHAPES, *RINGS)}  # type: ignore[misc]


def child(case: str, rounds: int, frames: int) -> None:
    configure_window()
    variants = player_variants() if case == "player" else shape_variants()
    print_result({"case": case, "ms_per_frame": measure(variants, rounds, frames)})
    os._exit(0)  # Kivy's exit path is not what is measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="turns of every variant")
    parser.add_argument("--frames", type=int, default=40, help="frames a variant a turn")
    parser.add_argument("--child", choices=("player", "shapes"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rounds, args.frames)
        return 0
    figures: dict[str, Any] = {}
    with display() as shown, tempfile.TemporaryDirectory(prefix="unknot-bench-") as home:
        for case in ("player", "shapes"):
            env = child_env(shown, Path(home) / f"kivy-{case}", Path(home) / "pycache")
            command = [__file__, "--child", case, "--rounds", str(args.rounds)]
            result, _usage = run_child([*command, "--frames", str(args.frames)], env)
            figures[case] = result["ms_per_frame"]
    player, shapes = figures["player"], figures["shapes"]
    print("player, CPU ms a frame:")
    for name, cost in player.items():
        print(f"  {name:28s} {cost:6.2f}")
    parts = {name: round(player["whole"] - player[f"without_{name}"], 2) for name in PLAYER_PARTS}
    parts["clear_and_present"] = player["empty"]
    print("what each part of the player costs (the whole frame minus the frame without it):")
    for name, cost in parts.items():
        print(f"  {name:28s} {cost:6.2f}")
    print("40 shapes of 90x90 (rings: the progress ring's two circles), CPU ms a frame:")
    for name, cost in shapes.items():
        print(f"  {name:28s} {cost:6.2f}  ({cost - shapes['none']:+.2f} over none)")
    print_result(
        {
            "player_ms_per_frame": player,
            "player_part_ms": parts,
            "shapes_ms_per_frame": shapes,
            "rounds": args.rounds,
            "frames": args.frames,
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
