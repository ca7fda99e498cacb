"""The app's side of the cue service on Android: start it, hand over, take back, end.

The service is python-for-android's ``ServiceCues`` (buildozer.spec
``services``), started with ``ServiceCues.start(context, argument)`` while the
app is on screen, when a session begins: Android 12+ refuses to start a
foreground service from the background, so waiting for ``on_pause`` would be
too late. Its argument (``PYTHON_SERVICE_ARGUMENT`` in the service) is JSON
with the data folder. Hand-over and take-back are files
(``unknot.services.carrier.FileHandover``); a broadcast to the service's
receiver wakes it to look at them at once.

A tap on the session's notifications opens the activity with
``ACTION_OPEN_SESSION`` and the screen to show; python-for-android's activity
is single-task, so a running app gets it through ``onNewIntent``.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from unknot.core.playback.checkpoint import SavedSession
from unknot.services.android import activity
from unknot.services.android.java_names import (
    ACTION_OPEN_SESSION,
    ACTION_SESSION_WAKE,
    EXTRA_SESSION_SCREEN,
    SERVICE_CLASS,
    SESSION_RECEIVER_CLASS,
)
from unknot.services.android.launch import reopened_from_recents
from unknot.services.carrier import FileHandover, TakeBack

log = logging.getLogger("unknot.services")

SCREENS = ("player", "pain")


def screen_from_intent(intent: Any) -> str | None:
    """The screen a tap on a session notification asked for, taken out of the intent; else None."""
    if intent is None or intent.getAction() != ACTION_OPEN_SESSION:
        return None
    if reopened_from_recents(intent):
        return None
    screen = intent.getStringExtra(EXTRA_SESSION_SCREEN)
    if screen is None:
        return None
    intent.removeExtra(EXTRA_SESSION_SCREEN)
    return str(screen) if str(screen) in SCREENS else None


class AndroidCarrier:
    """``SessionCarrier`` on Android. Never raises: without it, cues stop in the background."""

    def __init__(self, folder: Path, context: Any = None) -> None:
        from jnius import autoclass

        self._service_class = autoclass(SERVICE_CLASS)
        self._intent_class = autoclass("android.content.Intent")
        if context is None:
            context = activity()
        self._context = context
        self._lock = threading.Lock()
        self._opened: str | None = None
        self._files = FileHandover(folder, wake=self._wake, opened=self._take_opened)
        self._folder = folder
        self._started = False
        self._listen_for_taps()

    @property
    def carries(self) -> bool:
        return True

    def start(self, saved: SavedSession) -> None:
        try:
            self._files.mark_app_owner()
            argument = json.dumps({"data_dir": str(self._folder)})
            self._service_class.start(self._context, argument)
            self._started = True
        except Exception as error:
            log.warning("The cue service did not start (%s): no cues with the screen off", error)

    def hand_over(self, saved: SavedSession) -> bool:
        if not self._started:
            return False
        try:
            self._files.hand_over(saved)
        except Exception as error:
            log.warning("The session could not be handed to the cue service (%s)", error)
            return False
        return True

    def take_back(self) -> TakeBack | None:
        try:
            return self._files.take_back()
        except Exception as error:
            log.warning("The cue service's log could not be read (%s)", error)
            return None

    def end(self) -> None:
        try:
            self._files.end()
        except Exception as error:
            log.warning("The cue service was not told the session ended (%s)", error)
        try:
            self._service_class.stop(self._context)
        except Exception as error:
            log.warning("The cue service could not be stopped (%s)", error)
        self._started = False

    # -- inside ----------------------------------------------------------------------------

    def _wake(self) -> None:
        intent = self._intent_class(ACTION_SESSION_WAKE)
        intent.setClassName(str(self._context.getPackageName()), SESSION_RECEIVER_CLASS)
        self._context.sendBroadcast(intent)

    def _listen_for_taps(self) -> None:
        try:
            self._remember(screen_from_intent(self._context.getIntent()))
        except Exception as error:
            log.info("No launch intent to read (%s)", error)
        try:
            from android.activity import bind

            bind(on_new_intent=lambda intent: self._remember(screen_from_intent(intent)))
        except Exception as error:
            log.warning("Taps on the session's notification will open only the app (%s)", error)

    def _remember(self, screen: str | None) -> None:
        if screen is not None:
            with self._lock:
                self._opened = screen

    def _take_opened(self) -> str | None:
        with self._lock:
            screen, self._opened = self._opened, None
        return screen
