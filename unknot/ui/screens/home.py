"""The home screen: the routines to choose from, and any that failed to load."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kivy.properties import ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from unknot.core.durations import format_span
from unknot.core.model import Routine
from unknot.core.problems import RoutineError
from unknot.ui.kv import load_kv_beside

load_kv_beside(__file__)


def routine_row(routine: Routine) -> dict[str, str]:
    """What a row shows: the title, the total time and the tags."""
    low, high = routine.seconds_range()
    details = [format_span(low, high)]
    if routine.tags:
        details.append(" · ".join(routine.tags))
    return {"title": routine.title, "details": "   ".join(details), "routine_id": routine.id}


class RoutineRow(ButtonBehavior, BoxLayout):
    """One routine on the home screen: tap it to open the routine."""

    title = StringProperty()
    details = StringProperty()
    routine_id = StringProperty()


class FailureRow(Label):
    """A routine file that did not load, with its problems as the validator prints them."""


class HomeScreen(Screen):
    """Lists routines; a routine that failed to load is shown with its problems, not hidden."""

    routine_rows = ListProperty()
    failure_rows = ListProperty()

    def show(self, routines: Sequence[Routine], failures: Sequence[RoutineError]) -> None:
        self.routine_rows = [routine_row(routine) for routine in routines]
        self.failure_rows = [
            {"text": "\n".join(str(problem) for problem in failure.problems)}
            for failure in failures
        ]

    def on_routine_rows(self, _screen: HomeScreen, rows: list[dict[str, str]]) -> None:
        self._fill("routine_list", RoutineRow, rows)

    def on_failure_rows(self, _screen: HomeScreen, rows: list[dict[str, str]]) -> None:
        self._fill("failure_list", FailureRow, rows)

    def _fill(self, list_id: str, row_class: type[Any], rows: list[dict[str, Any]]) -> None:
        container = self.ids[list_id]
        container.clear_widgets()
        for row in rows:
            container.add_widget(row_class(**row))
