"""The navigator: screens built on first visit, Back, and the guards that redirect it."""

from __future__ import annotations

import functools

import pytest
from kivy.uix.screenmanager import Screen

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
