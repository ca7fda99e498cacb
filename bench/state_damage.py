"""Thousands of damaged JSON state files, loaded as the app loads them at start.

The suite runs a few hundred cases per store (tests/fuzz/test_state_damage.py);
this runs many more, and times each load: a start must never freeze on a file,
whatever it holds. For every store (settings, safety answers, reminders, the
no-improvement record) it counts the files used as they were and those set
aside, the loads that raised (target 0) and the slowest load (target at most
1 s). The last line is one JSON object; exit status 0 when the targets are met.

    python bench/state_damage.py [--cases N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fuzz.state_damage import damages, place  # noqa: E402
from tests.fuzz.test_state_damage import STATE_FILES, good_bytes  # noqa: E402

SLOWEST_ALLOWED_S = 1.0


def run(cases: int, seed: int) -> dict[str, Any]:
    logging.disable(logging.CRITICAL)  # thousands of "set aside" warnings say nothing here
    figures: dict[str, Any] = {"cases_per_store": cases, "seed": seed}
    failures: list[str] = []
    slowest_overall = 0.0
    with tempfile.TemporaryDirectory(prefix="unknot-state-damage-") as temp:
        for state in STATE_FILES:
            used = aside = raised = 0
            slowest = (0.0, "")
            for number, damage in enumerate(damages(good_bytes(state), cases, seed)):
                folder = Path(temp) / state.name / str(number)
                folder.mkdir(parents=True)
                path = folder / state.name
                place(damage, path)
                store = state.make(path)
                started = time.perf_counter()
                try:
                    store.load()
                except Exception as error:  # what this script exists to find
                    raised += 1
                    failures.append(f"{state.name} {damage.name}: {error!r}")
                    continue
                elapsed = time.perf_counter() - started
                slowest = max(slowest, (elapsed, damage.name))
                if store.problem is None:
                    used += 1
                else:
                    aside += 1
            key = state.name.removesuffix(".json")
            figures[f"{key}_used"] = used
            figures[f"{key}_set_aside"] = aside
            figures[f"{key}_raised"] = raised
            figures[f"{key}_slowest_load_s"] = round(slowest[0], 4)
            print(
                f"{state.name}: {used} used as they were, {aside} set aside, {raised} raised; "
                f"slowest load {slowest[0] * 1000:.1f} ms ({slowest[1]})"
            )
            slowest_overall = max(slowest_overall, slowest[0])
    for failure in failures[:20]:
        print(f"RAISED {failure}")
    figures["raised"] = len(failures)
    figures["slowest_load_s"] = round(slowest_overall, 4)
    figures["ok"] = not failures and slowest_overall <= SLOWEST_ALLOWED_S
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000, help="cases per store")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    figures = run(args.cases, args.seed)
    print(json.dumps(figures))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
