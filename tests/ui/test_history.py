"""History in the running app: sessions recorded as played, the history screen, the CSV,
the next-morning rule with its eased routine, and the next level."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.ui.clocks import WallClock
from tests.ui.conftest import FakeClock, StartApp
from tests.ui.flows import answer_start_check, open_history, open_routine, start_session
from tests.ui.pilot import Pilot
from unknot.core.history.store import HistoryStore
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY_0800 = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)


__all__ = ["THURSDAY_0800", "WallClock", "seed_week"]


def seed_week(data: Path) -> None:
    """Mon-Wed of this week: five sessions of chin tucks, Wednesday evening stopped for pain."""
    data.mkdir(parents=True, exist_ok=True)
    with HistoryStore(data / "history.sqlite3") as store:
        plan = [
            (datetime(2026, 11, 23, 8, 0), 3, 2, EndReason.COMPLETED),
            (datetime(2026, 11, 23, 19, 0), 3, 2, EndReason.COMPLETED),
            (datetime(2026, 11, 24, 8, 0), 2, 2, EndReason.COMPLETED),
            (datetime(2026, 11, 25, 8, 0), 2, 1, EndReason.COMPLETED),
            (datetime(2026, 11, 25, 19, 0), 2, 5, EndReason.STOPPED_FOR_PAIN),
        ]
        for start, before, after, reason in plan:
            at = start.replace(tzinfo=BERLIN).astimezone(timezone.utc)
            sid = store.begin_session(
                routine_id="chin-tucks-1",
                routine_title="Chin tucks, level 1",
                routine_version="abc",
                started_at=at,
                baseline=before,
                step_count=1,
            )
            zone = Zone.STOP if reason is EndReason.STOPPED_FOR_PAIN else Zone.CONTINUE
            store.record_check(sid, at=at + timedelta(minutes=2), rating=after, zone=zone)
            if reason is EndReason.COMPLETED:
                store.record_step_done(sid, 0, at + timedelta(minutes=2))
            store.end_session(
                sid, ended_at=at + timedelta(minutes=3), end_reason=reason, pain_after=after
            )


def start(start_app: StartApp, tmp_path: Path, wall: WallClock, **kwargs: object) -> Pilot:
    return start_app(data_dir=tmp_path / "data", wall_clock=wall, zone=BERLIN, **kwargs)


def test_a_week_shows_up_as_a_person_would_read_it(
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_week(tmp_path / "data")
    wall = WallClock(THURSDAY_0800 + timedelta(hours=10))
    pilot = start(start_app, tmp_path, wall)
    pilot.tap_button("History")
    assert pilot.screen_name == "history"
    screen = pilot.current_screen
    assert "5 sessions this week" in screen.check_in
    chart = screen.ids.chart
    assert chart.drawn_points == 10  # before and after for each of the five sessions
    lines = [w.text for w in screen.ids.sessions.children[::-1]]
    assert len(lines) == 5
    assert "stopped for pain" in lines[0] and "2, then 5" in lines[0]
    cells = [c.text for c in screen.ids.calendar.children[::-1][7:]]
    assert "23\n2/1" in cells and "25\n2/1" in cells and "26\n–" in cells

    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    pilot.tap_button("Export CSV")
    exported = home / "Downloads" / "unknot-history.csv"
    assert str(exported) in screen.message
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5
    pilot.tap_button("Summary page")
    assert (home / "Downloads" / "unknot-summary.html").read_text().count("Chin tucks") >= 1


def test_a_day_that_starts_two_above_the_last_is_eased_all_day_and_says_why(
    start_app: StartApp, tmp_path: Path
) -> None:
    seed_week(tmp_path / "data")  # Wednesday's first baseline was 2
    wall = WallClock(THURSDAY_0800)
    pilot = start(start_app, tmp_path, wall)
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Start")
    assert pilot.screen_name == "start_check"  # no question: the baseline is the rating
    answer_start_check(pilot, 4)
    session = pilot.app.controller.session
    assert session.routine.title == "Chin tucks, level 1 (eased)"
    assert session.routine.steps[0].hold < 5
    notice = pilot.current_screen.notice
    assert "Today started at 4 out of 10, up from 2 yesterday" in notice
    assert "shorter holds, no pressure steps" in notice
    assert "starts eased: lighter pressure" in notice  # 4 is also rule 1's eased start
    pilot.tap_button("End")
    # later that day, at pain 1: still the flare-day easing (its first baseline was 4),
    # and not rule 4's eased start, whose words stay out
    wall.advance(timedelta(hours=6))
    start_session(pilot, "Chin tucks, level 1", 1)
    session = pilot.app.controller.session
    assert session.routine.title == "Chin tucks, level 1 (eased)"
    assert session.eased_from_step is None
    assert "up from 2 yesterday" in pilot.current_screen.notice
    assert "lighter pressure" not in pilot.current_screen.notice
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        assert [r.eased for r in store.sessions()[-2:]] == [True, True]
    # Wednesday's stop and today's flare day: two flares in 7 days, said on the history
    pilot.tap_button("End")
    open_history(pilot)
    assert "2 flares in the last 7 days" in pilot.current_screen.review


def test_a_day_that_starts_one_above_is_not_eased(start_app: StartApp, tmp_path: Path) -> None:
    seed_week(tmp_path / "data")
    pilot = start(start_app, tmp_path, WallClock(THURSDAY_0800))
    start_session(pilot, "Chin tucks, level 1", 3)
    assert pilot.app.controller.session.routine.title == "Chin tucks, level 1"
    assert pilot.current_screen.notice == ""


def test_a_session_played_in_the_app_is_in_the_history(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock
) -> None:
    wall = WallClock(THURSDAY_0800)
    pilot = start(start_app, tmp_path, wall, clock=fake_clock)
    start_session(pilot, "Chin tucks, level 1", 2)
    pilot.pass_time(30, fake_clock)
    pilot.tap_button("Stop: pain is worse")
    assert pilot.screen_name == "stopped"
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        (record,) = store.sessions()
    assert record.routine_id == "chin-tucks-1"
    assert record.pain_before == 2
    assert record.end_reason is EndReason.STOPPED_FOR_PAIN


def test_three_good_sessions_suggest_the_next_level(start_app: StartApp, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(parents=True)
    with HistoryStore(data / "history.sqlite3") as store:
        for day in (20, 21, 22):
            at = datetime(2026, 11, day, 8, 0, tzinfo=BERLIN).astimezone(timezone.utc)
            sid = store.begin_session(
                routine_id="chin-tucks-1",
                routine_title="Chin tucks, level 1",
                routine_version="abc",
                started_at=at,
                baseline=2,
                step_count=1,
            )
            store.record_check(sid, at=at, rating=2, zone=Zone.CONTINUE)
            store.record_step_done(sid, 0, at)
            store.end_session(sid, ended_at=at, end_reason=EndReason.COMPLETED, pain_after=2)
    pilot = start(start_app, tmp_path, WallClock(THURSDAY_0800))
    open_routine(pilot, "Chin tucks, level 1")
    assert "You could move on to Chin tucks, level 2." in pilot.current_screen.message


def test_on_a_tuesday_only_the_days_so_far_are_counted_as_planned(
    start_app: StartApp, tmp_path: Path
) -> None:
    """Before: "Sessions on 1 of the 7 days you planned" on a Tuesday, every day planned."""
    from unknot.core.reminders.schedule import EVERY_DAY, Reminder
    from unknot.core.reminders.store import ReminderBook, ReminderStore

    data = tmp_path / "data"
    data.mkdir()
    ReminderStore(data / "reminders.json").save(
        ReminderBook(reminders=(Reminder("r1", time(8), days=EVERY_DAY),))
    )
    tuesday = datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN)
    pilot = start_app(data_dir=data, wall_clock=WallClock(tuesday), zone=BERLIN)
    open_history(pilot)
    said = " ".join(pilot.texts())
    assert "of the 2 days planned so far this week" in said
    assert "of the 7 days" not in said


def test_the_chart_has_a_labelled_even_scale_and_keeps_clear_of_the_scroll_bar(
    start_app: StartApp, tmp_path: Path
) -> None:
    """Before: no scale labels, lines at 0, 3, 6 and 10, and points under the scroll bar."""
    from kivy.metrics import dp
    from kivy.uix.scrollview import ScrollView

    seed_week(tmp_path / "data")
    pilot = start(start_app, tmp_path, WallClock(THURSDAY_0800 + timedelta(hours=10)))
    open_history(pilot)
    chart = pilot.current_screen.ids.chart
    assert chart.labels == ["0", "5", "10"]
    levels = [level for level, _y in chart.grid]
    assert levels == [0, 2, 4, 6, 8, 10]
    gaps = {round(b - a, 3) for (_l, a), (_m, b) in zip(chart.grid, chart.grid[1:], strict=False)}
    assert len(gaps) == 1  # evenly spaced
    view = next(p for p in ancestors_of(chart) if isinstance(p, ScrollView))
    bar_left = view.to_window(view.right - view.bar_width - view.bar_margin, view.y)[0]
    right_edge = chart.to_window(chart.right_edge, chart.y)[0]
    assert right_edge <= bar_left - dp(4)


def ancestors_of(widget: object) -> list[object]:
    found, node = [], getattr(widget, "parent", None)
    while node is not None and node is not getattr(node, "parent", None):
        found.append(node)
        node = node.parent
    return found


def test_a_session_whose_start_is_not_a_date_is_left_out_and_the_rest_shown(
    start_app: StartApp, tmp_path: Path
) -> None:
    """One start time changed to "banana" crashed the History screen."""
    seed_week(tmp_path / "data")
    connection = sqlite3.connect(tmp_path / "data" / "history.sqlite3", isolation_level=None)
    connection.execute("UPDATE sessions SET started_at = 'banana' WHERE id = 2")
    connection.close()
    pilot = start(start_app, tmp_path, WallClock(THURSDAY_0800 + timedelta(hours=10)))
    pilot.tap_button("History")
    assert pilot.screen_name == "history"
    screen = pilot.current_screen
    assert "4 sessions this week" in screen.check_in
    assert len(screen.ids.sessions.children) == 4
    assert screen.message.startswith("1 session in your history could not be read")


def test_a_history_whose_table_descriptions_are_garbled_is_set_aside_and_the_app_starts(
    start_app: StartApp, tmp_path: Path
) -> None:
    """Python cannot decode SQLite's message quoting them: every start stopped with a traceback."""
    seed_week(tmp_path / "data")
    path = tmp_path / "data" / "history.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = CAST(? AS TEXT) WHERE name = 'checks'",
        (b"CREATE TABLE checks (id INTEGER) \xff",),
    )
    connection.close()
    pilot = start(start_app, tmp_path, WallClock(THURSDAY_0800 + timedelta(hours=10)))
    pilot.tap_button("History")
    screen = pilot.current_screen
    assert "could not be read (its table descriptions are garbled)" in screen.message
    assert "and a new history was started" in screen.message
    assert screen.empty
    assert len(list((tmp_path / "data").glob("history.sqlite3.damaged-*"))) == 1
