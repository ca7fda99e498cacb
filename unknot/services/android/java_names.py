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

# -- the cue service (cue_service.py) and its notification's buttons -----------------------
SERVICE_NAME = "cues"
"""buildozer.spec ``services = cues:...``: p4a makes the class ``Service`` + the name
capitalised, in the app's package, and runs it in the process ``:service_`` + the name."""
APP_PACKAGE = "org.unknot.unknot"
SERVICE_CLASS = f"{APP_PACKAGE}.ServiceCues"
SERVICE_PROCESS = f":service_{SERVICE_NAME}"
PYTHON_SERVICE = "org.kivy.android.PythonService"
SESSION_RECEIVER_CLASS = f"{JAVA_PACKAGE}.SessionActionReceiver"
"""Runs in the service's process and queues what the notification's buttons send."""
ACTION_SESSION_PAUSE = f"{JAVA_PACKAGE}.SESSION_PAUSE"
ACTION_SESSION_RESUME = f"{JAVA_PACKAGE}.SESSION_RESUME"
ACTION_SESSION_STOP_FOR_PAIN = f"{JAVA_PACKAGE}.SESSION_STOP_FOR_PAIN"
ACTION_SESSION_END = f"{JAVA_PACKAGE}.SESSION_END"
ACTION_SESSION_WAKE = f"{JAVA_PACKAGE}.SESSION_WAKE"
"""From the app: look at the files now (a hand-over, a take-back, the end)."""
ACTION_OPEN_SESSION = f"{JAVA_PACKAGE}.OPEN_SESSION"
EXTRA_SESSION_SCREEN = f"{JAVA_PACKAGE}.SESSION_SCREEN"
"""Which screen a tap on the session's notifications opens: "player" or "pain"."""
SESSION_CHANNEL_ID = "session"
"""The running session's notification: its own channel, low importance (no sound: the
service speaks), unlike python-for-android's silent IMPORTANCE_NONE one."""
SESSION_ALERTS_CHANNEL_ID = "session_alerts"
"""A pain check due and the words after a stop: high importance."""
