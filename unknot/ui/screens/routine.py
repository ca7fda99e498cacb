"""A routine before it starts: what it is, its steps, its total time, its safety notes.

What the person's safety answers say comes first (check with a clinician first,
steps left out); then each step with its dose and its instruction, so the person
knows what they will do before Start, and a step to skip is marked beside it.
Each step's picture stands beside its words (the first frame, the side the
picture draws), so the whole routine can be read, and seen, before Start.

A routine whose steps offer seated versions has a "Lying / Seated" choice here;
the steps and pictures shown are the chosen form's, and so is what Start plays.
"""

from __future__ import annotations

from collections.abc import Sequence

from kivy.metrics import dp
from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.routines.durations import format_time
from unknot.core.routines.model import Routine, Step
from unknot.core.safety.screening import RoutineNotes
from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, step_picture  # noqa: F401 (kv rules used here)
from unknot.ui.widgets.common import Bullet, Muted, Text

CUE_BESIDE_EMS = 15
"""The instruction stands beside the picture when its column holds some 30 characters a
line; narrower (a phone at large text), it goes under the picture and the title, full width."""


def step_summary(step: Step) -> str:
    """A step's dose in words: '10 reps, hold 5s, rest 10s', '3m', 'left and right'."""
    parts = []
    if step.duration is not None:
        parts.append(format_time(step.duration))
    if step.reps is not None:
        parts.append(f"{step.reps} reps")
        parts.append(f"hold {format_time(step.hold)}" if step.hold else "at your own pace")
    if step.rest_between_reps:
        parts.append(f"rest {format_time(step.rest_between_reps)} between reps")
    if step.sets > 1:
        parts.append(f"{step.sets} sets")
    if step.sides:
        parts.append(" and ".join(step.sides))
    if step.pressure:
        parts.append("pressure")
    return ", ".join(parts)


class StepRow(BoxLayout):
    """One step: its picture, and beside it the title, the dose, any mark and the instruction.

    The instruction moves under the picture when the column beside it is too narrow
    to read (a phone at large text); nothing else of the row changes with its width.
    """

    source = StringProperty()
    """The step's first picture, or "" (no picture: the words take the whole width)."""
    cue_beside = BooleanProperty(True)
    picture_width = NumericProperty(0)

    def __init__(self, cue: Text | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.cue = cue
        self.bind(width=self._place_cue, cue_beside=self.move_cue)
        if cue is not None:
            cue.bind(font_size=self._place_cue)

    def _place_cue(self, *_args: object) -> None:
        if self.cue is not None:
            column = self.width - (self.picture_width + dp(12) if self.source else 0)
            self.cue_beside = column >= CUE_BESIDE_EMS * self.cue.font_size

    def move_cue(self, *_args: object) -> None:
        """The instruction, last, in the column beside the picture or in the row under it."""
        cue = self.cue
        if cue is None:
            return
        if cue.parent is not None:
            cue.parent.remove_widget(cue)
        (self.ids.words if self.cue_beside else self.ids.below).add_widget(cue)


def step_row(index: int, step: Step, mark: str) -> StepRow:
    """A step as this screen lists it; one row a step, its picture as drawn (one side).

    A step for several sides shows the side its picture draws: the player mirrors
    it for the others.
    """
    path = step.image_path
    cue = Text(text=step.cue) if step.cue else None
    row = StepRow(cue=cue, source=str(path) if path is not None else "")
    words = row.ids.words
    words.add_widget(Text(text=f"{index + 1}. {step.title}", bold=True))
    words.add_widget(Muted(text=step_summary(step)))
    if mark:
        words.add_widget(Text(text=mark, bold=True, color=theme.WARNING))
    row.move_cue()  # after the words above, beside the picture or under it
    return row


class RoutineScreen(Screen):
    routine = ObjectProperty(None, allownone=True)
    total = StringProperty()
    builtin = BooleanProperty(True)
    message = StringProperty()
    position = OptionProperty("", options=["", "lying", "seated"])
    """The "Lying / Seated" choice shown: "" for a routine without seated versions."""

    __events__ = (
        "on_start",
        "on_remind",
        "on_back",
        "on_red_flags",
        "on_edit",
        "on_duplicate",
        "on_export",
        "on_delete",
        "on_seated",
    )

    def show(
        self,
        routine: Routine,
        *,
        builtin: bool = True,
        notes: Sequence[str] = (),
        seated: bool | None = None,
    ) -> None:
        """``notes`` come from the person's safety answers and go first, above everything.

        ``notes`` may carry a mark for each step (``RoutineNotes``), shown with the step.
        ``seated`` is None for a routine without seated versions (no choice shown),
        else which form ``routine`` is: the choice shows it as the active one.
        """
        self.routine = routine
        self.builtin = builtin
        self.message = ""
        self.position = "" if seated is None else ("seated" if seated else "lying")
        self.total = routine.length
        answers = self.ids.answer_notes
        answers.clear_widgets()
        for note in notes:
            answers.add_widget(Text(text=note, bold=True, color=theme.WARNING))
        marks = notes if isinstance(notes, RoutineNotes) else RoutineNotes()
        steps = self.ids.steps
        steps.clear_widgets()
        for index, step in enumerate(routine.steps):
            steps.add_widget(step_row(index, step, marks.mark(index)))
        holder = self.ids.safety
        holder.clear_widgets()
        for note in routine.safety:
            holder.add_widget(Bullet(text=note))

    def choose(self, seated: bool) -> None:
        """A tap on Lying or Seated: the flow keeps the choice and shows that form."""
        if self.position and self.position != ("seated" if seated else "lying"):
            self.dispatch("on_seated", seated)

    def on_seated(self, seated: bool) -> None:
        pass

    def on_start(self) -> None:
        pass

    def on_remind(self) -> None:
        pass

    def on_edit(self) -> None:
        pass

    def on_duplicate(self) -> None:
        pass

    def on_export(self) -> None:
        pass

    def on_delete(self) -> None:
        pass

    def on_back(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
