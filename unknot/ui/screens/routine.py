"""A routine before it starts: what it is, its steps, its total time, its safety notes.

What the person's safety answers say comes first (check with a clinician first,
steps left out); then each step with its dose and its instruction, so the person
knows what they will do before Start, and a step to skip is marked beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.routines.durations import format_time
from unknot.core.routines.model import Routine, Step
from unknot.core.safety.screening import RoutineNotes
from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import Bullet, Muted, Text


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


class RoutineScreen(Screen):
    routine = ObjectProperty(None, allownone=True)
    total = StringProperty()
    builtin = BooleanProperty(True)
    message = StringProperty()

    __events__ = (
        "on_start",
        "on_remind",
        "on_back",
        "on_red_flags",
        "on_edit",
        "on_duplicate",
        "on_export",
        "on_delete",
    )

    def show(self, routine: Routine, *, builtin: bool = True, notes: Sequence[str] = ()) -> None:
        """``notes`` come from the person's safety answers and go first, above everything.

        ``notes`` may carry a mark for each step (``RoutineNotes``), shown with the step.
        """
        self.routine = routine
        self.builtin = builtin
        self.message = ""
        self.total = routine.length
        answers = self.ids.answer_notes
        answers.clear_widgets()
        for note in notes:
            answers.add_widget(Text(text=note, bold=True, color=theme.WARNING))
        marks = notes if isinstance(notes, RoutineNotes) else RoutineNotes()
        steps = self.ids.steps
        steps.clear_widgets()
        for index, step in enumerate(routine.steps):
            steps.add_widget(Text(text=f"{index + 1}. {step.title}", bold=True))
            steps.add_widget(Muted(text=step_summary(step)))
            if marks.mark(index):
                steps.add_widget(Text(text=marks.mark(index), bold=True, color=theme.WARNING))
            if step.cue:
                steps.add_widget(Text(text=step.cue))
        holder = self.ids.safety
        holder.clear_widgets()
        for note in routine.safety:
            holder.add_widget(Bullet(text=note))

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
