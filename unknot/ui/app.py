"""The Kivy App: builds the services and screens, wires their events, forwards the lifecycle.

Screens know nothing of each other: each dispatches events ("open this
routine", "pain is worse") and this module decides where that leads. The
clinical decisions are the core's (``pain_rule``, ``session``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.config import Config
from kivy.core.window import Window
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.utils import platform

from unknot import __version__
from unknot.core.atomic import write_atomic
from unknot.core.clock import MonotonicClock, device_clock
from unknot.core.loader import LoadReport, load_routines
from unknot.core.model import Routine
from unknot.core.pain_rule import StartAdvice, before_start
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.plan import PainCheckReason
from unknot.core.session import EndReason, Session, SessionState
from unknot.core.settings import Settings, SettingsStore
from unknot.services import Services, apply_settings, create_services
from unknot.ui import theme
from unknot.ui.screens.finished import FinishedScreen
from unknot.ui.screens.home import HomeScreen
from unknot.ui.screens.pain_check import PainCheckScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.red_flags import RedFlagsScreen
from unknot.ui.screens.routine import RoutineScreen
from unknot.ui.screens.settings import SettingsScreen
from unknot.ui.screens.start_check import StartCheckScreen
from unknot.ui.screens.stopped import StoppedScreen
from unknot.ui.session_controller import SessionController

log = logging.getLogger("unknot.app")

KEY_ESCAPE, KEY_SPACE, KEY_LEFT, KEY_RIGHT = 27, 32, 276, 275
CHECKPOINT_FILE = "session.json"
SETTINGS_FILE = "settings.json"


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
    ) -> None:
        super().__init__()
        self.routine_dirs = tuple(routine_dirs)
        self._data_dir = data_dir
        self._given_services = services
        self.clock = clock or device_clock()
        self.report = LoadReport((), ())
        self.routines: dict[str, Routine] = {}
        self.history: list[str] = []
        self.current_routine: Routine | None = None

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
        self.all_services = self._given_services or create_services(platform)
        self.controller = SessionController(apply_settings(self.all_services, settings), self.clock)
        self.font_scale = settings.font_scale

        self.report = load_routines(self.routine_dirs)
        self.routines = {routine.id: routine for routine in self.report.routines}
        self.manager = ScreenManager(transition=NoTransition())
        self._add_screens(settings)
        self._wire()
        Window.bind(on_keyboard=self._on_keyboard)
        return self.manager

    def _add_screens(self, settings: Settings) -> None:
        self.home = HomeScreen(name="home")
        self.home.show(self.report.routines, self.report.failures)
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
        ):
            self.manager.add_widget(screen)

    def _wire(self) -> None:
        red_flags = lambda *_: self.go("red_flags")  # noqa: E731
        self.home.bind(
            on_open=lambda _s, routine_id: self.open_routine(routine_id),
            on_settings=lambda *_: self.go("settings"),
            on_red_flags=red_flags,
        )
        self.routine_screen.bind(
            on_start=lambda *_: self.prepare_start(),
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
        self.red_flags.bind(on_back=lambda *_: self.go_back())
        for ending in (self.stopped, self.finished):
            ending.bind(on_home=lambda *_: self.go_home(), on_red_flags=red_flags)
        self.settings_screen.bind(
            on_change=lambda _s, settings: self.apply(settings),
            on_back=lambda *_: self.go_back(),
        )
        self.controller.bind(
            on_pain_check=lambda *_: self.show_pain_check(),
            on_end=lambda _c, session: self.show_end(session),
        )

    # -- navigation ------------------------------------------------------------

    def go(self, name: str) -> None:
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
        self.history.clear()
        self.manager.current = "home"

    def open_routine(self, routine_id: str) -> None:
        routine = self.routines.get(routine_id)
        if routine is None:
            log.warning("No routine with the id %r", routine_id)
            return
        self.current_routine = routine
        self.routine_screen.show(routine)
        self.go("routine")

    def open_restful(self) -> None:
        restful = next((r for r in self.report.routines if r.restful), None)
        if restful is not None:
            self.open_routine(restful.id)

    def prepare_start(self) -> None:
        self.start_check.ask()
        self.go("start_check")

    def start_with_baseline(self, rating: int) -> None:
        routine = self.current_routine
        if routine is None:
            return
        check = before_start(rating, routine, red_flag=False)
        if check.advice is StartAdvice.RESTFUL_ONLY:
            self.start_check.show_advice(check.message)
            return
        self.controller.begin(routine, rating)
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
        self.history = ["home"]
        if session.end_reason is EndReason.COMPLETED:
            self.finished.show(session)
            self.manager.current = "finished"
        elif session.end_reason is EndReason.RED_FLAG:
            self.manager.current = "red_flags"
        else:
            self.stopped.show(session)
            self.manager.current = "stopped"

    def apply(self, settings: Settings) -> None:
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

    def on_resume(self) -> None:
        self.controller.tick()

    def on_stop(self) -> None:
        self.controller.finish_quietly()
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


def run() -> None:
    UnknotApp().run()
