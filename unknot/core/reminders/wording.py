"""What a due reminder says, in the app's banner and in the system's notification alike."""

from __future__ import annotations

from collections.abc import Mapping

from unknot.core.reminders.schedule import Reminder


def notification_text(reminder: Reminder, titles: Mapping[str, str]) -> tuple[str, str]:
    """The title and the line under it; a reminder for "whichever I choose" names none."""
    name = titles.get(reminder.routine_id or "", "")
    if name:
        return f"Time for {name}", "Open Unknot when you are ready."
    return "Time for a routine", "Open Unknot and choose one when you are ready."
