"""The Kivy App: builds the services and screens, wires their events, forwards the lifecycle.

Screens know nothing of each other: each dispatches events ("open this
routine", "pain is worse") and this module decides where that leads. The
clinical decisions are the core's (``pain_rule``, ``session``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.config import Config
from kivy.core.window import Window
from kivy.properties import NumericProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.utils import platform

from unknot import __version__
from unknot.core.clock.monotonic import MonotonicClock, device_clock
from unknot.core.clock.zone import local_zone
from unknot.core.history.store import HISTORY_FILE, HistoryStore
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason, Session, SessionState
from unknot.core.reminders.calendar import IcalExportError, export_ical
from unknot.core.reminders.schedule import Due, Missed, Reminder, default_reminders
from unknot.core.reminders.store import ReminderStore
from unknot.core.routines.library import LibraryReport, RoutineLibrary
from unknot.core.routines.model import Routine
from unknot.core.safety.pain_rule import StartAdvice, before_start
from unknot.core.safety.screening import Screening, ScreeningStore, for_this_person, routine_notes
from unknot.core.settings import Settings, SettingsStore
from unknot.core.storage.atomic import write_atomic
from unknot.services import Services, apply_settings, create_services
from unknot.ui import theme
from unknot.ui.history_flow import HistoryFlow
from unknot.ui.library_flow import USER_ROUTINES, LibraryFlow
from unknot.ui.reminder_controller import (
    ReminderController,
    WallClock,
    export_folder,
    utc_now,
)
from unknot.ui.screens.finished import FinishedScreen
from unknot.ui.screens.first_run import FirstRunScreen
from unknot.ui.screens.home import HomeScreen
from unknot.ui.screens.pain_check import PainCheckScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.red_flags import RedFlagsScreen
from unknot.ui.screens.reminder_edit import ReminderEditScreen
from unknot.ui.screens.reminders import RemindersScreen, days_text
from unknot.ui.screens.routine import RoutineScreen
from unknot.ui.screens.settings import SettingsScreen
from unknot.ui.screens.start_check import StartCheckScreen
from unknot.ui.screens.stopped import StoppedScreen
from unknot.ui.session_controller import SessionController
from unknot.ui.widgets.banner import ReminderBanner

log = logging.getLogger("unknot.app")

KEY_ESCAPE, KEY_SPACE, KEY_LEFT, KEY_RIGHT = 27, 32, 276, 275
CHECKPOINT_FILE = "session.json"
SETTINGS_FILE = "settings.json"
SCREENING_FILE = "screening.json"
REMINDERS_FILE = "reminders.json"
ICS_FILE = "unknot-reminders.ics"


class UnknotApp(App):
    """Holds the wiring; the screens and the core do the work."""

    title = "Unknot"
    font_scale = NumericProperty(1.0)

    def __init__(
        self,
        routine_dirs: Sequence[Path] = (BUILTIN_ROUTINES_DIR,),
        *,
        data_dir: Path | None = None,
        services: Services | None = None,
        clock: MonotonicClock | None = None,
        wall_clock: WallClock = utc_now,
        zone: tzinfo | None = None,
        open_routine_id: str | None = None,
    ) -> None:
        super().__init__()
        self.routine_dirs = tuple(routine_dirs)
        self._data_dir = data_dir
        self._given_services = services
        self.clock = clock or device_clock()
        self.wall_clock = wall_clock
        self.zone = zone
        self.open_routine_id = open_routine_id
        self.report: LibraryReport = LibraryReport((), (), ())
        self.routines: dict[str, Routine] = {}
        self.history: list[str] = []
        self.current_routine: Routine | None = None
        self._pending_start: Routine | None = None
        """The routine whose start is being prepared (before the morning question)."""
        self._start_routine: Routine | None = None
        """The routine the start check will start: the pending one, eased when it must be."""
        self._eased_start = False
        self._next_level: str | None = None

    @property
    def data_dir(self) -> Path:
        """The person's folder: Kivy's user_data_dir (the app folder is read-only on Android)."""
        folder = self._data_dir or Path(self.user_data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    # -- building --------------------------------------------------------------

    def build(self) -> ScreenManager:
        Window.clearcolor = theme.BACKGROUND
        Config.set("kivy", "exit_on_escape", "0")
        self.settings_store = SettingsStore(self.data_dir / SETTINGS_FILE)
        settings = self.settings_store.load()
        self.settings = settings
        self.all_services = self._given_services or create_services(
            platform, exact_reminders=lambda: self.settings.exact_reminders
        )
        self.controller = SessionController(apply_settings(self.all_services, settings), self.clock)
        self.font_scale = settings.font_scale

        self.library = RoutineLibrary(self.routine_dirs, self.data_dir / USER_ROUTINES)
        self.screening_store = ScreeningStore(self.data_dir / SCREENING_FILE)
        self.screening = self.screening_store.load()
        self.report = self.library.load()
        self.routines = self._for_this_person(self.report.routines)
        self.reminders = ReminderController(
            ReminderStore(self.data_dir / REMINDERS_FILE),
            self.zone or _device_zone(),
            self.all_services.notifier,
            self.all_services.alarms,
            titles=lambda: {r.id: r.title for r in self.report.routines},
            busy=self._session_active,
            wall_clock=self.wall_clock,
        )
        self.history_store = HistoryStore(self.data_dir / HISTORY_FILE)
        self.manager = ScreenManager(transition=NoTransition())
        self.banner = ReminderBanner()
        self.history_flow = HistoryFlow(
            self, self.history_store, self.reminders.zone, self.wall_clock
        )
        self._add_screens(settings)
        self._wire()
        if self.screening is None:
            self.first_run.ask(None)
            self.manager.current = "first_run"
        Window.bind(on_keyboard=self._on_keyboard)
        layout = BoxLayout(orientation="vertical")
        layout.add_widget(self.banner)
        layout.add_widget(self.manager)
        return layout

    def _add_screens(self, settings: Settings) -> None:
        self.home = HomeScreen(name="home")
        self.routine_screen = RoutineScreen(name="routine")
        self.start_check = StartCheckScreen(name="start_check")
        self.player = PlayerScreen(name="player")
        self.player.attach(self.controller)
        self.pain = PainCheckScreen(name="pain")
        self.stopped = StoppedScreen(name="stopped")
        self.red_flags = RedFlagsScreen(name="red_flags")
        self.finished = FinishedScreen(name="finished")
        self.settings_screen = SettingsScreen(name="settings", settings=settings)
        self.settings_screen.problem = self.settings_store.problem or ""
        self.reminders_screen = RemindersScreen(name="reminders")
        self.reminders_screen.can_export = platform not in ("android", "ios")
        self.reminders_screen.can_choose_exact = platform == "android"
        self.reminders_screen.note = (
            "Reminders come even when Unknot is closed."
            if platform == "android"
            else "Reminders come while Unknot is open. For when it is closed, add them to "
            "your calendar."
        )
        self.reminders_screen.exact = settings.exact_reminders
        self.reminder_edit = ReminderEditScreen(name="reminder_edit")
        self.flow = LibraryFlow(self, self.library)
        self.first_run = FirstRunScreen(name="first_run")
        self._show_home()
        for screen in (
            self.home,
            self.routine_screen,
            self.start_check,
            self.player,
            self.pain,
            self.stopped,
            self.red_flags,
            self.finished,
            self.settings_screen,
            self.reminders_screen,
            self.reminder_edit,
            self.first_run,
            *self.history_flow.screens,
        ):
            self.manager.add_widget(screen)

    def _wire(self) -> None:
        red_flags = lambda *_: self.go("red_flags")  # noqa: E731
        self.home.bind(
            on_open=lambda _s, routine_id: self.open_routine(routine_id),
            on_settings=lambda *_: self.go("settings"),
            on_reminders=lambda *_: self.show_reminders(),
            on_history=lambda *_: self.history_flow.show(),
            on_red_flags=red_flags,
            on_new_routine=lambda *_: self.flow.new(),
            on_import=lambda *_: self.flow.choose_import(),
            on_undo=lambda *_: self.flow.undo(),
        )
        self.routine_screen.bind(
            on_start=lambda *_: self.prepare_start(),
            on_remind=lambda *_: self.remind_me(),
            on_duplicate=lambda *_: self._with_routine(self.flow.duplicate),
            on_edit=lambda *_: self._with_routine(self.flow.edit),
            on_export=lambda *_: self._with_routine(self.flow.export),
            on_delete=lambda *_: self._with_routine(self.flow.delete),
            on_back=lambda *_: self.go_back(),
            on_red_flags=red_flags,
        )
        self.start_check.bind(
            on_red_flag=red_flags,
            on_baseline=lambda _s, rating: self.start_with_baseline(rating),
            on_back=lambda *_: self.go_back(),
            on_restful=lambda *_: self.open_restful(),
        )
        self.player.bind(
            on_stop_for_pain=lambda *_: self.controller.stop(EndReason.STOPPED_FOR_PAIN),
            on_stop=lambda *_: self.controller.stop(EndReason.STOPPED_BY_PERSON),
            on_red_flags=red_flags,
        )
        self.pain.bind(
            on_rating=lambda _s, rating: self.answer_pain(rating),
            on_stop_for_pain=lambda *_: self.controller.stop(EndReason.STOPPED_FOR_PAIN),
            on_red_flags=red_flags,
        )
        self.red_flags.bind(
            on_back=lambda *_: self.go_back(),
            on_stop_session=lambda *_: self.controller.stop(EndReason.RED_FLAG),
        )
        for ending in (self.stopped, self.finished):
            ending.bind(on_home=lambda *_: self.go_home(), on_red_flags=red_flags)
        self.finished.bind(on_open_next=lambda *_: self._open_next_level())
        self.settings_screen.bind(
            on_change=lambda _s, settings: self.apply(settings),
            on_back=lambda *_: self.go_back(),
            on_red_flags=red_flags,
            on_screening=lambda *_: self.change_screening(),
        )
        self.first_run.bind(
            on_done=lambda _s, screening: self.save_screening(screening),
            on_red_flags=red_flags,
        )
        self.controller.bind(
            on_pain_check=lambda *_: self.show_pain_check(),
            on_end=lambda _c, session: self.show_end(session),
        )
        self.reminders_screen.bind(
            on_back=lambda *_: self.go_back(),
            on_add=lambda *_: self.edit_reminder(None),
            on_edit=lambda _s, reminder_id: self.edit_reminder(reminder_id),
            on_switch=lambda _s, reminder_id, on: self.reminders.set_enabled(reminder_id, on),
            on_export=lambda *_: self.export_reminders(),
            on_exact=lambda *_: self.toggle_exact_reminders(),
            on_red_flags=red_flags,
        )
        self.reminder_edit.bind(
            on_save=lambda _s, reminder: self.save_reminder(reminder),
            on_delete=lambda _s, reminder_id: self.delete_reminder(reminder_id),
            on_cancel=lambda *_: self.go_back(),
            on_red_flags=red_flags,
        )
        self.reminders.bind(
            on_due=lambda _c, due: self.show_due(due),
            on_missed=lambda _c, missed: self.show_missed(missed),
            on_changed=lambda *_: self._refresh_reminders(),
        )
        self.banner.bind(
            on_open=lambda _b, reminder_id: self.open_from_reminder(reminder_id),
            on_snooze=lambda _b, reminder_id, minutes: self.snooze(reminder_id, minutes),
            on_dismiss=lambda *_: self.banner.hide(),
        )

    # -- navigation ------------------------------------------------------------

    def go(self, name: str) -> None:
        if name == "red_flags":
            self.red_flags.in_session = self._session_active()
        if name == "red_flags" and self._session_running():
            self.controller.toggle_pause()
        if self.manager.current != name:
            self.history.append(self.manager.current)
        self.manager.current = name

    def go_back(self) -> None:
        previous = self.history.pop() if self.history else "home"
        if previous in ("pain", "player") and not self._session_active():
            previous = "home"
        self.manager.current = previous

    def go_home(self) -> None:
        if self.flow.back_to_editor():
            return
        self.history.clear()
        self.home.tell("")
        self.manager.current = "home"

    def reload_routines(self) -> None:
        """Reads the library again after a change: home, the routine list and titles follow."""
        self.report = self.library.load()
        self.routines = self._for_this_person(self.report.routines)
        self._show_home()

    def _for_this_person(self, routines: Sequence[Routine]) -> dict[str, Routine]:
        """The routines as the safety answers shape them (pressure steps hidden, or none)."""
        shown = {}
        for routine in routines:
            adapted = for_this_person(routine, self.screening)
            if adapted is not None:
                shown[routine.id] = adapted
        return shown

    def _show_home(self) -> None:
        builtin = [self.routines[r.id] for r in self.report.builtin if r.id in self.routines]
        mine = [self.routines[r.id] for r in self.report.mine if r.id in self.routines]
        self.home.show(builtin, self.report.failures, mine)

    def change_screening(self) -> None:
        self.first_run.ask(self.screening)
        self.go("first_run")

    def save_screening(self, screening: Screening) -> None:
        first = self.screening is None
        try:
            self.screening_store.save(screening)
        except OSError as error:
            log.warning("Could not save the safety answers: %s", error)
        self.screening = screening
        self.reload_routines()
        if first:
            self.history.clear()
            self.manager.current = "home"
        else:
            self.go_back()

    def _with_routine(self, action: Callable[[str], object]) -> None:
        if self.current_routine is not None:
            action(self.current_routine.id)

    def open_routine(self, routine_id: str) -> None:
        routine = self.routines.get(routine_id)
        if routine is None:
            log.warning("No routine with the id %r", routine_id)
            return
        self.current_routine = routine
        self.flow.left_editor()
        original = next((r for r in self.report.routines if r.id == routine_id), routine)
        self.routine_screen.show(
            routine,
            builtin=self.library.is_builtin(routine_id),
            notes=routine_notes(original, self.screening),
        )
        suggestion = self.history_flow.next_level(routine)
        if suggestion is not None:
            self.routine_screen.message = suggestion.message
        self.go("routine")

    def _open_next_level(self) -> None:
        if self._next_level is not None:
            self.go_home()
            self.open_routine(self._next_level)

    def open_restful(self) -> None:
        restful = next((r for r in self.report.routines if r.restful), None)
        if restful is not None:
            self.open_routine(restful.id)

    def prepare_start(self, routine: Routine | None = None, *, asked_morning: bool = False) -> None:
        """The checks before a session: the next-morning question when due, then the start
        check. After a morning answer of "not settled" the eased version is what starts.

        ``routine`` is what to start (the editor's Try it passes its unsaved one); the
        routine on screen otherwise. It is never replaced by its eased version, so a
        second Start eases the original again rather than easing the eased one.
        """
        if self.screening is None:
            self.change_screening()
            return
        base = routine or self.current_routine
        if base is None:
            return
        self._pending_start = base
        if not asked_morning and self.history_flow.before_start():
            return
        offer = self.history_flow.offer(base)
        if offer.routine is None:
            self.routine_screen.message = offer.message
            return
        self._start_routine = offer.routine
        self._eased_start = offer.eased
        self.start_check.ask()
        self.go("start_check")

    def start_with_baseline(self, rating: int) -> None:
        routine = self._start_routine
        if routine is None:
            return
        check = before_start(rating, routine, red_flag=False)
        if check.advice is StartAdvice.RESTFUL_ONLY:
            self.start_check.show_advice(check.message)
            return
        session = self.controller.begin(routine, rating)
        self.history_flow.started(session, eased=self._eased_start)
        self.history = ["home", "routine"]
        self.manager.current = "player"

    def show_pain_check(self) -> None:
        session = self.controller.session
        if session is None:
            return
        final = session.segment.pain_reason is PainCheckReason.FINAL
        self.pain.show(session.baseline, final)
        self.manager.current = "pain"

    def answer_pain(self, rating: int) -> None:
        sharp = self.pain.ids.sharp_button.state == "down"
        self.pain.ids.sharp_button.state = "normal"
        self.controller.answer_pain(rating, sharp_on_touch=sharp)
        if self._session_active():
            self.manager.current = "player"

    def show_end(self, session: Session) -> None:
        # The history first: the next-level rule below reads this session as ended.
        self.history_flow.recorder.end(session)
        self.history = ["home"]
        reason = session.end_reason
        if reason is not EndReason.STOPPED_BY_PERSON:
            # Done, or stopped for pain (rest for the rest of the day): either way it counts.
            self.reminders.record_session(stopped_for_pain=reason is not EndReason.COMPLETED)
        if session.end_reason is EndReason.COMPLETED:
            suggestion = self.history_flow.next_level(session.routine)
            self._next_level = suggestion.next.id if suggestion else None
            self.finished.show(
                session,
                next_level=suggestion.message if suggestion else "",
                next_title=suggestion.next.title if suggestion else "",
            )
            self.manager.current = "finished"
        elif session.end_reason is EndReason.RED_FLAG:
            self.red_flags.in_session = False
            self.manager.current = "red_flags"
        else:
            self.stopped.show(session)
            self.manager.current = "stopped"

    # -- reminders -------------------------------------------------------------

    def show_reminders(self) -> None:
        self._refresh_reminders()
        self.reminders_screen.message = self.reminders.problem or ""
        self.go("reminders")

    def _refresh_reminders(self) -> None:
        titles = {r.id: r.title for r in self.report.routines}
        self.reminders_screen.show(self.reminders.reminders, titles)

    def edit_reminder(self, reminder_id: str | None) -> None:
        reminder = next((r for r in self.reminders.reminders if r.id == reminder_id), None)
        routines = [(r.id, r.title) for r in self.report.routines]
        self.reminder_edit.edit(reminder, routines)
        self.go("reminder_edit")

    def save_reminder(self, reminder: Reminder) -> None:
        first = not self.reminders.reminders
        self.reminders.put(reminder)
        self.reminders_screen.message = ""
        self.go_back()
        if first:
            # The moment the person asked for reminders is when to ask for the permission.
            self.reminders.alarms.ask_for_notifications()

    def delete_reminder(self, reminder_id: str) -> None:
        gone = self.reminders.delete(reminder_id)
        if gone is not None:
            when = gone.at.strftime("%H:%M")
            self.reminders_screen.message = f"Deleted the {when} reminder ({days_text(gone.days)})."
        self.go_back()

    def remind_me(self) -> None:
        """Sets up the routine's usual times (its per_day: morning, midday, evening) once."""
        routine = self.current_routine
        if routine is None:
            return
        existing = self.reminders.for_routine(routine.id)
        if existing:
            self.reminders_screen.message = ""
        else:
            per_day = routine.per_day.high if routine.per_day else 1
            made = default_reminders(routine.id, per_day)
            first = not self.reminders.reminders
            self.reminders.put_many(made)
            times = ", ".join(r.at.strftime("%H:%M") for r in made)
            self.reminders_screen.message = (
                f"Added {routine.title} at {times}, every day. Tap a reminder to change it."
            )
            if first:
                self.reminders.alarms.ask_for_notifications()
        self._refresh_reminders()
        self.go("reminders")

    def show_due(self, due: Due) -> None:
        title, _message = self.reminders.notification_text(due.reminder)
        self.banner.show_reminder(due.reminder.id, title)

    def show_missed(self, missed: Missed) -> None:
        times = ", ".join(t.astimezone(self.reminders.zone).strftime("%H:%M") for t in missed.times)
        noun = "reminder" if missed.count == 1 else "reminders"
        self.banner.show_note(f"While Unknot was closed, {missed.count} {noun} passed ({times}).")

    def open_from_reminder(self, reminder_id: str) -> None:
        self.banner.hide()
        reminder = next((r for r in self.reminders.reminders if r.id == reminder_id), None)
        if reminder is not None and reminder.routine_id in self.routines:
            self.open_routine_now(reminder.routine_id)
        else:
            self.go_home()

    def open_routine_now(self, routine_id: str) -> None:
        """Opens a routine ready to start, from anywhere but a running session."""
        if self._session_active():
            return
        if self.screening is None:
            # The safety questions come first, whatever opened the app.
            return
        self.history = ["home"]
        self.manager.current = "home"
        self.open_routine(routine_id)

    def snooze(self, reminder_id: str, minutes: int) -> None:
        self.banner.hide()
        self.reminders.snooze(reminder_id, timedelta(minutes=minutes))

    def export_reminders(self, folder: Path | None = None) -> Path | None:
        """Writes the reminders as an .ics file a calendar app imports; says where, or why not."""
        zone = self.reminders.zone
        zone_key = getattr(zone, "key", None)
        if not isinstance(zone_key, str):
            self.reminders_screen.message = (
                "The time zone's name is unknown, so a calendar would get the times wrong "
                "after the clocks change; nothing was exported."
            )
            return None
        path = (folder or export_folder()) / ICS_FILE
        titles = {r.id: r.title for r in self.report.routines}
        try:
            count = export_ical(path, self.reminders.reminders, titles, zone_key, self.wall_clock())
        except IcalExportError as error:
            self.reminders_screen.message = str(error)
            return None
        except OSError as error:
            self.reminders_screen.message = f"Could not write {path} ({error.strerror})."
            return None
        noun = "reminder" if count == 1 else "reminders"
        self.reminders_screen.message = (
            f"Saved {count} {noun} to {path}. Open that file with your calendar app: "
            "it will remind you even when Unknot is closed."
        )
        return path

    def toggle_exact_reminders(self) -> None:
        """Android 12+: exact times need the person to allow them in the system's settings."""
        exact = not self.settings.exact_reminders
        self.apply(replace(self.settings, exact_reminders=exact))
        self.reminders_screen.exact = exact
        alarms = self.all_services.alarms
        if exact and not alarms.exact_possible():
            alarms.ask_for_exact()
            self.reminders_screen.message = (
                "Android asks you to allow Unknot to set alarms and reminders; "
                "until you do, reminders may come a few minutes late."
            )
        self.reminders.arm()

    def apply(self, settings: Settings) -> None:
        self.settings = settings
        self.settings_store.save(settings)
        self.font_scale = settings.font_scale
        self.controller.services = apply_settings(self.all_services, settings)
        self.controller.cues.services = self.controller.services

    # -- keys and lifecycle ----------------------------------------------------

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        current = self.manager.current
        if current == "player" and self._session_active():
            actions: dict[int, Callable[[], None]] = {
                KEY_SPACE: self.controller.toggle_pause,
                KEY_RIGHT: self.controller.skip,
                KEY_LEFT: self.controller.back,
                KEY_ESCAPE: lambda: self.controller.stop(EndReason.STOPPED_BY_PERSON),
            }
            action = actions.get(key)
            if action is not None:
                action()
                return True
            return False
        if key == KEY_ESCAPE:
            if current == "first_run" and self.screening is None:
                return True  # the safety questions are answered before anything else
            if current == "home":
                if platform == "android":
                    self.stop()
                return True
            if current != "pain":
                self.go_back()
            return True
        return False

    def on_pause(self) -> bool:
        """Saves where the session stands: on Android, on_resume may never come."""
        session = self.controller.session
        if session is not None and self._session_active():
            try:
                write_atomic(self.data_dir / CHECKPOINT_FILE, json.dumps(session.checkpoint()))
            except OSError as error:
                log.warning("Could not save the session's checkpoint: %s", error)
        return True

    def on_start(self) -> None:
        self.reminders.start()
        if platform == "android":
            self._listen_for_reminder_taps()
        if self.open_routine_id:
            if self.open_routine_id in self.routines:
                self.open_routine_now(self.open_routine_id)
            else:
                log.warning("No routine with the id %r", self.open_routine_id)

    def _listen_for_reminder_taps(self) -> None:
        """A tapped reminder notification opens its routine, at launch or while running."""
        from kivy.clock import mainthread

        from unknot.services.android_alarms import launch_routine_id, on_reminder_opened

        self.open_routine_id = self.open_routine_id or launch_routine_id()
        try:
            on_reminder_opened(mainthread(self._open_if_known))
        except Exception as error:
            log.warning("Reminder taps will not open routines (%s)", error)

    def _open_if_known(self, routine_id: str) -> None:
        if routine_id in self.routines:
            self.open_routine_now(routine_id)

    def on_resume(self) -> None:
        self.controller.tick()
        self.reminders.check()

    def on_stop(self) -> None:
        self.controller.finish_quietly()
        self.reminders.stop()
        self.history_store.close()
        self.all_services.close()

    def get_application_name(self) -> str:
        return f"Unknot {__version__}"

    def _session_active(self) -> bool:
        session = self.controller.session
        return session is not None and session.state in (
            SessionState.RUNNING,
            SessionState.PAUSED,
        )

    def _session_running(self) -> bool:
        session = self.controller.session
        return session is not None and session.state is SessionState.RUNNING


def _device_zone() -> tzinfo:
    """Android names its zone through Java (zoneinfo cannot read its tz files)."""
    if platform == "android":
        from unknot.services.android_alarms import device_zone

        return device_zone()
    return local_zone()


def run(open_routine_id: str | None = None) -> None:
    UnknotApp(open_routine_id=open_routine_id).run()
