"""The suite's fake clocks: the session's monotonic time and the wall clock, moved by tests.

One of each for the whole suite (core and UI). Times that are sums of whole seconds
and multiples of 1/1024 s add up exactly in binary floating point, which lets the
long-run tests compare with ``==``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol

START = 1000.0
"""Far from zero, so that code which quietly assumes "the clock starts at 0" fails."""


class Advancing(Protocol):
    """A fake clock that time can be made to pass for, in seconds."""

    def advance(self, seconds: float) -> object: ...


class FakeClock:
    """A monotonic clock: call it for the time, :meth:`advance` to let time pass."""

    def __init__(self, start: float = START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        """Lets ``seconds`` pass and returns the new time; time never runs backwards."""
        if seconds < 0:
            raise ValueError(f"a monotonic clock cannot go back {seconds} s")
        self.now += seconds
        return self.now


class WallClock:
    """The date and time the app reads, from ``start`` (any zone; kept in UTC, as the real
    ``datetime.now(timezone.utc)`` gives it)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the wall clock needs an aware datetime")
        self.now = start.astimezone(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | float) -> datetime:
        """Lets ``delta`` (a timedelta or seconds) pass and returns the new time."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        self.now += step
        return self.now
