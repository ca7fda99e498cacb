"""The "Sleep and screens" card: four habits for the hours outside a routine, each with
its picture, and the desk tip's way into the desk break routine.

The words and the pictures' names come from the core (``sleep_card``); this screen
only lays them out: on a phone each picture above its sentence, on a wider screen
beside it. The desk tip's button shows only while the desk break is offered to this
person (their safety answers may leave a routine out).
"""

from __future__ import annotations

from collections.abc import Iterable

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.paths import ASSETS_DIR
from unknot.core.safety.sleep_card import INTRO, OPEN_DESK_BREAK, TIPS, TITLE, Tip
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.step_picture import StepPicture

PICTURES = ASSETS_DIR / "pictures"

__all__ = ["SleepScreen", "StepPicture", "TipRow"]
"""StepPicture is named in sleep.kv: importing it here registers it for the kv rules."""


class TipRow(BoxLayout):
    """One habit: its picture and its sentence, and a routine to open if it offers one."""

    picture = StringProperty()
    text = StringProperty()
    avoid = BooleanProperty(False)
    routine_id = StringProperty()
    offered = BooleanProperty(False)
    """The tip's routine is there to open (shown to this person)."""
    button_text = StringProperty(OPEN_DESK_BREAK)
    wide = BooleanProperty(False)
    """Room for the picture beside the sentence (a tablet, a desktop window)."""

    __events__ = ("on_open_routine",)

    def on_open_routine(self, routine_id: str) -> None:
        pass


class SleepScreen(Screen):
    title = StringProperty(TITLE)
    intro = StringProperty(INTRO)
    offered = ListProperty()
    """The ids of the routines the tips may open: those this person is offered."""

    __events__ = ("on_back", "on_open_routine", "on_red_flags")

    def on_kv_post(self, _base: object) -> None:
        box = self.ids.tips
        for tip in TIPS:
            row = self._row(tip)
            row.bind(on_open_routine=lambda _row, routine_id: self.open_routine(routine_id))
            box.add_widget(row)

    @staticmethod
    def _row(tip: Tip) -> TipRow:
        return TipRow(
            picture=str(PICTURES / tip.picture),
            text=tip.text,
            avoid=tip.avoid,
            routine_id=tip.routine_id or "",
        )

    def offer(self, routine_ids: Iterable[str]) -> None:
        """Before the screen shows: which tips' routines can be opened now."""
        self.offered = list(routine_ids)
        for row in self.ids.tips.children:
            row.offered = bool(row.routine_id) and row.routine_id in self.offered

    def open_routine(self, routine_id: str) -> None:
        self.dispatch("on_open_routine", routine_id)

    def on_back(self) -> None:
        pass

    def on_open_routine(self, routine_id: str) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
