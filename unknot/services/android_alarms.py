"""Android reminders that fire with the app closed: AlarmManager armed from Python.

Python decides and saves; Java fires. ``AndroidAlarms.arm`` writes every
enabled reminder as one JSON string to SharedPreferences, cancels the alarms of
reminders that are gone or off, and arms each reminder's next firing through
AlarmManager (pyjnius). When an alarm fires, the app may not be running at all:
the Java ``ReminderReceiver`` (android/src/org/unknot/reminders) reads the
saved slot, posts the notification and arms the next firing; ``RearmReceiver``
arms them all again after a reboot or a clock or time-zone change. No Python
service runs for this (PLATFORM.md: a whole interpreter, Android 14 service
types, stale bytecode).

Both sides must agree on the names below and on the alarm rules; the Java
constants are compared with these in tests/services/test_android_build_files.py.
The rules:

- every PendingIntent has FLAG_IMMUTABLE (Android 12+ refuses one without a
  mutability flag, and nothing needs to fill these in);
- ``setAndAllowWhileIdle(RTC_WAKEUP, ...)`` by default: it fires under Doze and
  needs no permission, a few minutes late at worst;
- ``setExactAndAllowWhileIdle`` only when the person opted in to exact times and
  the system allows it (Android 12+: ``canScheduleExactAlarms()``);
- the request code of a reminder's alarm never changes while the reminder
  exists, so arming again replaces the alarm instead of adding a second one.

Everything that touches Android is imported inside the functions, as in
keep_awake.py and speech.py: this module imports on any desktop, and the tests
run it against a fake ``jnius.autoclass`` (tests/services/fake_android.py).
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from unknot.core.reminders.schedule import Reminder, ReminderState, done_for_today, next_firing

log = logging.getLogger("unknot.services")

UTC = timezone.utc

# -- names shared with the Java side (android/src/org/unknot/reminders) ------------------

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

# -- Android facts --------------------------------------------------------------------

PYTHON_ACTIVITY = "org.kivy.android.PythonActivity"
POST_NOTIFICATIONS = "android.permission.POST_NOTIFICATIONS"
SDK_EXACT_ALARM_PERMISSION = 31
"""Android 12 (S): exact alarms need SCHEDULE_EXACT_ALARM; PendingIntents a mutability flag."""
SDK_NOTIFICATION_PERMISSION = 33
"""Android 13 (TIRAMISU): POST_NOTIFICATIONS is a runtime permission."""
FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY = 0x00100000
"""Intent flag: the activity was restarted from Recents with its old intent."""

FIRST_CODE = 1000
CODE_SPAN = 1_000_000
"""Request codes are FIRST_CODE .. FIRST_CODE + CODE_SPAN - 1, well inside a Java int."""


# -- the saved slots (pure: no Android) -----------------------------------------------


def days_mask(reminder: Reminder) -> int:
    """Bit ``d`` set for each ``Weekday`` d (Monday is bit 0): what the Java side reads."""
    mask = 0
    for day in reminder.days:
        mask |= 1 << int(day)
    return mask


def assign_codes(reminder_ids: Sequence[str], known: Mapping[str, int]) -> dict[str, int]:
    """A request code for each id: the one it had, else a new one no other id holds.

    The first guess comes from the id (CRC-32), so the same reminder gets the same
    code even on a device whose saved codes were lost; collisions move to the next
    free code rather than making two reminders share (and overwrite) one alarm.
    """
    codes: dict[str, int] = {}
    for reminder_id in reminder_ids:
        code = known.get(reminder_id)
        if isinstance(code, int) and code not in codes.values():
            codes[reminder_id] = code
    taken = set(codes.values())
    for reminder_id in reminder_ids:
        if reminder_id in codes:
            continue
        offset = zlib.crc32(reminder_id.encode("utf-8")) % CODE_SPAN
        while FIRST_CODE + offset in taken:
            offset = (offset + 1) % CODE_SPAN
        codes[reminder_id] = FIRST_CODE + offset
        taken.add(FIRST_CODE + offset)
    return codes


def reminder_code(reminder_id: str) -> int:
    """The code a lone reminder would get: for notifications posted while the app runs."""
    return assign_codes([reminder_id], {})[reminder_id]


def notification_text(reminder: Reminder, titles: Mapping[str, str]) -> tuple[str, str]:
    """The notification's title and text, in the in-app reminder's words.

    The same as ``ReminderController.notification_text``, so a notification
    posted by the receiver looks like one posted while the app runs.
    """
    name = titles.get(reminder.routine_id or "", "")
    if name:
        return f"Time for {name}", "Open Unknot when you are ready."
    return "Time for a routine", "Open Unknot and choose one when you are ready."


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since 1970 UTC, as AlarmManager's RTC clocks count (exact, no floats)."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


@dataclass(frozen=True)
class Slot:
    """One reminder as the Java receiver sees it, and when it fires next (UTC)."""

    reminder_id: str
    code: int
    due: datetime


def build_slots(
    reminders: Sequence[Reminder],
    state: ReminderState,
    titles: Mapping[str, str],
    *,
    now: datetime,
    zone: tzinfo,
    codes: Mapping[str, int],
    exact_opt_in: bool,
) -> tuple[dict[str, Any], list[Slot]]:
    """The JSON document the receivers read, and the alarms to arm now.

    A reminder fires next at its next daily time or at a pending snooze, whichever
    comes first (one alarm per reminder, so one request code). ``quiet_day`` is
    today's local date when today's plan is done or is a day of rest: the
    receiver then stays silent until midnight, as the in-app check does.
    """
    now_utc = now.astimezone(UTC)
    today = now_utc.astimezone(zone).date()
    enabled = [r for r in reminders if r.enabled]
    enabled_ids = {r.id for r in enabled}
    snoozes = [
        s
        for s in state.snoozes
        if s.reminder_id in enabled_ids and s.until.astimezone(UTC) > now_utc
    ]
    entries: list[dict[str, Any]] = []
    slots: list[Slot] = []
    for reminder in enabled:
        title, text = notification_text(reminder, titles)
        entry: dict[str, Any] = {
            "id": reminder.id,
            "code": codes[reminder.id],
            "hour": reminder.at.hour,
            "minute": reminder.at.minute,
            "days": days_mask(reminder),
            "title": title,
            "text": text,
        }
        if reminder.routine_id is not None:
            entry["routine_id"] = reminder.routine_id
        entries.append(entry)
        candidates = [s.until.astimezone(UTC) for s in snoozes if s.reminder_id == reminder.id]
        regular = next_firing(reminder, now_utc, zone)
        if regular is not None:
            candidates.append(regular)
        if candidates:
            slots.append(Slot(reminder.id, codes[reminder.id], min(candidates)))
    quiet = done_for_today(reminders, state.tally, today)
    document: dict[str, Any] = {
        "format": FORMAT,
        "exact": exact_opt_in,
        "quiet_day": today.isoformat() if quiet else None,
        "reminders": entries,
        "snoozes": [{"id": s.reminder_id, "at": epoch_ms(s.until)} for s in snoozes],
        "codes": {r.id: codes[r.id] for r in reminders},
        "armed": [slot.code for slot in slots],
    }
    return document, slots


def read_saved(text: str | None) -> dict[str, Any]:
    """The saved document, or an empty one when there is none or it is not ours."""
    if not text:
        return {}
    try:
        saved = json.loads(text)
    except ValueError:
        log.warning("Saved reminder alarms were unreadable; arming them afresh")
        return {}
    return saved if isinstance(saved, dict) else {}


# -- the device's time zone -------------------------------------------------------------


class JavaZone(tzinfo):
    """A tzinfo that asks ``java.util.TimeZone``: for when Python has no zone data.

    Python's zoneinfo reads the system's zone files or the ``tzdata`` package, and
    Android has neither where Python looks. Asking Java also means Python and the
    receivers use the same rules. Same semantics as zoneinfo: for a wall time that
    happens twice, ``fold=0`` is the first; for one skipped by a spring-forward gap,
    ``fold=0`` uses the offset from before the gap (so it lands after the jump).
    """

    def __init__(self, java_zone: Any) -> None:
        self._zone = java_zone
        self._name = str(java_zone.getID())

    @property
    def key(self) -> str:
        """The zone's name, as ``ZoneInfo.key``: what a calendar export writes as TZID."""
        return self._name

    def __repr__(self) -> str:
        return f"JavaZone({self._name!r})"

    def _offset_at(self, utc_ms: int) -> int:
        return int(self._zone.getOffset(utc_ms))

    def _wall_offset_ms(self, moment: datetime) -> int:
        wall_ms = epoch_ms(moment.replace(tzinfo=UTC))
        day = 24 * 3600 * 1000
        before = self._offset_at(wall_ms - day)
        after = self._offset_at(wall_ms + day)
        valid = sorted({o for o in (before, after) if self._offset_at(wall_ms - o) == o})
        if len(valid) == 2:  # the wall time happens twice: the larger offset is the first
            return valid[1] if moment.fold == 0 else valid[0]
        if len(valid) == 1:
            return valid[0]
        return before if moment.fold == 0 else after  # skipped by a gap

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        return timedelta(milliseconds=self._wall_offset_ms(dt))

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return self._name

    def fromutc(self, dt: datetime) -> datetime:
        utc_ms = epoch_ms(dt.replace(tzinfo=UTC))
        offset = timedelta(milliseconds=self._offset_at(utc_ms))
        local = (dt.replace(tzinfo=None) + offset).replace(tzinfo=self)
        if local.utcoffset() != offset:
            local = local.replace(fold=1)
        return local


def device_zone() -> tzinfo:
    """The phone's time zone now: zoneinfo by its id when Python has the data, else Java's.

    Read at every arm: the person may have travelled since the app started (Android
    resets Java's default zone in running apps when the zone changes).
    """
    from jnius import autoclass

    java_zone = autoclass("java.util.TimeZone").getDefault()
    zone_id = str(java_zone.getID())
    try:
        return ZoneInfo(zone_id)
    except (ZoneInfoNotFoundError, ValueError):
        return JavaZone(java_zone)


# -- the service ------------------------------------------------------------------------


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
            context = autoclass(PYTHON_ACTIVITY).mActivity.getApplicationContext()
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
            self._autoclass(PYTHON_ACTIVITY).mActivity.startActivity(intent)
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


# -- notifications while the app runs, and the notification that opened it -------------


class AndroidNotifier:
    """``Notifier`` through the Java ``ReminderNotifier``: same channel, same tap target.

    A notification posted while the app runs then looks like one posted by the
    receiver, and opening it brings the routine id back the same way.
    """

    def __init__(self, context: Any = None) -> None:
        from jnius import autoclass

        self._notifier = autoclass(NOTIFIER_CLASS)
        if context is None:
            context = autoclass(PYTHON_ACTIVITY).mActivity.getApplicationContext()
        self._context = context

    def notify(self, title: str, message: str, *, routine_id: str | None = None) -> bool:
        code = reminder_code(f"now:{routine_id or ''}")
        try:
            posted = self._notifier.post(self._context, code, title, message, routine_id, None)
        except Exception as error:
            log.warning("The notification could not be posted (%s)", error)
            return False
        return bool(posted)


def routine_id_from_intent(intent: Any) -> str | None:
    """The routine a reminder notification asked for, and takes it out of the intent.

    None for any other intent: the launcher's, one restarted from Recents (it
    carries the old extras again), or one already read. Taking the extra out
    means a later look at the same activity intent does not reopen the routine.
    """
    if intent is None or intent.getAction() != ACTION_OPEN:
        return None
    if intent.getFlags() & FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY:
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
        from jnius import autoclass

        return routine_id_from_intent(autoclass(PYTHON_ACTIVITY).mActivity.getIntent())
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
