"""Thousands of damaged routine files through the loader: counted, checked and timed.

The cases come from tests/fuzz/routine_corpus.py: the built-in routines, each
damaged one to three ways (flipped bytes, truncation, deep nesting, huge and
special numbers, sexagesimal and octal forms, unicode tricks, YAML tags, merge
keys, anchors, very long lines, CRLF, byte order marks, UTF-16, thousands of
steps). The suite runs a few hundred of them; this runs thousands, with each
YAML parser, and times every one. Then it times the largest refusals on
purpose: 35,700 one-line steps (just under 1 MB), an alias bomb, a megabyte of
brackets and a megabyte of text with a syntax error at its end.

Targets: no exception but ``RoutineError``; every problem names the file and a
line, except the size refusal (made before the text is read); the two parsers
agree (tests/core/routines/test_yaml_backends.py says where they may not); and
no file is read or refused in more than 1 s by the parser the app uses here
(libyaml where installed). The pure-Python parser's slowest case, Android's
path, is printed beside it.

    python bench/routine_fuzz.py                   # 3000 cases, seed 1
    python bench/routine_fuzz.py --cases 10000 --seed 7

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fuzz.routine_corpus import (  # noqa: E402
    Case,
    Outcome,
    backends,
    cases,
    check,
    disagreement,
    faults,
)
from unknot.core.routines.yaml_reader import HAS_LIBYAML  # noqa: E402

SLOWEST_ALLOWED_MS = 1000.0


def big_refusals() -> list[Case]:
    """The files the issue timed, made on purpose rather than by chance."""
    steps = "title: Many\nsteps:\n" + "  - {title: A, duration: 1}\n" * 35_700
    bomb = (
        "a0: &a0 ["
        + ", ".join(["lol"] * 10)
        + "]\n"
        + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10))
    )
    words = "title: T\nsummary: " + "word " * 199_000 + "\n  bad: x\n"
    return [
        Case("35,700 one-line steps", steps.encode()),
        Case("an alias bomb", bomb.encode()),
        Case("a megabyte of brackets", b"[" * 999_000),
        Case("a megabyte of text, a syntax error at its end", words.encode()),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    app = "libyaml" if HAS_LIBYAML else "python"
    counts = {
        backend: {"refused": 0, "accepted": 0, "other_exceptions": 0, "without_line": 0}
        for backend in backends()
    }
    slowest: dict[str, tuple[float, str]] = dict.fromkeys(backends(), (0.0, ""))
    findings: list[str] = []
    disagreements = 0
    started = time.perf_counter()
    for case in cases(args.cases, args.seed):
        outcomes: dict[str, Outcome] = {}
        for backend in backends():
            outcome = outcomes[backend] = check(case, backend)
            tally = counts[backend]
            tally["accepted" if outcome.routine is not None else "refused"] += 1
            tally["other_exceptions"] += outcome.other is not None
            found = faults(outcome)
            tally["without_line"] += sum("without a line" in fault for fault in found)
            findings += [f"{case.name} ({backend}): {fault}" for fault in found]
            if outcome.seconds * 1000 > slowest[backend][0]:
                slowest[backend] = (outcome.seconds * 1000, case.name)
        if len(outcomes) == 2:
            difference = disagreement(case, outcomes["python"], outcomes["libyaml"])
            if difference is not None:
                disagreements += 1
                findings.append(f"{case.name}: the parsers disagree\n{difference}")
    wall = time.perf_counter() - started

    print(f"{args.cases} cases, seed {args.seed}, {wall:.1f} s")
    for backend, tally in counts.items():
        ms, name = slowest[backend]
        print(
            f"  {backend:8} refused {tally['refused']}, accepted {tally['accepted']}, "
            f"other exceptions {tally['other_exceptions']}, "
            f"messages without a line {tally['without_line']}, slowest {ms:.0f} ms ({name})"
        )
    print(f"  the parsers disagree on {disagreements} cases")
    big: dict[str, dict[str, float]] = {}
    for case in big_refusals():
        big[case.name] = {}
        for backend in backends():
            outcome = check(case, backend)
            big[case.name][backend] = round(outcome.seconds * 1000, 1)
            findings += [f"{case.name} ({backend}): {fault}" for fault in faults(outcome)]
            if outcome.routine is not None:
                findings.append(f"{case.name} ({backend}): loaded")
            [first] = outcome.problems[:1] or [None]
            shown = str(first).split(": ", 1)[-1][:90] if first else outcome.other
            print(f"  {case.name} ({backend}): {outcome.seconds * 1000:.0f} ms: {shown}")
    for finding in findings[:20]:
        print("FINDING", finding)

    app_slowest = max([slowest[app][0], *(times[app] for times in big.values())])
    result = {
        "cases": args.cases,
        "seed": args.seed,
        "parser_the_app_uses": app,
        "refused": counts[app]["refused"],
        "accepted": counts[app]["accepted"],
        "other_exceptions": sum(tally["other_exceptions"] for tally in counts.values()),
        "messages_without_line": sum(tally["without_line"] for tally in counts.values()),
        "disagreements": disagreements,
        "slowest_case_ms": round(slowest[app][0], 1),
        "slowest_case_ms_pure_python": round(slowest["python"][0], 1),
        "big_refusals_ms": big,
        "wall_seconds": round(wall, 1),
        "targets_met": not findings and app_slowest <= SLOWEST_ALLOWED_MS,
    }
    print(json.dumps(result))
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
