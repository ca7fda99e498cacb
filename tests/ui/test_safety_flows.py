"""Paths around the safety rules that a review found open: each stays closed."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.ui.clocks import WallClock
from tests.ui.conftest import FakeClock, StartApp
from tests.ui.flows import answer_pain, answer_start_check, open_routine, start_session
from tests.ui.pilot import KEY_ESCAPE, Pilot
from tests.ui.routines_for_tests import write_routines
from tests.ui.test_history import THURSDAY_0800, seed_week
from unknot.core.history.store import HistoryStore
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.session import EndReason
from unknot.core.reminders.schedule import EVERY_DAY, Reminder, ReminderState
from unknot.core.reminders.store import ReminderBook, ReminderStore
from unknot.core.safety.pain_rule import Zone
from unknot.core.safety.screening import KEYS, Screening, ScreeningStore
from unknot.core.safety.wording import AFTER_STOP
from unknot.ui.widgets.banner import ReminderBanner
from unknot.ui.widgets.common import Bullet

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    return write_routines(folder)


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


def test_a_second_start_on_a_flare_day_eases_the_routine_once(
    start_app: StartApp, tmp_path: Path
) -> None:
    seed_week(tmp_path / "data")  # Wednesday's first baseline was 2
    pilot = start_app(data_dir=tmp_path / "data", wall_clock=WallClock(THURSDAY_0800), zone=BERLIN)
    start_session(pilot, "Desk break", 4)
    assert pilot.app.controller.session.routine.title == "Desk break (eased)"
    pilot.tap_button("End")
    start_session(pilot, "Desk break", 1)
    assert pilot.app.controller.session.routine.title == "Desk break (eased)"


def to_pain_check(pilot: Pilot, fake_clock: FakeClock, baseline: int = 2) -> None:
    """Starts the short test routine and lets time pass until its first pain check."""
    start_session(pilot, "Short test routine", baseline)
    for _ in range(30):
        if pilot.screen_name == "pain":
            return
        pilot.pass_time(5, fake_clock)
    raise AssertionError(f"no pain check came: on {pilot.screen_name}")


def with_answers(data: Path, **yes: bool) -> None:
    answers = {**dict.fromkeys(KEYS, False), **yes}
    ScreeningStore(data / "screening.json").save(Screening(answers))


def test_a_sharp_yes_stops_says_why_and_offers_to_leave_pressure_out(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock, routines: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data)
    pilot = start_app(
        data_dir=data, routine_dirs=[routines, BUILTIN_ROUTINES_DIR], clock=fake_clock
    )
    to_pain_check(pilot, fake_clock)
    answer_pain(pilot, 2, sharp=True)
    assert pilot.screen_name == "stopped"
    screen = pilot.current_screen
    assert screen.heading == "The routine was stopped"
    assert "sharp or electric pain" in screen.reason
    assert "worse" not in screen.heading + screen.reason
    pilot.tap_button("Leave them out")
    assert not pilot.has_button("Leave them out")
    saved = ScreeningStore(data / "screening.json").load()
    assert saved is not None and saved.hide_pressure  # the first-run question's own setting
    pilot.tap_button("Back to routines")
    # the catalog reshapes the routines: pressure steps are gone everywhere
    open_routine(pilot, "Short test routine")
    assert not pilot.current_screen.routine.has_pressure


def test_keep_them_changes_nothing_and_no_offer_once_pressure_is_left_out(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock, routines: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data)
    pilot = start_app(data_dir=data, routine_dirs=[routines], clock=fake_clock)
    to_pain_check(pilot, fake_clock)
    answer_pain(pilot, 2, sharp=True)
    pilot.tap_button("Keep them")
    saved = ScreeningStore(data / "screening.json").load()
    assert saved is not None and not saved.hide_pressure
    with_answers(data, shooting_pain=True)
    pilot = start_app(data_dir=data, routine_dirs=[routines], clock=fake_clock)
    to_pain_check(pilot, fake_clock)
    answer_pain(pilot, 2, sharp=True)
    assert pilot.screen_name == "stopped"
    assert not pilot.has_button("Leave them out")


@pytest.mark.parametrize(
    ("baseline", "rating", "why"),
    [
        (2, 4, "because your pain went up from 2 to 4"),
        (5, 6, "because your pain is 6 out of 10 (5 when you started)"),
    ],
)
def test_the_words_after_a_stop_by_the_rule(
    start_app: StartApp,
    tmp_path: Path,
    fake_clock: FakeClock,
    routines: Path,
    baseline: int,
    rating: int,
    why: str,
) -> None:
    pilot = start_app(data_dir=tmp_path / "data", routine_dirs=[routines], clock=fake_clock)
    to_pain_check(pilot, fake_clock, baseline)
    answer_pain(pilot, rating)
    screen = pilot.current_screen
    assert screen.heading == "The routine was stopped"
    assert why in screen.reason
    if rating - baseline < 2:
        assert "worse" not in screen.heading + screen.reason + screen.advice
        assert "went up" not in screen.reason


def test_the_advice_after_a_stop_for_pain_is_a_list_of_bullets(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data", routine_dirs=[routines], clock=fake_clock)
    to_pain_check(pilot, fake_clock, 2)
    answer_pain(pilot, 6)
    screen = pilot.current_screen
    bullets = [w for w in pilot.walk(screen.ids.advice_list) if isinstance(w, Bullet)]
    assert [b.text for b in bullets] == list(AFTER_STOP)
    assert all(b.height > 0 for b in bullets)
    assert screen.ids.advice.height == 0, "the list is not shown twice"


def test_a_stop_by_the_person_is_worded_as_theirs(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(data_dir=tmp_path / "data", routine_dirs=[routines], clock=fake_clock)
    start_session(pilot, "Short test routine", 2)
    pilot.tap_button("Stop: pain is worse")
    screen = pilot.current_screen
    assert screen.heading == "You stopped the routine for pain"
    assert screen.reason == ""


def test_a_second_flare_this_week_suggests_a_review_after_the_stop_and_before_the_next(
    start_app: StartApp, tmp_path: Path, fake_clock: FakeClock
) -> None:
    seed_week(tmp_path / "data")  # Wednesday evening: stopped for pain
    pilot = start_app(
        data_dir=tmp_path / "data",
        wall_clock=WallClock(THURSDAY_0800),
        zone=BERLIN,
        clock=fake_clock,
    )
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Start")
    assert pilot.current_screen.review == ""  # one flare: nothing to say yet
    answer_start_check(pilot, 2)
    pilot.tap_button("Stop: pain is worse")
    assert pilot.screen_name == "stopped"
    review = pilot.current_screen.review
    assert "2 flares in the last 7 days" in review and "clinician" in review
    assert any("2 flares in the last 7 days" in text for text in pilot.texts())
    pilot.tap_button("Back to routines")
    open_routine(pilot, "Desk break")
    pilot.tap_button("Start")
    screen = pilot.current_screen
    assert "2 flares in the last 7 days" in screen.review
    # said above the warning-signs question, which still has to be answered
    texts = pilot.texts()
    assert texts.index(screen.review) < texts.index(screen.question)


def seed_flat_fortnight(data: Path) -> None:
    """Two weeks of chin tucks from 10 November, pain before always 3: no improvement."""
    data.mkdir(parents=True, exist_ok=True)
    with HistoryStore(data / "history.sqlite3") as store:
        for day in (10, 11, 12, 20, 21, 22, 23):
            at = datetime(2026, 11, day, 8, 0, tzinfo=BERLIN).astimezone(timezone.utc)
            sid = store.begin_session(
                routine_id="chin-tucks-1",
                routine_title="Chin tucks, level 1",
                routine_version="abc",
                started_at=at,
                baseline=3,
            )
            store.end_session(sid, ended_at=at, end_reason=EndReason.COMPLETED, pain_after=3)


def test_no_improvement_is_said_before_a_session_once(start_app: StartApp, tmp_path: Path) -> None:
    seed_flat_fortnight(tmp_path / "data")
    wall = WallClock(datetime(2026, 11, 23, 18, 0, tzinfo=BERLIN))  # the 14th day of use
    pilot = start_app(data_dir=tmp_path / "data", wall_clock=wall, zone=BERLIN)
    open_routine(pilot, "Desk break")
    pilot.tap_button("Start")
    assert "usually helps within one to two weeks" in pilot.current_screen.review
    pilot.tap_button("Back")
    pilot.tap_button("Start")
    assert pilot.current_screen.review == ""  # said once, not at every start


def test_a_high_baseline_with_numb_skin_offers_rest_without_heat(
    start_app: StartApp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with_answers(data, numb_skin=True)
    pilot = start_app(data_dir=data)
    start_session(pilot, "Chin tucks, level 1", 7)
    assert pilot.screen_name == "start_check"
    assert "without the heat" in pilot.current_screen.advice
    pilot.tap_button("Start Heat and rest")  # straight away, with the answers just given
    assert pilot.screen_name == "player"
    session = pilot.app.controller.session
    assert session.baseline == 7
    assert session.routine.restful
    assert not session.routine.has_heat  # heat is never used on numb skin
    assert session.routine.steps


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
        pilot.pass_time(5, fake_clock)
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
    assert record.end_reason is EndReason.COMPLETED
    assert not record.finished  # played to the end, but nothing was done
    assert record.steps_done == 0


def test_after_a_yes_to_the_warning_signs_back_goes_home(start_app: StartApp) -> None:
    """Before: Back returned to the same question, and a "No" then started the routine."""
    pilot = start_app()
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Start")
    pilot.tap_button("Yes")
    assert pilot.screen_name == "red_flags"
    pilot.tap_button("Back")
    assert pilot.screen_name == "home"
    assert pilot.app.controller.session is None


def test_looking_at_the_warning_signs_from_the_start_check_comes_back_to_it(
    start_app: StartApp,
) -> None:
    pilot = start_app()
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Start")
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"
    pilot.tap_button("Back")
    assert pilot.screen_name == "start_check"
