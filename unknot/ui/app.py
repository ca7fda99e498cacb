"""The Kivy App: builds the stores, services, navigator and flows, wires them, and forwards
the lifecycle.

Nothing here decides anything. The flows (``unknot.ui.flows``) move between
screens; the core decides (``pain_rule``, ``session``, the history's rules);
the navigator alone shows screens and keeps the back stack.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock, mainthread
from kivy.config import Config
from kivy.core.window import Window
from kivy.properties import NumericProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.utils import platform

from unknot import __version__
from unknot.core.clock.monotonic import MonotonicClock, device_clock
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.checkpoint_file import CHECKPOINT_FILE
from unknot.core.routines.home_index import HOME_INDEX_FILE, HomeIndexStore, index_key
from unknot.core.routines.seated_choice import SEATED_FILE, SeatedChoiceStore
from unknot.core.safety.screening import ScreeningStore, answered
from unknot.core.settings import Settings, SettingsStore
from unknot.core.storage.atomic import fsync_directory, make_folders
from unknot.core.storage.instance_lock import InstanceLock
from unknot.core.storage.notices import Notices
from unknot.core.storage.temp_files import remove_stale_temp_files
from unknot.ui import theme
from unknot.ui.catalog import Catalog
from unknot.ui.first_layout import settle
from unknot.ui.flows.browse import BrowseFlow
from unknot.ui.flows.settings import SettingsFlow
from unknot.ui.flows.sleep import SleepFlow
from unknot.ui.navigator import Name, Navigator
from unknot.ui.widgets.data_notices import DataNotices

if TYPE_CHECKING:  # imported by _wire, after home's first frame (bench/startup.py)
    from unknot.core.history.advisor import HistoryAdvisor
    from unknot.core.history.store import HistoryStore
    from unknot.core.routines.library import RoutineLibrary
    from unknot.services import Services
    from unknot.services.cue_gate import CueGate
    from unknot.services.dialer import CallForHelp
    from unknot.ui.flows.history import HistoryFlow
    from unknot.ui.flows.library import LibraryFlow
    from unknot.ui.flows.reminders import RemindersFlow
    from unknot.ui.flows.resume import ResumeFlow
    from unknot.ui.flows.session import SessionFlow
    from unknot.ui.flows.start import StartFlow
    from unknot.ui.reminder_controller import ReminderController, WallClock
    from unknot.ui.session_controller import SessionController
    from unknot.ui.session_keeper import SessionKeeper
    from unknot.ui.widgets.banner import ReminderBanner

log = logging.getLogger("unknot.app")

USER_ROUTINES = "routines"
SETTINGS_FILE = "settings.json"
SCREENING_FILE = "screening.json"
REMINDERS_FILE = "reminders.json"
EXPORT_STAGING = "exports"
RETRY_SAVES_EVERY_S = 30.0
"""How often saves that failed (a full or read-only folder) are tried again."""


class UnknotApp(App):
    title = "Unknot"
    font_scale = NumericProperty(1.0)
    settings: SettingsFlow
    # Made by _wire, just after home's first frame (or before it, when it is not first):
    services: Services
    wall_clock: WallClock
    call_for_help: CallForHelp
    gate: CueGate
    controller: SessionController
    history_store: HistoryStore
    advisor: HistoryAdvisor
    reminders: ReminderController
    session: SessionFlow
    keeper: SessionKeeper
    resume: ResumeFlow
    start: StartFlow
    library: LibraryFlow
    history: HistoryFlow
    reminder_flow: RemindersFlow
    banner: ReminderBanner

    def __init__(
        self,
        routine_dirs: Sequence[Path] = (BUILTIN_ROUTINES_DIR,),
        *,
        data_dir: Path | None = None,
        services: Services | None = None,
        clock: MonotonicClock | None = None,
        wall_clock: WallClock | None = None,
        zone: tzinfo | None = None,
        open_routine_id: str | None = None,
    ) -> None:
        super().__init__()
        self.routine_dirs = tuple(routine_dirs)
        self._data_dir = data_dir
        self._given_services = services
        self.clock = clock or device_clock()
        self._given_wall_clock = wall_clock
        """The wall clock (UTC); None: the device's, from ``_wire``."""
        self.zone = zone
        self.open_routine_id = open_routine_id
        self._wired = False
        self._first_frame_drawn = False

    @property
    def data_dir(self) -> Path:
        """The person's folder: Kivy's user_data_dir (the app folder is read-only on Android)."""
        folder = self._data_dir or Path(self.user_data_dir)
        make_folders(folder)
        return folder

    def _get_user_data_dir(self) -> str:
        """Kivy's folder for the person's data, with its missing parents made too.

        Kivy makes the folder with a plain mkdir: on a first start in a home with no
        ``.config`` folder it raised FileNotFoundError and the app never opened.
        """
        try:
            made = Path(super()._get_user_data_dir())
        except FileNotFoundError as error:
            made = Path(str(error.filename))
            make_folders(made)
        fsync_directory(made.parent)  # Kivy's plain mkdir, made durable (once per start)
        return str(made)

    def run(self) -> None:
        """Opens the app, unless it is open on this data folder already: then says so.

        The folder's lock is held for as long as the app runs; the system lets it
        go when the process ends, even by a crash. Only this, the UI, takes it.
        """
        lock = InstanceLock(self.data_dir)
        if not lock.acquire():
            from unknot.ui.already_open import AlreadyOpenApp

            AlreadyOpenApp(lock.holder_pid).run()
            return
        try:
            remove_stale_temp_files(self.data_dir, into=(USER_ROUTINES, EXPORT_STAGING))
            super().run()
        finally:
            lock.release()

    @property
    def manager(self) -> Any:
        """The ScreenManager, to read (tests, screenshots); only the navigator changes it."""
        return self.nav.manager

    def build(self) -> BoxLayout:
        """Home, and what it shows: the routines, as the safety answers shape them, in the
        text size of the settings, under the data notices.

        The rest of the app (the services, the history, the reminders and their
        banner, hidden until one is due, a session's flows) is wired by :meth:`_wire`,
        just after home's first frame, or before it when the first screen is another
        (:meth:`on_start`): its imports and stores were most of Unknot's start beyond
        Kivy's own (bench/README.md, startup.py).
        """
        Window.clearcolor = theme.BACKGROUND
        Config.set("kivy", "exit_on_escape", "0")
        data = self.data_dir
        self.nav = nav = Navigator()
        self.notices = notices = Notices()
        self._screening_store = ScreeningStore(data / SCREENING_FILE, notices=notices)
        self._screening = screening = self._screening_store.load()
        # Answers missing a newer question count as none: the questions come first.
        seated_store = SeatedChoiceStore(data / SEATED_FILE, notices=notices)
        self.catalog = catalog = Catalog(self._open_library, answered(screening), seated_store)
        settings_store = SettingsStore(data / SETTINGS_FILE, notices=notices)
        self.settings = SettingsFlow(
            nav,
            settings_store,
            self._screening_store,
            catalog,
            warning_signs=lambda: self.session.warning_signs(),
            region_number=lambda: self.call_for_help.region_number(),
        )
        self.settings.on_applied(self._apply)
        self.browse = BrowseFlow(
            nav, catalog, lambda: self.advisor, busy=lambda: self.session.active()
        )
        self.sleep = SleepFlow(
            nav,
            catalog,
            open_routine=self.browse.open,
            warning_signs=lambda: self.session.warning_signs(),
        )
        nav.register(Name.HOME, self._home)
        nav.register(Name.ROUTINE, self._routine)
        # The flow's load is the one load: a second would find a damaged file already
        # set aside and forget what it had to say about it.
        self.font_scale = self.settings.settings.font_scale
        self._home_index = HomeIndexStore(data / HOME_INDEX_FILE)
        catalog.on_changed(lambda: self._home_index.save(self._home_key(), catalog.home_cards()))
        self._home_is_first = self._home_first()
        cards = self._home_index.load(self._home_key()) if self._home_is_first else None
        if cards is None:
            catalog.reload()
        else:  # the routines are read by _wire, at the next frame
            nav.screen(Name.HOME).show(cards)
        Window.bind(on_keyboard=self._on_keyboard)
        self._offer_fresh_starts(settings_store, self._screening_store, seated_store)
        self._retry_saves = Clock.schedule_interval(
            lambda _dt: notices.retry(), RETRY_SAVES_EVERY_S
        )
        self._layout = layout = BoxLayout(orientation="vertical")
        layout.add_widget(DataNotices(notices))
        layout.add_widget(nav.manager)  # the reminder banner goes between them (_wire)
        settle(layout, Window.size)
        return layout

    def _home_first(self) -> bool:
        """Whether home is the first screen: not the safety questions, a session cut off
        last time, nor a routine asked for at the start."""
        routine_asked = self.open_routine_id is not None
        cut_off = (self.data_dir / CHECKPOINT_FILE).exists()
        return not routine_asked and not cut_off and self.settings.answered()

    def _home_key(self) -> str:
        """What home's cards are made of (``home_index``): the routine folders, the
        safety answers and the Lying / Seated choices."""
        data = self.data_dir
        folders = [*self.routine_dirs, data / USER_ROUTINES]
        return index_key(folders, [data / SCREENING_FILE, data / SEATED_FILE], __version__)

    def _open_library(self) -> RoutineLibrary:
        from unknot.core.routines.library import RoutineLibrary

        folder = self.data_dir / USER_ROUTINES
        return RoutineLibrary(self.routine_dirs, folder, notices=self.notices)

    def _wire(self) -> None:
        """Everything but home: the services, the stores and the flows, wired together.

        Once, from :meth:`_ready`; none of it is needed to show home, and nothing can be
        tapped before it (it runs at the frame after home's first, before that frame's
        touches).
        """
        if self._wired:
            return
        self._wired = True
        if not self.catalog.loaded:  # home's first frame came from its index
            self.catalog.reload()
        from unknot.core.history.advisor import HistoryAdvisor
        from unknot.core.history.store import HISTORY_FILE, HistoryStore
        from unknot.core.reminders.store import ReminderStore
        from unknot.services import apply_settings, create_services
        from unknot.services.cue_gate import CueGate
        from unknot.services.dialer import CallForHelp
        from unknot.ui.exporter import Exporter
        from unknot.ui.flows.history import HistoryFlow
        from unknot.ui.flows.library import LibraryFlow
        from unknot.ui.flows.reminders import RemindersFlow
        from unknot.ui.flows.resume import ResumeFlow
        from unknot.ui.flows.session import SessionFlow
        from unknot.ui.flows.start import StartFlow
        from unknot.ui.history_recorder import HistoryRecorder
        from unknot.ui.reminder_controller import ReminderController, utc_now
        from unknot.ui.session_controller import SessionController
        from unknot.ui.session_keeper import SessionKeeper
        from unknot.ui.widgets.banner import ReminderBanner

        data = self.data_dir
        nav, notices, catalog, browse = self.nav, self.notices, self.catalog, self.browse
        self.wall_clock = wall_clock = self._given_wall_clock or utc_now
        self.services = services = self._given_services or create_services(
            platform, exact_reminders=lambda: self.settings.settings.exact_reminders
        )
        warning_signs = lambda: self.session.warning_signs()  # noqa: E731
        self.call_for_help = call_for_help = CallForHelp(
            services.dialer,
            lambda: self.settings.settings.emergency_number,
            can_dial=services.traits.can_dial,
        )
        self.settings.can_vibrate = services.traits.can_vibrate
        settings = self.settings.settings
        # The gate mutes the app's cues while the cue service plays them (Android, locked).
        self.gate = CueGate()
        self.controller = SessionController(
            self.gate.wrap(apply_settings(services, settings)), self.clock
        )
        self.history_store = HistoryStore(data / HISTORY_FILE, notices=notices)
        zone = self.zone or services.zone()
        self.advisor = advisor = HistoryAdvisor(self.history_store, zone, wall_clock)
        self.reminders = ReminderController(
            ReminderStore(data / REMINDERS_FILE, notices=notices),
            zone,
            services.notifier,
            services.alarms,
            titles=catalog.titles,
            busy=lambda: self.session.active(),
            wall_clock=wall_clock,
        )
        exporter = Exporter(
            services.documents,
            data / EXPORT_STAGING,
            through_system=services.traits.saves_through_system,
        )
        recorder = HistoryRecorder(self.history_store, self.controller, wall_clock, notices)
        self.session = SessionFlow(
            nav,
            self.controller,
            recorder,
            self.reminders,
            advisor,
            catalog,
            screening_store=self._screening_store,
            after_session=self._after_session,
            open_routine=browse.open,
            call_for_help=call_for_help,
            heat_alarm=services.heat_alarm,
        )
        self.keeper = SessionKeeper(
            self.controller,
            recorder,
            services.carrier(data),
            self.gate,
            data,
            clock=self.clock,
            wall_clock=wall_clock,
            show=self._show_session,
        )
        self.resume = ResumeFlow(nav, self.keeper, self.session, notices)
        self.start = StartFlow(
            nav,
            catalog,
            advisor,
            current=lambda: browse.current,
            begin=self.session.begin,
            ask_safety_answers=self.settings.ask_safety_answers,
            warning_signs=warning_signs,
            urgent_care=self.session.urgent_care,
            open_restful=browse.open_restful,
            say=browse.say,
        )
        self.library = LibraryFlow(
            nav,
            catalog.library,
            catalog,
            browse,
            exporter,
            services.documents,
            try_routine=self.start.start,
            warning_signs=warning_signs,
        )
        self.history = HistoryFlow(
            nav,
            self.history_store,
            advisor,
            exporter,
            reminders=lambda: self.reminders.reminders,
            warning_signs=warning_signs,
        )
        self.banner = ReminderBanner()  # hidden until a reminder is due
        self._layout.add_widget(self.banner, index=1)  # under the data notices
        self.reminder_flow = RemindersFlow(
            nav,
            self.reminders,
            catalog,
            browse,
            self.settings,
            exporter,
            services.traits,
            self.banner,
            warning_signs=warning_signs,
        )
        self._offer_fresh_starts(self.reminders.store)

    def _offer_fresh_starts(self, *stores: Any) -> None:
        """A file that is there but cannot be read can be started afresh, by the person.

        The stores tell ``notices`` themselves as they load, so the first screen says
        what was set aside or could not be read. A file that cannot be read is kept,
        and never written over, until it reads again or the person taps this.
        """
        for store in stores:
            if store.unreadable:
                self.notices.offer(store.load_key, "Start this file afresh", store.start_afresh)

    # -- the two screens every flow leads from -----------------------------------------

    def _home(self) -> Screen:
        from unknot.ui.screens.home import HomeScreen

        # Before home's first frame, the cards' pictures wait for the next (_after_home_shown).
        screen = HomeScreen(pictures_shown=self._first_frame_drawn)
        screen.bind(
            on_open=lambda _s, routine_id: self.browse.open(routine_id),
            on_settings=lambda *_: self.settings.open(),
            on_reminders=lambda *_: self.reminder_flow.open(),
            on_history=lambda *_: self.history.show(),
            on_red_flags=lambda *_: self.session.warning_signs(),
            on_new_routine=lambda *_: self.library.new(),
            on_import=lambda *_: self.library.choose_import(),
            on_undo=lambda *_: self.library.undo(),
            on_sleep=lambda *_: self.sleep.open(),
        )
        return screen

    def _routine(self) -> Screen:
        from unknot.ui.screens.routine import RoutineScreen

        def on_current(action: Any) -> Any:
            return lambda *_: self.browse.current and action(self.browse.current.id)

        screen = RoutineScreen()
        screen.bind(
            on_start=lambda *_: self.start.start(),
            on_remind=on_current(self.reminder_flow.remind_me),
            on_duplicate=on_current(self.library.duplicate),
            on_edit=on_current(self.library.edit),
            on_export=on_current(self.library.export),
            on_delete=on_current(self.library.delete),
            on_seated=lambda _s, seated: self.browse.choose_seated(seated),
            on_back=lambda *_: self.nav.back(),
            on_red_flags=lambda *_: self.session.warning_signs(),
        )
        return screen

    def _after_session(self) -> None:
        """Home, or the editor again after its Try it."""
        if not self.library.back_to_editor():
            self.browse.home()

    def _show_session(self, screen: str) -> None:
        """A tap on the cue service's notification: the player, or the pain check due."""
        if screen == "pain":
            self.session.show_pain_check()
        else:
            self.nav.show(Name.PLAYER)

    def _apply(self, settings: Settings) -> None:
        from unknot.services import apply_settings

        self.font_scale = settings.font_scale
        self.controller.services = self.gate.wrap(apply_settings(self.services, settings))
        self.controller.cues.services = self.controller.services

    # -- keys and lifecycle ----------------------------------------------------------

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        from unknot.ui.flows.session import KEY_ESCAPE

        self._ready()  # a key pressed before the frame after home's first
        if self.session.handle_key(key):
            return True
        if key != KEY_ESCAPE:
            return False
        current = self.nav.current
        if current is Name.FIRST_RUN and not self.settings.answered():
            return True  # the safety questions are answered before anything else
        if current is Name.HOME:
            if self.services.traits.back_at_home_quits:
                self.stop()
        elif current is Name.EDITOR:
            self.library.editor.cancel()  # asks first when there are changes
        elif current is not Name.PAIN:
            self.nav.back()
        return True

    def on_start(self) -> None:
        """Home alone before its first frame, when home is the first screen; the rest of
        the app just after it (:meth:`_after_first_frame`). The safety questions, a
        session cut off last time and a routine asked for come first: then all now."""
        Window.bind(on_flip=self._after_first_frame)
        if not self._home_is_first:  # as build decided: home from its index, or not
            self._ready()

    def _ready(self) -> None:
        """The rest of the app wired, then started: the safety questions when they are
        not answered, the reminders, the offer to continue a session cut off, the
        routine a reminder or a link asked for. Once."""
        if self._wired:
            return
        self._wire()
        if not self.settings.answered():
            self.settings.first_start(earlier=self._screening)
        self.reminders.start()
        launch = self.services.launch
        self.open_routine_id = self.open_routine_id or launch.routine_id()
        launch.on_opened(mainthread(self._open_if_known))
        if self.settings.answered() and self.resume.offer():
            return  # a session cut off last time: continue it or end it, first
        if self.open_routine_id:
            self._open_if_known(self.open_routine_id)

    def _after_first_frame(self, *_args: Any) -> None:
        """What start-up leaves until home is on screen (bench/startup.py): done at the
        next frame, so that nothing is added to the one just shown."""
        Window.unbind(on_flip=self._after_first_frame)
        Clock.schedule_once(lambda _dt: self._after_home_shown())

    def _after_home_shown(self) -> None:
        from unknot.services import warm_up

        self._first_frame_drawn = True
        if self.nav.built(Name.HOME):
            self.nav.screen(Name.HOME).show_pictures()
        self._ready()
        warm_up(self.services)

    def _open_if_known(self, routine_id: str) -> None:
        if routine_id in self.catalog.shown:
            self.browse.open_now(routine_id)
        else:
            log.warning("No routine with the id %r", routine_id)

    def on_pause(self) -> bool:
        """Saves where the session stands (on Android, on_resume may never come) and hands
        its cues to the cue service."""
        if self._wired:  # else no session can have begun
            self.keeper.to_background()
            self.session.to_background()
        return True

    def on_resume(self) -> None:
        if not self._wired:
            return  # _after_first_frame does it all
        self.keeper.to_foreground()  # what the cue service did, before anything plays
        self.session.to_foreground()
        self.controller.tick()
        self.reminders.check()

    def on_stop(self) -> None:
        self._retry_saves.cancel()
        self.library.settle_pictures()  # a draft is not kept: nor are the pictures it copied
        self.notices.retry()  # a last try for what could not be saved
        if not self._wired:
            return  # closed before the frame after home's first: nothing else began
        self.controller.finish_quietly()
        self.reminders.stop()
        self.history_store.close()
        self.services.close()

    def get_application_name(self) -> str:
        return f"Unknot {__version__}"


def run(open_routine_id: str | None = None) -> None:
    UnknotApp(open_routine_id=open_routine_id).run()
