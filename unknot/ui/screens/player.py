"""The player: a countdown readable at arm's length, what to do, what comes next.

It only shows the controller's snapshot; every number on it comes from the
core session's deadlines, so a late frame never shows a wrong time. The step's
picture too: which frame, and whether mirrored, is the core's rule at the
snapshot's moment (``shown_picture``), and its place on screen is
``player_layout``'s. A tap on it shows it full screen (:class:`PictureView`).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from unknot.core.playback.plan import SegmentKind
from unknot.core.playback.session import SessionState, Snapshot
from unknot.core.playback.shown_picture import shown_picture
from unknot.core.routines.durations import format_clock
from unknot.ui.kv import load_kv_beside
from unknot.ui.screens.player_layout import PlayerLayout
from unknot.ui.session_controller import SessionController
from unknot.ui.widgets import common, progress_ring, scissor_scroll  # noqa: F401 (their kv rules are used here)
from unknot.ui.widgets.step_picture import StepPicture


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


FOLLOWED = ("image", "mirrored", "title", "countdown")
"""What the full-screen picture shows of the player, as it changes."""


class PlayerPicture(ButtonBehavior, StepPicture):
    """The step's picture on the player; a tap on it shows it full screen."""


class PictureView(ModalView):
    """The step's picture full screen, over the player, until a tap or Back closes it.

    It shows what the player shows, as it changes (the next frame, the other side),
    with the step and its countdown above it: the session goes on underneath.
    """

    source = StringProperty()
    mirrored = BooleanProperty(False)
    heading = StringProperty()

    def dismiss(self, *args: Any, **kwargs: Any) -> None:
        """Closes at once, Back included: no fade, which would redraw every frame of it."""
        kwargs.setdefault("animation", False)
        super().dismiss(*args, **kwargs)

    def on_touch_up(self, touch: Any) -> bool:
        """A tap anywhere on it closes it (a ModalView closes only at a tap outside)."""
        if self.collide_point(*touch.pos):
            self.dismiss()
        return True


class PlayerScreen(Screen):
    controller: SessionController | None = ObjectProperty(None, allownone=True)
    title = StringProperty()
    where = StringProperty()
    countdown = StringProperty()
    cue = StringProperty()
    image = StringProperty()
    """The file of the step's picture (the frame shown now), or "" for none."""
    mirrored = BooleanProperty(False)
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
        ids = self.ids
        self._layout = PlayerLayout(
            ids.body.__self__,
            ids.clock_box.__self__,
            ids.picture.__self__,
            ids.info.__self__,
            fixed=tuple(
                ids[name].__self__
                for name in ("step_title", "where", "coming", "tap_slot", "hold_slot")
            ),
            notice=ids.notice.__self__,
            cue=ids.cue.__self__,
        )
        self._view: PictureView | None = None
        self.bind(size=self._arrange, image=self._arrange)
        self._arrange()

    def _arrange(self, *_args: Any) -> None:
        self._layout.arrange(wide=self.width > self.height, shown=bool(self.image))

    # -- the picture full screen -------------------------------------------------

    def show_picture(self) -> None:
        """Shows the step's picture full screen; the session goes on underneath."""
        if not self.image or self._view is not None:
            return
        view = PictureView()
        self._view = view
        self._follow(view)
        self.bind(**dict.fromkeys(FOLLOWED, self._follow_view))
        view.bind(on_dismiss=self._view_closed)
        view.open(animation=False)

    def close_picture(self) -> None:
        if self._view is not None:
            self._view.dismiss()

    def _follow_view(self, *_args: Any) -> None:
        view = self._view
        if view is None:
            return
        if not self.image:
            # Something without a picture came (taking the heat pack off): it must be seen.
            self.close_picture()
        else:
            self._follow(view)

    def _follow(self, view: PictureView) -> None:
        view.source = self.image
        view.mirrored = self.mirrored
        view.heading = f"{self.title}   {self.countdown}".strip()

    def _view_closed(self, *_args: Any) -> None:
        self.unbind(**dict.fromkeys(FOLLOWED, self._follow_view))
        self._view = None

    def on_leave(self, *_args: Any) -> None:
        """A pain check, the end, any other screen: the full-screen picture goes with the player."""
        self.close_picture()

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
        picture = shown_picture(step, segment, snapshot.elapsed)
        self.image = str(picture.path) if picture else ""
        self.mirrored = bool(picture and picture.mirrored)
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
