"""Two windows on one reminders file: each keeps the other's reminders, the quieter day wins."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from unknot.core.reminders import schedule
from unknot.core.reminders.schedule import (
    EVERY_DAY,
    MAX_REMINDERS,
    DayTally,
    Reminder,
    ReminderState,
    Snooze,
)
from unknot.core.reminders.store import ReminderBook, ReminderStore, merge_books
from unknot.core.storage.notices import Notices

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
MORNING = Reminder("m1", time(8, 0), EVERY_DAY, "chin-tucks-1")
NOON = Reminder("n1", time(13, 0), EVERY_DAY, None)
MONDAY = date(2026, 11, 23)


def two_windows(
    path: Path, book: ReminderBook, notices: Notices | None = None
) -> tuple[ReminderStore, ReminderStore]:
    ReminderStore(path).save(book)
    here, there = ReminderStore(path, notices=notices), ReminderStore(path)
    here.load()
    there.load()
    return here, there


def test_the_other_windows_new_reminder_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    here, there = two_windows(path, ReminderBook((MORNING,)))
    evening = Reminder("e1", time(19, 0))

    there.save(ReminderBook((MORNING, evening)))
    saved = here.save(ReminderBook((MORNING, NOON)))

    assert set(saved.reminders) == {MORNING, NOON, evening}
    assert set(ReminderStore(path).load().reminders) == {MORNING, NOON, evening}


def test_a_reminder_deleted_here_stays_deleted_and_one_changed_there_keeps_its_change(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reminders.json"
    here, there = two_windows(path, ReminderBook((MORNING, NOON)))
    later_noon = replace(NOON, at=time(13, 30))

    there.save(ReminderBook((MORNING, later_noon)))
    saved = here.save(ReminderBook((NOON,)))  # the morning one deleted here

    assert saved.reminders == (later_noon,)


def test_one_reminder_changed_in_both_keeps_this_windows_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    notices = Notices()
    here, there = two_windows(path, ReminderBook((MORNING,)), notices)

    there.save(ReminderBook((replace(MORNING, enabled=False),)))
    saved = here.save(ReminderBook((replace(MORNING, at=time(7, 30)),)))

    assert saved.reminders == (replace(MORNING, at=time(7, 30)),)
    assert [(n.key, n.text) for n in notices.pending] == [
        (
            "reminders.conflict",
            "Another Unknot window changed the 07:30 reminder as well; what you set here was kept.",
        )
    ]


def test_a_stop_for_pain_in_one_window_quiets_the_day_in_both(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    here, there = two_windows(path, ReminderBook((MORNING, NOON)))
    now = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)

    resting = schedule.record_session(ReminderState(), now, BERLIN, stopped_for_pain=True)
    there.save(ReminderBook((MORNING, NOON), resting))
    here_state = schedule.snooze(ReminderState(), "m1", now, timedelta(minutes=10))
    saved = here.save(ReminderBook((MORNING, NOON), here_state))

    assert saved.state.tally == DayTally(MONDAY, 1, True)
    assert saved.state.snoozes == here_state.snoozes
    assert schedule.done_for_today(saved.reminders, saved.state.tally, MONDAY)


def test_sessions_done_in_both_windows_add_up(tmp_path: Path) -> None:
    path = tmp_path / "reminders.json"
    before = ReminderState(tally=DayTally(MONDAY, 1))
    here, there = two_windows(path, ReminderBook((MORNING, NOON), before))

    there.save(ReminderBook((MORNING, NOON), ReminderState(tally=DayTally(MONDAY, 2))))
    saved = here.save(ReminderBook((MORNING, NOON), ReminderState(tally=DayTally(MONDAY, 2))))

    assert saved.state.tally == DayTally(MONDAY, 3)


def test_a_firing_handled_in_either_window_is_handled_in_both() -> None:
    early = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    late = early + timedelta(minutes=5)
    base = ReminderBook((MORNING,), ReminderState(handled_until=early))
    theirs = replace(base, state=ReminderState(handled_until=late))

    merged = merge_books(base, base, theirs).value

    assert merged.state.handled_until == late


def test_a_snooze_that_fired_in_the_other_window_is_gone() -> None:
    snoozed = ReminderState((Snooze("m1", datetime(2026, 11, 23, 7, 10, tzinfo=UTC)),))
    base = ReminderBook((MORNING,), snoozed)
    theirs = ReminderBook((MORNING,), ReminderState())

    assert merge_books(base, base, theirs).value.state.snoozes == ()


def test_the_merge_never_makes_a_file_too_long_to_load() -> None:
    mine = tuple(Reminder(f"h{n}", time(n % 24, 0)) for n in range(MAX_REMINDERS))
    theirs = (Reminder("t1", time(6, 15)),)

    merged = merge_books(ReminderBook(), ReminderBook(mine), ReminderBook(theirs))

    assert set(merged.value.reminders) == set(mine)
    assert merged.conflicts == ("the 06:15 reminder",)
