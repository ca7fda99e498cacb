"""What a reminder's notification says, in one place.

The notification may be posted by the app while it runs or, on Android, by the
Java receiver with the app closed (Python writes the words into the saved
slots). Both must read the same, so the words live here, beside the reminders.
"""

from __future__ import annotations

from collections.abc import Mapping

from unknot.core.reminders.schedule import Reminder


def notification_text(reminder: Reminder, titles: Mapping[str, str]) -> tuple[str, str]:
    """The notification's title and text: the routine by name, or an invitation to choose one.

    ``titles`` maps routine ids to titles; a reminder whose routine is gone from
    the library reads like a "whichever I choose" one rather than naming nothing.
    """
    name = titles.get(reminder.routine_id or "", "")
    if name:
        return f"Time for {name}", "Open Unknot when you are ready."
    return "Time for a routine", "Open Unknot and choose one when you are ready."
