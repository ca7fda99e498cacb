"""Short cue sounds: the countdown tick, a step change, the end, the pain-check prompt.

Kivy's audio is imported only when a ``KivySoundPlayer`` loads its sounds, so the
services package (and its Null versions) can be used where Kivy's audio is not wanted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from unknot.core.paths import ASSETS_DIR

log = logging.getLogger("unknot.services")

SOUNDS_DIR = ASSETS_DIR / "sounds"
SOUND_NAMES = ("tick", "step", "finish", "alert")


class SoundPlayer(Protocol):
    def play(self, name: str) -> None:
        """Starts the named cue (tick, step, finish, alert) and returns at once."""


class NullSoundPlayer:
    """For beeps turned off, and for platforms without audio."""

    def play(self, name: str) -> None:
        pass


class KivySoundPlayer:
    """Loads every ``*.wav`` in the sounds folder once, ahead of the cues, and plays by name.

    Loading ahead, not at the cue, is what keeps a tick on the second: Android's
    MediaPlayer prepares a file synchronously, and even SDL2 on a desktop adds about
    90 ms. Not at construction either: opening the audio device and the files took
    some 40 ms before the first frame of home, which plays no sound. The app calls
    :meth:`load` just after its first frame (``warm_up``); a cue before that (none
    comes so soon) loads them itself. A sound that cannot be loaded is logged once and
    stays silent; a cue is never worth an exception in the middle of a routine.
    """

    def __init__(self, folder: Path = SOUNDS_DIR, expected: Iterable[str] = SOUND_NAMES) -> None:
        self._folder = folder
        self._expected = tuple(expected)
        self._sounds: dict[str, Any] = {}
        self._reported: set[str] = set()
        self._loaded = False

    def load(self) -> None:
        """Loads the sounds, the first time it is called."""
        if self._loaded:
            return
        self._loaded = True
        from kivy.core.audio import SoundLoader

        folder = self._folder
        failed: list[str] = []
        for path in sorted(folder.glob("*.wav")):
            try:
                sound = SoundLoader.load(str(path))
            except Exception as error:  # Android's MediaPlayer raises JavaException
                log.debug("Loading %s raised %r", path, error)
                sound = None
            # Kivy's SDL2 provider returns a Sound of length 0 (not None) when the
            # file is damaged or no audio device could be opened.
            if sound is None or not sound.length or sound.length <= 0:
                failed.append(path.name)
                self._reported.add(path.stem)
                continue
            self._sounds[path.stem] = sound
        missing = [
            name
            for name in self._expected
            if name not in self._sounds and name + ".wav" not in failed
        ]
        if failed:
            log.warning(
                "These cue sounds in %s could not be loaded and will stay silent: %s",
                folder,
                ", ".join(failed),
            )
        if missing:
            log.warning(
                "These cue sounds are missing from %s and will stay silent: %s",
                folder,
                ", ".join(f"{name}.wav" for name in missing),
            )
            self._reported.update(missing)

    @property
    def loaded(self) -> dict[str, Any]:
        """The Kivy Sound objects by name, for tests and diagnostics."""
        self.load()
        return dict(self._sounds)

    def play(self, name: str) -> None:
        self.load()
        sound = self._sounds.get(name)
        if sound is None:
            if name not in self._reported:
                self._reported.add(name)
                log.warning("No cue sound named %r; it stays silent", name)
            return
        try:
            if sound.state == "play":
                # Android's MediaPlayer.start() on a playing sound does not restart
                # it; SDL2 stops by itself. Either way the cue starts now.
                sound.stop()
            sound.play()
        except Exception as error:
            if name not in self._reported:
                self._reported.add(name)
                log.warning("Playing the cue sound %r failed (%s); it stays silent", name, error)
