"""The one clock the session trusts: monotonic, and on Linux/Android still counting in suspend.

``time.monotonic()`` stops while a phone sleeps, so a heat step timed with it
would run long after the screen turns back on. ``CLOCK_BOOTTIME`` keeps
counting through suspend; it exists on Linux and Android. Elsewhere the
monotonic clock is the best there is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

MonotonicClock = Callable[[], float]
"""Seconds from an arbitrary start, never going backwards; injected so tests control time."""


def device_clock() -> MonotonicClock:
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            time.clock_gettime(boottime)
        except OSError:
            return time.monotonic
        return lambda: time.clock_gettime(boottime)
    return time.monotonic
