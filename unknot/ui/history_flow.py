"""The history in the app: recording sessions, the history screen, the exports, and the rules
that act before and after a session (the next-morning question, a review, the next level).

The rules are the core's (``unknot.core.history``, ``unknot.core.safety.morning``); this reads the
store, calls them with the wall clock and the local zone, and moves between
screens. It keeps the App's own wiring short.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from unknot.core.history import flares, progression, week
from unknot.core.history.export import describe_session, history_csv, summary_html, write_export
from unknot.core.history.store import HistoryStore, MorningCheck
from unknot.core.playback.session import Session
from unknot.core.reminders.schedule import reminders_on
from unknot.core.routines.model import Routine
from unknot.core.safety import morning
from unknot.services.documents import NullDocuments
from unknot.ui.history_recorder import HistoryRecorder
from unknot.ui.reminder_controller import export_folder
from unknot.ui.screens.history import WEEKS_SHOWN, HistoryScreen
from unknot.ui.screens.morning import MorningScreen

if TYPE_CHECKING:
    from unknot.ui.app import UnknotApp

log = logging.getLogger("unknot.history")

CSV_FILE = "unknot-history.csv"
SUMMARY_FILE = "unknot-summary.html"
RECENT_SESSIONS = 30


class HistoryFlow:
    def __init__(
        self,
        app: UnknotApp,
        store: HistoryStore,
        zone: tzinfo,
        wall_clock: Callable[[], datetime],
    ) -> None:
        self.app = app
        self.store = store
        self.zone = zone
        self.wall_clock = wall_clock
        self.recorder = HistoryRecorder(store, app.controller, wall_clock)
        self.screen = HistoryScreen(name="history")
        self.morning = MorningScreen(name="morning")
        self._morning_question: morning.MorningQuestion | None = None
        self._not_settled_day: date | None = None
        self.screen.bind(
            on_back=lambda *_: app.go_back(),
            on_export_csv=lambda *_: self.export("csv"),
            on_export_summary=lambda *_: self.export("summary"),
            on_red_flags=lambda *_: app.go("red_flags"),
        )
        self.morning.bind(
            on_answer=lambda _s, settled: self.answer_morning(settled),
            on_start=lambda *_: self._continue_start(),
            on_restful=lambda *_: app.open_restful(),
            on_back=lambda *_: app.go_back(),
            on_red_flags=lambda *_: app.go("red_flags"),
        )

    @property
    def screens(self) -> tuple[HistoryScreen, MorningScreen]:
        return (self.screen, self.morning)

    # -- the history screen ------------------------------------------------------

    def show(self) -> None:
        now = self.wall_clock()
        today = now.astimezone(self.zone).date()
        records = self.store.sessions()
        first_shown = today - timedelta(days=today.weekday() + 7 * (WEEKS_SHOWN - 1))
        recent = [r for r in records if r.started_at.astimezone(self.zone).date() >= first_shown]
        days = self.store.days_with_sessions(first_shown, today, self.zone)
        targets = {day: self._target(day) for day in days}
        this_week = [today - timedelta(days=today.weekday() - i) for i in range(7)]
        planned = [d for d in this_week if reminders_on(self.app.reminders.reminders, d)]
        review = flares.clinician_review(records, now, self.zone)
        self.screen.show(
            records=recent,
            lines=[describe_session(r, self.zone) for r in reversed(records[-RECENT_SESSIONS:])],
            days=days,
            targets=targets,
            today=today,
            check_in=week.weekly_check_in(
                records, now, self.zone, target_days=len(planned) or None
            ).text,
            review=review.message if review else "",
        )
        self.screen.message = self.store.problem or ""
        self.app.go("history")

    def _target(self, day: date) -> int:
        """Sessions meant for ``day``: its reminders, or one when none are set."""
        return max(len(reminders_on(self.app.reminders.reminders, day)), 1)

    def export(self, kind: str, folder: Path | None = None) -> Path | None:
        """Writes the CSV (one row per session) or the one-page summary for a clinician."""
        now = self.wall_clock()
        records = self.store.sessions()
        checks = self.store.morning_checks()
        if kind == "csv":
            name, text = CSV_FILE, history_csv(records, self.zone, checks)
        else:
            name, text = SUMMARY_FILE, summary_html(records, now, self.zone, morning_checks=checks)
        documents = self.app.all_services.documents
        on_phone = folder is None and not isinstance(documents, NullDocuments)
        target = (self.app.data_dir / "exports" if on_phone else folder or export_folder()) / name
        try:
            write_export(target, text)
        except OSError as error:
            self.screen.message = f"Could not write {target} ({error.strerror})."
            return None
        if on_phone:

            def done(place: str | None) -> None:
                self.screen.message = f"Saved as {place}." if place else "Nothing was saved."

            if not documents.save_file(target, name, done):
                self.screen.message = "This device has no place to save files to."
            return target
        what = "one row per session" if kind == "csv" else "a page to print or show"
        self.screen.message = f"Saved to {target} ({what})."
        return target

    # -- before a session: the next-morning question ------------------------------

    def before_start(self) -> bool:
        """Asks the next-morning question when it is due; True when it took over."""
        now = self.wall_clock()
        question = morning.morning_question(
            self.store.sessions(since=now - timedelta(days=3)),
            self.store.morning_checks(),
            now,
            self.zone,
        )
        if question is None:
            return False
        self._morning_question = question
        self.morning.ask(question.text)
        self.app.go("morning")
        return True

    def answer_morning(self, settled: bool) -> None:
        question = self._morning_question
        if question is None:
            return
        advice = morning.morning_advice(question, settled=settled)
        try:
            self.store.record_morning_check(
                question.day, settled=advice.settled, rating=None, at=self.wall_clock()
            )
        except Exception as error:
            log.warning("The morning answer could not be saved: %s", error)
        if not advice.settled:
            # Kept here too: if the history cannot be written, today is eased all the same.
            self._not_settled_day = question.day
        routine = self.app._pending_start
        offer = self.offer(routine) if routine is not None else None
        message = advice.message
        review = flares.clinician_review(self.store.sessions(), self.wall_clock(), self.zone)
        if review is not None:
            message += "\n\n" + review.message
        if offer is not None and offer.message:
            message += "\n\n" + offer.message
        start = None
        if offer is not None and offer.routine is not None:
            start = f"Start {offer.routine.title}"
        self.morning.show_advice(message, start_text=start)

    def offer(self, routine: Routine) -> morning.Offer:
        """The routine for today: eased after a morning answer of "not settled"."""
        now = self.wall_clock()
        checks = list(self.store.morning_checks())
        if self._not_settled_day == now.astimezone(self.zone).date():
            checks.append(MorningCheck(self._not_settled_day, False, None, now))
        return morning.offer_for_today(routine, checks, now, self.zone)

    def _continue_start(self) -> None:
        self.app.prepare_start(self.app._pending_start, asked_morning=True)

    # -- a session's start and end ---------------------------------------------

    def started(self, session: Session, *, eased: bool) -> None:
        self.recorder.begin(session, eased=eased)

    def next_level(self, routine: Routine) -> progression.LevelSuggestion | None:
        now = self.wall_clock()
        try:
            return progression.progression(
                routine,
                self.app.report.routines,
                self.store.sessions(),
                self.store.morning_checks(),
                now,
                self.zone,
            )
        except Exception as error:
            log.warning("Could not work out the next level: %s", error)
            return None
