"""Paths around the safety rules that a review found open: each stays closed."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.ui.clocks import WallClock
from tests.ui.conftest import FakeClock, StartApp
from tests.ui.flows import answer_pain, answer_start_check, open_routine, start_session
from tests.ui.pilot import KEY_ESCAPE
from tests.ui.test_history import THURSDAY_0800, seed_week
from unknot.core.history.store import HistoryStore
from unknot.core.playback.session import EndReason
from unknot.core.reminders.schedule import EVERY_DAY, Reminder, ReminderState
from unknot.core.reminders.store import ReminderBook, ReminderStore
from unknot.core.safety.pain_rule import Zone
from unknot.core.safety.screening import KEYS, Screening, ScreeningStore
from unknot.ui.widgets.banner import ReminderBanner

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_back_key_does_not_skip_the_safety_questions(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    at_0800 = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
    reminder = Reminder("r1", time(8, 0), EVERY_DAY, "desk-break")
    state = ReminderState(handled_until=(at_0800 - timedelta(minutes=1)).astimezone(timezone.utc))
    ReminderStore(data / "reminders.json").save(ReminderBook((reminder,), state))
    wall = WallClock(at_0800 - timedelta(minutes=1))
    pilot = start_app(
        data_dir=data, first_run=True, open_routine_id="desk-break", wall_clock=wall, zone=BERLIN
    )
    assert pilot.screen_name == "first_run"
    pilot.press_key(KEY_ESCAPE)
    assert pilot.screen_name == "first_run"
    # A reminder comes due; its banner's Open would open the routine from anywhere else.
    pilot.pass_time(61, wall)
    banner = pilot.find_in_window(ReminderBanner)
    assert banner.shown
    pilot.tap(banner.ids.banner_open)
    assert pilot.screen_name == "first_run"


def test_try_it_leaves_out_pressure_steps_as_the_answers_say(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    answers = {**dict.fromkeys(KEYS, False), "shooting_pain": True}
    ScreeningStore(data / "screening.json").save(Screening(answers))
    pilot = start_app(data_dir=data)
    open_routine(pilot, "Base-of-skull holds")
    pilot.tap_button("Duplicate and edit")
    pilot.tap_button("Try it")
    answer_start_check(pilot, 1)
    assert not pilot.app.controller.session.routine.has_pressure


def test_a_second_start_on_a_not_settled_day_eases_the_routine_once(
    start_app: StartApp, tmp_path: Path
) -> None:
    seed_week(tmp_path / "data")
    pilot = start_app(data_dir=tmp_path / "data", wall_clock=WallClock(THURSDAY_0800), zone=BERLIN)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Start")
    pilot.tap_button("It has not settled")
    pilot.tap_button("Start Desk break (eased)")
    assert pilot.screen_name == "start_check"
    pilot.tap_button("Back")
    assert pilot.screen_name == "morning" or pilot.screen_name == "routine"
    open_routine(pilot, "Desk break")
    pilot.tap_button("Start")
    assert pilot.screen_name == "start_check"
    answer_start_check(pilot, 1)
    assert pilot.app.controller.session.routine.title == "Desk break (eased)"


def test_a_warning_sign_during_a_session_stops_it_and_is_recorded(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock
) -> None:
    pilot = start_app(
        data_dir=tmp_path / "data",
        clock=fake_clock,
        wall_clock=WallClock(THURSDAY_0800),
        zone=BERLIN,
    )
    start_session(pilot, "Chin tucks, level 1", 2)
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"
    pilot.tap_button("I have one of these: stop the routine")
    assert pilot.screen_name == "red_flags"
    assert pilot.app.controller.session.end_reason is EndReason.RED_FLAG
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        (record,) = store.sessions()
    assert record.end_reason is EndReason.RED_FLAG
    assert pilot.app.reminders.done_for_today()  # the rest of the day stays quiet


def test_the_next_level_shows_after_the_third_good_session_played(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock
) -> None:
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
    wall = WallClock(datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN))
    pilot = start_app(data_dir=data, clock=fake_clock, wall_clock=wall, zone=BERLIN)
    start_session(pilot, "Chin tucks, level 1", 2)
    session = pilot.app.controller.session
    for _ in range(60):
        if session.state.value in ("finished", "stopped"):
            break
        fake_clock.advance(5)
        pilot.frames(1)
        if pilot.screen_name == "pain":
            answer_pain(pilot, 2)
    assert pilot.screen_name == "finished"
    # Three good sessions, each with a calm next day, and today's finished as well:
    # the end screen offers level 2 (it reads today's session as ended, not cut off).
    assert "level 2" in pilot.current_screen.next_level.lower()
    pilot.frames(3)
    pilot.tap_button("Open Chin tucks, level 2")
    assert pilot.current_screen.routine.id == "chin-tucks-2"


def test_skipped_steps_are_not_recorded_as_done(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock
) -> None:
    pilot = start_app(
        data_dir=tmp_path / "data",
        clock=fake_clock,
        wall_clock=WallClock(THURSDAY_0800),
        zone=BERLIN,
    )
    start_session(pilot, "Desk break", 1)
    session = pilot.app.controller.session
    for _ in range(200):
        if session.state.value in ("finished", "stopped"):
            break
        if pilot.screen_name == "pain":
            answer_pain(pilot, 1)
        else:
            pilot.tap_button("Skip")
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        (record,) = store.sessions()
    assert record.finished
    assert record.steps_done == 0
