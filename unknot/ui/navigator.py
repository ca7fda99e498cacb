"""Which screen is showing, and where Back leads: the one owner of the ScreenManager.

Screens are registered with a factory and built on their first visit, so the
first frame of home needs only home (and its kv); most people never open the
editor in a session. Nothing else assigns ``ScreenManager.current`` or touches
the back stack: flows ask the navigator to ``go`` (remembering where they came
from), ``back``, ``show`` (no step to come back to, as a session's player and
pain check swap in place), or ``reset`` (a fresh stack, as after a session).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from kivy.lang import Builder
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager
from kivy.uix.scrollview import ScrollView

log = logging.getLogger("unknot.navigator")


class Name(str, Enum):
    """Every screen's name; the values are the ScreenManager's names."""

    HOME = "home"
    ROUTINE = "routine"
    START_CHECK = "start_check"
    PLAYER = "player"
    PAIN = "pain"
    STOPPED = "stopped"
    FINISHED = "finished"
    RED_FLAGS = "red_flags"
    SETTINGS = "settings"
    FIRST_RUN = "first_run"
    REMINDERS = "reminders"
    REMINDER_EDIT = "reminder_edit"
    HISTORY = "history"
    EDITOR = "editor"
    STEP_EDITOR = "step_editor"
    IMPORT = "import"
    PICTURES = "pictures"
    RESUME = "resume"
    SLEEP = "sleep"


Factory = Callable[[], Screen]


class Screens(ScreenManager):
    """Kivy's ScreenManager without the stencil its style puts around every frame.

    The stencil clips screens sliding in and out during a transition; with
    ``NoTransition`` nothing slides, and every screen lies inside the manager. It cost
    two full-window passes at every redraw (the player's once a second).
    """


Builder.load_string(
    """
<-Screens>:
    size_hint: 1, 1
"""
)


class Navigator:
    """Builds screens on first use, shows them, and keeps the back stack."""

    def __init__(self) -> None:
        self.manager = Screens(transition=NoTransition())
        self._factories: dict[Name, Factory] = {}
        self._screens: dict[Name, Screen] = {}
        self._stack: list[Name] = []
        self._back_guards: list[Callable[[Name], Name]] = []

    # -- screens ---------------------------------------------------------------

    def register(self, name: Name, factory: Factory) -> None:
        """``factory`` builds the screen (and binds its events) the first time it is needed."""
        self._factories[name] = factory

    def screen(self, name: Name) -> Any:
        """The screen, built now if this is its first use (typed Any: kv screens are untyped)."""
        screen = self._screens.get(name)
        if screen is None:
            screen = self._factories[name]()
            screen.name = name.value
            self._screens[name] = screen
            self.manager.add_widget(screen)
        return screen

    def built(self, name: Name) -> bool:
        return name in self._screens

    # -- moving ------------------------------------------------------------------

    @property
    def current(self) -> Name | None:
        return Name(self.manager.current) if self.manager.current else None

    @property
    def stack(self) -> tuple[Name, ...]:
        """Where Back leads, the last entry first to go (read-only: change it by moving)."""
        return tuple(self._stack)

    def go(self, name: Name) -> None:
        """Shows ``name`` from its top; Back returns to the screen showing now."""
        current = self.current
        if current is not None and current is not name:
            self._stack.append(current)
        self._show(name, from_top=current is not name)

    def show(self, name: Name) -> None:
        """Shows ``name`` in place of the current screen: Back skips the one replaced."""
        self._show(name, from_top=self.current is not name)

    def reset(self, name: Name, below: Iterable[Name] = ()) -> None:
        """Shows ``name`` with a fresh back stack (``below``, the first entry deepest)."""
        self._stack = list(below)
        self._show(name, from_top=self.current is not name)

    def back(self) -> None:
        """The previous screen, where it was left; home when there is none; guards may
        redirect it."""
        target = self._stack.pop() if self._stack else Name.HOME
        for guard in self._back_guards:
            target = guard(target)
        self._show(target, from_top=False)

    def guard_back(self, guard: Callable[[Name], Name]) -> None:
        """``guard(target)`` may change where Back leads (a session's screens after it ended)."""
        self._back_guards.append(guard)

    def _show(self, name: Name, *, from_top: bool) -> None:
        """Every screen opens at its top: a routine's screen opened where the last one was
        scrolled to showed the next routine's safety notes above, unseen."""
        screen = self.screen(name)
        if from_top:
            for widget in screen.walk(restrict=True):
                if isinstance(widget, ScrollView):
                    widget.scroll_y = 1
                    widget.scroll_x = 0
        self.manager.current = name.value
