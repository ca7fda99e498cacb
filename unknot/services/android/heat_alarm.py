"""The heat step's end on Android: a one-shot AlarmManager alarm and a receiver of its own.

When the app goes to the background during a heat step, ``arm`` sets an alarm
for the heat deadline. When it fires, the Java ``HeatAlarmReceiver``
(android/src/org/unknot/reminders) posts the words carried in the alarm's intent
on the "heat" channel (importance high), and arms nothing: unlike the reminder
receiver, which re-arms the next day's firing, this alarm happens once.

The rules are the reminders' (alarms.py), with one difference: exact whenever
Android allows it, since a heat pack left on is the one thing here that cannot
wait a few minutes.

- ``setExactAndAllowWhileIdle(RTC_WAKEUP, ...)`` when exact alarms are allowed
  (always before Android 12; from 12 when ``canScheduleExactAlarms()``), at
  the deadline, saying "now";
- otherwise ``setAndAllowWhileIdle`` two minutes early (an inexact alarm may come
  late, never early), saying the local time: "take it off at 14:35";
- one request code, so arming again replaces the alarm; FLAG_IMMUTABLE, and
  FLAG_UPDATE_CURRENT so the words of the new alarm replace the old ones.
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from typing import Any

from unknot.services.android import app_context
from unknot.services.android.alarms import SDK_EXACT_ALARM_PERMISSION
from unknot.services.android.java_names import (
    ACTION_HEAT_DONE,
    EXTRA_HEAT_TEXT,
    EXTRA_HEAT_TITLE,
    HEAT_RECEIVER_CLASS,
)
from unknot.services.android.zone import epoch_ms
from unknot.services.heat_alarm import HeatNotice, heat_notice

log = logging.getLogger("unknot.services")

HEAT_ALARM_CODE = 1
"""The alarm's request code; reminders use 1000 and up (slots.FIRST_CODE)."""


class AndroidHeatAlarm:
    """``HeatAlarm`` on Android. Never raises: a failure is logged and the session goes on."""

    def __init__(self, context: Any = None) -> None:
        from jnius import autoclass, cast

        self._cast = cast
        self._java_string = autoclass("java.lang.String")
        self._alarm_manager_class = autoclass("android.app.AlarmManager")
        self._pending_intent = autoclass("android.app.PendingIntent")
        self._intent = autoclass("android.content.Intent")
        self._context_class = autoclass("android.content.Context")
        self._version = autoclass("android.os.Build$VERSION")
        if context is None:
            context = app_context()
        self._context = context

    def arm(self, at: datetime, zone: tzinfo) -> None:
        try:
            self._arm(at, zone)
        except Exception as error:
            log.warning("The heat step's end could not be set as an alarm (%s)", error)

    def cancel(self) -> None:
        try:
            operation = self._operation(None)
            if operation is None:
                return  # nothing armed
            self._alarm_manager().cancel(operation)
            operation.cancel()
        except Exception as error:
            log.warning("The heat step's alarm could not be cancelled (%s)", error)

    # --- the work ---------------------------------------------------------------------

    def _arm(self, at: datetime, zone: tzinfo) -> None:
        alarm_manager = self._alarm_manager()
        rtc_wakeup = self._alarm_manager_class.RTC_WAKEUP
        if self._exact_allowed(alarm_manager):
            notice = heat_notice(at, zone, exact=True)
            try:
                alarm_manager.setExactAndAllowWhileIdle(
                    rtc_wakeup, epoch_ms(notice.fire_at), self._operation(notice)
                )
                return
            except Exception as error:
                # SecurityException: the permission went away between the check and now.
                log.warning("Exact alarm refused (%s); the heat alarm is set early", error)
        notice = heat_notice(at, zone, exact=False)
        alarm_manager.setAndAllowWhileIdle(
            rtc_wakeup, epoch_ms(notice.fire_at), self._operation(notice)
        )

    def _exact_allowed(self, alarm_manager: Any) -> bool:
        if int(self._version.SDK_INT) < SDK_EXACT_ALARM_PERMISSION:
            return True
        try:
            return bool(alarm_manager.canScheduleExactAlarms())
        except Exception as error:
            log.warning("Could not ask whether exact alarms are allowed (%s)", error)
            return False

    def _operation(self, notice: HeatNotice | None) -> Any:
        """The alarm's PendingIntent; for None, the one armed before, or None if there is none.

        Extras go as java.lang.String objects: pyjnius would send a Python str to
        ``putExtra(String, char[])``, and the receiver would find no words.
        """
        intent = self._intent(ACTION_HEAT_DONE)
        intent.setClassName(str(self._context.getPackageName()), HEAT_RECEIVER_CLASS)
        flags = self._pending_intent.FLAG_IMMUTABLE
        if notice is None:
            flags |= self._pending_intent.FLAG_NO_CREATE
        else:
            intent.putExtra(EXTRA_HEAT_TITLE, self._java_string(notice.title))
            intent.putExtra(EXTRA_HEAT_TEXT, self._java_string(notice.text))
            flags |= self._pending_intent.FLAG_UPDATE_CURRENT
        return self._pending_intent.getBroadcast(self._context, HEAT_ALARM_CODE, intent, flags)

    def _alarm_manager(self) -> Any:
        """getSystemService is declared to return Object: cast, as alarms.py does."""
        service = self._context.getSystemService(self._context_class.ALARM_SERVICE)
        return self._cast("android.app.AlarmManager", service)
