"""A private D-Bus session bus with a real notification server on it, for delivery tests.

A notification test that only fakes plyer proves nothing about the desktop:
notify-send, the bus and the server are where it goes wrong. So the
``notification_bus`` fixture starts ``dbus-daemon`` with a config of its own (no
service activation, so nothing else on the machine can answer in the server's
place) and ``dunst`` on the X display pytest-xvfb gives the run, points
``DBUS_SESSION_BUS_ADDRESS`` at that bus for the test, and reads back what dunst
received through ``dunstctl history``. Everything is stopped and removed after
the test, whatever the test did.

From a UI test, import the fixture into that folder's conftest (a fixture must
be visible there by name)::

    from tests.services.dbus_session import notification_bus as notification_bus

and then::

    def test_reminder_posts_a_notification(app, notification_bus):
        ...  # let a reminder fall due in the running app
        (delivered,) = notification_bus.wait_for(1)
        assert delivered["summary"] == "Time for Chin tucks, level 1"

The bus's address is in the environment before the test body runs, so an app or
notifier created inside the test posts there; plyer reads it at each post.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypedDict

import pytest

# The programs the fixture runs, and the Debian package each comes from; tools/test.sh
# installs these packages (TEST_PACKAGES) before it runs pytest. dunstctl is a shell
# script that talks to dunst through dbus-send, and reads the history through busctl.
SERVER_PROGRAMS = {
    "dbus-daemon": "dbus-daemon",
    "dunst": "dunst",
    "dunstctl": "dunst",
    "dbus-send": "dbus-bin",
    "busctl": "systemd",
}

STARTUP_TIMEOUT_S = 10.0

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# notification_limit 0: no limit on notifications shown at once, so none waits in a
# queue that ``dunstctl close-all`` would not reach.
_DUNSTRC = """[global]
    notification_limit = 0
    history_length = 1000
"""


class Delivered(TypedDict):
    """One notification as the server received it."""

    summary: str
    body: str
    app_name: str


def require_programs(programs: Mapping[str, str]) -> None:
    """Fails the test, naming the Debian package, when a program is missing.

    Not a skip: tools/test.sh installs these packages, so a missing one is a
    broken set-up that must show, not a test that quietly stops testing.
    """
    missing = {name: package for name, package in programs.items() if not shutil.which(name)}
    if missing:
        packages = " ".join(sorted(set(missing.values())))
        pytest.fail(
            f"{', '.join(sorted(missing))} not found: install the Debian package(s) {packages} "
            "(bash tools/test.sh installs them: TEST_PACKAGES)",
            pytrace=False,
        )


@dataclass
class NotificationBus:
    """A running private session bus with dunst on it."""

    address: str
    directory: Path
    env: dict[str, str]
    _processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def notifications(self) -> list[Delivered]:
        """Everything delivered so far, oldest first.

        dunst lists only notifications it has closed; ``close-all`` closes the
        ones still on screen (plyer's notify-send posts with ``-t 0``: they
        would never expire by themselves).
        """
        self._dunstctl("close-all")
        history = json.loads(self._dunstctl("history"))
        entries = sorted(history["data"][0], key=lambda entry: entry["id"]["data"])
        return [
            Delivered(
                summary=entry["summary"]["data"],
                body=entry["body"]["data"],
                app_name=entry["appname"]["data"],
            )
            for entry in entries
        ]

    def wait_for(self, count: int = 1, timeout_s: float = 5.0) -> list[Delivered]:
        """Polls until at least ``count`` notifications arrived; fails the test if they don't."""
        deadline = time.monotonic() + timeout_s
        while True:
            delivered = self.notifications()
            if len(delivered) >= count:
                return delivered
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{len(delivered)} notification(s) arrived within {timeout_s} s, "
                    f"expected {count}: {delivered}\n{self.logs()}",
                    pytrace=False,
                )
            time.sleep(0.05)

    def logs(self) -> str:
        """What the bus and dunst printed: for failure messages."""
        return "\n".join(
            f"--- {name} ---\n{(self.directory / f'{name}.log').read_text(errors='replace')}"
            for name, _ in self._processes
        )

    def _dunstctl(self, command: str) -> str:
        result = subprocess.run(
            ["dunstctl", command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"dunstctl {command} failed ({result.returncode}): {result.stderr}\n{self.logs()}",
                pytrace=False,
            )
        return result.stdout

    def _start(self, name: str, argv: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            argv, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        self._processes.append((name, process))
        return process

    def _wait_until(self, what: str, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not ready():
            for name, process in self._processes:
                if process.poll() is not None:
                    pytest.fail(
                        f"{name} exited ({process.returncode}) before {what}\n{self.logs()}",
                        pytrace=False,
                    )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{what}: not within {STARTUP_TIMEOUT_S} s\n{self.logs()}", pytrace=False
                )
            time.sleep(0.05)

    def _stop(self) -> None:
        # The server first, so it does not see its bus vanish under it.
        for _, process in reversed(self._processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)


@contextmanager
def running_notification_bus(display: str) -> Iterator[NotificationBus]:
    """The bus and dunst, running until the block ends; stopped and removed even if it fails.

    The directory is made in /tmp (not pytest's tmp_path): a Unix socket's path
    must fit in 108 bytes.
    """
    require_programs(SERVER_PROGRAMS)
    directory = Path(tempfile.mkdtemp(prefix="unknot-bus-"))
    socket_path = directory / "bus"
    address = f"unix:path={socket_path}"
    env = {key: value for key, value in os.environ.items() if key != "WAYLAND_DISPLAY"}
    env.update(DBUS_SESSION_BUS_ADDRESS=address, DISPLAY=display)
    bus = NotificationBus(address=address, directory=directory, env=env)
    (directory / "bus.conf").write_text(_BUS_CONFIG.format(socket=socket_path))
    (directory / "dunstrc").write_text(_DUNSTRC)
    try:
        with (directory / "dbus-daemon.log").open("wb") as bus_log:
            bus._start(
                "dbus-daemon",
                ["dbus-daemon", "--nofork", "--nopidfile", f"--config-file={directory}/bus.conf"],
                bus_log,
            )
        bus._wait_until("the bus listened", lambda: _accepts_connection(socket_path))
        with (directory / "dunst.log").open("wb") as dunst_log:
            bus._start("dunst", ["dunst", "-config", str(directory / "dunstrc")], dunst_log)
        bus._wait_until("dunst answered on the bus", lambda: _dunst_answers(env))
        yield bus
    finally:
        bus._stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def notification_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationBus]:
    """A private session bus with dunst on it, as this test's session bus."""
    display = os.environ.get("DISPLAY")
    if not display:
        pytest.fail(
            "No DISPLAY for dunst: run pytest with pytest-xvfb (as tools/test.sh does)",
            pytrace=False,
        )
    with running_notification_bus(display) as bus:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        yield bus


def _accepts_connection(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True


def _dunst_answers(env: Mapping[str, str]) -> bool:
    # dunstctl asks dunst on org.freedesktop.Notifications; without activation on
    # this bus, it succeeds only once dunst owns that name.
    result = subprocess.run(
        ["dunstctl", "is-paused"], env=env, capture_output=True, timeout=5, check=False
    )
    return result.returncode == 0
