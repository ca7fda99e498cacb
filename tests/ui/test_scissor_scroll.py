"""The scissor scroll view clips its content where it is in the window, and nowhere else.

Read back from the window's own pixels (``glReadPixels`` after a draw), since a
scissor is in window pixels: a widget exported to an image of its own (an FBO)
would not show a scissor put in the wrong place.
"""

from __future__ import annotations

import time

from kivy.core.window import Window
from kivy.graphics import Color, Rectangle
from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.widget import Widget

from tests.ui.conftest import StartApp
from tests.ui.pilot import Pilot
from unknot.ui.widgets.scissor_scroll import ScissorScrollView, window_box

RED = (255, 0, 0)


class Fill(Widget):
    """A red rectangle over the whole widget."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            Color(1, 0, 0, 1)
            self._rect = Rectangle()
        self.bind(pos=self._follow, size=self._follow)

    def _follow(self, *_args: object) -> None:
        self._rect.pos = self.pos
        self._rect.size = self.size


def red_box() -> tuple[int, int, int, int]:
    """Where the window's pixels are red, as x, y, width, height (drawn just now)."""
    Window.dispatch("on_draw")
    width, height = Window.size
    data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
    xs: list[int] = []
    ys: list[int] = []
    for y in range(height):
        row = y * width * 4
        for x in range(width):
            if tuple(data[row + x * 4 : row + x * 4 + 3]) == RED:
                xs.append(x)
                ys.append(y)
    assert xs, "nothing red was drawn"
    return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def placed(pilot: Pilot) -> tuple[RelativeLayout, ScissorScrollView]:
    """A red list taller than its scroll view, scrolled half way, in a layout with
    coordinates of its own (as a screen is), at fractional places. Its bar stays at rest,
    as the player's does: Kivy would fade it in and out, a frame at a time."""
    holder = RelativeLayout(size_hint=(None, None), size=(300, 300), pos=(37, 41.25))
    view = ScissorScrollView(
        size_hint=(None, None), size=(100.25, 80), pos=(50, 60.5), do_scroll_x=False
    )
    view.bar_color = view.bar_inactive_color
    view.add_widget(Fill(size_hint=(1, None), height=400))
    holder.add_widget(view)
    Window.add_widget(holder)
    pilot.frames()
    view.scroll_y = 0.5
    pilot.frames()
    return holder, view


def view_in_window(view: ScissorScrollView) -> tuple[int, int, int, int]:
    return window_box(*view.to_window(view.x, view.y), *view.to_window(view.right, view.top))


def test_only_the_view_shows_its_content_and_the_clip_follows_a_moving_parent(
    start_app: StartApp,
) -> None:
    pilot = start_app()
    holder, view = placed(pilot)
    try:
        # The view is from 87, 101.75 to 187.25, 181.75 in the window. The list, 400
        # high, goes on above and below it, and is cut to it by the scissor, rounded
        # outwards; across, the list is as wide as the view, so its own edge (pixels 87
        # to 186) is what shows.
        assert view_in_window(view) == (87, 101, 101, 81)
        assert red_box() == (87, 101, 100, 81)
        holder.pos = (120, 200.25)  # the parent moves; the view keeps its own coordinates
        pilot.frames()
        assert view.pos == [50, 60.5]
        assert view_in_window(view) == (170, 260, 101, 81)
        assert red_box() == (170, 260, 100, 81)
        view.scroll_y = 0.2  # scrolled, the list still shows only inside the view
        pilot.frames()
        assert red_box() == (170, 260, 100, 81)
    finally:
        Window.remove_widget(holder)


def test_a_still_view_asks_for_no_frames(start_app: StartApp) -> None:
    """The clip is set as a frame is drawn, and must not ask for the next one: after a move,
    one frame is drawn, then none. The app's own first second (home's pictures, the
    routines read after the first frame) is let pass first, so its frames do not count."""
    pilot = start_app()
    holder, _view = placed(pilot)
    drawn = []

    def count(*_args: object) -> None:
        drawn.append(1)

    Window.bind(on_flip=count)
    try:
        quiet, deadline = 0, time.monotonic() + 5
        while quiet < 30 and time.monotonic() < deadline:
            before = len(drawn)
            pilot.frames(1)
            time.sleep(0.01)
            quiet = quiet + 1 if len(drawn) == before else 0
        assert quiet == 30, "the window never stopped drawing"
        drawn.clear()
        holder.pos = (10, 10)
        for _ in range(20):
            pilot.frames(1)
            time.sleep(0.01)
        assert len(drawn) == 1
    finally:
        Window.unbind(on_flip=count)
        Window.remove_widget(holder)


def test_boxes_are_rounded_outwards_to_whole_pixels() -> None:
    assert window_box(10, 20, 110, 70) == (10, 20, 100, 50)
    assert window_box(10.5, 20.25, 110.5, 70.75) == (10, 20, 101, 51)
    assert window_box(-3.5, 0, 4, 0) == (-4, 0, 8, 0)
    assert window_box(5, 5, 4, 4) == (5, 5, 0, 0)
