"""A session killed at any moment keeps every call that returned.

A child process records sessions the way the player will: it begins one, then
records pain checks and steps done in a loop, printing a line after each call
returns, and ends the session every few calls. It is killed with SIGKILL at a
random moment, again and again, each time on the same history file. After each
kill, every call the child reported as returned must be in the history, in
order and with nothing missing in between; the session cut off shows as not
finished; and the file opens without a problem (SQLite replays its WAL).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from unknot.core.history.store import HistoryStore
from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = 25
KILL_AFTER = (0.05, 0.4)
CALLS_PER_SESSION = 12
T0 = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)


def child(path: str, round_number: int) -> None:
    """Records forever; each line is "KIND SESSION N" after the call returned."""
    store = HistoryStore(Path(path))
    assert store.writable, store.problem
    start = T0 + timedelta(days=round_number)
    print("ready", flush=True)
    session_number = 0
    while True:
        began = start + timedelta(minutes=session_number)
        sid = store.begin_session(
            routine_id="chin-tucks-1",
            routine_title="Chin tucks, level 1",
            routine_version="v",
            started_at=began,
            baseline=2,
            step_count=CALLS_PER_SESSION,
        )
        print(f"begin {sid} 0", flush=True)
        for n in range(CALLS_PER_SESSION):
            at = began + timedelta(seconds=n)
            if n % 2:
                store.record_step_done(sid, n, at)
                print(f"step {sid} {n}", flush=True)
            else:
                store.record_check(
                    sid,
                    at=at,
                    rating=n % 4,
                    zone=Zone.CONTINUE,
                    reason=PainCheckReason.AFTER_SET,
                    step_index=n,
                )
                print(f"check {sid} {n}", flush=True)
        store.end_session(sid, ended_at=began, end_reason=EndReason.COMPLETED)
        print(f"end {sid} 0", flush=True)
        session_number += 1


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_session_keeps_every_call_that_returned(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(6)
    reported_total = cut_off = beyond_report = 0

    for round_number in range(ROUNDS):
        script = (
            "from tests.core.history.test_history_kill import child; "
            f"child({str(path)!r}, {round_number})"
        )
        process = subprocess.Popen(
            [sys.executable, "-c", script], cwd=ROOT, env=environment, stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(*KILL_AFTER))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        lines = process.stdout.read().decode().splitlines()
        process.stdout.close()
        reported = [line.split() for line in lines if line.count(" ") == 2]

        with HistoryStore(path) as store:
            assert store.problem is None
            records = {r.id: r for r in store.sessions()}
        for kind, sid_text, n_text in reported:
            record = records[int(sid_text)]
            if kind == "check":
                assert any(c.step_index == int(n_text) for c in record.checks)
            elif kind == "end":
                assert record.end_reason is EndReason.COMPLETED
        day = T0 + timedelta(days=round_number)
        this_round = sorted(
            (r for r in records.values() if day <= r.started_at < day + timedelta(days=1)),
            key=lambda r: r.id,
        )
        assert this_round, "the child recorded nothing before the kill"
        last = this_round[-1]
        # what is there is a prefix of the session's calls, without holes
        check_steps = [c.step_index for c in last.checks]
        assert check_steps == list(range(0, 2 * len(check_steps), 2))
        assert len(check_steps) - 1 <= last.steps_done <= len(check_steps)
        cut_off += last.end_reason is None
        # a call may have committed and been killed before it printed: at most one
        in_db = 1 + len(last.checks) + last.steps_done + int(last.ended)
        shown = sum(1 for _, sid, _ in reported if int(sid) == last.id)
        assert in_db - shown in (0, 1)
        beyond_report += in_db - shown
        for earlier in this_round[:-1]:
            assert earlier.end_reason is EndReason.COMPLETED
            assert len(earlier.checks) == CALLS_PER_SESSION // 2
            assert earlier.steps_done == CALLS_PER_SESSION // 2
        reported_total += len(reported)

    with HistoryStore(path) as store:
        every = store.sessions()
    unfinished = [r for r in every if r.end_reason is None]
    print(
        f"\n{ROUNDS} kills: {reported_total} calls reported as returned, all found; "
        f"{len(every)} sessions, {len(unfinished)} left not finished; "
        f"{beyond_report} calls committed but killed before they could report"
    )
    assert cut_off > ROUNDS // 2, "the kills hardly ever landed mid-session"
    assert len(unfinished) == cut_off
