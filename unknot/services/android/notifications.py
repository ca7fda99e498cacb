"""Notifications posted while the app runs, through the same Java class as the receiver's.

plyer 2.1.0's Android notification crashes on Android 12+ (its PendingIntent
has no mutability flag, PLATFORM.md); the Java ``ReminderNotifier`` has the
right flags, the app's channel and the tap target that brings the routine id
back (launch.py).
"""

from __future__ import annotations

import logging
from typing import Any

from unknot.services.android import app_context
from unknot.services.android.java_names import NOTIFIER_CLASS
from unknot.services.android.slots import reminder_code

log = logging.getLogger("unknot.services")


class AndroidNotifier:
    """``Notifier`` through the Java ``ReminderNotifier``: same channel, same tap target.

    A notification posted while the app runs then looks like one posted by the
    receiver, and opening it brings the routine id back the same way.
    """

    def __init__(self, context: Any = None) -> None:
        from jnius import autoclass

        self._notifier = autoclass(NOTIFIER_CLASS)
        if context is None:
            context = app_context()
        self._context = context

    def notify(self, title: str, message: str, *, routine_id: str | None = None) -> bool:
        code = reminder_code(f"now:{routine_id or ''}")
        try:
            posted = self._notifier.post(self._context, code, title, message, routine_id, None)
        except Exception as error:
            log.warning("The notification could not be posted (%s)", error)
            return False
        return bool(posted)
