"""The routine a tapped reminder notification asks for, at launch or while the app runs.

The Java ``ReminderNotifier`` makes the tap open the activity with ``ACTION_OPEN``
and the routine's id as an extra; this reads it back, once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from unknot.services.android import activity
from unknot.services.android.java_names import ACTION_OPEN, EXTRA_ROUTINE_ID

log = logging.getLogger("unknot.services")

FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY = 0x00100000
"""Intent flag: the activity was restarted from Recents with its old intent."""


def reopened_from_recents(intent: Any) -> bool:
    """True for an activity intent replayed from Recents: its extras were acted on already.

    Acting on them again would reopen the routine, or import the sent file, a second time.
    """
    return bool(intent.getFlags() & FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY)


def routine_id_from_intent(intent: Any) -> str | None:
    """The routine a reminder notification asked for, and takes it out of the intent.

    None for any other intent: the launcher's, one restarted from Recents (it
    carries the old extras again), or one already read. Taking the extra out
    means a later look at the same activity intent does not reopen the routine.
    """
    if intent is None or intent.getAction() != ACTION_OPEN:
        return None
    if reopened_from_recents(intent):
        return None
    routine_id = intent.getStringExtra(EXTRA_ROUTINE_ID)
    if routine_id is None:
        return None
    intent.removeExtra(EXTRA_ROUTINE_ID)
    return str(routine_id)


def launch_routine_id() -> str | None:
    """The routine the notification that started the app asked for, once; else None.

    Call it once the app has started (``on_start``). A routine id that is no longer
    in the library should be ignored by the caller.
    """
    try:
        return routine_id_from_intent(activity().getIntent())
    except Exception as error:
        log.warning("Could not read what opened the app (%s)", error)
        return None


def on_reminder_opened(callback: Callable[[str], None]) -> None:
    """Calls ``callback(routine_id)`` when a reminder notification is tapped while the app runs.

    python-for-android's activity is single-task: a tap then reaches the running
    activity through onNewIntent, not as a new launch. The callback runs on
    Android's UI thread: hand the work to Kivy's (``@mainthread``).
    """
    from android.activity import bind

    def new_intent(intent: Any) -> None:
        routine_id = routine_id_from_intent(intent)
        if routine_id is not None:
            callback(routine_id)

    bind(on_new_intent=new_intent)


class AndroidLaunch:
    """``Launch`` on Android: never raises, so the app's start cannot fail on a reminder tap.

    A routine that cannot be opened from a notification is a small loss; the
    app opening at home instead is fine, so failures are logged and passed over.
    """

    def routine_id(self) -> str | None:
        return launch_routine_id()

    def on_opened(self, callback: Callable[[str], None]) -> None:
        try:
            on_reminder_opened(callback)
        except Exception as error:
            log.warning("Reminder taps will not open routines (%s)", error)
