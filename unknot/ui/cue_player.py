"""Turns the session's cues into sound, speech and vibration, each through its service.

A cue turned off in the settings is simply a Null service here, so this stays
a lookup table with no conditions.
"""

from __future__ import annotations

from collections.abc import Iterable

from unknot.core.playback.plan import CueKind
from unknot.core.playback.session import FiredCue
from unknot.services import Services

VIBRATION_SECONDS = 0.3

_SOUNDS = {
    CueKind.TICK: "tick",
    CueKind.STEP: "step",
    CueKind.ALERT: "alert",
    CueKind.FINISH: "finish",
}


class CuePlayer:
    def __init__(self, services: Services) -> None:
        self.services = services

    def play(self, fired: Iterable[FiredCue]) -> None:
        for item in fired:
            cue = item.cue
            if cue.kind is CueKind.SPEAK:
                self.services.speaker.say(cue.text, cue.priority)
            elif cue.kind is CueKind.VIBRATE:
                self.services.vibrator.vibrate(VIBRATION_SECONDS)
            else:
                self.services.sounds.play(_SOUNDS[cue.kind])

    def hush(self) -> None:
        """Drops speech not yet spoken: after a skip or a pause it would describe the past."""
        self.services.speaker.clear()
