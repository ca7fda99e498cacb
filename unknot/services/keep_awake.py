"""Keeps the screen on while a session runs, so the countdown stays visible.

On Android (android/keep_awake.py) this is the window flag FLAG_KEEP_SCREEN_ON,
set only between ``hold`` and ``release``: not a wakelock (``android.wakelock =
True`` in buildozer.spec would keep the screen bright for the app's whole life,
and a wakelock needs a permission and outlives the app's window). The flag only
acts while the activity's window is visible, so a session left running in the
background does not keep the phone awake.
"""

from __future__ import annotations

from typing import Protocol


class KeepAwake(Protocol):
    def hold(self) -> None:
        """Keeps the screen on until ``release``."""

    def release(self) -> None:
        """Lets the screen sleep again as usual."""


class NullKeepAwake:
    """For desktops (their screen savers are the person's business) and for the setting off."""

    def hold(self) -> None:
        pass

    def release(self) -> None:
        pass
