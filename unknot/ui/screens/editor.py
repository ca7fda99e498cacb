"""The routine editor: the routine's fields, its steps as a list, the total time, Save and Try it.

The draft (``unknot.core.routines.draft``) holds every field as typed; each change is
checked at once with the loader's rules, and the message appears beside the
field. Save stays disabled while anything is wrong, so a routine on disk is
always one the validator accepts. One step is edited at a time on its own
screen (``StepEditorScreen``): a phone has no room for every step's fields.
"""

from __future__ import annotations

import copy
import operator
from pathlib import Path

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.draft import (
    COUNTED,
    Checked,
    RoutineDraft,
    StepDraft,
    check,
    duplicate_step,
    move_step,
    new_step,
    remove_step,
    step_path,
)
from unknot.core.routines.durations import format_span
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, form  # noqa: F401 (their kv rules are used here)
from unknot.ui.widgets.form import FormField

ROUTINE_FIELDS = ("title", "summary", "tags", "per_day", "safety")


def draft_step_line(step: StepDraft) -> str:
    """A step's dose from its typed fields, for the list, even while a field is wrong."""
    if step.kind == COUNTED:
        parts = [f"{step.reps or '?'} reps"]
        parts.append(f"hold {step.hold}" if step.hold else "at your own pace")
    else:
        parts = [step.duration or "?"]
    if step.sets.strip() not in ("", "1"):
        parts.append(f"{step.sets} sets")
    if step.sides:
        parts.append(step.sides)
    if step.pressure:
        parts.append("pressure")
    if step.seated is not None:
        parts.append("seated version too")
    return ", ".join(parts)


class StepCard(BoxLayout):
    """One step in the editor's list, with its actions."""

    index = NumericProperty(0)
    title = StringProperty()
    details = StringProperty()
    message = StringProperty()
    first = BooleanProperty(False)
    last = BooleanProperty(False)

    __events__ = ("on_action",)

    def on_action(self, action: str) -> None:
        pass


class EditorScreen(Screen):
    """Edits one draft; ``on_save`` hands over the checked routine and the draft."""

    heading = StringProperty("Edit routine")
    total = StringProperty()
    problem = StringProperty()
    valid = BooleanProperty(False)
    draft = ObjectProperty(None, allownone=True, comparator=operator.is_)
    """Compared by identity: a new draft equal to the last one (the routine edited again
    after a save) must still replace it, or the edits would go to the old draft."""
    discarding = BooleanProperty(False)
    """Cancel was tapped with changes: the next tap (now "Discard") throws them away."""

    __events__ = ("on_save", "on_cancel", "on_try", "on_edit_step", "on_red_flags")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.routine_dir: Path | None = None
        self.checked = Checked(None, {})
        self._opened: RoutineDraft | None = None

    def edit(self, draft: RoutineDraft, *, heading: str, routine_dir: Path | None) -> None:
        self.draft = draft
        self._opened = copy.deepcopy(draft)
        self.discarding = False
        self.heading = heading
        self.routine_dir = routine_dir
        for key in ROUTINE_FIELDS:
            self.ids[f"field_{key}"].set_value(getattr(draft, key))
        self.refresh()

    def field_changed(self, key: str, text: str) -> None:
        if self.draft is None:
            return
        setattr(self.draft, key, text)
        self.refresh()

    def refresh(self) -> None:
        """Checks the draft, shows every message, the total time and the list of steps."""
        draft = self.draft
        if draft is None:
            return
        self.discarding = False
        self.checked = check(draft, routine_dir=self.routine_dir, assets_dir=ASSETS_DIR)
        problems = self.checked.problems
        for key in ROUTINE_FIELDS:
            self.ids[f"field_{key}"].message = problems.get(key, "")
        routine = self.checked.routine
        self.valid = routine is not None
        if routine is not None:
            self.total = f"About {format_span(*routine.seconds_range())} in all"
        else:
            self.total = "The total time shows when every step is right."
        shown = {f"field_{key}" for key in ROUTINE_FIELDS}
        general = [
            message
            for path, message in problems.items()
            if not path.startswith("steps[") and f"field_{path}" not in shown
        ]
        self.problem = "\n".join(general)
        self._show_steps(draft, problems)

    def _show_steps(self, draft: RoutineDraft, problems: dict[str, str]) -> None:
        holder = self.ids.step_list
        holder.clear_widgets()
        for index, step in enumerate(draft.steps):
            prefix = step_path(index)
            wrong = [m for p, m in problems.items() if p == prefix or p.startswith(prefix + ".")]
            card = StepCard(
                index=index,
                title=f"{index + 1}. {step.title or '(no title)'}",
                details=draft_step_line(step),
                message=(f"Needs a look: {wrong[0]}" if wrong else ""),
                first=index == 0,
                last=index == len(draft.steps) - 1,
            )
            card.bind(on_action=self._step_action)
            holder.add_widget(card)

    def _step_action(self, card: StepCard, action: str) -> None:
        draft = self.draft
        if draft is None:
            return
        index = int(card.index)
        if action == "edit":
            self.dispatch("on_edit_step", index)
            return
        if action == "up":
            move_step(draft, index, -1)
        elif action == "down":
            move_step(draft, index, +1)
        elif action == "copy":
            duplicate_step(draft, index)
        elif action == "remove" and len(draft.steps) > 1:
            remove_step(draft, index)
        self.refresh()

    def add_step(self, kind: str) -> None:
        if self.draft is None:
            return
        self.draft.steps.append(new_step(kind))
        self.refresh()
        self.dispatch("on_edit_step", len(self.draft.steps) - 1)

    def changed(self) -> bool:
        return self.draft is not None and self.draft != self._opened

    def cancel(self) -> None:
        """Leaves the editor; with changes not saved, asks first (a second tap throws them away)."""
        if self.changed() and not self.discarding:
            self.discarding = True
            self.problem = (
                "Your changes are not saved. Tap Discard to throw them away, or Save to keep them."
            )
            return
        self.discarding = False
        self.dispatch("on_cancel")

    def save(self) -> None:
        self.refresh()
        if self.checked.routine is not None:
            self.dispatch("on_save", self.checked.routine, self.draft)

    def try_it(self) -> None:
        self.refresh()
        if self.checked.routine is not None:
            self.dispatch("on_try", self.checked.routine)

    def on_save(self, routine: object, draft: RoutineDraft) -> None:
        pass

    def on_cancel(self) -> None:
        pass

    def on_try(self, routine: object) -> None:
        pass

    def on_edit_step(self, index: int) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


__all__ = ["EditorScreen", "FormField", "StepCard", "draft_step_line"]


load_kv_beside(__file__)
