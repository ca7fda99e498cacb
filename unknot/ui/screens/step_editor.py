"""One step of the routine being edited: its kind, its times and counts, its words, and its
seated version.

Every change goes straight into the draft and is checked with the whole
routine (some rules span fields: a rest between sets needs two sets), and the
messages for this step's fields are shown beside them.
"""

from __future__ import annotations

import operator
from pathlib import Path

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.draft import (
    COUNTED,
    SEATED_FIELDS,
    RoutineDraft,
    SeatedDraft,
    StepDraft,
    check,
    split_commas,
    step_path,
)
from unknot.core.routines.model import PainCheck
from unknot.core.routines.parser import STEP_KEYS
from unknot.core.routines.pictures import PictureError, find_picture
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, form  # noqa: F401 (their kv rules are used here)

STEP_FIELDS = tuple(
    key for key in STEP_KEYS if key not in ("prompts", "pressure", "heat", "pain_check", "seated")
)
"""The typed fields, in the format's order; pressure, heat and the pain check are buttons here,
prompts are kept as they were (not editable yet), and the seated version has its own fields."""
STEP = "step"
SEATED = "seated"
"""Which picture the picture screen chooses: the step's or its seated version's."""
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
    has_seated = BooleanProperty(False)
    seated_preview = StringProperty()
    """The seated version's first picture, as ``preview``."""
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
        self.picture_for = STEP
        self._set_aside: SeatedDraft | None = None
        """A seated version removed while this step is open: Add brings it back as typed."""

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
        self._set_aside = None
        self._show_seated()
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

    def seated_changed(self, key: str, text: str) -> None:
        seated = self.step.seated if self.draft is not None else None
        if seated is None:
            return
        setattr(seated, key, text)
        self.refresh()

    def toggle_seated(self) -> None:
        """Adds a seated version, or removes it; removed by mistake, Add brings it back."""
        step = self.step
        if step.seated is None:
            step.seated, self._set_aside = self._set_aside or SeatedDraft(), None
        else:
            step.seated, self._set_aside = None, step.seated
        self._show_seated()
        self.refresh()

    def _show_seated(self) -> None:
        seated = self.step.seated
        self.has_seated = seated is not None
        for key in SEATED_FIELDS:
            self.ids[f"field_seated_{key}"].set_value(getattr(seated, key) if seated else "")

    def choose_picture(self, target: str = STEP) -> None:
        self.picture_for = target
        self.dispatch("on_pictures")

    @property
    def picture_text(self) -> str:
        """What the picture field being chosen for holds: the step's or the seated version's."""
        seated = self.step.seated
        if self.picture_for == SEATED and seated is not None:
            return seated.image
        return self.step.image

    def set_image(self, text: str) -> None:
        """The picture chosen on the picture screen, as if typed into its image field."""
        if self.picture_for == SEATED and self.step.seated is not None:
            self.ids.field_seated_image.set_value(text)
            self.seated_changed("image", text)
            return
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
            self.ids[f"field_{key}"].message = _message(checked.problems, f"{prefix}.{key}")
        for key in SEATED_FIELDS:
            self.ids[f"field_seated_{key}"].message = _message(
                checked.problems, f"{prefix}.seated.{key}"
            )
        self.step_problem = checked.problems.get(prefix, "") or checked.problems.get(
            f"{prefix}.seated", ""
        )
        seated = self.step.seated
        self.preview = self._preview(self.step.image, self.ids.field_image.message)
        self.seated_preview = (
            self._preview(seated.image, self.ids.field_seated_image.message) if seated else ""
        )
        self.dispatch("on_changed")

    def _preview(self, text: str, message: str) -> str:
        """The first picture, shown as soon as it checks, though another field still has a
        message (a seated version's picture is often chosen before its words are typed)."""
        frames = split_commas(text)
        if not frames or message:
            return ""
        try:
            return str(find_picture(frames[0], self.routine_dir, ASSETS_DIR))
        except PictureError:
            return ""

    def on_done(self) -> None:
        pass

    def on_changed(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_pictures(self) -> None:
        pass


def _message(problems: dict[str, str], path: str) -> str:
    """The field's message, or its first frame's (``image[2]``): frames share one field."""
    if path in problems:
        return problems[path]
    return next((text for key, text in problems.items() if key.startswith(f"{path}[")), "")


load_kv_beside(__file__)
