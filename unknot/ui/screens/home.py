"""The home screen: the routines as cards, and any routine that failed to load."""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from unknot.core.routines.model import Routine
from unknot.core.routines.pictures import thumbnail_of
from unknot.core.routines.problems import RoutineError
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, step_picture  # noqa: F401 (kv rules used here)


def routine_details(routine: Routine) -> str:
    """The line under a card's title: the total time and the tags."""
    details = [routine.length]
    if routine.tags:
        details.append(" · ".join(routine.tags))
    return "   ".join(details)


def routine_picture(routine: Routine) -> str:
    """A card's small picture: the first picture of the first step that has one, or ""."""
    first = next((s.image_path for s in routine.steps if s.image_path is not None), None)
    return "" if first is None else str(thumbnail_of(first))


class RoutineRow(ButtonBehavior, BoxLayout):
    """One routine on the home screen: tap it to open the routine."""

    title = StringProperty()
    details = StringProperty()
    routine_id = StringProperty()
    picture = StringProperty()
    """The file of the card's small picture, or "" for none: its room is kept from the start."""
    picture_shown = BooleanProperty(True)
    """False until the screen's first frame is drawn (:meth:`HomeScreen.show_pictures`)."""
    needed = NumericProperty(0)
    """The height its own words take."""
    even_height = NumericProperty(0)
    """Set by the list in two columns: every card as tall as the tallest, tops in line."""


class FailureRow(Label):
    """A routine file that did not load, with its problems as the validator prints them."""


class HomeScreen(Screen):
    """Lists routines, the person's own apart; a routine that failed to load shows its problems."""

    failure_texts = ListProperty()
    has_mine = BooleanProperty(False)
    notice = StringProperty()
    can_undo = BooleanProperty(False)
    pictures_shown = BooleanProperty(True)
    """False: the cards keep their pictures' room but draw none yet. The app starts home
    so, to leave decoding the pictures out of its first frame (bench/startup.py), and
    calls :meth:`show_pictures` at the next one."""

    __events__ = (
        "on_open",
        "on_settings",
        "on_reminders",
        "on_history",
        "on_red_flags",
        "on_new_routine",
        "on_import",
        "on_undo",
        "on_sleep",
    )

    def show(
        self,
        routines: Sequence[Routine],
        failures: Sequence[RoutineError],
        mine: Sequence[Routine] = (),
    ) -> None:
        """``routines`` are the built-in ones, ``mine`` the person's own."""
        self._fill(self.ids.routine_list, routines)
        self._fill(self.ids.mine_list, mine)
        self.has_mine = bool(mine)
        self.failure_texts = [
            "\n".join(str(problem) for problem in failure.problems) for failure in failures
        ]
        listed = self.ids.failure_list
        listed.clear_widgets()
        for text in self.failure_texts:
            listed.add_widget(FailureRow(text=text))

    def _fill(self, cards: Widget, routines: Sequence[Routine]) -> None:
        cards.clear_widgets()
        for routine in routines:
            row = RoutineRow(
                title=routine.title,
                details=routine_details(routine),
                routine_id=routine.id,
                picture=routine_picture(routine),
                picture_shown=self.pictures_shown,
            )
            row.bind(on_release=lambda row: self.dispatch("on_open", row.routine_id))
            row.bind(needed=lambda *_, grid=cards: self._even(grid))
            cards.add_widget(row)
        cards.bind(cols=lambda grid, _cols: self._even(grid))
        self._even(cards)

    def show_pictures(self) -> None:
        self.pictures_shown = True
        for cards in (self.ids.routine_list, self.ids.mine_list):
            for row in cards.children:
                if isinstance(row, RoutineRow):
                    row.picture_shown = True

    @staticmethod
    def _even(cards: Widget) -> None:
        """In two columns, cards of uneven heights had uneven tops: all take the tallest's."""
        rows = [w for w in cards.children if isinstance(w, RoutineRow)]
        tallest = max((row.needed for row in rows), default=0) if cards.cols > 1 else 0
        for row in rows:
            row.even_height = tallest

    def tell(self, text: str, *, undo: bool = False) -> None:
        self.notice = text
        self.can_undo = undo

    def on_open(self, routine_id: str) -> None:
        pass

    def on_settings(self) -> None:
        pass

    def on_reminders(self) -> None:
        pass

    def on_history(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_new_routine(self) -> None:
        pass

    def on_import(self) -> None:
        pass

    def on_undo(self) -> None:
        pass

    def on_sleep(self) -> None:
        pass


load_kv_beside(__file__)
