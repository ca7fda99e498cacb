"""The home screen: the routines as cards, and any routine that failed to load."""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from unknot.core.routines.home_index import Card, HomeCards
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, step_picture  # noqa: F401 (kv rules used here)


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

    _cards: HomeCards | None = None

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

    def show(self, cards: HomeCards) -> None:
        """The cards, unless they are the ones shown: the routines read just after the
        first frame usually say what home's index said (``home_index``)."""
        if cards == self._cards:
            return
        self._cards = cards
        self._fill(self.ids.routine_list, cards.builtin)
        self._fill(self.ids.mine_list, cards.mine)
        self.has_mine = bool(cards.mine)
        self.failure_texts = list(cards.failures)
        listed = self.ids.failure_list
        listed.clear_widgets()
        for text in self.failure_texts:
            listed.add_widget(FailureRow(text=text))

    def _fill(self, grid: Widget, cards: Sequence[Card]) -> None:
        grid.clear_widgets()
        for card in cards:
            row = RoutineRow(
                title=card.title,
                details=card.details,
                routine_id=card.id,
                picture=card.picture,
                picture_shown=self.pictures_shown,
            )
            row.bind(on_release=lambda row: self.dispatch("on_open", row.routine_id))
            row.bind(needed=lambda *_, grid=grid: self._even(grid))
            grid.add_widget(row)
        grid.bind(cols=lambda grid, _cols: self._even(grid))
        self._even(grid)

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
