"""Drives the real app in a real Kivy window, as a person would: taps, keys and typing.

Touches go through Kivy's own event loop (``EventLoop.post_dispatch_input``),
the path a finger takes; keys and text go through the window's own events
(``on_key_down``, ``on_keyboard``, ``on_textinput``), the path SDL delivers them
by. Every frame is rendered by the real GL window that Xvfb hosts. Nothing is mocked.

The pilot checks its own moves, so that a test cannot pass by a tap that a
person's finger would not have made: a tap must reach the widget it aimed at
(not a widget lying over it, not one with no size), and typing must go to a
field that took the focus. Time passes only when a test says so
(:meth:`Pilot.pass_time`); nothing waits on the real clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kivy.animation import Animation
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.effects.kinetic import KineticEffect
from kivy.tests.common import UnitTestTouch
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.screenmanager import Screen, ScreenManager
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from tests.ui.clocks import Advancing, kivy_clock

KEY_TAB, KEY_BACKSPACE, KEY_ESCAPE, KEY_SPACE, KEY_RIGHT, KEY_LEFT = 9, 8, 27, 32, 275, 276


def describe(widget: Widget | None) -> str:
    """A widget as a failure message names it: its class and what it says."""
    if widget is None:
        return "nothing"
    label = getattr(widget, "text", "") or getattr(widget, "title", "")
    said = f" {str(label)[:40]!r}" if label else ""
    return f"{type(widget).__name__}{said}"


def ancestors(widget: Widget) -> Iterator[Widget]:
    """The widget and its parents, up to the window (whose parent is itself)."""
    node: Widget | None = widget
    while node is not None and node is not Window:
        yield node
        node = node.parent


class Pilot:
    """One person in front of one app: what they see (``screen_name``, ``texts``) and
    what they do (``tap``, ``type_into``, ``press_key``)."""

    def __init__(self, app: Any = None) -> None:
        # The app is kept for tests that assert on its state; the pilot itself
        # moves only through the window.
        self.app = app

    # -- what is on screen -------------------------------------------------------------

    @property
    def root(self) -> ScreenManager:
        """The screen manager, found in the window as drawn (not through the app's
        attributes, which a rewrite of the app may rename)."""
        for child in Window.children:
            for widget in child.walk(restrict=True):
                if isinstance(widget, ScreenManager):
                    return widget
        raise AssertionError("no screen manager in the window")

    @property
    def current_screen(self) -> Screen:
        return self.root.current_screen

    @property
    def screen_name(self) -> str:
        return str(self.root.current)

    def screen(self, name: str) -> Screen:
        """A screen by name, shown or not (to read what it will show when one comes back)."""
        return self.root.get_screen(name)

    def find_in_window(self, kind: type[Widget]) -> Widget:
        """The one widget of ``kind`` anywhere in the window (the reminder banner, say)."""
        found = [
            widget
            for child in Window.children
            for widget in child.walk(restrict=True)
            if isinstance(widget, kind)
        ]
        assert len(found) == 1, f"{len(found)} widgets of type {kind.__name__} in the window"
        return found[0]

    def frames(self, count: int = 3) -> None:
        """Runs ``count`` frames of the event loop: clock, input, layout, drawing."""
        for _ in range(count):
            EventLoop.idle()

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

    def button(self, text: str, root: Widget | None = None) -> Widget:
        """The one visible button on the current screen (or in ``root``) labelled ``text``.

        A label's first line equal to ``text`` wins ("1" is not "10"); otherwise
        the label must start with it.
        """

        def label(widget: Widget) -> str:
            return str(getattr(widget, "text", "") or getattr(widget, "title", ""))

        visible = [
            widget
            for widget in self.walk(root or self.current_screen)
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

    def has_button(self, text: str) -> bool:
        """Whether the current screen shows a button labelled ``text`` (see :meth:`button`)."""
        try:
            self.button(text)
        except AssertionError:
            return False
        return True

    # -- touches -----------------------------------------------------------------------

    def tap(self, widget: Widget) -> None:
        """A finger down and up on the middle of ``widget``, as the window sees it.

        A widget inside a scrolling list is scrolled into view first, as a
        person would scroll to it. The tap fails unless the touch-down reached
        ``widget`` or one of its children, with the point inside it: a widget
        lying over it, or one with no size that no finger can find, makes the
        test fail here rather than pass by a tap no person could make.
        """
        # A person taps what is drawn: a screen that just changed is laid out first.
        self.frames(1)
        self.scroll_into_view(widget)
        self._check_can_be_seen(widget)
        x, y = self.visible_point(widget)
        assert 0 <= x < Window.width and 0 <= y < Window.height, (
            f"{describe(widget)} is off screen at ({x:.0f}, {y:.0f})"
        )
        reached: list[Widget] = []

        def observe(target: Widget, touch: Any) -> None:
            # The touch is in the target's parent's coordinates here, as collide_point wants.
            if target.collide_point(*touch.pos):
                reached.append(target)

        # Bound for the length of the tap: a list passes the touch-down on only when the
        # finger lifts (Kivy's ScrollView waits to see whether it is a scroll).
        observed = [
            (target, target.fbind("on_touch_down", observe))
            for target in widget.walk(restrict=True)
        ]
        touch = UnitTestTouch(x, y)
        try:
            touch.touch_down()
            grabbed = [ref() for ref in touch.grab_list]
            self.frames(1)
            touch.touch_up()
            self.frames(2)
        finally:
            for target, uid in observed:
                target.unbind_uid("on_touch_down", uid)
        if not reached:
            taker = next((w for w in grabbed if w is not None), None) or self.widget_at(x, y)
            raise AssertionError(
                f"the tap at ({x:.0f}, {y:.0f}) aimed at {describe(widget)} did not reach it: "
                f"{describe(taker)} took it"
            )

    def tap_button(self, text: str) -> None:
        self.tap(self.button(text))

    def _check_can_be_seen(self, widget: Widget) -> None:
        assert widget.width > 0 and widget.height > 0, (
            f"{describe(widget)} is {widget.width:.0f}x{widget.height:.0f}: nothing to tap"
        )
        hidden = next((node for node in ancestors(widget) if node.opacity <= 0), None)
        assert hidden is None, f"{describe(widget)} is invisible ({describe(hidden)} has opacity 0)"

    def widget_at(self, x: float, y: float) -> Widget | None:
        """The innermost widget drawn topmost at the window point (x, y), for messages."""

        def inside(widget: Widget) -> Widget | None:
            for child in widget.children:  # the first child is drawn on top
                left, bottom = child.to_window(*child.pos)
                if (
                    child.opacity > 0
                    and left <= x <= left + child.width
                    and bottom <= y <= bottom + child.height
                ):
                    return inside(child) or child
            return None

        for child in Window.children:
            found = inside(child)
            if found is not None:
                return found
        return None

    def visible_point(self, widget: Widget) -> tuple[float, float]:
        """The middle of the part of ``widget`` a person can see (a list may clip it)."""
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
        """Scrolls the list holding ``widget`` until its middle is well inside, and still.

        A person waits for a list to stop moving before tapping a row; so does the
        pilot. Kivy's list springs back from an overscroll with a force that does not
        scale with the frame time, so on a loaded machine (long frames) it can swing
        for many frames: the spring is stopped, not waited out.
        """
        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                for _ in range(8):
                    self._bring_to_rest(parent)
                    # Well inside, not at the edge: a row left 10 px from the bottom
                    # could sit under a bar that a timing-dependent frame had not moved.
                    margin = max(10.0, min(parent.height / 4, widget.height))
                    parent.scroll_to(widget, padding=margin, animate=False)
                    self.frames(2)
                    self._bring_to_rest(parent)
                    self.frames(1)
                    _x, y = widget.to_window(*widget.center)
                    _left, bottom = parent.to_window(*parent.pos)
                    if bottom <= y <= bottom + parent.height:
                        return
                raise AssertionError(
                    f"{describe(widget)} could not be scrolled into view: its middle is at "
                    f"y={y:.0f}, the list shows y={bottom:.0f} to {bottom + parent.height:.0f}"
                )
            parent = parent.parent

    @staticmethod
    def _bring_to_rest(view: ScrollView) -> None:
        """Stops a list's fling and spring: no speed, and its position inside its bounds
        (an overscroll left as it is would start the spring again on the next frame)."""
        for effect in (view.effect_x, view.effect_y):
            if effect is None:
                continue
            effect.velocity = 0
            low, high = sorted((effect.min, effect.max))
            if not low <= effect.value <= high:
                effect.value = min(max(effect.value, low), high)
            if hasattr(effect, "overscroll"):
                effect.overscroll = 0

    # -- keys and typing ---------------------------------------------------------------

    def wheel(self, widget: Widget, *, down: bool = True) -> None:
        """One notch of a mouse wheel over ``widget``, as the window delivers it.

        Kivy names a wheel turned towards the person (the page moves on, down the
        list) "scrollup", after the way the content moves.
        """
        x, y = self.visible_point(widget)
        touch = UnitTestTouch(x, y)
        touch.button = "scrollup" if down else "scrolldown"
        touch.profile.append("button")
        touch.touch_down()
        self.frames(1)
        touch.touch_up()
        self.frames(2)

    def press_key(
        self, key: int, *, text: str | None = None, modifiers: tuple[str, ...] = ()
    ) -> None:
        """A key pressed and released, as SDL's window delivers it: ``on_key_down`` (where a
        focused text field listens), then ``on_keyboard`` unless that was taken (where the
        app listens), then ``on_key_up``. Keys: space 32, arrows 275/276, Escape 27."""
        scancode = 0
        if not Window.dispatch("on_key_down", key, scancode, text, list(modifiers)):
            Window.dispatch("on_keyboard", key, scancode, text, list(modifiers))
        Window.dispatch("on_key_up", key, scancode)
        self.frames(2)

    def type_into(self, field: Widget, text: str, *, tab_from: Widget | None = None) -> None:
        """Taps a text field, selects what is in it and deletes it (ctrl+a, backspace), then
        types ``text`` one character at a time, as the keyboard's input does.

        ``field`` is a TextInput, or a form field holding one as ``ids.input``. A focused
        TextInput hears the window through its keyboard (``keyboard_on_key_down``,
        ``keyboard_on_textinput``); with SDL, characters come as text input events, not
        as key presses.

        ``tab_from`` is for a field no tap can reach: the field before it is tapped, and
        Tab moves the focus on, as a person at a keyboard would.
        """
        box = self._text_input(field)
        if tab_from is None:
            self.tap(box)
        else:
            before = self._text_input(tab_from)
            self.tap(before)
            assert before.focus, f"the tap on {describe(before)} did not give it the focus"
            self.press_key(KEY_TAB)
        assert box.focus, f"the tap on {describe(box)} did not give it the focus"
        self.press_key(ord("a"), text="a", modifiers=("ctrl",))
        self.press_key(KEY_BACKSPACE)
        assert box.text == "", f"ctrl+a, backspace left {box.text!r} in {describe(box)}"
        for character in text:
            Window.dispatch("on_textinput", character)
        self.frames(2)
        assert box.text == text, f"typed {text!r} into {describe(box)}, which shows {box.text!r}"

    @staticmethod
    def _text_input(field: Widget) -> TextInput:
        return field if isinstance(field, TextInput) else field.ids.input

    # -- time --------------------------------------------------------------------------

    def pass_time(self, seconds: float, *clocks: Advancing) -> None:
        """Lets ``seconds`` pass for the app's timers (Kivy's clock) and for each fake clock
        given (the wall clock, the session's clock), then runs a few frames: a timer that
        came due runs then, without the test sleeping."""
        self._settle_motion()
        for clock in clocks:
            clock.advance(seconds)
        kivy_clock().advance(seconds)
        self.frames(3)

    def _settle_motion(self, limit: int = 120) -> None:
        """Lets what moves by itself (a list still gliding or springing back, a fade) finish,
        frame by frame at 60 frames a second of Kivy's time, before the clock jumps.

        Kivy moves a scroll effect by the length of the last frame: one "frame" of minutes
        throws its spring far out (a list once scrolled 30,000 pixels off). On a real
        screen the motion is over within the first second of the time passing; a list
        still moving after ``limit`` frames (a loaded machine's frames are long) is
        brought to rest, as the pilot's own scrolling does. A fade just ends.
        """

        def moving() -> list[Any]:
            owners = (
                getattr(event.get_callback(), "__self__", None) for event in Clock.get_events()
            )
            return [owner for owner in owners if isinstance(owner, (Animation, KineticEffect))]

        for _ in range(limit):
            if not moving():
                return
            kivy_clock().advance(1 / 60)
            self.frames(1)
        for effect in moving():
            if isinstance(effect, KineticEffect):
                effect.velocity = 0
                if hasattr(effect, "overscroll"):
                    effect.overscroll = 0
