"""How long Unknot takes to load the built-in routines, against libyaml's own ``yaml.load``.

The anchor is the least any YAML loader can do with the same files: read each
file under ``routines/`` and ``yaml.load(text, Loader=yaml.CSafeLoader)`` it,
which checks nothing. Unknot's loader (``load_routine``, what the app runs for
each file) reads the file, composes libyaml's events with their lines, checks
the limits, and checks every value against docs/routines.md. Each round loads
every file both ways, one after the other, so both meet the same machine load
(each pair of ways is timed in rounds of its own, so neither evicts the other's caches);
a file's figure is its median over the rounds, and a side's figure the sum of
its files' medians (a median per file is less disturbed by the scheduler than
one per round). Target: Unknot at most 1.5x the anchor.

For information it also prints the same two from text already in memory, and
the pure-Python parser (Android's) against ``yaml.load`` with ``SafeLoader``.

    python bench/routine_load.py              # 300 rounds
    python bench/routine_load.py --rounds 1000

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from unknot.core.routines.loader import load_routine, parse_routine_text  # noqa: E402
from unknot.core.routines.yaml_reader import HAS_LIBYAML, Backend  # noqa: E402

TARGET_RATIO = 1.5
ROUTINES = ROOT / "routines"


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(
    files: list[Path], rounds: int, ways: dict[str, Callable[[Path, bytes, str], object]]
) -> dict[str, float]:
    """Milliseconds per way: the sum over files of each file's median time."""
    datas = {path: path.read_bytes() for path in files}
    texts = {path: data.decode("utf-8") for path, data in datas.items()}
    times: dict[str, dict[Path, list[float]]] = {way: {path: [] for path in files} for way in ways}
    for _ in range(rounds):
        for path in files:
            for way, load in ways.items():
                data, text = datas[path], texts[path]
                times[way][path].append(timed(lambda: load(path, data, text)))  # noqa: B023
    return {
        way: 1000 * sum(statistics.median(per_file) for per_file in by_file.values())
        for way, by_file in times.items()
    }


def unknot_from_text(backend: Backend) -> Callable[[Path, bytes, str], object]:
    def load(path: Path, data: bytes, _text: str) -> object:
        return parse_routine_text(
            data, str(path), default_id=path.stem, routine_dir=path.parent, backend=backend
        )

    return load


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args(argv)
    files = sorted(path for path in ROUTINES.rglob("*") if path.suffix in (".yaml", ".yml"))
    if not HAS_LIBYAML:
        print("libyaml is not installed: there is no CSafeLoader to compare with")
        print(json.dumps({"libyaml": False, "targets_met": False}))
        return 1
    for path in files:  # fail before timing anything that does not load
        load_routine(path)
    ways: dict[str, Callable[[Path, bytes, str], object]] = {
        "anchor_files": lambda path, _d, _t: yaml.load(
            path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
        ),
        "unknot_files": lambda path, _d, _t: load_routine(path),
        "anchor_text": lambda _p, _d, text: yaml.load(text, Loader=yaml.CSafeLoader),
        "unknot_text": unknot_from_text("libyaml"),
        "anchor_python": lambda _p, _d, text: yaml.load(text, Loader=yaml.SafeLoader),
        "unknot_python": unknot_from_text("python"),
    }
    ms: dict[str, float] = {}
    for pair in (("anchor_files", "unknot_files"), ("anchor_text", "unknot_text")):
        ms |= measure(files, args.rounds, {way: ways[way] for way in pair})
    python_pair = ("anchor_python", "unknot_python")  # slower: fewer rounds, apart
    ms |= measure(files, max(10, args.rounds // 10), {way: ways[way] for way in python_pair})
    ratio = ms["unknot_files"] / ms["anchor_files"]
    ratio_text = ms["unknot_text"] / ms["anchor_text"]
    ratio_python = ms["unknot_python"] / ms["anchor_python"]
    size = sum(path.stat().st_size for path in files)
    print(f"{len(files)} built-in routines, {size:,} bytes, {args.rounds} rounds")
    print(
        f"  from the files:  Unknot load_routine {ms['unknot_files']:.3f} ms, "
        f"yaml.load(CSafeLoader) {ms['anchor_files']:.3f} ms: {ratio:.2f}x "
        f"(target at most {TARGET_RATIO}x)"
    )
    print(
        f"  from text:       Unknot {ms['unknot_text']:.3f} ms, "
        f"yaml.load(CSafeLoader) {ms['anchor_text']:.3f} ms: {ratio_text:.2f}x"
    )
    print(
        f"  pure Python:     Unknot {ms['unknot_python']:.3f} ms, "
        f"yaml.load(SafeLoader) {ms['anchor_python']:.3f} ms: {ratio_python:.2f}x"
    )
    result = {
        "files": len(files),
        "bytes": size,
        "rounds": args.rounds,
        "unknot_ms": round(ms["unknot_files"], 3),
        "csafeloader_ms": round(ms["anchor_files"], 3),
        "ratio": round(ratio, 2),
        "unknot_from_text_ms": round(ms["unknot_text"], 3),
        "csafeloader_from_text_ms": round(ms["anchor_text"], 3),
        "ratio_from_text": round(ratio_text, 2),
        "unknot_pure_python_ms": round(ms["unknot_python"], 3),
        "safeloader_ms": round(ms["anchor_python"], 3),
        "ratio_pure_python": round(ratio_python, 2),
        "target_ratio": TARGET_RATIO,
        "targets_met": ratio <= TARGET_RATIO,
    }
    print(json.dumps(result))
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
