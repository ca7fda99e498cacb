"""Names shared with the Java receivers (android/src/org/unknot/reminders).

Both sides must spell them alike: a misspelt action or extra fails silently on a
phone. tests/services/test_android_build_files.py compares the Java constants
with these.
"""

from __future__ import annotations

JAVA_PACKAGE = "org.unknot.reminders"
RECEIVER_CLASS = f"{JAVA_PACKAGE}.ReminderReceiver"
NOTIFIER_CLASS = f"{JAVA_PACKAGE}.ReminderNotifier"
PREFS_NAME = "unknot_reminders"
KEY_SLOTS = "slots"
ACTION_FIRE = f"{JAVA_PACKAGE}.FIRE"
ACTION_OPEN = f"{JAVA_PACKAGE}.OPEN"
EXTRA_REMINDER_ID = f"{JAVA_PACKAGE}.REMINDER_ID"
EXTRA_DUE_AT = f"{JAVA_PACKAGE}.DUE_AT"
EXTRA_ROUTINE_ID = f"{JAVA_PACKAGE}.ROUTINE_ID"
FORMAT = 1
"""The saved slots' format: the receivers ignore a document of another one."""

HEAT_RECEIVER_CLASS = f"{JAVA_PACKAGE}.HeatAlarmReceiver"
"""Posts "take the heat pack off" when a heat step ends with the app in the background."""
ACTION_HEAT_DONE = f"{JAVA_PACKAGE}.HEAT_DONE"
EXTRA_HEAT_TITLE = f"{JAVA_PACKAGE}.HEAT_TITLE"
EXTRA_HEAT_TEXT = f"{JAVA_PACKAGE}.HEAT_TEXT"
HEAT_CHANNEL_ID = "heat"
"""The heat notice's own channel (importance high), apart from the reminders'."""
