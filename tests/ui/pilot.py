"""Drives the real app in a real Kivy window, as a person would: taps on widgets.

Touches go through Kivy's own event loop (``EventLoop.post_dispatch_input``),
the path a finger takes, and every frame is rendered by the real GL window that
Xvfb hosts. Nothing is mocked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kivy.base import EventLoop
from kivy.tests.common import UnitTestTouch
from kivy.uix.widget import Widget


class Pilot:
    def __init__(self, app: Any) -> None:
        self.app = app

    @property
    def root(self) -> Widget:
        """The screen manager (the app's root holds it below the reminder banner)."""
        return self.app.manager

    def frames(self, count: int = 3) -> None:
        """Runs ``count`` frames of the event loop: clock, input, layout, drawing."""
        for _ in range(count):
            EventLoop.idle()

    def tap(self, widget: Widget) -> None:
        """A finger down and up on the middle of ``widget``, as the window sees it.

        A widget inside a scrolling list is scrolled into view first, as a
        person would scroll to it.
        """
        self.scroll_into_view(widget)
        x, y = self.visible_point(widget)
        window = EventLoop.window
        assert 0 <= x < window.width and 0 <= y < window.height, f"{widget} is off screen"
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.frames(1)
        touch.touch_up()
        self.frames(2)

    def visible_point(self, widget: Widget) -> tuple[float, float]:
        """The middle of the part of ``widget`` a person can see (a list may clip it)."""
        from kivy.uix.scrollview import ScrollView

        left, bottom = widget.to_window(*widget.pos)
        right, top = left + widget.width, bottom + widget.height
        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                view_left, view_bottom = parent.to_window(*parent.pos)
                left, bottom = max(left, view_left), max(bottom, view_bottom)
                right = min(right, view_left + parent.width)
                top = min(top, view_bottom + parent.height)
            parent = parent.parent
        return (left + right) / 2, (bottom + top) / 2

    def scroll_into_view(self, widget: Widget) -> None:
        from kivy.uix.scrollview import ScrollView

        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                # A list whose content just changed settles over a frame or two; scroll
                # again until the widget's middle is inside the visible part.
                for _ in range(4):
                    # A scroll effect still bouncing (an overscroll from earlier frames,
                    # after a long gap in real time) would shift the list under the finger.
                    for effect in (parent.effect_x, parent.effect_y):
                        if effect is not None:
                            effect.velocity = 0
                            if hasattr(effect, "overscroll"):
                                effect.overscroll = 0
                    parent.scroll_to(widget, padding=10, animate=False)
                    self.frames(2)
                    _x, y = widget.to_window(*widget.center)
                    _left, bottom = parent.to_window(*parent.pos)
                    if bottom <= y <= bottom + parent.height:
                        break
                return
            parent = parent.parent

    def walk(self, root: Widget | None = None) -> Iterator[Widget]:
        yield from (root or self.root).walk(restrict=True)

    def find_all(self, match: Callable[[Widget], bool], root: Widget | None = None) -> list[Widget]:
        return [widget for widget in self.walk(root) if match(widget)]

    def texts(self, root: Widget | None = None) -> list[str]:
        """Every label's text that is on the current screen, in tree order."""
        return [
            str(widget.text)
            for widget in self.walk(root or self.current_screen)
            if hasattr(widget, "text") and widget.text
        ]

    @property
    def current_screen(self) -> Widget:
        return self.root.current_screen

    @property
    def screen_name(self) -> str:
        return str(self.root.current)

    def button(self, text: str) -> Widget:
        """The one visible button on the current screen labelled ``text``.

        A label's first line equal to ``text`` wins ("1" is not "10"); otherwise
        the label must start with it.
        """
        from kivy.uix.behaviors import ButtonBehavior

        def label(widget: Widget) -> str:
            return str(getattr(widget, "text", "") or getattr(widget, "title", ""))

        visible = [
            widget
            for widget in self.walk(self.current_screen)
            if isinstance(widget, ButtonBehavior)
            and not widget.disabled
            and widget.opacity > 0
            and widget.width > 0
            and widget.height > 0
        ]
        found = [w for w in visible if label(w).split("\n")[0] == text]
        if not found:
            found = [w for w in visible if label(w).startswith(text)]
        assert len(found) == 1, f"{len(found)} buttons labelled {text!r} on {self.screen_name}"
        return found[0]

    def tap_button(self, text: str) -> None:
        self.tap(self.button(text))

    def type_into(self, field: Widget, text: str, *, replace: bool = True) -> None:
        """Taps a text field and types ``text`` into it, as the keyboard's input does.

        ``field`` is a TextInput, or a form field holding one as ``ids.input``.
        """
        from kivy.uix.textinput import TextInput

        box = field if isinstance(field, TextInput) else field.ids.input
        self.tap(box)
        if replace:
            box.select_all()
            box.delete_selection()
        box.insert_text(text)
        self.frames(2)

    def press_key(self, key: int) -> None:
        """A key press as the window delivers it (space 32, arrows 275/276, Escape 27)."""
        EventLoop.window.dispatch("on_keyboard", key, 0, "", [])
        self.frames(2)

    def wait(self, seconds: float) -> None:
        """Runs frames for ``seconds`` of real time: for tests that watch the real clock."""
        import time

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.frames(1)
