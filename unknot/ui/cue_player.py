"""Turns the session's cues into sound, speech and vibration, each through its service.

A cue turned off in the settings is simply a Null service here, so this stays
a lookup table with no conditions. Every call into a service goes through a
``ServiceGuard``: these calls run inside Kivy's Clock callback, and an
exception there would stop the app in the middle of a session (on a phone, in
the middle of a heat step). A failing cue is worth one log line, not a session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from unknot.core.playback.plan import CueKind
from unknot.core.playback.session import FiredCue
from unknot.services import Services

log = logging.getLogger("unknot.player")

VIBRATION_SECONDS = 0.3

SOUNDS = "cue sounds"
SPEECH = "spoken cues"
VIBRATION = "vibration"
KEEP_AWAKE = "keeping the screen on"

_SOUNDS = {
    CueKind.TICK: "tick",
    CueKind.STEP: "step",
    CueKind.ALERT: "alert",
    CueKind.FINISH: "finish",
}


class ServiceGuard:
    """Calls a service and swallows what it raises, logging each failing service once.

    A service that failed is still called next time (a failure may pass, as a
    speech engine restarting does); only the log line is not repeated, since a
    broken service would otherwise log on every tick of a routine.
    """

    def __init__(self) -> None:
        self._failed: set[str] = set()

    @property
    def failed(self) -> frozenset[str]:
        """The services that have raised at least once."""
        return frozenset(self._failed)

    def call(self, service: str, action: Callable[..., Any], *args: Any) -> None:
        try:
            action(*args)
        except Exception as error:
            if service not in self._failed:
                self._failed.add(service)
                log.warning(
                    "%s failed (%s: %s); the session goes on without it",
                    service.capitalize(),
                    type(error).__name__,
                    error,
                )


class CuePlayer:
    def __init__(self, services: Services, guard: ServiceGuard | None = None) -> None:
        self.services = services
        self.guard = guard if guard is not None else ServiceGuard()

    def play(self, fired: Iterable[FiredCue]) -> None:
        for item in fired:
            cue = item.cue
            if cue.kind is CueKind.SPEAK:
                self.say(cue.text, cue.priority)
            elif cue.kind is CueKind.VIBRATE:
                self.guard.call(VIBRATION, self.services.vibrator.vibrate, VIBRATION_SECONDS)
            else:
                self.guard.call(SOUNDS, self.services.sounds.play, _SOUNDS[cue.kind])

    def say(self, text: str, priority: int = 0) -> None:
        """Speaks a line outside the routine's cues (the ease-off advice), guarded the same way."""
        self.guard.call(SPEECH, self.services.speaker.say, text, priority)

    def hush(self) -> None:
        """Drops speech not yet spoken: after a skip or a pause it would describe the past."""
        self.guard.call(SPEECH, self.services.speaker.clear)
