"""Thousands of seeded damages of a realistic history: does any stop the app, or take long?

Each case copies a three-month history (written through the real store), damages
it one way (``tests/fuzz/sqlite_damage.py``: any page, the header, truncation, the
WAL, SHM and journal files, table descriptions, values in place, a folder or pipe
where the file was, the format number), then opens it as the app does, makes every
read the History screen, the start check, the routine screen and the exports make,
and records a new session (``tests/fuzz/history_examine.py`` says what must hold).
The suite runs a few hundred of the same cases; this runs thousands and times them.

The time of a case is opening plus every read, on the wall clock. The cases are made
in ``/dev/shm`` where there is one, which leaves the disk's fsyncs out of the times
(and a run of thousands takes minutes, not tens of minutes); ``--folder /tmp`` puts
them back. Exit status 0 when the targets are met: nothing raised, no rule broken,
no case slower than 1 s. The last line printed is one JSON object.

    python bench/history_damage.py [--cases N] [--seed N] [--days N] [--folder DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fuzz.history_examine import RAISED, examine, routines  # noqa: E402
from tests.fuzz.sqlite_damage import KINDS, cases, make_templates  # noqa: E402

SLOWEST_ALLOWED_MS = 1000.0


def _memory() -> Path | None:
    """A RAM file system to make the cases in, if this machine has one."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--days", type=int, default=90, help="days of sessions in the history")
    parser.add_argument("--folder", type=Path, default=_memory(), help="where the cases are made")
    options = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # thousands of "set aside" warnings
    work = Path(tempfile.mkdtemp(prefix="unknot-history-damage-", dir=options.folder))
    started = time.perf_counter()
    try:
        templates = make_templates(work / "templates", options.seed, days=options.days)
        series = routines()
        results: Counter[str] = Counter()
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        broken: list[str] = []
        left_out = 0
        slowest = (0.0, "")
        pages, sessions = templates.pages, len(templates.session_ids)
        for case in cases(options.seed, options.cases, templates):
            folder = work / "case"
            outcome = examine(case, templates, folder, series)
            shutil.rmtree(folder, ignore_errors=True)
            results[outcome.result] += 1
            by_kind[case.kind][outcome.result] += 1
            left_out += outcome.left_out
            if outcome.seconds > slowest[0]:
                slowest = (outcome.seconds, f"{case.kind}: {case.detail}")
            for failure in outcome.failures:
                broken.append(f"case {case.number} ({case.kind}: {case.detail}): {failure}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - started

    print(
        f"{options.cases} damaged histories ({pages} pages, {sessions} sessions, "
        f"seed {options.seed}) in {wall:.1f} s, made in {work.parent}"
    )
    print(f"{'kind':<18}" + "".join(f"{r:>11}" for r in ("set aside", "read fine", "kept", RAISED)))
    for kind in KINDS:
        counts = by_kind[kind]
        print(
            f"{kind:<18}"
            + "".join(f"{counts[r]:>11}" for r in ("set aside", "read fine", "kept", RAISED))
        )
    print(f"read fine with sessions left out or read as unknown, and said: {left_out}")
    print(f"slowest open and reads: {slowest[0] * 1000:.0f} ms ({slowest[1]})")
    for line in broken[:20]:
        print(f"BROKEN {line}")
    figures = {
        "cases": options.cases,
        "set_aside": results["set aside"],
        "read_fine": results["read fine"],
        "kept": results["kept"],
        "raised": results[RAISED],
        "rules_broken": len(broken),
        "left_out_and_said": left_out,
        "slowest_ms": round(slowest[0] * 1000, 1),
        "pages": pages,
        "sessions": sessions,
        "seed": options.seed,
        "wall_seconds": round(wall, 1),
        "folder": str(work.parent),
        "targets_met": not results[RAISED]
        and not broken
        and slowest[0] * 1000 <= SLOWEST_ALLOWED_MS,
    }
    print(json.dumps(figures))
    return 0 if figures["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
