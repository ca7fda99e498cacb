"""A clock the tests move by hand, for ``Session(routine, clock=FakeClock(), baseline=N)``.

It starts far from zero so that code which quietly assumes "the clock starts at 0"
fails. Times that are sums of whole seconds and multiples of 1/1024 s add up
exactly in binary floating point, which lets the long-run tests compare with ``==``.
"""

from __future__ import annotations

START = 1000.0


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
