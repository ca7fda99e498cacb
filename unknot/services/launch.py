"""What the app was opened for: the routine of a tapped reminder notification.

Only Android's notifications carry a routine back to the app (desktop ones,
through plyer, carry nothing), so elsewhere the app always opens at home.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Launch(Protocol):
    def routine_id(self) -> str | None:
        """The routine a tapped reminder notification started the app with, once; else None.

        Ask once the app has started; an id no longer in the library is the
        caller's to ignore.
        """
        ...

    def on_opened(self, callback: Callable[[str], None]) -> None:
        """Calls ``callback(routine_id)`` for each reminder tapped while the app runs.

        The callback may come on another thread (Android's UI thread): hand UI
        work to Kivy's (``@mainthread``). Never raises.
        """
        ...


class NullLaunch:
    """Platforms whose notifications open nothing in particular."""

    def routine_id(self) -> str | None:
        return None

    def on_opened(self, callback: Callable[[str], None]) -> None:
        return None
