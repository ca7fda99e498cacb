"""System notifications: delivered for real on a private D-Bus, and never breaking the app."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.services.dbus_session import NotificationBus, require_programs
from unknot.services.notifications import (
    NullNotifier,
    PlyerNotifier,
    create_notifier,
    icon_path,
    session_bus_reachable,
)

TITLE = "Time for Chin tucks, level 1"
MESSAGE = "2:20 · lying down — 10 gentle nods & a rest"


def _records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "unknot.services"]


def _plyer_linux_without_backends(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """plyer's Linux notification picked afresh with neither the dbus module nor notify-send.

    ``plyer.notification`` is a Proxy that picks its implementation once per
    process and caches it, so changing PATH afterwards would change nothing:
    the module's own ``instance()`` picks again.
    """
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setitem(sys.modules, "dbus", None)  # import dbus -> ImportError
    from plyer.platforms.linux import notification as linux_notification

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plyer warns about each missing back end
        return linux_notification.instance()


def test_a_notification_reaches_the_notification_server(notification_bus: NotificationBus) -> None:
    require_programs({"notify-send": "libnotify-bin"})
    notifier = PlyerNotifier(in_background=True)

    assert notifier.notify(TITLE, MESSAGE, routine_id="chin-tucks-1") is True
    notifier.drain()

    assert notification_bus.wait_for(1) == [
        {"summary": TITLE, "body": MESSAGE, "app_name": "Unknot"}
    ]


def test_the_linux_notifier_posts_through_plyer_to_the_bus(
    notification_bus: NotificationBus,
) -> None:
    require_programs({"notify-send": "libnotify-bin"})
    notifier = create_notifier("linux")

    assert notifier.notify("First", "one") is True
    assert notifier.notify("Second", "two") is True

    delivered = notification_bus.wait_for(2)
    # Each posts on its own worker thread: the order they arrive in is not the point.
    assert sorted((n["summary"], n["body"]) for n in delivered) == [
        ("First", "one"),
        ("Second", "two"),
    ]


def test_without_any_backend_notify_is_false_and_logged_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backend = _plyer_linux_without_backends(monkeypatch, tmp_path)
    notifier = PlyerNotifier(backend=backend, in_background=True)

    with caplog.at_level(logging.DEBUG, logger="unknot.services"):
        results = [notifier.notify(TITLE, MESSAGE) for _ in range(3)]

    assert results == [False, False, False]
    assert notifier.available is False
    (record,) = _records(caplog)
    assert "libnotify-bin" in record.getMessage()


def test_no_session_bus_is_reported_as_false(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    require_programs({"notify-send": "libnotify-bin"})
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")
    from plyer.platforms.linux import notification as linux_notification

    notifier = PlyerNotifier(backend=linux_notification.NotifySendNotification())

    with caplog.at_level(logging.DEBUG, logger="unknot.services"):
        results = [notifier.notify(TITLE, MESSAGE) for _ in range(3)]

    assert results == [False, False, False]
    (record,) = _records(caplog)
    assert "no-bus-here" in record.getMessage()


def test_a_failing_backend_never_raises_and_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken:
        calls = 0

        def notify(self, **kwargs: object) -> None:
            Broken.calls += 1
            raise RuntimeError("the notification server went away")

    notifier = PlyerNotifier(backend=Broken())

    with caplog.at_level(logging.DEBUG, logger="unknot.services"):
        results = [notifier.notify(TITLE, MESSAGE) for _ in range(3)]

    assert results == [False, False, False]
    assert Broken.calls == 3  # may be passing: each reminder tries again
    assert len(_records(caplog)) == 1


def test_a_hanging_backend_does_not_hold_up_the_caller(caplog: pytest.LogCaptureFixture) -> None:
    release = threading.Event()

    class Hanging:
        def notify(self, **kwargs: object) -> None:
            release.wait(10)
            raise RuntimeError("no answer from the notification server")

    notifier = PlyerNotifier(backend=Hanging(), in_background=True, wait_s=0.05)

    started = time.monotonic()
    with caplog.at_level(logging.DEBUG, logger="unknot.services"):
        assert notifier.notify(TITLE, MESSAGE) is True  # still in flight: taken as posted
        assert time.monotonic() - started < 1
        release.set()
        notifier.drain()

    assert "no answer" in _records(caplog)[0].getMessage()


def test_plyer_receives_what_the_notification_should_show() -> None:
    received: list[dict[str, object]] = []

    class Recording:
        def notify(self, **kwargs: object) -> None:
            received.append(kwargs)

    notifier = PlyerNotifier(backend=Recording(), app_icon="/icons/unknot.png", timeout_s=30)

    assert notifier.notify(TITLE, MESSAGE) is True
    assert received == [
        {
            "title": TITLE,
            "message": MESSAGE,
            "app_name": "Unknot",
            "app_icon": "/icons/unknot.png",
            "timeout": 30,
        }
    ]


@pytest.mark.parametrize(
    ("platform", "kind", "in_background"),
    [
        ("linux", PlyerNotifier, True),
        ("win", PlyerNotifier, False),
        ("macosx", PlyerNotifier, False),
        ("android", NullNotifier, None),
        ("ios", NullNotifier, None),
        ("unknown", NullNotifier, None),
    ],
)
def test_create_notifier_picks_per_platform(
    platform: str, kind: type, in_background: bool | None
) -> None:
    notifier = create_notifier(platform)

    assert type(notifier) is kind
    if isinstance(notifier, PlyerNotifier):
        assert notifier.in_background is in_background


def test_the_icon_is_the_projects_when_it_has_one(tmp_path: Path) -> None:
    assert icon_path("linux", tmp_path) == ""
    (tmp_path / "icon.png").write_bytes(b"")
    (tmp_path / "icon.ico").write_bytes(b"")

    assert icon_path("linux", tmp_path) == str(tmp_path / "icon.png")
    assert icon_path("win", tmp_path) == str(tmp_path / "icon.ico")


def test_session_bus_reachable_follows_the_address(notification_bus: NotificationBus) -> None:
    nowhere = "unix:path=/nonexistent/unknot/bus"

    assert session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": notification_bus.address})
    assert not session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": nowhere})
    # Alternatives: the first that answers will do.
    both = f"{nowhere};{notification_bus.address}"
    assert session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": both})
    # No address: GDBus's fallback, $XDG_RUNTIME_DIR/bus.
    assert session_bus_reachable({"XDG_RUNTIME_DIR": str(notification_bus.directory)})
    assert not session_bus_reachable({"XDG_RUNTIME_DIR": "/nonexistent"})
    assert not session_bus_reachable({})
    # Transports not checked are assumed to work.
    assert session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": "tcp:host=localhost,port=1"})


def test_a_missing_server_program_fails_naming_its_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dunst") is None

    with pytest.raises(pytest.fail.Exception, match=r"Debian package.*dunst"):
        require_programs({"dunst": "dunst"})
