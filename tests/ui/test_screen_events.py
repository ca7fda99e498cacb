"""A screen's event must not share a name with a property's change handler.

Kivy calls ``on_<name>(instance, value)`` whenever the property ``<name>`` changes,
so an event ``on_exact`` beside a property ``exact`` is called with arguments it
does not take the first time the property changes (it crashed the reminders
screen's "Exact times" button on Android).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from kivy.event import EventDispatcher

import unknot.ui.screens
import unknot.ui.widgets

pytestmark = pytest.mark.ui


def dispatchers() -> list[type[EventDispatcher]]:
    found = []
    for package in (unknot.ui.screens, unknot.ui.widgets):
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, EventDispatcher) and cls.__module__ == module.__name__:
                    found.append(cls)
    return found


def clashes(cls: type[EventDispatcher]) -> list[str]:
    from kivy.properties import Property

    properties = {
        name
        for klass in cls.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, Property)
    }
    events = getattr(cls, "__events__", ())
    return [event for event in events if event.removeprefix("on_") in properties]


def test_there_are_screens_to_check() -> None:
    names = {cls.__name__ for cls in dispatchers()}
    assert {"RemindersScreen", "PainCheckScreen", "ReminderBanner"} <= names


def test_no_event_is_named_after_a_property() -> None:
    offenders = {cls.__name__: found for cls in dispatchers() if (found := clashes(cls))}
    assert offenders == {}


def test_the_check_sees_a_clash() -> None:
    from kivy.properties import BooleanProperty

    class Clashing(EventDispatcher):
        exact = BooleanProperty(False)
        __events__ = ("on_exact",)

        def on_exact(self) -> None:
            pass

    assert clashes(Clashing) == ["on_exact"]
