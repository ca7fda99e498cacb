"""The player: a countdown readable at arm's length, what to do, what comes next.

It only shows the controller's snapshot; every number on it comes from the
core session's deadlines, so a late frame never shows a wrong time.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from unknot.core.playback.plan import SegmentKind
from unknot.core.playback.session import SessionState, Snapshot
from unknot.core.routines.durations import format_clock
from unknot.ui.kv import load_kv_beside
from unknot.ui.session_controller import SessionController
from unknot.ui.widgets import common, progress_ring  # noqa: F401 (their kv rules are used here)


def next_label(snapshot: Snapshot) -> str:
    following = snapshot.next_segment
    if following is None:
        return ""
    if following.kind is SegmentKind.PAIN_CHECK:
        return "Next: a quick pain check"
    if following.kind is SegmentKind.HEAT_OFF:
        return "Next: take the heat pack off"
    if following.step_index != snapshot.segment.step_index and snapshot.next_step_title:
        return f"Next: {snapshot.next_step_title}"
    parts = [following.title, following.side_label, following.rep_label]
    return "Next: " + ", ".join(part for part in parts if part)


def put(slot: Widget, widget: Widget, *, shown: bool) -> None:
    """``widget`` in ``slot`` while shown, out of the window otherwise."""
    if shown and widget.parent is None:
        slot.add_widget(widget)
    elif not shown and widget.parent is not None:
        slot.remove_widget(widget)


class PlayerScreen(Screen):
    controller: SessionController | None = ObjectProperty(None, allownone=True)
    title = StringProperty()
    where = StringProperty()
    countdown = StringProperty()
    cue = StringProperty()
    image = StringProperty()
    coming = StringProperty()
    notice = StringProperty()
    progress = NumericProperty(0.0)
    paused = BooleanProperty(False)
    tapping = BooleanProperty(False)
    can_finish_set = BooleanProperty(False)

    __events__ = ("on_stop_for_pain", "on_red_flags", "on_stop")

    def on_kv_post(self, _base_widget: Any) -> None:
        # Kept here as well as in their slots: ``ids`` holds only weak references.
        self._tap_row = self.ids.tap_row.__self__
        self._finish_set_hold = self.ids.finish_set_hold.__self__
        self.bind(tapping=self._place, can_finish_set=self._place)
        self._place()

    def _place(self, *_args: Any) -> None:
        """Puts the tap row and the finish-set button in the window only while shown."""
        put(self.ids.tap_slot, self._tap_row, shown=self.tapping)
        put(
            self.ids.hold_slot,
            self._finish_set_hold,
            shown=self.can_finish_set and not self.tapping,
        )

    def attach(self, controller: SessionController) -> None:
        self.controller = controller
        controller.bind(snapshot=self._show, notice=self.setter("notice"))
        if controller.snapshot is not None:
            self._show(controller, controller.snapshot)

    def _show(self, _controller: Any, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        segment = snapshot.segment
        self.title = segment.title
        self.where = "  ·  ".join(
            label.capitalize()
            for label in (segment.side_label, segment.set_label, segment.rep_label)
            if label
        )
        self.tapping = segment.kind is SegmentKind.TAP
        if self.tapping and segment.rep_count is not None:
            self.countdown = f"{snapshot.taps} / {segment.rep_count.high}"
        elif snapshot.remaining is not None:
            self.countdown = format_clock(snapshot.remaining)
        else:
            self.countdown = ""
        self.cue = segment.cue_text or ""
        session = self.controller.session if self.controller else None
        step = session.routine.steps[segment.step_index] if session else None
        path = step.image_path if step is not None and segment.kind is SegmentKind.WORK else None
        self.image = str(path) if path else ""
        self.coming = next_label(snapshot)
        self.progress = snapshot.progress
        self.paused = snapshot.state is SessionState.PAUSED
        self.can_finish_set = bool(session and session.can_finish_set())

    # The buttons, and the desktop keys (space, arrows, Escape), call these.

    def toggle_pause(self) -> None:
        if self.controller:
            self.controller.toggle_pause()

    def skip(self) -> None:
        if self.controller:
            self.controller.skip()

    def back(self) -> None:
        if self.controller:
            self.controller.back()

    def tap_rep(self) -> None:
        if self.controller:
            self.controller.tap_rep()

    def finish_set(self) -> None:
        if self.controller:
            self.controller.finish_set()

    def on_stop_for_pain(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_stop(self) -> None:
        pass


load_kv_beside(__file__)
