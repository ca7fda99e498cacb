"""Reminders in the running app: set up with taps, kept across restarts, due, opened, snoozed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.services.dbus_session import NotificationBus
from tests.ui.clocks import WallClock
from tests.ui.conftest import StartApp, stop_app
from tests.ui.flows import go_home, open_routine, open_settings, start_session
from tests.ui.pilot import Pilot
from unknot.core.reminders.schedule import EVERY_DAY, WEEKDAYS, Reminder, ReminderState
from unknot.core.reminders.store import ReminderBook, ReminderStore
from unknot.services import null_services
from unknot.services.notifications import PlyerNotifier, create_notifier
from unknot.services.traits import ANDROID_TRAITS, DESKTOP_TRAITS
from unknot.ui.screens.reminders import ReminderRow
from unknot.ui.widgets.banner import ReminderBanner

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_0755 = datetime(2026, 11, 23, 7, 55, tzinfo=BERLIN)


MINUTE = 60.0


@pytest.fixture
def wall() -> WallClock:
    return WallClock(MONDAY_0755)


def start(start_app: StartApp, wall: WallClock, data: Path, **kwargs: object) -> Pilot:
    return start_app(data_dir=data, wall_clock=wall, zone=BERLIN, **kwargs)


def banner(pilot: Pilot) -> ReminderBanner:
    """The reminder banner above the screens, as the window holds it."""
    found = pilot.find_in_window(ReminderBanner)
    assert isinstance(found, ReminderBanner)
    return found


def rows(pilot: Pilot) -> list[ReminderRow]:
    return [w for w in pilot.walk() if isinstance(w, ReminderRow)]


def saved(reminders: list[Reminder], data: Path, handled: datetime) -> None:
    state = ReminderState(handled_until=handled.astimezone(timezone.utc))
    ReminderStore(data / "reminders.json").save(ReminderBook(tuple(reminders), state))


def test_add_a_reminder_with_taps_and_find_it_after_a_restart(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    pilot = start(start_app, wall, data)
    pilot.tap_button("Reminders")
    assert pilot.screen_name == "reminders"
    assert any("No reminders yet" in text for text in pilot.texts())
    pilot.tap_button("Add a reminder")
    assert pilot.screen_name == "reminder_edit"
    pilot.tap_button("13:00")
    for _ in range(2):
        pilot.tap(pilot.current_screen.ids.minute_up)  # 13:10
    pilot.tap(pilot.current_screen.ids.hour_up)  # 14:10
    pilot.tap_button("Weekdays")
    pilot.tap(pilot.current_screen.ids.day_wed)  # not on Wednesdays
    pilot.tap_button("Chin tucks, level 1")
    pilot.tap_button("Save")
    assert pilot.screen_name == "reminders"
    (row,) = rows(pilot)
    assert row.clock == "14:10"
    assert row.details == "Mon, Tue, Thu, Fri  ·  Chin tucks, level 1"

    stop_app(pilot)
    again = start(start_app, wall, data)
    again.tap_button("Reminders")
    (row,) = rows(again)
    assert (row.clock, row.details) == ("14:10", "Mon, Tue, Thu, Fri  ·  Chin tucks, level 1")


def test_remind_me_offers_morning_midday_and_evening(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    pilot = start(start_app, wall, tmp_path / "data")
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Remind me")
    assert pilot.screen_name == "reminders"
    assert [row.clock for row in rows(pilot)] == ["08:00", "13:00", "19:00"]
    assert all(row.details == "Every day  ·  Chin tucks, level 1" for row in rows(pilot))
    assert "Added Chin tucks, level 1 at 08:00, 13:00, 19:00" in pilot.current_screen.message


def test_change_days_turn_off_and_delete(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    saved([Reminder("r1", time(8, 0), EVERY_DAY, "chin-tucks-1")], data, MONDAY_0755)
    pilot = start(start_app, wall, data)
    pilot.tap_button("Reminders")
    (row,) = rows(pilot)
    pilot.tap(row.ids.switch)
    assert not rows(pilot)[0].enabled
    assert ReminderStore(data / "reminders.json").load().reminders[0].enabled is False

    pilot.tap(rows(pilot)[0])
    assert pilot.screen_name == "reminder_edit"
    pilot.tap_button("Delete this reminder")
    assert pilot.screen_name == "reminders"
    assert rows(pilot) == []
    assert "Deleted the 08:00 reminder" in pilot.current_screen.message
    assert ReminderStore(data / "reminders.json").load().reminders == ()


def test_no_day_chosen_cannot_be_saved(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    pilot = start(start_app, wall, tmp_path / "data")
    pilot.tap_button("Reminders")
    pilot.tap_button("Add a reminder")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        pilot.tap(pilot.current_screen.ids[f"day_{day}"])
    assert pilot.current_screen.ids.save_button.disabled
    assert pilot.current_screen.problem == "Choose at least one day."
    pilot.tap(pilot.current_screen.ids.day_fri)
    assert not pilot.current_screen.ids.save_button.disabled
    assert pilot.current_screen.problem == ""


def test_a_due_reminder_shows_a_banner_that_opens_the_routine(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    saved([Reminder("r1", time(8, 0), WEEKDAYS, "chin-tucks-1")], data, MONDAY_0755)
    pilot = start(start_app, wall, data)
    pilot.pass_time(MINUTE, wall)  # 07:56: the app's own timer looks, and finds nothing due
    shown = banner(pilot)
    assert not shown.shown
    pilot.pass_time(4 * MINUTE + 2, wall)  # 08:00:02
    assert shown.shown and shown.text == "Time for Chin tucks, level 1"
    pilot.tap(shown.ids.banner_open)
    assert not shown.shown
    assert pilot.screen_name == "routine"
    assert pilot.current_screen.routine.id == "chin-tucks-1"
    pilot.tap_button("Start")
    assert pilot.screen_name == "start_check"


def test_snooze_hides_the_banner_and_brings_it_back(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    saved([Reminder("r1", time(8, 0), WEEKDAYS, "chin-tucks-1")], data, MONDAY_0755)
    pilot = start(start_app, wall, data)
    pilot.pass_time(5 * MINUTE, wall)
    shown = banner(pilot)
    pilot.tap(shown.ids.banner_snooze_10)
    assert not shown.shown
    pilot.pass_time(9 * MINUTE, wall)
    assert not shown.shown
    pilot.pass_time(MINUTE + 1, wall)
    assert shown.shown and shown.text == "Time for Chin tucks, level 1"


def test_missed_reminders_give_one_quiet_note_at_launch(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    plan = [Reminder(str(h), time(h, 0), WEEKDAYS, "chin-tucks-1") for h in (8, 13, 19)]
    saved(plan, data, MONDAY_0755)
    wall.advance(timedelta(hours=12, minutes=10))  # 20:05: all three passed while closed
    pilot = start(start_app, wall, data)
    shown = banner(pilot)
    assert shown.shown and not shown.actionable
    assert shown.text == "While Unknot was closed, 3 reminders passed (08:00, 13:00, 19:00)."
    pilot.tap(shown.ids.banner_ok)
    assert not shown.shown
    pilot.pass_time(MINUTE, wall)
    assert not shown.shown


def test_a_reminder_during_a_session_is_not_shown(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    saved([Reminder("r1", time(8, 0), WEEKDAYS, "desk-break")], data, MONDAY_0755)
    pilot = start(start_app, wall, data)
    start_session(pilot, "Chin tucks, level 1", 1)
    assert pilot.screen_name == "player"
    pilot.pass_time(5 * MINUTE + 5, wall)
    assert not banner(pilot).shown
    assert pilot.screen_name == "player"


def test_the_routine_option_opens_the_routine_ready_to_start(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    pilot = start(start_app, wall, tmp_path / "data", open_routine_id="desk-break")
    pilot.frames()
    assert pilot.screen_name == "routine"
    assert pilot.current_screen.routine.id == "desk-break"
    pilot.tap_button("Back")
    assert pilot.screen_name == "home"


def test_a_damaged_reminders_file_is_reported_on_the_reminders_screen(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "reminders.json").write_text('{"version": 1, "reminders": [{"id": 5}]}')
    pilot = start(start_app, wall, data)
    pilot.tap_button("Reminders")
    message = pilot.current_screen.message
    assert "damaged" in message and "reminders[1].id" in message
    assert list(data.glob("reminders.json.damaged-*"))


def test_a_due_reminder_reaches_the_desktop_notification_server(
    start_app: StartApp, wall: WallClock, tmp_path: Path, notification_bus: NotificationBus
) -> None:
    """The real path on Linux: plyer, notify-send, D-Bus, a notification server (dunst)."""
    data = tmp_path / "data"
    saved([Reminder("r1", time(8, 0), WEEKDAYS, "chin-tucks-1")], data, MONDAY_0755)
    services = replace(null_services(traits=DESKTOP_TRAITS), notifier=create_notifier("linux"))
    pilot = start(start_app, wall, data, services=services)
    pilot.pass_time(MINUTE, wall)
    assert notification_bus.notifications() == []
    pilot.pass_time(4 * MINUTE, wall)
    (delivered,) = notification_bus.wait_for(1)
    assert delivered["summary"] == "Time for Chin tucks, level 1"
    assert delivered["body"] == "Open Unknot when you are ready."
    assert delivered["app_name"] == "Unknot"
    assert banner(pilot).shown


def test_chin_tucks_three_times_on_weekdays_export_to_a_calendar(
    start_app: StartApp, wall: WallClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's example, end to end: set with taps, then the .ics a calendar imports."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    pilot = start(start_app, wall, tmp_path / "data")
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Remind me")
    for index in range(3):
        pilot.tap(rows(pilot)[index])
        pilot.tap_button("Weekdays")
        pilot.tap_button("Save")
    assert [(r.clock, r.details) for r in rows(pilot)] == [
        (clock, "Weekdays  ·  Chin tucks, level 1") for clock in ("08:00", "13:00", "19:00")
    ]
    pilot.tap_button("Add to my calendar (.ics file)")
    exported = home / "Downloads" / "unknot-reminders.ics"
    assert str(exported) in pilot.current_screen.message

    calendar = Calendar.from_ical(exported.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert [(s.hour, s.minute) for s in starts] == [(8, 0), (13, 0), (19, 0)]
    assert all(str(s.tzinfo) == "Europe/Berlin" for s in starts)
    for event in events:
        assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        assert event.walk("VALARM")


class NoNotifications:
    """plyer's facade where a platform has no back end: ``notify`` raises NotImplementedError."""

    def __init__(self) -> None:
        self.calls = 0

    def notify(self, **_kwargs: object) -> None:
        self.calls += 1
        raise NotImplementedError


def test_without_system_notifications_the_banner_still_shows_and_it_is_logged_once(
    start_app: StartApp, wall: WallClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    plan = [Reminder(str(h), time(h, 0), WEEKDAYS, "chin-tucks-1") for h in (8, 9)]
    saved(plan, data, MONDAY_0755)
    backend = NoNotifications()
    services = replace(
        null_services(traits=DESKTOP_TRAITS), notifier=PlyerNotifier(backend=backend)
    )
    pilot = start(start_app, wall, data, services=services)
    shown = banner(pilot)
    for minutes in (5, 60):
        pilot.pass_time(minutes * MINUTE, wall)
        assert shown.shown and shown.text == "Time for Chin tucks, level 1"
        pilot.tap(shown.ids.banner_dismiss)  # "Not now"
        assert not shown.shown
    assert backend.calls == 1  # plyer said no once: not asked again
    said = [r.getMessage() for r in caplog.records if "notification" in r.getMessage().lower()]
    assert len(said) == 1, said


def test_exact_times_chosen_on_the_reminders_screen_survive_a_change_in_settings(
    start_app: StartApp, wall: WallClock, tmp_path: Path
) -> None:
    """The settings screen, once opened, must not put back what the reminders screen changed."""
    data = tmp_path / "data"
    pilot = start(start_app, wall, data, services=null_services(traits=ANDROID_TRAITS))
    open_settings(pilot)  # built now, with exact times off
    go_home(pilot)
    open_routine(pilot, "Chin tucks, level 1")
    pilot.tap_button("Remind me")
    pilot.tap_button("Exact times: off")
    assert pilot.has_button("Exact times: on")
    go_home(pilot)
    open_settings(pilot)
    pilot.tap_button("Beeps: on")
    saved = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert saved["exact_reminders"] is True
    assert saved["beeps"] is False
