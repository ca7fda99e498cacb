"""System notifications while the app runs: a reminder that is due shows outside the app too.

The in-app banner is the one that always works; the system notification is
best effort. ``Notifier.notify`` therefore never raises and says whether the
notification was posted, so the caller can log once and rely on the banner.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from unknot.core.paths import ASSETS_DIR

log = logging.getLogger("unknot.services")

# plyer's Linux back ends that run a program and ignore how it ended: notify-send
# (libnotify-bin) and gdbus (Flatpak's portal). Neither can tell that nothing was posted.
_UNCHECKED_LINUX_BACKENDS = frozenset({"NotifySendNotification", "NotifyDesktopPortals"})


class Notifier(Protocol):
    def notify(self, title: str, message: str, *, routine_id: str | None = None) -> bool:
        """Posts a notification; True when the platform took it.

        ``routine_id`` is what opening the notification should open, on
        platforms where a notification can carry it (Android).
        """
        ...


class NullNotifier:
    """For tests and for platforms without notifications: the banner alone."""

    def notify(self, title: str, message: str, *, routine_id: str | None = None) -> bool:
        return False


class PlyerNotifier:
    """plyer's notification facade, made safe to call from Kivy's main thread.

    Never raises: a reminder that cannot reach the system still shows in the
    app, so a failure is only logged, and only the first time (a back end that
    fails once fails at every reminder; the log should say so once, not daily).
    ``NotImplementedError`` (plyer found no back end: on Linux neither the
    ``dbus`` module nor ``notify-send``) turns the notifier off for good; any other
    failure may be passing (no notification server yet), so later reminders try again.

    On Linux, plyer's ``notify-send`` back end calls ``subprocess.call`` and ignores
    the exit status, so a notify-send with no session bus to talk to (a login
    over SSH, a container, a bus that went away) would look like success. Before
    posting through it, ``notify`` checks that the session bus in
    ``DBUS_SESSION_BUS_ADDRESS`` (or ``$XDG_RUNTIME_DIR/bus``) accepts a
    connection, a local socket connect that costs well under a millisecond,
    and reports False without posting when it does not. A bus that is up but has
    no notification server on it is not detected (that takes a D-Bus call);
    notify-send then prints the error on stderr and ``notify`` returns True.

    notify-send, and the ``dbus`` module, wait for the notification server's
    answer, up to D-Bus's 25 s when it hangs. With ``in_background`` (for
    Linux), the post runs on a worker thread and ``notify`` waits for it at most
    ``wait_s``: a post that finishes in time (as they do, in milliseconds) gives
    its real outcome; one still running is taken as posted, and logged if it
    fails later. Not for Android or macOS, whose back ends must stay on the
    main thread (pyjnius threads must detach before they end; AppKit), nor
    needed on Windows, whose plyer back end already starts its own thread.
    """

    def __init__(
        self,
        *,
        backend: Any = None,
        in_background: bool = False,
        app_icon: str = "",
        timeout_s: int = 10,
        wait_s: float = 0.25,
    ) -> None:
        """``backend`` is plyer's ``notification`` unless given (tests hand in their own)."""
        self._backend = backend
        self._in_background = in_background
        self._app_icon = app_icon
        self._timeout_s = timeout_s
        self._wait_s = wait_s
        self._available = True
        self._logged = False
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    @property
    def available(self) -> bool:
        """False once plyer said this platform has no notifications."""
        return self._available

    @property
    def in_background(self) -> bool:
        return self._in_background

    def notify(self, title: str, message: str, *, routine_id: str | None = None) -> bool:
        # routine_id: plyer's notifications carry nothing back to the app.
        if not self._available:
            return False
        backend = self._resolve_backend()
        if backend is None:
            return False
        if _backend_name(backend) in _UNCHECKED_LINUX_BACKENDS and not session_bus_reachable():
            address = os.environ.get("DBUS_SESSION_BUS_ADDRESS") or "$XDG_RUNTIME_DIR/bus"
            self._log_once(
                logging.WARNING,
                "No system notifications: no D-Bus session bus answers at %s; "
                "reminders show in the app only",
                address,
            )
            return False
        if not self._in_background:
            return self._post(backend, title, message)
        outcome: list[bool] = []
        worker = threading.Thread(
            target=lambda: outcome.append(self._post(backend, title, message)),
            name="unknot-notify",
            daemon=True,
        )
        with self._lock:
            self._workers = [w for w in self._workers if w.is_alive()]
            self._workers.append(worker)
        worker.start()
        worker.join(self._wait_s)
        return outcome[0] if outcome else True

    def drain(self, timeout_s: float = 5.0) -> None:
        """Waits for posts still running on worker threads: for tests, and before exit."""
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            worker.join(timeout_s)

    def _resolve_backend(self) -> Any:
        """plyer's implementation, picked on first use; None when even that failed.

        plyer's Linux module warns (``warnings.warn``) that the ``dbus`` module is
        missing even when notify-send works; that goes to the debug log here
        instead of stderr at every start.
        """
        if self._backend is not None:
            return self._backend
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                from plyer import notification

                # The proxy picks and caches its implementation on first attribute access.
                _backend_name(notification)
            for warning in caught:
                log.debug("plyer: %s", warning.message)
        except Exception as error:
            self._available = False
            self._log_once(logging.WARNING, "No system notifications: plyer failed (%s)", error)
            return None
        self._backend = notification
        return notification

    def _post(self, backend: Any, title: str, message: str) -> bool:
        try:
            backend.notify(
                title=title,
                message=message,
                app_name="Unknot",
                app_icon=self._app_icon,
                timeout=self._timeout_s,
            )
        except NotImplementedError:
            self._available = False
            self._log_once(
                logging.INFO,
                "No system notifications: plyer has no notification back end here "
                "(on Linux: install notify-send, Debian's libnotify-bin); "
                "reminders show in the app only",
            )
            return False
        except Exception as error:
            self._log_once(
                logging.WARNING,
                "A system notification failed (%s); reminders show in the app",
                error,
            )
            return False
        return True

    def _log_once(self, level: int, text: str, *args: object) -> None:
        with self._lock:
            if self._logged:
                return
            self._logged = True
        log.log(level, text, *args)


def create_notifier(platform: str) -> Notifier:
    """The notifier for ``platform`` (a ``kivy.utils.platform`` value); Null where none."""
    if platform == "linux":
        return PlyerNotifier(in_background=True, app_icon=icon_path(platform))
    if platform in ("win", "macosx"):
        return PlyerNotifier(app_icon=icon_path(platform))
    # Android: plyer 2.1.0's PendingIntent crashes on Android 12+ (PLATFORM.md), so
    # create_services posts through unknot.services.android.notifications instead.
    # iOS: plyer has no notifications there.
    return NullNotifier()


def icon_path(platform: str, assets_dir: Path = ASSETS_DIR) -> str:
    """The icon a notification shows, or "" (the platform's default) when the project has none.

    Windows' balloon takes only .ico files; the others take a .png.
    """
    icon = assets_dir / ("icon.ico" if platform == "win" else "icon.png")
    return str(icon) if icon.is_file() else ""


def session_bus_reachable(environ: Mapping[str, str] | None = None) -> bool:
    """True when the D-Bus session bus the environment names accepts a connection.

    Follows what libnotify's GDBus does: ``DBUS_SESSION_BUS_ADDRESS`` (a
    ``;``-separated list of alternatives), else ``$XDG_RUNTIME_DIR/bus``. Only
    ``unix:path=`` and ``unix:abstract=`` are checked; any other transport is
    assumed to work rather than turn notifications off on a guess. With
    neither, GDBus would try to autolaunch a bus, which would have no
    notification server on it: False.
    """
    env = os.environ if environ is None else environ
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        runtime_dir = env.get("XDG_RUNTIME_DIR", "")
        return bool(runtime_dir) and _accepts_connection(str(Path(runtime_dir) / "bus"))
    for entry in address.split(";"):
        transport, _, params = entry.partition(":")
        keys = {
            key: unquote(value)
            for key, _, value in (pair.partition("=") for pair in params.split(","))
        }
        if transport != "unix":
            return True
        if "path" in keys and _accepts_connection(keys["path"]):
            return True
        if "abstract" in keys and _accepts_connection("\0" + keys["abstract"]):
            return True
        if "path" not in keys and "abstract" not in keys:
            return True
    return False


def _accepts_connection(socket_path: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.connect(socket_path)
        except OSError:
            return False
    return True


def _backend_name(backend: Any) -> str:
    # Through plyer's Proxy, __class__ is the implementation's class (and asking picks it).
    return str(backend.__class__.__name__)
