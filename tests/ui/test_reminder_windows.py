"""Two windows on one data folder: a reminder fires in one, a quiet day is quiet in both.

Each window is a ``ReminderController`` with a store of its own on the same
file, as a second app process has; they share the file and the wall clock only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.clocks import WallClock
from unknot.core.reminders.schedule import EVERY_DAY, Due, Reminder, ReminderState
from unknot.core.reminders.store import ReminderBook, ReminderStore
from unknot.services.alarms import NullAlarms
from unknot.services.notifications import NullNotifier
from unknot.ui.reminder_controller import ReminderController

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_0755 = datetime(2026, 11, 23, 7, 55, tzinfo=BERLIN)
MORNING = Reminder("m1", time(8, 0), EVERY_DAY, "chin-tucks-1")
NOON = Reminder("n1", time(13, 0), EVERY_DAY, None)


class Window:
    """One app's reminders, and what it showed."""

    def __init__(self, path: Path, wall: WallClock) -> None:
        self.controller = ReminderController(
            ReminderStore(path), BERLIN, NullNotifier(), NullAlarms(), wall_clock=wall
        )
        self.shown: list[Due] = []
        self.controller.bind(on_due=lambda _c, due: self.shown.append(due))


def two_windows(tmp_path: Path, wall: WallClock) -> tuple[Window, Window]:
    path = tmp_path / "reminders.json"
    handled = ReminderState(handled_until=wall().astimezone(timezone.utc))
    ReminderStore(path).save(ReminderBook((MORNING, NOON), handled))
    return Window(path, wall), Window(path, wall)


def test_a_reminder_shown_in_one_window_is_not_shown_again_in_the_other(
    tmp_path: Path,
) -> None:
    wall = WallClock(MONDAY_0755)
    first, second = two_windows(tmp_path, wall)
    first.controller.check()
    second.controller.check()

    wall.advance(timedelta(minutes=5, seconds=5))
    first.controller.check()
    second.controller.check()

    assert [due.reminder.id for due in first.shown] == ["m1"]
    assert second.shown == []


def test_after_a_stop_for_pain_in_one_window_the_other_stays_quiet(tmp_path: Path) -> None:
    wall = WallClock(MONDAY_0755)
    first, second = two_windows(tmp_path, wall)
    second.controller.check()

    first.controller.record_session(stopped_for_pain=True)
    wall.advance(timedelta(minutes=5, seconds=5))
    second.controller.check()
    wall.advance(timedelta(hours=5))
    second.controller.check()

    assert second.shown == []
    assert second.controller.done_for_today()


def test_a_reminder_added_in_one_window_reaches_the_other_and_both_are_kept(
    tmp_path: Path,
) -> None:
    wall = WallClock(MONDAY_0755)
    first, second = two_windows(tmp_path, wall)
    changed: list[int] = []
    second.controller.bind(on_changed=lambda *_: changed.append(1))
    evening = Reminder("e1", time(19, 0))
    late = Reminder("l1", time(22, 0))

    first.controller.put(evening)
    second.controller.check()
    second.controller.put(late)

    assert {r.id for r in second.controller.reminders} == {"m1", "n1", "e1", "l1"}
    assert changed
    again = ReminderStore(tmp_path / "reminders.json").load()
    assert {r.id for r in again.reminders} == {"m1", "n1", "e1", "l1"}


def test_a_reminder_deleted_in_one_window_is_not_put_back_by_the_other(tmp_path: Path) -> None:
    wall = WallClock(MONDAY_0755)
    first, second = two_windows(tmp_path, wall)

    first.controller.delete("n1")
    second.controller.snooze("m1", timedelta(minutes=10))

    again = ReminderStore(tmp_path / "reminders.json").load()
    assert [r.id for r in again.reminders] == ["m1"]
    assert [r.id for r in second.controller.reminders] == ["m1"]
