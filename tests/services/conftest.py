"""Set-up for the service tests: a silent audio driver, and a fake Android.

This machine has no sound card. Kivy's SDL2 audio provider opens the mixer on
the first sound it loads, once per process, and with no device it still
returns a Sound, of length 0. SDL's "dummy" driver plays into nothing at real
speed, so loading and playing are real. The variable must be set before the
first load anywhere in the test run; conftest files are imported at collection,
before any test runs. An SDL_AUDIODRIVER already set is respected.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from tests.services.fake_android import FakeAndroid, FakeAndroidWithDocuments
from tests.services.fake_service import FakePhone


@pytest.fixture
def android(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeAndroid]:
    """A fake ``jnius`` and ``android.runnable`` in sys.modules, shaped like the real ones.

    It is the phone with the document screens too, so ``create_services`` can
    start every Android service on it.
    """
    fake = FakeAndroidWithDocuments(tmp_path / "cache")
    fake.install(monkeypatch)
    yield fake


@pytest.fixture
def phone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakePhone]:
    """The fake device with the cue service's process: its Service, notifications, audio."""
    fake = FakePhone(tmp_path / "cache")
    fake.install(monkeypatch)
    fake.init_status_in_constructor = 0  # the speech engine starts at once (SUCCESS)
    yield fake


# A private D-Bus session bus with a notification server (dunst) on it: see dbus_session.py.
from tests.services.dbus_session import notification_bus as notification_bus  # noqa: E402
