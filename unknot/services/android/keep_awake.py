"""Keeping the screen on during a session, on Android: the window flag, not a wakelock.

FLAG_KEEP_SCREEN_ON acts only while the activity's window is visible, so a
session left running in the background does not keep the phone awake; a
wakelock would need a permission and outlive the window.
"""

from __future__ import annotations

import threading
from typing import Any

from unknot.services.android import activity


class AndroidKeepAwake:
    """Sets and clears FLAG_KEEP_SCREEN_ON on the activity's window.

    Window flags may only be changed on Android's UI thread (otherwise
    CalledFromWrongThreadException); Kivy's code runs on another thread, hence
    ``run_on_ui_thread``, which posts the change and returns at once.
    """

    def __init__(self) -> None:
        from android.runnable import run_on_ui_thread
        from jnius import autoclass

        self._activity: Any = activity()
        self._flag: int = autoclass("android.view.WindowManager$LayoutParams").FLAG_KEEP_SCREEN_ON
        self._lock = threading.Lock()
        self._held = False
        self._add_flag = run_on_ui_thread(self._add_flag_now)
        self._clear_flag = run_on_ui_thread(self._clear_flag_now)

    @property
    def held(self) -> bool:
        return self._held

    def hold(self) -> None:
        with self._lock:
            if self._held:
                return
            self._held = True
        self._add_flag()

    def release(self) -> None:
        with self._lock:
            if not self._held:
                return
            self._held = False
        self._clear_flag()

    def _add_flag_now(self) -> None:
        self._activity.getWindow().addFlags(self._flag)

    def _clear_flag_now(self) -> None:
        self._activity.getWindow().clearFlags(self._flag)
