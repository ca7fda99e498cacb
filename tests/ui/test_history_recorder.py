"""A session played while the history cannot take it is kept, said once, and written later.

The real session controller plays a real routine on a test clock; the recorder
writes into a real history that is read-only, held busy by another connection, or
found damaged part-way. Before, each of these lost the session with only a log
line: "a session is played but not recorded, and nothing says so".
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.clocks import FakeClock, WallClock
from tests.core.history.unwritable import make_writable, unwritable
from tests.ui.routines_for_tests import SHORT
from unknot.core.history.store import HistoryStore
from unknot.core.playback.plan import SegmentKind
from unknot.core.playback.session import EndReason, Session, SessionState
from unknot.core.routines.loader import parse_routine_text
from unknot.core.storage.notices import Notices
from unknot.services import null_services
from unknot.ui.history_recorder import SAVE_KEY, HistoryRecorder
from unknot.ui.session_controller import SessionController

START = datetime(2026, 11, 26, 7, 0, tzinfo=timezone.utc)
STEPS = 3


class Player:
    """A person playing the short routine through: every pain check answered with 2."""

    def __init__(self, store: HistoryStore, notices: Notices) -> None:
        self.clock = FakeClock()
        self.wall = WallClock(START)
        self.controller = SessionController(null_services(), self.clock)
        self.recorder = HistoryRecorder(store, self.controller, self.wall, notices)
        self.session: Session | None = None

    def begin(self) -> Session:
        self.session = self.controller.begin(parse_routine_text(SHORT), 2)
        self.recorder.begin(self.session)
        return self.session

    def play(self, until_checks: int | None = None) -> None:
        """Plays on, a second at a time, until the end (or the given number of checks)."""
        session = self.session
        assert session is not None
        for _ in range(1000):
            if until_checks is not None and len(session.answers) > until_checks:
                return
            snapshot = session.snapshot()
            if snapshot.state is SessionState.FINISHED:
                self.controller.finish_quietly()
                self.recorder.end(session)
                return
            if snapshot.segment.kind is SegmentKind.PAIN_CHECK:
                self.controller.answer_pain(2)
            else:
                self.clock.advance(1)
                self.wall.advance(1)
                self.controller.tick()
        raise AssertionError("the routine did not end")


def history(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    return path


def recorded_whole(store: HistoryStore, session: Session) -> None:
    (kept,) = store.sessions()
    assert kept.end_reason is EndReason.COMPLETED
    assert kept.baseline == 2
    assert [c.rating for c in kept.checks] == [a.rating for a in session.answers[1:]]
    assert kept.steps_done == STEPS == kept.step_count
    assert kept.started_at == START


def test_a_session_played_into_a_read_only_history_is_said_kept_and_written_later(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    notices = Notices()
    with unwritable(path):
        store = HistoryStore(path, notices=notices)
        player = Player(store, notices)
        session = player.begin()
        player.play()
        assert session.state is SessionState.FINISHED
        assert player.recorder.waiting == 2 + STEPS + len(session.answers) - 1
        said = {n.key: n.text for n in notices.pending}
        assert said[SAVE_KEY] == (
            "This session could not be added to your history: the file is read-only. "
            "Unknot will try again."
        )
        notices.retry()  # still read-only: nothing changes, nothing is said again
        assert player.recorder.waiting > 0
        assert [n.key for n in notices.pending] == ["history.open", SAVE_KEY]
        make_writable(path)
        notices.retry()
    assert notices.pending == ()
    assert player.recorder.waiting == 0
    recorded_whole(store, session)
    store.close()


def test_a_session_held_up_by_another_window_is_written_in_order_once_it_lets_go(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    notices = Notices()
    store = HistoryStore(path, notices=notices, timeout=0.05)
    player = Player(store, notices)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    session = player.begin()
    player.play(until_checks=1)
    assert player.recorder.session_id is None
    assert "another Unknot window kept it busy" in notices.pending[0].text
    other.execute("ROLLBACK")
    other.close()
    player.play()  # the next call writes what waited first, in order
    assert notices.pending == ()
    recorded_whole(store, session)
    store.close()


def test_a_session_whose_history_is_set_aside_part_way_is_written_whole_into_the_new_one(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    notices = Notices()
    store = HistoryStore(path, notices=notices, now=lambda: datetime(2026, 11, 26, 8, 0))
    player = Player(store, notices)
    session = player.begin()
    player.play(until_checks=1)
    assert player.recorder.session_id is not None
    # Another program garbles a table description under the running session...
    edit = sqlite3.connect(path, isolation_level=None)
    (cookie,) = edit.execute("PRAGMA schema_version").fetchone()
    edit.execute("PRAGMA writable_schema = ON")
    edit.execute("UPDATE sqlite_master SET sql = 'banana' WHERE name = 'steps_done'")
    edit.execute(f"PRAGMA schema_version = {cookie + 1}")
    edit.close()
    # ...and the next read (the advisor's, say) finds it and sets the file aside.
    assert store.sessions() == []
    assert store.generation == 1
    player.play()
    assert [n.key for n in notices.pending] == ["history.open"]
    recorded_whole(store, session)
    aside = tmp_path / "history.sqlite3.damaged-20261126-080000"
    assert aside.exists()
    store.close()


def test_without_notices_a_failed_recording_still_never_stops_the_session(
    tmp_path: Path,
) -> None:
    path = history(tmp_path)
    with unwritable(path):
        store = HistoryStore(path)
        player = Player(store, Notices())
        player.recorder.notices = None
        session = player.begin()
        player.play()
        assert session.state is SessionState.FINISHED
        assert player.recorder.waiting > 0
        make_writable(path)
        assert player.recorder.retry()
    recorded_whole(store, session)
    store.close()


def test_sessions_that_wait_are_written_in_the_order_they_were_played(tmp_path: Path) -> None:
    path = history(tmp_path)
    notices = Notices()
    with unwritable(path):
        store = HistoryStore(path, notices=notices)
        player = Player(store, notices)
        for _ in range(2):
            player.begin()
            player.play()
            player.wall.advance(timedelta(hours=3))
        make_writable(path)
        assert player.recorder.retry()
    first, second = store.sessions()
    assert second.started_at - first.started_at > timedelta(hours=3)
    assert first.ended and second.ended
    store.close()
