"""Reminders with the app closed, on Android: AlarmManager calls against a fake jnius.

The fake (tests/services/fake_android.py) has the real constants and refuses
what Android refuses: a PendingIntent without a mutability flag on Android 12+,
an exact alarm without the permission, a method missing on an older device.
Expected instants come from the core (``next_firing``) in Europe/Berlin, across
the night the clocks go forward (2024-03-31).
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from tests.services.fake_android import FakeAndroid, FakeIntent, FakeJavaString
from unknot.core.reminders.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    DayTally,
    Reminder,
    ReminderState,
    Snooze,
    Weekday,
    next_firing,
)
from unknot.services.alarms import Alarms
from unknot.services.android import zone as android_zone
from unknot.services.android.alarms import AndroidAlarms
from unknot.services.android.java_names import (
    ACTION_FIRE,
    ACTION_OPEN,
    EXTRA_DUE_AT,
    EXTRA_REMINDER_ID,
    EXTRA_ROUTINE_ID,
    KEY_SLOTS,
    PREFS_NAME,
    RECEIVER_CLASS,
)
from unknot.services.android.launch import launch_routine_id, on_reminder_opened
from unknot.services.android.notifications import AndroidNotifier
from unknot.services.android.slots import assign_codes, days_mask, read_saved, reminder_code
from unknot.services.android.zone import JavaZone, epoch_ms
from unknot.services.notifications import Notifier

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
# Friday evening before the clocks go forward (Sunday 31 March 2024, 02:00 -> 03:00).
FRIDAY_EVENING = datetime(2024, 3, 29, 20, 0, tzinfo=BERLIN).astimezone(UTC)
FLAG_IMMUTABLE = 67108864
FLAG_UPDATE_CURRENT = 134217728
RTC_WAKEUP = 0
TITLES = {"towel-roll": "Towel roll", "chin-tucks": "Chin tucks"}


def weekday_reminders() -> list[Reminder]:
    return [
        Reminder("morning", time(8, 0), WEEKDAYS, "towel-roll"),
        Reminder("midday", time(13, 0), WEEKDAYS, "chin-tucks"),
        Reminder("evening", time(19, 0), WEEKDAYS, None),
    ]


def make_alarms(
    android: FakeAndroid, now: datetime = FRIDAY_EVENING, **options: Any
) -> AndroidAlarms:
    options.setdefault("zone", BERLIN)
    return AndroidAlarms(now=lambda: now, **options)


def saved_document(android: FakeAndroid) -> dict[str, Any]:
    text = android.shared_preferences[PREFS_NAME].values[KEY_SLOTS]
    document: dict[str, Any] = json.loads(text)
    return document


def alarm_ms(android: FakeAndroid) -> dict[str, int]:
    """Reminder id -> armed instant (epoch ms), from the live alarms."""
    return {
        alarm.operation.intent.extras[EXTRA_REMINDER_ID]: alarm.at_ms
        for alarm in android.alarm_manager.alarms.values()
    }


def warnings_from_services(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "unknot.services" and r.levelno >= logging.WARNING
    ]


# --- arming -------------------------------------------------------------------------------


def test_android_alarms_is_an_alarms_and_the_notifier_a_notifier(android: FakeAndroid) -> None:
    alarms: Alarms = make_alarms(android)
    notifier: Notifier = AndroidNotifier()
    assert alarms is not None and notifier is not None


def test_three_weekday_reminders_arm_three_alarms_at_the_next_firings(
    android: FakeAndroid,
) -> None:
    reminders = weekday_reminders()

    make_alarms(android).arm(reminders, ReminderState(), TITLES)

    expected = {
        r.id: epoch_ms(instant)
        for r in reminders
        if (instant := next_firing(r, FRIDAY_EVENING, BERLIN)) is not None
    }
    assert alarm_ms(android) == expected
    # Monday 1 April, after the change: 8:00 summer time is 06:00 UTC, not 07:00.
    assert expected["morning"] == epoch_ms(datetime(2024, 4, 1, 6, 0, tzinfo=UTC))
    alarms = android.alarm_manager.alarms.values()
    assert {alarm.type for alarm in alarms} == {RTC_WAKEUP}
    assert not any(alarm.exact for alarm in alarms)
    assert len({alarm.operation.request_code for alarm in alarms}) == 3


def test_every_pending_intent_is_immutable_and_aimed_at_the_receiver(
    android: FakeAndroid,
) -> None:
    alarms = make_alarms(android)
    alarms.arm(weekday_reminders(), ReminderState(), TITLES)
    alarms.arm(weekday_reminders()[:1], ReminderState(), TITLES)  # cancels two

    made = android.pending_intents_made
    assert made
    for pending in made:
        assert pending.flags & FLAG_IMMUTABLE
        assert pending.flags & FLAG_UPDATE_CURRENT
        assert pending.intent.action == ACTION_FIRE
        assert pending.intent.component == ("org.unknot.unknot", RECEIVER_CLASS)


def test_the_alarm_intent_carries_the_reminder_and_its_due_time_as_strings(
    android: FakeAndroid,
) -> None:
    make_alarms(android).arm(weekday_reminders()[:1], ReminderState(), TITLES)

    (alarm,) = android.alarm_manager.alarms.values()
    extras = alarm.operation.intent.extras
    assert extras[EXTRA_REMINDER_ID] == "morning"
    assert extras[EXTRA_DUE_AT] == str(alarm.at_ms)


def test_the_fake_refuses_a_pending_intent_without_a_mutability_flag_like_android_12(
    android: FakeAndroid,
) -> None:
    pending_intent = android.autoclass("android.app.PendingIntent")

    with pytest.raises(Exception, match="FLAG_IMMUTABLE or FLAG_MUTABLE"):
        pending_intent.getBroadcast(
            android.activity, 1, FakeIntent(ACTION_FIRE), FLAG_UPDATE_CURRENT
        )


def test_disabled_reminders_are_not_armed_and_their_alarms_are_cancelled(
    android: FakeAndroid,
) -> None:
    reminders = weekday_reminders()
    off = Reminder("off", time(9, 30), EVERY_DAY, "towel-roll", enabled=False)
    alarms = make_alarms(android)
    alarms.arm(
        [*reminders, Reminder("off", time(9, 30), EVERY_DAY, "towel-roll")], ReminderState(), TITLES
    )
    off_code = saved_document(android)["codes"]["off"]
    assert off_code in android.alarm_manager.by_code()

    alarms.arm([*reminders, off], ReminderState(), TITLES)

    assert "off" not in alarm_ms(android)
    assert off_code not in android.alarm_manager.by_code()
    assert [r["id"] for r in saved_document(android)["reminders"]] == [
        "morning",
        "midday",
        "evening",
    ]


def test_a_disabled_reminder_is_cancelled_even_without_a_saved_record(
    android: FakeAndroid,
) -> None:
    off = Reminder("off", time(9, 30), EVERY_DAY, None, enabled=False)

    make_alarms(android).arm([off], ReminderState(), {})

    cancelled = [call[1] for call in android.alarm_manager.calls if call[0] == "cancel"]
    assert [pending.request_code for pending in cancelled] == [
        saved_document(android)["codes"]["off"]
    ]
    assert android.alarm_manager.alarms == {}


def test_a_removed_reminders_alarm_is_cancelled_and_the_others_keep_their_codes(
    android: FakeAndroid,
) -> None:
    alarms = make_alarms(android)
    alarms.arm(weekday_reminders(), ReminderState(), TITLES)
    codes_before = saved_document(android)["codes"]

    alarms.arm(weekday_reminders()[:2], ReminderState(), TITLES)

    live = android.alarm_manager.by_code()
    assert codes_before["evening"] not in live
    assert set(live) == {codes_before["morning"], codes_before["midday"]}
    assert saved_document(android)["codes"] == {
        "morning": codes_before["morning"],
        "midday": codes_before["midday"],
    }


def test_arming_again_replaces_the_alarms_instead_of_adding(android: FakeAndroid) -> None:
    alarms = make_alarms(android)
    for _ in range(3):
        alarms.arm(weekday_reminders(), ReminderState(), TITLES)

    assert len(android.alarm_manager.alarms) == 3


# --- exact or not ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sdk", "opted_in", "allowed", "exact"),
    [
        (35, True, True, True),
        (35, True, False, False),
        (35, False, True, False),
        (31, True, True, True),
        (30, True, False, True),  # before Android 12 exact alarms need no permission
        (30, False, False, False),
    ],
)
def test_exact_only_when_opted_in_and_allowed(
    android: FakeAndroid, sdk: int, opted_in: bool, allowed: bool, exact: bool
) -> None:
    android.sdk_int = sdk
    android.exact_alarms_allowed = allowed

    make_alarms(android, exact_opt_in=opted_in).arm(weekday_reminders(), ReminderState(), TITLES)

    methods = {call[0] for call in android.alarm_manager.calls if call[0] != "cancel"}
    expected = "setExactAndAllowWhileIdle" if exact else "setAndAllowWhileIdle"
    assert methods == {expected}
    assert saved_document(android)["exact"] is opted_in


def test_the_opt_in_is_read_at_each_arm(android: FakeAndroid) -> None:
    android.exact_alarms_allowed = True
    choice = {"exact": False}
    alarms = make_alarms(android, exact_opt_in=lambda: choice["exact"])
    alarms.arm(weekday_reminders()[:1], ReminderState(), TITLES)
    choice["exact"] = True

    alarms.arm(weekday_reminders()[:1], ReminderState(), TITLES)

    assert [call[0] for call in android.alarm_manager.calls] == [
        "setAndAllowWhileIdle",
        "setExactAndAllowWhileIdle",
    ]


def test_an_exact_alarm_refused_at_the_last_moment_falls_back_to_inexact(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Allowed when asked, revoked before the call: the SecurityException race.
    monkeypatch.setattr(android.alarm_manager, "canScheduleExactAlarms", lambda: True)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        make_alarms(android, exact_opt_in=True).arm(
            weekday_reminders()[:1], ReminderState(), TITLES
        )

    (alarm,) = android.alarm_manager.alarms.values()
    assert not alarm.exact
    assert len(warnings_from_services(caplog)) == 1


@pytest.mark.parametrize(
    ("sdk", "allowed", "possible"), [(30, False, True), (35, True, True), (35, False, False)]
)
def test_exact_possible(android: FakeAndroid, sdk: int, allowed: bool, possible: bool) -> None:
    android.sdk_int = sdk
    android.exact_alarms_allowed = allowed

    assert make_alarms(android).exact_possible() is possible


def test_ask_for_exact_opens_this_apps_alarm_settings_on_android_12(android: FakeAndroid) -> None:
    make_alarms(android).ask_for_exact()

    (intent,) = android.activity.started
    assert intent.action == "android.settings.REQUEST_SCHEDULE_EXACT_ALARM"
    assert intent.data is not None and intent.data.toString() == "package:org.unknot.unknot"


def test_ask_for_exact_does_nothing_before_android_12(android: FakeAndroid) -> None:
    android.sdk_int = 30

    make_alarms(android).ask_for_exact()

    assert android.activity.started == []


# --- what the receivers read -----------------------------------------------------------------


def test_the_saved_json_round_trips_and_says_what_the_receiver_needs(
    android: FakeAndroid,
) -> None:
    make_alarms(android).arm(weekday_reminders(), ReminderState(), TITLES)

    text = android.shared_preferences[PREFS_NAME].values[KEY_SLOTS]
    document = read_saved(text)
    assert json.loads(json.dumps(document)) == document
    assert document["format"] == 1
    assert document["exact"] is False
    assert document["quiet_day"] is None
    morning, midday, evening = document["reminders"]
    assert morning == {
        "id": "morning",
        "code": document["codes"]["morning"],
        "hour": 8,
        "minute": 0,
        "days": 0b0011111,  # Monday (bit 0) to Friday
        "routine_id": "towel-roll",
        "title": "Time for Towel roll",
        "text": "Open Unknot when you are ready.",
    }
    assert midday["title"] == "Time for Chin tucks"
    assert "routine_id" not in evening  # opens the home screen
    assert (evening["title"], evening["text"]) == (
        "Time for a routine",
        "Open Unknot and choose one when you are ready.",
    )
    assert sorted(document["armed"]) == sorted(document["codes"].values())
    assert android.shared_preferences[PREFS_NAME].commits == 1


def test_arming_twice_saves_the_same_document(android: FakeAndroid) -> None:
    alarms = make_alarms(android)
    alarms.arm(weekday_reminders(), ReminderState(), TITLES)
    first = saved_document(android)

    alarms.arm(weekday_reminders(), ReminderState(), TITLES)

    assert saved_document(android) == first


def test_unreadable_saved_data_is_replaced(android: FakeAndroid) -> None:
    prefs = android.activity.getSharedPreferences(PREFS_NAME, 0)
    prefs.edit().putString(KEY_SLOTS, "{not json").commit()

    make_alarms(android).arm(weekday_reminders(), ReminderState(), TITLES)

    assert len(saved_document(android)["reminders"]) == 3


def test_quiet_day_is_today_when_the_day_is_done(android: FakeAndroid) -> None:
    friday = date(2024, 3, 29)
    done = ReminderState(tally=DayTally(friday, sessions=3))

    make_alarms(android).arm(weekday_reminders(), done, TITLES)

    assert saved_document(android)["quiet_day"] == "2024-03-29"


def test_quiet_day_after_a_stop_for_pain(android: FakeAndroid) -> None:
    rest = ReminderState(tally=DayTally(date(2024, 3, 29), sessions=1, rest=True))

    make_alarms(android).arm(weekday_reminders(), rest, TITLES)

    assert saved_document(android)["quiet_day"] == "2024-03-29"


def test_no_quiet_day_when_sessions_remain_or_the_tally_is_old(android: FakeAndroid) -> None:
    alarms = make_alarms(android)
    alarms.arm(weekday_reminders(), ReminderState(tally=DayTally(date(2024, 3, 29), 2)), TITLES)
    assert saved_document(android)["quiet_day"] is None

    alarms.arm(weekday_reminders(), ReminderState(tally=DayTally(date(2024, 3, 28), 9)), TITLES)
    assert saved_document(android)["quiet_day"] is None


def test_a_snooze_sooner_than_the_next_firing_arms_the_reminder_for_the_snooze(
    android: FakeAndroid,
) -> None:
    until = FRIDAY_EVENING + timedelta(minutes=10)
    later = FRIDAY_EVENING - timedelta(minutes=1)  # already past: dropped
    state = ReminderState(
        snoozes=(Snooze("evening", until), Snooze("midday", later), Snooze("gone", until))
    )

    make_alarms(android).arm(weekday_reminders(), state, TITLES)

    armed = alarm_ms(android)
    assert armed["evening"] == epoch_ms(until)
    assert armed["midday"] == epoch_ms(datetime(2024, 4, 1, 11, 0, tzinfo=UTC))
    assert saved_document(android)["snoozes"] == [{"id": "evening", "at": epoch_ms(until)}]


def test_arm_never_raises_and_logs_once(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    alarms = make_alarms(android)

    def broken(name: str, mode: int) -> None:
        raise RuntimeError("java.lang.IllegalStateException: no storage")

    monkeypatch.setattr(android.activity, "getSharedPreferences", broken)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        alarms.arm(weekday_reminders(), ReminderState(), TITLES)

    assert len(warnings_from_services(caplog)) == 1
    assert android.alarm_manager.alarms == {}


# --- the device's zone ---------------------------------------------------------------------


def test_the_device_zone_is_read_from_java(android: FakeAndroid) -> None:
    android.zone_id = "America/New_York"

    make_alarms(android, zone=None).arm(weekday_reminders()[:1], ReminderState(), TITLES)

    expected = next_firing(weekday_reminders()[0], FRIDAY_EVENING, ZoneInfo("America/New_York"))
    assert expected is not None
    assert alarm_ms(android)["morning"] == epoch_ms(expected)


def test_without_python_zone_data_javas_zone_gives_the_same_alarms(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a phone zoneinfo finds no zone files; TimeZone.getOffset then does the work."""

    def no_data(key: str) -> ZoneInfo:
        raise ZoneInfoNotFoundError(f"No time zone found with key {key}")

    monkeypatch.setattr(android_zone, "ZoneInfo", no_data)

    make_alarms(android, zone=None).arm(weekday_reminders(), ReminderState(), TITLES)

    expected = {
        r.id: epoch_ms(instant)
        for r in weekday_reminders()
        if (instant := next_firing(r, FRIDAY_EVENING, BERLIN)) is not None
    }
    assert alarm_ms(android) == expected


@pytest.mark.parametrize(
    ("zone_id", "around"),
    [
        ("Europe/Berlin", datetime(2024, 3, 30, 12, tzinfo=UTC)),  # spring forward
        ("Europe/Berlin", datetime(2024, 10, 26, 12, tzinfo=UTC)),  # fall back
        ("America/New_York", datetime(2024, 11, 2, 12, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2024, 4, 6, 6, tzinfo=UTC)),  # half-hour shift
    ],
)
def test_java_zone_fires_like_zoneinfo_across_daylight_saving(
    android: FakeAndroid, zone_id: str, around: datetime
) -> None:
    from tests.services.fake_android import FakeJavaTimeZone

    java_zone = JavaZone(FakeJavaTimeZone(zone_id))
    python_zone = ZoneInfo(zone_id)
    assert java_zone.key == zone_id  # what the calendar export needs
    for minute_of_day in range(0, 24 * 60, 15):
        reminder = Reminder("r", time(minute_of_day // 60, minute_of_day % 60), EVERY_DAY)
        for hours in range(0, 48, 5):
            after = around + timedelta(hours=hours)
            assert next_firing(reminder, after, java_zone) == next_firing(
                reminder, after, python_zone
            ), (reminder.at, after)
    for quarter in range(48 * 4):
        moment = around + timedelta(minutes=15 * quarter)
        local, expected = moment.astimezone(java_zone), moment.astimezone(python_zone)
        assert (local.replace(tzinfo=None), local.fold) == (
            expected.replace(tzinfo=None),
            expected.fold,
        ), moment
        assert local.utcoffset() == expected.utcoffset()
        assert local.astimezone(UTC) == moment  # the repeated hour round-trips


# --- notification permission ------------------------------------------------------------------


def test_notifications_are_asked_for_on_android_13_when_not_granted(android: FakeAndroid) -> None:
    answers: list[bool] = []

    make_alarms(android).ask_for_notifications(answers.append)

    assert [r.permissions for r in android.permission_requests] == [
        ["android.permission.POST_NOTIFICATIONS"]
    ]
    assert answers == []  # waits for the person
    android.answer(granted=True)
    assert answers == [True]


def test_a_refusal_is_reported(android: FakeAndroid) -> None:
    answers: list[bool] = []
    make_alarms(android).ask_for_notifications(answers.append)

    android.answer(granted=False)

    assert answers == [False]


def test_notifications_already_granted_are_not_asked_for(android: FakeAndroid) -> None:
    android.grant("android.permission.POST_NOTIFICATIONS")
    answers: list[bool] = []

    make_alarms(android).ask_for_notifications(answers.append)

    assert android.permission_requests == []
    assert answers == [True]


@pytest.mark.parametrize("sdk", [24, 30, 32])
def test_notifications_are_not_asked_for_before_android_13(android: FakeAndroid, sdk: int) -> None:
    android.sdk_int = sdk

    make_alarms(android).ask_for_notifications()

    assert android.permission_requests == []


# --- notifications while the app runs -------------------------------------------------------


def test_the_notifier_posts_through_the_java_helper_with_the_routine(android: FakeAndroid) -> None:
    posted = AndroidNotifier().notify(
        "Time for Towel roll", "Tap to start", routine_id="towel-roll"
    )

    assert posted is True
    (notification,) = android.notifications
    assert (notification.title, notification.text, notification.routine_id) == (
        "Time for Towel roll",
        "Tap to start",
        "towel-roll",
    )


def test_the_notifier_returns_false_when_notifications_are_off(android: FakeAndroid) -> None:
    android.notifier_result = False

    assert AndroidNotifier().notify("Title", "Text") is False


def test_the_notifier_returns_false_and_logs_when_java_fails(
    android: FakeAndroid, caplog: pytest.LogCaptureFixture
) -> None:
    android.notifier_error = "java.lang.SecurityException: no"

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        posted = AndroidNotifier().notify("Title", "Text", routine_id="towel-roll")

    assert posted is False
    assert len(warnings_from_services(caplog)) == 1


# --- opening the app from a notification -----------------------------------------------------


def reminder_intent(routine_id: str | None) -> FakeIntent:
    intent = FakeIntent(ACTION_OPEN)
    if routine_id is not None:
        intent.putExtra(EXTRA_ROUTINE_ID, FakeJavaString(routine_id))
    return intent


def test_launch_routine_id_reads_the_extra_once(android: FakeAndroid) -> None:
    android.activity.intent = reminder_intent("towel-roll")

    assert launch_routine_id() == "towel-roll"
    assert launch_routine_id() is None


def test_launch_routine_id_is_none_from_the_launcher(android: FakeAndroid) -> None:
    launcher = FakeIntent("android.intent.action.MAIN")
    launcher.putExtra(EXTRA_ROUTINE_ID, FakeJavaString("towel-roll"))
    android.activity.intent = launcher

    assert launch_routine_id() is None


def test_launch_routine_id_is_none_when_restarted_from_recents(android: FakeAndroid) -> None:
    intent = reminder_intent("towel-roll")
    intent.addFlags(FakeIntent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY)
    android.activity.intent = intent

    assert launch_routine_id() is None


def test_a_tap_while_the_app_runs_reaches_the_callback(android: FakeAndroid) -> None:
    opened: list[str] = []
    on_reminder_opened(opened.append)

    android.deliver_new_intent(reminder_intent("chin-tucks"))
    android.deliver_new_intent(reminder_intent(None))
    android.deliver_new_intent(FakeIntent("android.intent.action.MAIN"))

    assert opened == ["chin-tucks"]


# --- the pure parts ------------------------------------------------------------------------------


def test_codes_are_stable_and_never_shared() -> None:
    first = assign_codes(["a", "b", "c"], {})
    assert assign_codes(["c", "a", "b"], {}) == first
    assert len(set(first.values())) == 3
    # Another reminder already holds a's usual code: a moves, neither shares.
    moved = assign_codes(["a", "b"], {"b": reminder_code("a")})
    assert moved["b"] == reminder_code("a")
    assert moved["a"] != moved["b"]
    assert all(1000 <= code < 2**31 for code in moved.values())


def test_epoch_ms_is_exact() -> None:
    assert epoch_ms(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert epoch_ms(datetime(2024, 4, 1, 6, 0, 0, 999_999, tzinfo=UTC)) == 1711951200999
    assert epoch_ms(datetime(2024, 4, 1, 8, 0, tzinfo=BERLIN)) == 1711951200000


def test_weekday_mask_counts_from_monday() -> None:
    reminder = Reminder("r", time(8, 0), frozenset({Weekday.MON, Weekday.SUN}))
    assert days_mask(reminder) == 0b1000001
