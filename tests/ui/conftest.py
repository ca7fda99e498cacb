"""Starts the real app in the real window for each UI test, and cleans up after it.

Kivy has one window per process, so the tests share it: each test builds a new
app into it (``App._run_prepare``, the first half of ``App.run``) and the
teardown removes it again, the way Kivy's own ``GraphicUnitTest`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kivy.config import Config

Config.set("graphics", "width", "412")
Config.set("graphics", "height", "892")
# No real input devices: the tests are the only finger.
for option, _ in Config.items("input"):
    Config.remove_option("input", option)

from kivy.app import App  # noqa: E402
from kivy.base import EventLoop  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.weakmethod import WeakMethod  # noqa: E402

from tests.ui.clocks import FakeClock, kivy_clock  # noqa: E402
from tests.ui.pilot import Pilot  # noqa: E402
from unknot.core.safety.screening import KEYS, Screening, ScreeningStore  # noqa: E402
from unknot.services import null_services  # noqa: E402
from unknot.services.traits import DESKTOP_TRAITS  # noqa: E402
from unknot.ui.app import UnknotApp  # noqa: E402

pytestmark = pytest.mark.ui

StartApp = Callable[..., Pilot]


__all__ = ["FakeClock", "StartApp", "stop_app"]

# Kivy's clock runs with an offset the tests can grow (``Pilot.pass_time``), for the whole run.
kivy_clock()


@pytest.fixture
def fake_clock() -> FakeClock:
    """The session's monotonic time, moved only by the test."""
    return FakeClock()


@pytest.fixture
def start_app(tmp_path: Path) -> Iterator[StartApp]:
    """Returns a function that starts the app (with any constructor arguments).

    Each app gets its own data folder and the Null services (no sound card or
    speech engine is needed; the services have tests of their own).
    """
    started: list[Any] = []
    bound_keys: list[Any] = []

    def start(*, first_run: bool = False, **kwargs: Any) -> Pilot:
        """``first_run`` starts as a new install does, at the safety questions; without
        it the questions count as answered "no", so a test starts on the home screen."""
        kwargs.setdefault("data_dir", tmp_path / "data")
        kwargs.setdefault("services", null_services(traits=DESKTOP_TRAITS))
        screening = Path(kwargs["data_dir"]) / "screening.json"
        if not first_run and not screening.exists():
            ScreeningStore(screening).save(Screening(dict.fromkeys(KEYS, False)))
        app = UnknotApp(**kwargs)
        keyboard_before = Window.get_property_observers("on_keyboard")
        app._run_prepare()
        # Whatever the app bound to the window's keys is unbound at the end, by what was
        # bound rather than by the app's method names (which a rewrite may change).
        bound_keys.extend(
            observer
            for observer in Window.get_property_observers("on_keyboard")
            if observer not in keyboard_before
        )
        started.append(app)
        pilot = Pilot(app)
        pilot.frames(3)
        return pilot

    yield start
    for app in started:
        app.dispatch("on_stop")
        for child in Window.children[:]:
            Window.remove_widget(child)
        EventLoop.touches.clear()
        App._running_app = None
    for observer in bound_keys:
        # Kivy keeps a bound method as a WeakMethod: calling it gives the method back.
        callback = observer() if isinstance(observer, WeakMethod) else observer
        if callback is not None:
            Window.unbind(on_keyboard=callback)


@pytest.fixture
def routines_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    return folder


# A private D-Bus session bus with a real notification server (dunst) on it.
from tests.services.dbus_session import notification_bus as notification_bus  # noqa: E402


def stop_app(pilot: Pilot) -> None:
    """Stops an app mid-test, as closing it does, before starting another on the same data.

    Kivy's ``App._stop`` removes the window's children while iterating over them,
    so with two children (a text field's handles, say) one stays and takes the
    next app's touches; the rest are removed here.
    """
    pilot.app.stop()
    for child in Window.children[:]:
        Window.remove_widget(child)
