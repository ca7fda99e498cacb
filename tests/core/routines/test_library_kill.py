"""A save killed at any moment leaves every routine whole: the old version or the new.

A child process saves three large routines through ``RoutineLibrary.save`` in a
loop, alternating two versions of each, and is killed with SIGKILL at a random
moment, again and again. After each kill every routine file must be exactly one
of its two versions, byte for byte, and load; a temporary file may be left
behind (a kill mid-write), but the loader never takes it for a routine.

The child delays each ``fsync`` by :data:`SLOW_FSYNC_SECONDS`, as a phone's
flash storage can: without it the write is over in a millisecond and almost
every kill would land while the YAML is rendered or checked, testing little.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from unknot.core.routines.library import RoutineLibrary
from unknot.core.routines.loader import load_routines
from unknot.core.routines.model import CountRange, Routine, Step
from unknot.core.routines.writer import routine_to_yaml

ROOT = Path(__file__).resolve().parents[3]
ROUTINE_COUNT = 3
ROUNDS = 40
SLOW_FSYNC_SECONDS = 0.03
KILL_AFTER = (0.02, 0.25)
"""Seconds after the child says it is saving: long enough to land anywhere in a save."""

CUE = (
    "Fingertips under the bony ridge, two finger-widths either side of the midline. "
    "Never on the spine. Gentle pressure, only as far as is comfortable. "
) * 6


def versions(index: int) -> tuple[Routine, Routine]:
    """Two versions of one routine of about 30 KB, different in every step."""

    def version(number: int) -> Routine:
        steps = tuple(
            Step(
                title=f"Hold {step + 1}, version {number}",
                reps=CountRange(8 + number, 10 + number),
                hold=5.0 * number,
                cue=f"Version {number}. {CUE}".strip(),
            )
            for step in range(25)
        )
        return Routine(f"kill-test-{index}", f"Kill test {index}, version {number}", steps)

    return version(1), version(2)


def child(user_dir: str, start: int = 0) -> None:
    """Saves forever, each routine's other version in turn from ``start``; the test kills it.

    Each round starts at another routine, so that every routine is saved in some
    round even when a loaded machine gets through only one save before the kill.
    """
    real_fsync = os.fsync

    def slow_fsync(descriptor: Any) -> None:
        time.sleep(SLOW_FSYNC_SECONDS)
        real_fsync(descriptor)

    mock.patch.object(os, "fsync", slow_fsync).start()
    library = RoutineLibrary([], Path(user_dir), assets_dir=None)
    library.load()
    pairs = [versions(index) for index in range(ROUTINE_COUNT)]
    pairs = pairs[start:] + pairs[:start]
    print("saving", flush=True)
    while True:
        for first, second in pairs:
            library.save(second if library.get(first.id) == first else first)


def temp_files(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if path.name.endswith(".tmp")}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_save_always_leaves_each_routine_whole(tmp_path: Path) -> None:
    user_dir = tmp_path / "routines"
    pairs = [versions(index) for index in range(ROUTINE_COUNT)]
    by_text = {routine_to_yaml(version).encode(): version for pair in pairs for version in pair}
    expected = {pair[0].id: {routine_to_yaml(v).encode() for v in pair} for pair in pairs}
    library = RoutineLibrary([], user_dir, assets_dir=None)
    for first, _ in pairs:
        library.save(first)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(5)
    mid_write = changed = 0
    seen: dict[str, set[bytes]] = {routine_id: set() for routine_id in expected}

    for _ in range(ROUNDS):
        before = {path.name: path.read_bytes() for path in user_dir.glob("*.yaml")}
        temps_before = temp_files(user_dir)
        start = rng.randrange(ROUTINE_COUNT)
        script = (
            "from tests.core.routines.test_library_kill import child; "
            f"child({str(user_dir)!r}, {start})"
        )
        process = subprocess.Popen(
            [sys.executable, "-c", script], cwd=ROOT, env=environment, stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"saving\n"
        time.sleep(rng.uniform(*KILL_AFTER))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stdout.close()

        files = {path.name: path.read_bytes() for path in user_dir.glob("*.yaml")}
        assert sorted(files) == sorted(f"{routine_id}.yaml" for routine_id in expected)
        for routine_id, allowed in expected.items():
            content = files[f"{routine_id}.yaml"]
            assert content in allowed, f"{routine_id} is not whole after a kill"
            seen[routine_id].add(content)
        report = load_routines([user_dir], assets_dir=None)
        assert report.ok, report.failures
        assert len(report.routines) == ROUTINE_COUNT
        for routine in report.routines:
            assert routine == by_text[files[f"{routine.id}.yaml"]]
        mid_write += bool(temp_files(user_dir) - temps_before)
        changed += files != before

    print(f"\n{ROUNDS} kills: {mid_write} landed mid-write, {changed} after at least one save")
    assert all(len(contents) == 2 for contents in seen.values()), "the saves never ran"
    assert mid_write > 0, "no kill landed mid-write; the test proves little"
    final = RoutineLibrary([], user_dir, assets_dir=None).load()
    assert final.ok
    assert len(final.mine) == ROUTINE_COUNT
