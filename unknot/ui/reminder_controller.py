"""Keeps the reminders: checks what is due while the app runs, saves changes, arms the alarms.

The rules are the core's (``unknot.core.reminders.schedule``); this class owns the file,
the wall clock and the platform services, and tells the screens through
events. Reminders are wall-clock times, so they are checked against the
real date and time (not the session's monotonic clock), every few seconds:
a check is cheap, and polling stays right when the clocks change or the
device sleeps, where one long timer would not.

Another window on the same data folder (or a background service) may change
the file: each check first takes in what it saved (``ReminderStore.refresh``),
so a reminder it already showed, or a day it made quiet, stays quiet here.
A save that fails leaves the reminders working in memory; the store tells the
person and tries again (``Notices``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta, timezone, tzinfo

from kivy.clock import Clock, ClockEvent
from kivy.event import EventDispatcher

from unknot.core.reminders import schedule
from unknot.core.reminders.schedule import Due, Missed, Reminder
from unknot.core.reminders.store import ReminderBook, ReminderStore
from unknot.core.reminders.wording import notification_text
from unknot.services.alarms import Alarms
from unknot.services.notifications import Notifier

log = logging.getLogger("unknot.reminders")

CHECK_EVERY_S = 15.0
"""Often enough that a reminder shows within a quarter of a minute of its time."""

WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ReminderController(EventDispatcher):
    """The app's reminders; ``on_due`` and ``on_missed`` tell the UI what to show."""

    __events__ = ("on_due", "on_missed", "on_changed")

    def __init__(
        self,
        store: ReminderStore,
        zone: tzinfo,
        notifier: Notifier,
        alarms: Alarms,
        *,
        titles: Callable[[], Mapping[str, str]] = dict,
        busy: Callable[[], bool] = lambda: False,
        wall_clock: WallClock = utc_now,
    ) -> None:
        super().__init__()
        self.store = store
        self.zone = zone
        self.notifier = notifier
        self.alarms = alarms
        self.titles = titles
        self.busy = busy
        self.wall_clock = wall_clock
        self.book = store.load()
        self.problem: str | None = store.problem
        self._save_failed = False
        self._event: ClockEvent | None = None

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        return self.book.reminders

    # -- running ---------------------------------------------------------------------

    def start(self) -> None:
        """The first check (it finds what was missed while closed), then one every few seconds."""
        self.arm()
        self.check()
        if self._event is None:
            self._event = Clock.schedule_interval(lambda _dt: self.check(), CHECK_EVERY_S)

    def stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None
        self._save(self.book)

    def check(self) -> None:
        self.take_in_other_windows()
        result = schedule.check(self.reminders, self.book.state, self.wall_clock(), self.zone)
        changed = bool(result.due or result.missed) or (
            result.state.snoozes != self.book.state.snoozes
            or result.state.tally != self.book.state.tally
            or self.book.state.handled_until is None
        )
        self.book = replace(self.book, state=result.state)
        if changed:
            self._save(self.book)
        if result.missed is not None:
            self.dispatch("on_missed", result.missed)
        due = result.due
        if due and self.busy():
            # A session is under way: the person is already doing what it would ask.
            log.info("%d reminder(s) due during a session; not shown", len(due))
            return
        for item in due[:1]:
            # Two at the same minute are one nudge, not two.
            self._notify(item)
            self.dispatch("on_due", item)

    def take_in_other_windows(self) -> None:
        """Takes in what another window saved since; the screens redraw when it changed much."""
        fresh = self.store.refresh(self.book)
        if self.store.problem and self.store.problem != self.problem and not self._save_failed:
            self.problem = self.store.problem
        if fresh == self.book:
            return
        reminders_changed = fresh.reminders != self.book.reminders
        self.book = fresh
        self.arm()
        if reminders_changed:
            self.dispatch("on_changed")

    def _notify(self, due: Due) -> None:
        # A notifier that cannot post logs that once itself; the banner shows regardless.
        title, message = notification_text(due.reminder, self.titles())
        self.notifier.notify(title, message, routine_id=due.reminder.routine_id)

    # -- changing ----------------------------------------------------------------------

    def put(self, reminder: Reminder) -> None:
        """Adds ``reminder``, or replaces the one with its id."""
        others = tuple(r for r in self.reminders if r.id != reminder.id)
        self._change(replace(self.book, reminders=(*others, reminder)))

    def put_many(self, reminders: list[Reminder]) -> None:
        ids = {r.id for r in reminders}
        others = tuple(r for r in self.reminders if r.id not in ids)
        self._change(replace(self.book, reminders=(*others, *reminders)))

    def delete(self, reminder_id: str) -> Reminder | None:
        gone = next((r for r in self.reminders if r.id == reminder_id), None)
        if gone is not None:
            kept = tuple(r for r in self.reminders if r.id != reminder_id)
            self._change(replace(self.book, reminders=kept))
        return gone

    def set_enabled(self, reminder_id: str, enabled: bool) -> None:
        for reminder in self.reminders:
            if reminder.id == reminder_id and reminder.enabled != enabled:
                self.put(replace(reminder, enabled=enabled))

    def snooze(self, reminder_id: str, delay: timedelta) -> None:
        state = schedule.snooze(self.book.state, reminder_id, self.wall_clock(), delay)
        self._change(replace(self.book, state=state))

    def record_session(self, *, stopped_for_pain: bool) -> None:
        """A session counted toward today's plan: enough of them quiet the rest of the day."""
        state = schedule.record_session(
            self.book.state, self.wall_clock(), self.zone, stopped_for_pain=stopped_for_pain
        )
        self._change(replace(self.book, state=state))

    def for_routine(self, routine_id: str) -> list[Reminder]:
        return [r for r in self.reminders if r.routine_id == routine_id]

    def next_firing(self, reminder: Reminder) -> datetime | None:
        return schedule.next_firing(reminder, self.wall_clock(), self.zone)

    def done_for_today(self) -> bool:
        today = self.wall_clock().astimezone(self.zone).date()
        return schedule.done_for_today(self.reminders, self.book.state.tally, today)

    def arm(self) -> None:
        try:
            self.alarms.arm(self.reminders, self.book.state, self.titles())
        except Exception as error:
            # The platform's alarms are a bonus on top of in-app reminders: never fatal.
            log.warning("Could not arm the reminder alarms: %s", error)

    def _change(self, book: ReminderBook) -> None:
        self.book = book
        self._save(book)
        self.arm()
        self.dispatch("on_changed")

    def _save(self, book: ReminderBook) -> None:
        """Saves ``book`` and keeps what was saved (another window's changes taken in).

        A failed save is not an error to the caller: the reminders go on working
        from memory, the store has told the person, and its retry saves them later.
        """
        try:
            self.book = self.store.save(book)
        except OSError as error:
            self.book = book
            self.problem = str(error)
            self._save_failed = True
            log.warning("%s", self.problem)
            return
        if self._save_failed:
            self._save_failed = False
            self.problem = None

    def on_due(self, due: Due) -> None:
        pass

    def on_missed(self, missed: Missed) -> None:
        pass

    def on_changed(self) -> None:
        pass
