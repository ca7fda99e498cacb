"""The hand-over files: the marker, the service's log, the lock, and replaying the log."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clocks import FakeClock
from tests.core.playback.test_checkpoint import at_rep_4
from unknot.core.playback.handover import (
    LOCK_FILE,
    Event,
    EventKind,
    Owner,
    Ownership,
    ServiceLog,
    locked,
    pinned,
    read_ownership,
    read_service_log,
    replay,
    write_ownership,
    write_service_log,
)
from unknot.core.playback.session import EndReason, Session, SessionState

ROOT = Path(__file__).resolve().parents[3]


def test_the_marker_and_the_log_survive_their_files(tmp_path: Path) -> None:
    write_ownership(tmp_path, Ownership(Owner.SERVICE, 3, at=12.5, from_index=4, from_cue=2))
    assert read_ownership(tmp_path) == Ownership(Owner.SERVICE, 3, 12.5, 4, 2)
    log = ServiceLog(3, [Event(13.0, EventKind.UPDATE, ("tick @4/2",)), Event(14, EventKind.END)])
    write_service_log(tmp_path, log)
    assert read_service_log(tmp_path, 3) == log
    assert read_service_log(tmp_path, 2) is None  # another hand-over's log is not this one's
    assert log.played == ["tick @4/2"]
    assert [e.kind for e in log.actions] == [EventKind.END]


def test_an_unreadable_marker_means_the_app_plays(tmp_path: Path) -> None:
    (tmp_path / "session-owner.json").write_text("{")
    assert read_ownership(tmp_path) is None
    (tmp_path / "session-service.json").write_text("[]")
    assert read_service_log(tmp_path, 1) is None


HOLDER = """
import sys, time
from pathlib import Path
from unknot.core.playback.handover import locked
with locked(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(0.6)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the cue service's lock is Linux's flock")
def test_the_lock_keeps_the_other_process_out_until_it_lets_go(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    start = time.monotonic()
    with locked(tmp_path):
        waited = time.monotonic() - start
    child.wait(timeout=10)
    assert waited >= 0.3
    assert (tmp_path / LOCK_FILE).exists()


def mirror(saved: dict[str, object], clock: FakeClock) -> Session:
    copy = at_rep_4(FakeClock())
    copy.clock = clock
    copy.load(saved)
    return copy


def test_replaying_the_services_events_reaches_the_services_state_exactly() -> None:
    clock = FakeClock()
    app = at_rep_4(clock)
    service = mirror(app.checkpoint(), clock)
    events: list[Event] = []
    for step, action in (
        (1.0, None),
        (0.7, EventKind.PAUSE),
        (42.0, EventKind.RESUME),
        (9.3, None),
    ):
        clock.advance(step)
        at = clock()
        if action is EventKind.PAUSE:
            events.append(Event(at, action))
            service.pause()
        elif action is EventKind.RESUME:
            events.append(Event(at, action))
            service.resume()
        service.update(at)
        events.append(Event(at, EventKind.UPDATE))
    clock.advance(30)  # the app comes back later still

    assert replay(app, events) is None
    assert app.checkpoint() == service.checkpoint()


def test_a_stop_in_the_log_goes_through_the_apps_own_way_of_ending() -> None:
    clock = FakeClock()
    app = at_rep_4(clock)
    stop_at = clock() + 2
    ended: list[tuple[EndReason, float]] = []

    def stop(reason: EndReason) -> None:
        ended.append((reason, app.clock()))
        app.stop(reason)

    clock.advance(60)
    events = [Event(stop_at, EventKind.STOP_FOR_PAIN), Event(stop_at + 1, EventKind.UPDATE)]
    assert replay(app, events, stop) is EndReason.STOPPED_FOR_PAIN
    assert ended == [(EndReason.STOPPED_FOR_PAIN, stop_at)]
    assert app.state is SessionState.STOPPED


def test_pinned_holds_the_clock_only_inside() -> None:
    clock = FakeClock()
    session = at_rep_4(clock)
    with pinned(session, 5.0):
        assert session.clock() == 5.0
    assert session.clock() == clock()
