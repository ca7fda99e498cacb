"""One app per data folder, and no lock a crash can leave stuck: tested with real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from unknot.core.storage.instance_lock import LOCK_FILE, InstanceLock

ROOT = Path(__file__).resolve().parents[3]

# Takes the lock and says so; a holder then waits until its stdin closes (or it is killed).
HOLDER = """
import sys
from pathlib import Path
from unknot.core.storage.instance_lock import InstanceLock

lock = InstanceLock(Path(sys.argv[1]))
if lock.acquire():
    print("held", flush=True)
    sys.stdin.read()
else:
    print("refused", lock.holder_pid, flush=True)
"""


def start(folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def answer(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def run_once(folder: Path) -> str:
    process = start(folder)
    try:
        said = answer(process)
    finally:
        process.communicate(timeout=30)
    return said


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    return data


def test_a_second_process_is_refused_while_the_first_holds_it(folder: Path) -> None:
    first = start(folder)
    try:
        assert answer(first) == "held"
        assert run_once(folder) == f"refused {first.pid}"
        assert run_once(folder) == f"refused {first.pid}", "a refusal took the lock"
    finally:
        first.communicate(timeout=30)
    assert run_once(folder) == "held", "the lock outlived its holder's exit"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_holder_killed_with_sigkill_leaves_no_stuck_lock(folder: Path) -> None:
    first = start(folder)
    assert answer(first) == "held"
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL

    assert (folder / LOCK_FILE).exists(), "the lock file stays; only the lock goes"
    assert run_once(folder) == "held"


def test_a_lock_released_in_this_process_can_be_taken_by_another(folder: Path) -> None:
    lock = InstanceLock(folder)
    assert lock.acquire()
    assert lock.held
    assert run_once(folder) == f"refused {os.getpid()}"

    lock.release()

    assert not lock.held
    assert run_once(folder) == "held"


def test_the_lock_file_holds_the_holders_process_id_and_is_private(folder: Path) -> None:
    with InstanceLock(folder) as lock:
        assert lock.acquire()
        assert (folder / LOCK_FILE).read_text().strip() == str(os.getpid())
        if os.name == "posix":
            assert (folder / LOCK_FILE).stat().st_mode & 0o777 == 0o600


def test_a_second_lock_in_the_same_process_is_refused_too(folder: Path) -> None:
    """flock belongs to the open file, not the process: a second window is refused anyway."""
    with InstanceLock(folder) as first:
        assert first.acquire()
        second = InstanceLock(folder)
        assert not second.acquire()
        assert second.holder_pid == os.getpid()
        assert not second.held


def test_a_refused_start_reads_a_missing_or_odd_process_id_as_unknown(folder: Path) -> None:
    with InstanceLock(folder) as first:
        assert first.acquire()
        (folder / LOCK_FILE).write_text("²³\n")
        second = InstanceLock(folder)
        assert not second.acquire()
        assert second.holder_pid is None


def test_a_folder_where_no_lock_can_be_made_lets_the_app_start_unguarded(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path / "not-there")
    assert lock.acquire()
    assert not lock.held
    lock.release()  # nothing to release, no error
