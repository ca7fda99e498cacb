"""The history screen: the weeks, the recent sessions, the check-in, and the exports."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo

from kivy.uix.screenmanager import Screen

from unknot.core.history.advisor import HistoryAdvisor
from unknot.core.history.store import HistoryStore
from unknot.core.history.week import weekly_check_in
from unknot.core.reminders.schedule import Reminder, reminders_on
from unknot.ui.exporter import Exporter
from unknot.ui.navigator import Name, Navigator

log = logging.getLogger("unknot.history")

CSV_FILE = "unknot-history.csv"
SUMMARY_FILE = "unknot-summary.html"
RECENT_SESSIONS = 30


class HistoryFlow:
    def __init__(
        self,
        nav: Navigator,
        store: HistoryStore,
        advisor: HistoryAdvisor,
        exporter: Exporter,
        *,
        reminders: Callable[[], Sequence[Reminder]],
        warning_signs: Callable[[], None],
    ) -> None:
        self.nav = nav
        self.store = store
        self.advisor = advisor
        self.exporter = exporter
        self.reminders = reminders
        self.warning_signs = warning_signs
        nav.register(Name.HISTORY, self._screen)

    @property
    def zone(self) -> tzinfo:
        return self.advisor.zone

    def _now(self) -> datetime:
        return self.advisor.wall_clock()

    def _screen(self) -> Screen:
        from unknot.ui.screens.history import HistoryScreen

        screen = HistoryScreen()
        screen.bind(
            on_back=lambda *_: self.nav.back(),
            on_export_csv=lambda *_: self.export("csv"),
            on_export_summary=lambda *_: self.export("summary"),
            on_red_flags=lambda *_: self.warning_signs(),
        )
        return screen

    def show(self) -> None:
        from unknot.ui.screens.history import WEEKS_SHOWN

        now = self._now()
        today = now.astimezone(self.zone).date()
        records = self.store.sessions()
        first_shown = today - timedelta(days=today.weekday() + 7 * (WEEKS_SHOWN - 1))
        recent = [r for r in records if r.started_at.astimezone(self.zone).date() >= first_shown]
        days = self.store.days_with_sessions(first_shown, today, self.zone)
        # The planned days so far: on a Tuesday, "1 of the 7 days you planned" read as
        # a week already lost; Monday and Tuesday are what could have been done.
        so_far = [today - timedelta(days=n) for n in range(today.weekday() + 1)]
        planned = [d for d in so_far if reminders_on(self.reminders(), d)]
        review = self.advisor.review()
        screen = self.nav.screen(Name.HISTORY)
        from unknot.core.history.export import describe_session  # not needed at start-up

        screen.show(
            records=recent,
            lines=[describe_session(r, self.zone) for r in reversed(records[-RECENT_SESSIONS:])],
            days=days,
            targets={day: self._target(day) for day in days},
            today=today,
            check_in=weekly_check_in(
                records, now, self.zone, target_days=len(planned) or None
            ).text,
            review=review.message if review else "",
        )
        screen.message = self.store.problem or ""
        self.nav.go(Name.HISTORY)

    def _target(self, day: date) -> int:
        """Sessions meant for ``day``: its reminders, or one when none are set."""
        return max(len(reminders_on(self.reminders(), day)), 1)

    def export(self, kind: str) -> None:
        """Writes the CSV (one row per session) or the one-page summary for a clinician."""
        # The writers (csv, html) are for exports only: imported here, not at start-up.
        from unknot.core.history.export import history_csv, summary_html

        records = self.store.sessions()
        if kind == "csv":
            name, what = CSV_FILE, "one row per session"
            text = history_csv(records, self.zone)
        else:
            name, what = SUMMARY_FILE, "a page to print or show"
            text = summary_html(records, self._now(), self.zone)
        screen = self.nav.screen(Name.HISTORY)
        self.exporter.write(
            name,
            text,
            lambda text: setattr(screen, "message", text),
            saved=f"Saved to {{path}} ({what}).",
            not_saved="Nothing was saved.",
        )
