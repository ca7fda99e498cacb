"""The UI tests' three clocks, each moved by the test and never by real time passing.

- :class:`FakeClock`: the session's monotonic time (``UnknotApp(clock=...)``).
- :class:`WallClock`: the date and time reminders and the history see
  (``UnknotApp(wall_clock=...)``), always an aware UTC datetime.
- :class:`KivyClock`: Kivy's own ``Clock``, which runs the app's timers (the
  reminder check every few seconds). It keeps running in real time, frame by
  frame, but a test can make minutes pass for it at once, so a timer fires
  without the test sleeping, and a slow machine cannot make it miss.

A test that needs time to pass for more than one of them moves them together
with :meth:`tests.ui.pilot.Pilot.pass_time`.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.clocks import Advancing, FakeClock, WallClock

__all__ = ["Advancing", "FakeClock", "KivyClock", "WallClock"]


class KivyClock:
    """Kivy's ``Clock`` with an offset the test can grow: ``Clock.time`` becomes the real time
    plus the offset.

    Kivy compares every scheduled event against ``Clock._last_tick``, which the next frame
    sets from ``Clock.time()``; so after :meth:`advance` the next frame sees the time
    jumped and runs every timer that came due (an interval once, as after a long frame).
    Frames still pace themselves on the real time, so nothing spins or sleeps long.

    It is installed once for the whole test run and never taken out: taking the offset
    away again would put "now" before the last tick, and Kivy would sleep that long.
    """

    def __init__(self) -> None:
        from kivy.clock import Clock

        self.offset = 0.0
        real: Callable[[], float] = Clock.time

        def shifted() -> float:
            return real() + self.offset

        Clock.time = shifted

    def advance(self, seconds: float) -> float:
        """Lets ``seconds`` pass for Kivy's timers (from the next frame on)."""
        if seconds < 0:
            raise ValueError(f"Kivy's clock cannot go back {seconds} s")
        self.offset += seconds
        return self.offset


_kivy_clock: KivyClock | None = None


def kivy_clock() -> KivyClock:
    """The one :class:`KivyClock` of this process, installed on first use."""
    global _kivy_clock
    if _kivy_clock is None:
        _kivy_clock = KivyClock()
    return _kivy_clock
