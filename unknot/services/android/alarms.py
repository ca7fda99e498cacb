"""Android reminders that fire with the app closed: AlarmManager armed from Python.

Python decides and saves; Java fires. ``AndroidAlarms.arm`` writes every
enabled reminder as one JSON string to SharedPreferences (slots.py says what it
holds), cancels the alarms of reminders that are gone or off, and arms each
reminder's next firing through AlarmManager (pyjnius). When an alarm fires, the
app may not be running at all: the Java ``ReminderReceiver``
(android/src/org/unknot/reminders) reads the saved slot, posts the notification
and arms the next firing; ``RearmReceiver`` arms them all again after a reboot
or a clock or time-zone change. No Python service runs for this (PLATFORM.md: a
whole interpreter, Android 14 service types, stale bytecode).

Both sides must agree on the names in java_names.py and on the alarm rules:

- every PendingIntent has FLAG_IMMUTABLE (Android 12+ refuses one without a
  mutability flag, and nothing needs to fill these in);
- ``setAndAllowWhileIdle(RTC_WAKEUP, ...)`` by default: it fires under Doze and
  needs no permission, a few minutes late at worst;
- ``setExactAndAllowWhileIdle`` only when the person opted in to exact times and
  the system allows it (Android 12+: ``canScheduleExactAlarms()``);
- the request code of a reminder's alarm never changes while the reminder
  exists, so arming again replaces the alarm instead of adding a second one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone, tzinfo
from typing import Any

from unknot.core.reminders.schedule import Reminder, ReminderState
from unknot.services.android import activity, app_context
from unknot.services.android.java_names import (
    ACTION_FIRE,
    EXTRA_DUE_AT,
    EXTRA_REMINDER_ID,
    KEY_SLOTS,
    PREFS_NAME,
    RECEIVER_CLASS,
)
from unknot.services.android.slots import Slot, assign_codes, build_slots, read_saved
from unknot.services.android.zone import device_zone, epoch_ms

log = logging.getLogger("unknot.services")

UTC = timezone.utc

POST_NOTIFICATIONS = "android.permission.POST_NOTIFICATIONS"
SDK_EXACT_ALARM_PERMISSION = 31
"""Android 12 (S): exact alarms need SCHEDULE_EXACT_ALARM; PendingIntents a mutability flag."""
SDK_NOTIFICATION_PERMISSION = 33
"""Android 13 (TIRAMISU): POST_NOTIFICATIONS is a runtime permission."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AndroidAlarms:
    """``Alarms`` on Android: SharedPreferences for the slots, AlarmManager for the firings.

    ``exact_opt_in`` is the person's choice of exact times (a bool or a function
    read at each arm, such as a setting); exact alarms are used only when it is
    true and the system allows them. ``zone`` defaults to the device's zone, read
    at each arm. ``arm`` never raises: the in-app reminder is the one that always
    works, so a failure here is logged once per call and the app goes on.
    """

    def __init__(
        self,
        *,
        exact_opt_in: bool | Callable[[], bool] = False,
        zone: tzinfo | Callable[[], tzinfo] | None = None,
        now: Callable[[], datetime] = _utc_now,
        context: Any = None,
    ) -> None:
        from jnius import autoclass, cast

        self._autoclass = autoclass
        self._cast = cast
        self._alarm_manager_class = autoclass("android.app.AlarmManager")
        self._pending_intent = autoclass("android.app.PendingIntent")
        self._intent = autoclass("android.content.Intent")
        self._context_class = autoclass("android.content.Context")
        self._version = autoclass("android.os.Build$VERSION")
        if context is None:
            context = app_context()
        self._context = context
        self._exact_opt_in = exact_opt_in
        self._zone = zone
        self._now = now

    # --- Alarms ---------------------------------------------------------------------------

    def arm(
        self,
        reminders: Sequence[Reminder],
        state: ReminderState,
        titles: Mapping[str, str],
    ) -> None:
        try:
            self._arm(reminders, state, titles)
        except Exception as error:
            log.warning("Reminders could not be set for when the app is closed (%s)", error)

    def exact_possible(self) -> bool:
        if self._sdk() < SDK_EXACT_ALARM_PERMISSION:
            return True
        try:
            return bool(self._alarm_manager().canScheduleExactAlarms())
        except Exception as error:
            log.warning("Could not ask whether exact alarms are allowed (%s)", error)
            return False

    def ask_for_exact(self) -> None:
        """Opens Settings' "Alarms & reminders" page for this app (Android 12+ only)."""
        if self._sdk() < SDK_EXACT_ALARM_PERMISSION:
            return
        try:
            settings = self._autoclass("android.provider.Settings")
            uri = self._autoclass("android.net.Uri").parse(f"package:{self._package_name()}")
            intent = self._intent(settings.ACTION_REQUEST_SCHEDULE_EXACT_ALARM, uri)
            activity().startActivity(intent)
        except Exception as error:
            log.warning("Could not open the exact-alarm settings (%s)", error)

    def ask_for_notifications(self, on_result: Callable[[bool], None] | None = None) -> None:
        """Asks for POST_NOTIFICATIONS on Android 13+ when not granted yet.

        Call it when the person has just saved their first reminder: the request
        then makes sense to them, and Android shows the dialog only a few times.
        ``on_result`` gets True when notifications may be posted (at once when
        nothing needs asking), else False once the person has answered; an
        answer comes on Android's UI thread, so hand UI work to Kivy's
        (``@mainthread``).
        """
        if self._sdk() < SDK_NOTIFICATION_PERMISSION:
            if on_result is not None:
                on_result(True)
            return
        try:
            from android.permissions import check_permission, request_permissions

            if check_permission(POST_NOTIFICATIONS):
                if on_result is not None:
                    on_result(True)
                return

            def answered(permissions: Sequence[str], grants: Sequence[bool]) -> None:
                if on_result is not None:
                    on_result(bool(grants) and all(grants))

            request_permissions([POST_NOTIFICATIONS], answered)
        except Exception as error:
            log.warning("Could not ask for permission to post notifications (%s)", error)

    # --- the work ---------------------------------------------------------------------

    def _arm(
        self,
        reminders: Sequence[Reminder],
        state: ReminderState,
        titles: Mapping[str, str],
    ) -> None:
        prefs = self._context.getSharedPreferences(PREFS_NAME, self._context_class.MODE_PRIVATE)
        saved = read_saved(prefs.getString(KEY_SLOTS, None))
        known = saved.get("codes")
        codes = assign_codes([r.id for r in reminders], known if isinstance(known, dict) else {})
        opt_in = self._opted_in()
        document, slots = build_slots(
            reminders,
            state,
            titles,
            now=self._now(),
            zone=self._current_zone(),
            codes=codes,
            exact_opt_in=opt_in,
        )
        # Saved before arming: an alarm that fires meanwhile finds its slot. commit(),
        # not apply(): the process may be killed right after, and the receivers may
        # then run in a new one that reads the file.
        editor = prefs.edit()
        editor.putString(KEY_SLOTS, json.dumps(document, separators=(",", ":")))
        if not editor.commit():
            log.warning("Reminder alarms could not be saved; the receivers keep the old ones")

        armed = {slot.code for slot in slots}
        previously = saved.get("armed")
        stale = (
            {c for c in previously if isinstance(c, int)} if isinstance(previously, list) else set()
        )
        stale |= {codes[r.id] for r in reminders if not r.enabled}
        for code in sorted(stale - armed):
            self._cancel(code)

        exact = opt_in and self.exact_possible()
        for slot in slots:
            self._set_alarm(slot, exact)

    def _set_alarm(self, slot: Slot, exact: bool) -> None:
        alarm_manager = self._alarm_manager()
        at_ms = epoch_ms(slot.due)
        operation = self._alarm_intent(slot.code, slot.reminder_id, at_ms)
        rtc_wakeup = self._alarm_manager_class.RTC_WAKEUP
        if exact:
            try:
                alarm_manager.setExactAndAllowWhileIdle(rtc_wakeup, at_ms, operation)
                return
            except Exception as error:
                # SecurityException: the permission went away between the check and now.
                log.warning("Exact alarm refused (%s); reminder armed inexact", error)
        alarm_manager.setAndAllowWhileIdle(rtc_wakeup, at_ms, operation)

    def _cancel(self, code: int) -> None:
        operation = self._alarm_intent(code, "", 0)
        self._alarm_manager().cancel(operation)
        operation.cancel()

    def _alarm_intent(self, code: int, reminder_id: str, due_ms: int) -> Any:
        """Equal to the Java side's ``ReminderSchedule.alarmIntent`` (action and component).

        Extras are java.lang.String objects made here: for a Python str pyjnius
        picks ``putExtra(String, char[])`` (the greater of two equal matches), and the
        receiver's ``getStringExtra`` would find nothing; for a Python int it picks
        ``(String, short)``, and a time in milliseconds fits neither.
        """
        java_string = self._autoclass("java.lang.String")
        intent = self._intent(ACTION_FIRE)
        intent.setClassName(self._package_name(), RECEIVER_CLASS)
        intent.putExtra(EXTRA_REMINDER_ID, java_string(reminder_id))
        intent.putExtra(EXTRA_DUE_AT, java_string(str(due_ms)))
        flags = self._pending_intent.FLAG_UPDATE_CURRENT | self._pending_intent.FLAG_IMMUTABLE
        return self._pending_intent.getBroadcast(self._context, code, intent, flags)

    def _alarm_manager(self) -> Any:
        """getSystemService is declared to return Object: cast, as plyer does for its services."""
        service = self._context.getSystemService(self._context_class.ALARM_SERVICE)
        return self._cast("android.app.AlarmManager", service)

    def _package_name(self) -> str:
        return str(self._context.getPackageName())

    def _sdk(self) -> int:
        return int(self._version.SDK_INT)

    def _opted_in(self) -> bool:
        choice = self._exact_opt_in
        return bool(choice() if callable(choice) else choice)

    def _current_zone(self) -> tzinfo:
        if self._zone is None:
            return device_zone()
        if isinstance(self._zone, tzinfo):
            return self._zone
        return self._zone()
