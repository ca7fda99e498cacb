"""The navigator: screens built on first visit, Back, and the guards that redirect it."""

from __future__ import annotations

import functools

import pytest
from kivy.uix.screenmanager import Screen

from tests.ui.conftest import StartApp
from unknot.ui.navigator import Name, Navigator

pytestmark = pytest.mark.ui


def navigator_with(*names: Name) -> tuple[Navigator, list[Name]]:
    nav = Navigator()
    built: list[Name] = []

    def factory(name: Name) -> Screen:
        built.append(name)
        return Screen()

    for name in names:
        nav.register(name, functools.partial(factory, name))
    return nav, built


def test_a_screen_is_built_on_its_first_visit_only() -> None:
    nav, built = navigator_with(Name.HOME, Name.SETTINGS, Name.HISTORY)
    nav.reset(Name.HOME)
    assert built == [Name.HOME]
    assert not nav.built(Name.SETTINGS)
    nav.go(Name.SETTINGS)
    nav.back()
    nav.go(Name.SETTINGS)
    assert built == [Name.HOME, Name.SETTINGS]
    assert nav.manager.screen_names == ["home", "settings"]


def test_back_returns_where_go_came_from_and_show_leaves_no_step() -> None:
    nav, _ = navigator_with(Name.HOME, Name.ROUTINE, Name.PLAYER, Name.PAIN)
    nav.reset(Name.HOME)
    nav.go(Name.ROUTINE)
    nav.go(Name.PLAYER)
    nav.show(Name.PAIN)
    assert nav.stack == (Name.HOME, Name.ROUTINE)
    nav.back()
    assert nav.manager.current == "routine"
    nav.back()
    nav.back()  # nothing left: home
    assert nav.current is Name.HOME
    assert nav.manager.current == "home"


def test_going_to_the_screen_shown_adds_no_step() -> None:
    nav, _ = navigator_with(Name.HOME, Name.SETTINGS)
    nav.reset(Name.HOME)
    nav.go(Name.SETTINGS)
    nav.go(Name.SETTINGS)
    assert nav.stack == (Name.HOME,)


def test_a_guard_redirects_back() -> None:
    nav, _ = navigator_with(Name.HOME, Name.PLAYER, Name.RED_FLAGS)
    nav.guard_back(lambda target: Name.HOME if target is Name.PLAYER else target)
    nav.reset(Name.PLAYER, below=(Name.HOME,))
    nav.go(Name.RED_FLAGS)
    nav.back()
    assert nav.current is Name.HOME


def test_a_screen_opens_at_its_top_and_back_returns_where_it_was() -> None:
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.scrollview import ScrollView

    def scrolling() -> Screen:
        screen = Screen()
        view = ScrollView()
        view.add_widget(BoxLayout(size_hint_y=None, height=5000))
        screen.add_widget(view)
        return screen

    nav = Navigator()
    nav.register(Name.HOME, Screen)
    nav.register(Name.ROUTINE, scrolling)
    nav.register(Name.RED_FLAGS, Screen)
    nav.reset(Name.HOME)
    nav.go(Name.ROUTINE)
    view = nav.screen(Name.ROUTINE).children[0]
    view.scroll_y = 0.2  # the person scrolled down
    nav.go(Name.RED_FLAGS)
    nav.back()
    assert view.scroll_y == pytest.approx(0.2)  # Back: where it was left
    nav.back()
    nav.go(Name.ROUTINE)  # another routine opened: from its top
    assert view.scroll_y == 1


def test_one_wheel_notch_scrolls_a_sensible_distance(start_app: StartApp) -> None:
    """Before: about 20 px a notch; the end of the editor's steps took about 200 notches."""
    from kivy.metrics import dp
    from kivy.uix.scrollview import ScrollView

    from tests.ui.flows import open_routine

    pilot = start_app()
    open_routine(pilot, "Desk break")
    view = next(w for w in pilot.walk(pilot.current_screen) if isinstance(w, ScrollView))
    overflow = view.children[0].height - view.height
    assert overflow > dp(150)
    before = view.scroll_y
    pilot.wheel(view)
    moved = (before - view.scroll_y) * overflow
    assert moved >= dp(80)
