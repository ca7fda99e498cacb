"""A routine before it starts: what it is, its steps, its total time, its safety notes."""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.routines.durations import format_span, format_time
from unknot.core.routines.model import Routine, Step
from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import Muted, Text


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
        """``notes`` come from the person's safety answers and go before the routine's own."""
        self.routine = routine
        self.builtin = builtin
        self.message = ""
        self.total = format_span(*routine.seconds_range())
        steps = self.ids.steps
        steps.clear_widgets()
        for number, step in enumerate(routine.steps, start=1):
            steps.add_widget(Text(text=f"{number}. {step.title}", bold=True))
            steps.add_widget(Muted(text=step_summary(step)))
        holder = self.ids.safety
        holder.clear_widgets()
        for note in notes:
            holder.add_widget(Text(text=f"•  {note}", bold=True, color=theme.WARNING))
        for note in routine.safety:
            holder.add_widget(Text(text=f"•  {note}"))

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
