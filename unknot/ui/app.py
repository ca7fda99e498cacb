"""The Kivy App: wiring and lifecycle only; the screens and the core do the work."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kivy.app import App
from kivy.core.window import Window
from kivy.uix.screenmanager import NoTransition, ScreenManager

from unknot import __version__
from unknot.core.loader import LoadReport, load_routines
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.ui import theme
from unknot.ui.screens.home import HomeScreen


class UnknotApp(App):
    """Builds the screens and hands them the routines; holds no logic of its own."""

    title = "Unknot"

    def __init__(self, routine_dirs: Sequence[Path] = (BUILTIN_ROUTINES_DIR,)) -> None:
        super().__init__()
        self.routine_dirs = tuple(routine_dirs)
        self.report = LoadReport((), ())

    def build(self) -> ScreenManager:
        Window.clearcolor = theme.BACKGROUND
        self.report = load_routines(self.routine_dirs)
        manager = ScreenManager(transition=NoTransition())
        home = HomeScreen(name="home")
        home.show(self.report.routines, self.report.failures)
        manager.add_widget(home)
        return manager

    def get_application_name(self) -> str:
        return f"Unknot {__version__}"


def run() -> None:
    UnknotApp().run()
