"""A short buzz at a step change, for a person whose ears are covered or who uses no sound.

Phones only: plyer has no desktop vibrator and raises NotImplementedError there.
"""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger("unknot.services")


class Vibrator(Protocol):
    def vibrate(self, seconds: float) -> None:
        """Buzzes for ``seconds``; returns at once."""


class NullVibrator:
    """For vibration turned off, and for devices without a vibrator."""

    def vibrate(self, seconds: float) -> None:
        pass


class PlyerVibrator:
    """plyer's vibrator; the first failure turns it off for good, with one log line.

    Failing the same way on every step of a routine would only fill the log:
    NotImplementedError (no vibrator on this platform) and a missing VIBRATE
    permission (a Java SecurityException through pyjnius) do not go away.
    """

    def __init__(self) -> None:
        self._available = True

    @property
    def available(self) -> bool:
        return self._available

    def vibrate(self, seconds: float) -> None:
        if not self._available:
            return
        try:
            from plyer import vibrator

            vibrator.vibrate(time=seconds)
        except NotImplementedError:
            self._available = False
            log.info("Vibration is off: this device has no vibrator that plyer can use")
        except Exception as error:
            self._available = False
            log.warning("Vibration is off: the vibrator failed (%s)", error)
