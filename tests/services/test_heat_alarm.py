"""The heat step's alarm: what it says, and on Android how it is armed and taken back.

The Android tests run against the fake Java classes (fake_android.py), as the
reminder alarms' do: exact alarms need the person's permission from Android 12,
a PendingIntent a mutability flag, and a ``putExtra`` goes where pyjnius sends it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.services.fake_android import FakeAndroid, FakePendingIntentClass
from unknot.services import create_services, null_services
from unknot.services.android.heat_alarm import HEAT_ALARM_CODE, AndroidHeatAlarm
from unknot.services.android.java_names import (
    ACTION_HEAT_DONE,
    EXTRA_HEAT_TEXT,
    EXTRA_HEAT_TITLE,
    HEAT_RECEIVER_CLASS,
)
from unknot.services.android.slots import FIRST_CODE
from unknot.services.android.zone import epoch_ms
from unknot.services.heat_alarm import (
    INEXACT_EARLY_BY,
    TITLE_NOW,
    NullHeatAlarm,
    heat_notice,
)

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
HEAT_ENDS = datetime(2024, 6, 3, 12, 35, tzinfo=UTC)  # 14:35 in Berlin (summer time)


def warnings_from_services(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "unknot.services" and r.levelno >= logging.WARNING
    ]


# --- the words ----------------------------------------------------------------------------


def test_an_exact_alarm_fires_at_the_deadline_and_says_now() -> None:
    notice = heat_notice(HEAT_ENDS, BERLIN, exact=True)

    assert notice.fire_at == HEAT_ENDS
    assert notice.title == TITLE_NOW == "Take the heat pack off now"


def test_an_inexact_alarm_fires_two_minutes_early_and_says_the_local_time() -> None:
    notice = heat_notice(HEAT_ENDS, BERLIN, exact=False)

    assert notice.fire_at == HEAT_ENDS - timedelta(minutes=2) == HEAT_ENDS - INEXACT_EARLY_BY
    assert notice.title == "Take the heat pack off at 14:35"
    assert "14:35" in notice.text
    assert "now" in notice.text  # for when it comes after the time


def test_a_naive_deadline_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        heat_notice(datetime(2024, 6, 3, 14, 35), BERLIN, exact=True)


# --- which one the app gets ---------------------------------------------------------------


def test_the_heat_alarm_is_null_off_android() -> None:
    assert isinstance(null_services().heat_alarm, NullHeatAlarm)
    assert isinstance(create_services("linux").heat_alarm, NullHeatAlarm)
    NullHeatAlarm().arm(HEAT_ENDS, BERLIN)
    NullHeatAlarm().cancel()


def test_a_heat_alarm_that_cannot_start_is_null_with_one_log_line(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_alarm_manager(name: str) -> object:
        if name == "android.app.AlarmManager":
            raise RuntimeError("java.lang.ClassNotFoundException: android.app.AlarmManager")
        return android.autoclass(name)

    monkeypatch.setattr("jnius.autoclass", no_alarm_manager)
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        services = create_services("android")

    assert isinstance(services.heat_alarm, NullHeatAlarm)
    assert sum("heat" in warning for warning in warnings_from_services(caplog)) == 1


# --- Android: arming ----------------------------------------------------------------------


def test_exact_when_allowed_at_the_deadline_to_its_own_receiver(android: FakeAndroid) -> None:
    android.exact_alarms_allowed = True

    AndroidHeatAlarm().arm(HEAT_ENDS, BERLIN)

    (alarm,) = android.alarm_manager.alarms.values()
    assert alarm.exact
    assert alarm.type == 0  # RTC_WAKEUP: it must wake a sleeping phone
    assert alarm.at_ms == epoch_ms(HEAT_ENDS)
    intent = alarm.operation.intent
    assert intent.getAction() == ACTION_HEAT_DONE
    assert intent.component == (android.activity.getPackageName(), HEAT_RECEIVER_CLASS)
    # What the receiver's getStringExtra reads: java.lang.Strings, not char[].
    assert intent.getStringExtra(EXTRA_HEAT_TITLE) == TITLE_NOW
    assert intent.getStringExtra(EXTRA_HEAT_TEXT) == heat_notice(HEAT_ENDS, BERLIN, exact=True).text
    assert alarm.operation.immutable
    assert alarm.operation.request_code == HEAT_ALARM_CODE < FIRST_CODE


def test_inexact_two_minutes_early_with_the_time_when_exact_is_denied(
    android: FakeAndroid,
) -> None:
    android.exact_alarms_allowed = False

    AndroidHeatAlarm().arm(HEAT_ENDS, BERLIN)

    (alarm,) = android.alarm_manager.alarms.values()
    assert not alarm.exact
    assert alarm.at_ms == epoch_ms(HEAT_ENDS - timedelta(minutes=2))
    title = alarm.operation.intent.getStringExtra(EXTRA_HEAT_TITLE)
    assert title == "Take the heat pack off at 14:35"
    assert [call[0] for call in android.alarm_manager.calls] == ["setAndAllowWhileIdle"]


def test_before_android_12_exact_needs_no_permission(android: FakeAndroid) -> None:
    android.sdk_int = 30  # canScheduleExactAlarms does not exist yet: the fake raises
    android.exact_alarms_allowed = False

    AndroidHeatAlarm().arm(HEAT_ENDS, BERLIN)

    (alarm,) = android.alarm_manager.alarms.values()
    assert alarm.exact and alarm.at_ms == epoch_ms(HEAT_ENDS)


def test_an_exact_alarm_refused_after_the_check_is_set_early_instead(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The person may revoke the permission between the check and the call."""
    android.exact_alarms_allowed = False
    monkeypatch.setattr(type(android.alarm_manager), "canScheduleExactAlarms", lambda self: True)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        AndroidHeatAlarm().arm(HEAT_ENDS, BERLIN)

    (alarm,) = android.alarm_manager.alarms.values()
    assert not alarm.exact
    assert alarm.at_ms == epoch_ms(HEAT_ENDS - INEXACT_EARLY_BY)
    assert alarm.operation.intent.getStringExtra(EXTRA_HEAT_TITLE) == (
        "Take the heat pack off at 14:35"
    )
    assert len(warnings_from_services(caplog)) == 1


def test_arming_again_replaces_the_alarm_and_its_words(android: FakeAndroid) -> None:
    heat = AndroidHeatAlarm()
    heat.arm(HEAT_ENDS, BERLIN)
    later = HEAT_ENDS + timedelta(minutes=5)

    heat.arm(later, BERLIN)

    (alarm,) = android.alarm_manager.alarms.values()
    assert alarm.at_ms == epoch_ms(later - INEXACT_EARLY_BY)
    assert alarm.operation.intent.getStringExtra(EXTRA_HEAT_TITLE) == (
        "Take the heat pack off at 14:40"
    )


def test_the_heat_alarm_leaves_the_reminders_alone(android: FakeAndroid) -> None:
    reminder_intent = android.pending_intent(
        "broadcast",
        android.activity,
        FIRST_CODE,
        android.autoclass("android.content.Intent")("org.unknot.reminders.FIRE"),
        FakePendingIntentClass.FLAG_IMMUTABLE,
    )
    android.alarm_manager.setAndAllowWhileIdle(0, epoch_ms(HEAT_ENDS), reminder_intent)
    heat = AndroidHeatAlarm()

    heat.arm(HEAT_ENDS, BERLIN)
    heat.cancel()

    assert list(android.alarm_manager.by_code()) == [FIRST_CODE]


# --- Android: cancelling, and never raising -------------------------------------------------


def test_cancel_takes_the_alarm_back(android: FakeAndroid) -> None:
    heat = AndroidHeatAlarm()
    heat.arm(HEAT_ENDS, BERLIN)
    (alarm,) = android.alarm_manager.alarms.values()

    heat.cancel()

    assert android.alarm_manager.alarms == {}
    assert alarm.operation.cancelled


def test_cancel_with_nothing_armed_does_nothing(
    android: FakeAndroid, caplog: pytest.LogCaptureFixture
) -> None:
    heat = AndroidHeatAlarm()

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        heat.cancel()
        heat.arm(HEAT_ENDS, BERLIN)
        heat.cancel()
        heat.cancel()

    assert android.alarm_manager.alarms == {}
    assert [call[0] for call in android.alarm_manager.calls].count("cancel") == 1
    assert warnings_from_services(caplog) == []


def test_arm_and_cancel_never_raise(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    heat = AndroidHeatAlarm()

    def no_service(self: object, name: object) -> None:
        raise RuntimeError("java.lang.IllegalStateException: system not ready")

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        heat.arm(datetime(2024, 6, 3, 14, 35), BERLIN)  # naive: which moment?
        monkeypatch.setattr(type(android.activity), "getSystemService", no_service)
        heat.arm(HEAT_ENDS, BERLIN)
        heat.cancel()

    assert android.alarm_manager.alarms == {}
    assert len(warnings_from_services(caplog)) == 2  # the cancel found nothing to cancel
