"""One step of the routine being edited: its kind, its times and counts, its words.

Every change goes straight into the draft and is checked with the whole
routine (some rules span fields: a rest between sets needs two sets), and the
messages for this step's fields are shown beside them.
"""

from __future__ import annotations

import operator
from pathlib import Path

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.routines.draft import COUNTED, RoutineDraft, StepDraft, check, step_path
from unknot.core.routines.model import PainCheck, Routine
from unknot.core.routines.parser import STEP_KEYS
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, form  # noqa: F401 (their kv rules are used here)

STEP_FIELDS = tuple(
    key for key in STEP_KEYS if key not in ("prompts", "pressure", "heat", "pain_check", "seated")
)
"""The typed fields, in the format's order; pressure, heat and the pain check are buttons here,
and prompts and the seated version are kept as they were (not editable yet)."""
PAIN_CHECK_CHOICES = (
    ("", "As the pain rule says"),
    (PainCheck.AFTER_STEP.value, "After this step"),
    (PainCheck.AFTER_EACH_SET.value, "After each set"),
    (PainCheck.NONE.value, "Not here"),
)


class StepEditorScreen(Screen):
    choices = PAIN_CHECK_CHOICES
    index = NumericProperty(0)
    counted = BooleanProperty(False)
    pressure = BooleanProperty(False)
    heat = BooleanProperty(False)
    pain_check = StringProperty("")
    step_problem = StringProperty()
    preview = StringProperty()
    """The step's first picture, when it is one the checks accept."""
    draft = ObjectProperty(None, allownone=True, comparator=operator.is_)
    """Compared by identity: a new draft equal to the last one (the routine edited again
    after a save) must still replace it, or the edits would go to the old draft."""

    __events__ = (
        "on_done",
        "on_changed",
        "on_red_flags",
        "on_pictures",
    )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.routine_dir: Path | None = None

    def edit(self, draft: RoutineDraft, index: int, routine_dir: Path | None = None) -> None:
        self.draft = draft
        self.routine_dir = routine_dir
        self.index = index
        step = self.step
        self.counted = step.kind == COUNTED
        self.pressure = step.pressure
        self.heat = step.heat
        self.pain_check = step.pain_check
        for key in STEP_FIELDS:
            self.ids[f"field_{key}"].set_value(getattr(step, key))
        self.refresh()

    @property
    def step(self) -> StepDraft:
        draft: RoutineDraft | None = self.draft
        assert draft is not None
        return draft.steps[int(self.index)]

    def field_changed(self, key: str, text: str) -> None:
        if self.draft is None:
            return
        setattr(self.step, key, text)
        self.refresh()

    def set_kind(self, kind: str) -> None:
        self.step.kind = kind
        self.counted = kind == COUNTED
        self.refresh()

    def toggle_pressure(self) -> None:
        self.step.pressure = not self.step.pressure
        self.pressure = self.step.pressure
        self.refresh()

    def toggle_heat(self) -> None:
        self.step.heat = not self.step.heat
        self.heat = self.step.heat
        self.refresh()

    def choose_pain_check(self, value: str) -> None:
        self.step.pain_check = value
        self.pain_check = value
        self.refresh()

    def set_image(self, text: str) -> None:
        """The picture chosen on the picture screen, as if typed into the image field."""
        self.ids.field_image.set_value(text)
        self.field_changed("image", text)

    def both_sides(self) -> None:
        field = self.ids.field_sides
        field.set_value("left, right")
        self.field_changed("sides", "left, right")

    def refresh(self) -> None:
        if self.draft is None:
            return
        checked = check(self.draft, routine_dir=self.routine_dir)
        prefix = step_path(int(self.index))
        for key in STEP_FIELDS:
            self.ids[f"field_{key}"].message = checked.problems.get(f"{prefix}.{key}", "")
        self.step_problem = checked.problems.get(prefix, "")
        self.preview = self._preview(checked.routine)
        self.dispatch("on_changed")

    def _preview(self, routine: Routine | None) -> str:
        """Shown only for a routine that checks: a picture with a problem has no file to show."""
        if routine is None:
            return ""
        paths = routine.steps[int(self.index)].image_paths
        return str(paths[0]) if paths else ""

    def on_done(self) -> None:
        pass

    def on_changed(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_pictures(self) -> None:
        pass


load_kv_beside(__file__)
