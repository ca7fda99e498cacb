"""The Android services against a fake jnius shaped like the real API (no phone here)."""

from __future__ import annotations

import logging
import sys
from zoneinfo import ZoneInfo

import pytest

from tests.services.fake_android import FakeAndroid, FakeIntent, FakeJavaError, FakeJavaString
from unknot.core.clock.zone import local_zone
from unknot.services import Traits, create_services
from unknot.services.alarms import NullAlarms
from unknot.services.android.alarms import AndroidAlarms
from unknot.services.android.documents import AndroidDocuments
from unknot.services.android.heat_alarm import AndroidHeatAlarm
from unknot.services.android.java_names import ACTION_OPEN, EXTRA_ROUTINE_ID
from unknot.services.android.keep_awake import AndroidKeepAwake
from unknot.services.android.launch import AndroidLaunch
from unknot.services.android.notifications import AndroidNotifier
from unknot.services.android.speech import AndroidSpeaker
from unknot.services.documents import NullDocuments
from unknot.services.heat_alarm import NullHeatAlarm
from unknot.services.notifications import NullNotifier
from unknot.services.speech import NullSpeaker
from unknot.services.vibration import PlyerVibrator

FLAG_KEEP_SCREEN_ON = 128
SUCCESS = 0
ERROR = -1
QUEUE_ADD = 1


def warnings_from_services(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "unknot.services" and r.levelno >= logging.WARNING
    ]


# --- keeping the screen on ------------------------------------------------------------


def test_hold_sets_keep_screen_on_through_the_ui_thread(android: FakeAndroid) -> None:
    keep_awake = AndroidKeepAwake()

    keep_awake.hold()
    assert android.window.calls == []  # posted, not yet run: the UI thread does it
    android.run_ui_thread()

    assert android.window.calls == [("addFlags", FLAG_KEEP_SCREEN_ON)]
    assert android.window.flags == FLAG_KEEP_SCREEN_ON


def test_release_clears_keep_screen_on_through_the_ui_thread(android: FakeAndroid) -> None:
    keep_awake = AndroidKeepAwake()
    keep_awake.hold()
    android.run_ui_thread()

    keep_awake.release()
    android.run_ui_thread()

    assert android.window.calls[-1] == ("clearFlags", FLAG_KEEP_SCREEN_ON)
    assert android.window.flags == 0


def test_holding_twice_sets_the_flag_once(android: FakeAndroid) -> None:
    keep_awake = AndroidKeepAwake()

    keep_awake.hold()
    keep_awake.hold()
    android.run_ui_thread()

    assert android.window.calls == [("addFlags", FLAG_KEEP_SCREEN_ON)]


def test_release_without_hold_does_nothing(android: FakeAndroid) -> None:
    AndroidKeepAwake().release()
    android.run_ui_thread()

    assert android.window.calls == []


# --- speech -----------------------------------------------------------------------------


def test_cues_said_before_the_engine_starts_are_held(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()

    speaker.say("Lie on your back")
    speaker.say("Rest your head on the towel")

    assert android.engine.spoken == []


def test_held_cues_are_spoken_in_order_with_queue_add_after_init(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    speaker.say("Lie on your back")
    speaker.say("Rest your head on the towel")

    android.engine.finish_init(SUCCESS)

    assert android.engine.texts == ["Lie on your back", "Rest your head on the towel"]
    assert {mode for _, mode, _, _ in android.engine.spoken} == {QUEUE_ADD}
    utterance_ids = [utterance_id for *_, utterance_id in android.engine.spoken]
    assert len(set(utterance_ids)) == 2


def test_cues_after_init_go_straight_to_the_engine(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    android.engine.finish_init(SUCCESS)

    speaker.say("Ten seconds left")

    assert android.engine.spoken[-1][:3] == ("Ten seconds left", QUEUE_ADD, None)


def test_speak_gets_a_java_string_that_pyjnius_can_pass_as_a_char_sequence(
    android: FakeAndroid,
) -> None:
    """pyjnius 1.7.0 finds no speak() overload for a Python str: the first cue would crash."""
    speaker = AndroidSpeaker()
    android.engine.finish_init(SUCCESS)

    speaker.say("Take the heat pack off")

    assert android.engine.texts == ["Take the heat pack off"]
    with pytest.raises(FakeJavaError, match="No methods called speak"):
        android.engine.speak("Take the heat pack off", QUEUE_ADD, None, "unknot-x")


def test_a_failing_engine_never_raises_and_is_logged_once(
    android: FakeAndroid, caplog: pytest.LogCaptureFixture
) -> None:
    """Held cues are spoken inside Java's onInit: an exception there would reach Java."""
    android.speak_error = "java.lang.IllegalStateException: engine gone"
    speaker = AndroidSpeaker()
    speaker.say("held before init")

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        android.engine.finish_init(SUCCESS)
        speaker.say("one")
        speaker.say("two")

    assert android.engine.spoken == []
    (warning,) = warnings_from_services(caplog)
    assert "engine gone" in warning


def test_the_engine_uses_the_device_language_not_us_english(android: FakeAndroid) -> None:
    AndroidSpeaker()

    android.engine.finish_init(SUCCESS)

    assert [locale.tag for locale in android.engine.languages] == ["de_DE"]


def test_one_engine_serves_every_cue(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    android.engine.finish_init(SUCCESS)

    for text in ("one", "two", "three"):
        speaker.say(text)

    assert len(android.engines) == 1


def test_a_more_urgent_cue_drops_held_less_urgent_ones(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    speaker.say("Hold for ten seconds", priority=0)
    speaker.say("Next: chin tucks", priority=0)
    speaker.say("How is the pain now?", priority=2)
    speaker.say("Tap a number", priority=1)

    android.engine.finish_init(SUCCESS)

    assert android.engine.texts == ["How is the pain now?", "Tap a number"]


def test_clear_drops_held_cues(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    speaker.say("stale")
    speaker.clear()
    speaker.say("fresh")

    android.engine.finish_init(SUCCESS)

    assert android.engine.texts == ["fresh"]


def test_clear_after_init_stops_the_engine(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    android.engine.finish_init(SUCCESS)

    speaker.clear()

    assert android.engine.calls[-1] == "stop"


def test_a_failed_init_turns_speech_off_with_one_log_line(
    android: FakeAndroid, caplog: pytest.LogCaptureFixture
) -> None:
    speaker = AndroidSpeaker()
    speaker.say("held")

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        android.engine.finish_init(ERROR)
        speaker.say("after the failure")
        speaker.clear()

    assert android.engine.spoken == []
    assert speaker.state == "failed"
    assert len(warnings_from_services(caplog)) == 1
    assert android.engine.calls == ["shutdown"]


def test_an_init_failure_inside_the_constructor_is_handled(
    android: FakeAndroid, caplog: pytest.LogCaptureFixture
) -> None:
    android.init_status_in_constructor = ERROR

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        speaker = AndroidSpeaker()
        speaker.say("anything")

    assert speaker.state == "failed"
    assert android.engine.spoken == []
    assert len(warnings_from_services(caplog)) == 1


def test_a_missing_voice_is_logged_and_speech_goes_on(
    android: FakeAndroid, caplog: pytest.LogCaptureFixture
) -> None:
    android.language_result = -2  # LANG_NOT_SUPPORTED
    speaker = AndroidSpeaker()
    speaker.say("Breathe out")

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        android.engine.finish_init(SUCCESS)

    assert android.engine.texts == ["Breathe out"]
    assert len(warnings_from_services(caplog)) == 1
    assert "de_DE" in warnings_from_services(caplog)[0]


def test_close_shuts_the_engine_down_and_silences_later_cues(android: FakeAndroid) -> None:
    speaker = AndroidSpeaker()
    android.engine.finish_init(SUCCESS)

    speaker.close()
    speaker.say("too late")

    assert android.engine.calls[-2:] == ["stop", "shutdown"]
    assert android.engine.spoken == []


# --- choosing the services ----------------------------------------------------------------


def test_create_services_on_android_picks_the_android_versions(android: FakeAndroid) -> None:
    services = create_services("android")

    assert isinstance(services.speaker, AndroidSpeaker)
    assert isinstance(services.keep_awake, AndroidKeepAwake)
    assert isinstance(services.vibrator, PlyerVibrator)
    assert isinstance(services.notifier, AndroidNotifier)
    assert isinstance(services.alarms, AndroidAlarms)
    assert isinstance(services.documents, AndroidDocuments)
    assert isinstance(services.heat_alarm, AndroidHeatAlarm)


def test_create_services_on_android_degrades_when_jnius_fails(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_such_class(name: str) -> None:
        raise RuntimeError(f"java.lang.ClassNotFoundException: {name}")

    monkeypatch.setattr(android, "autoclass", no_such_class)
    monkeypatch.setattr("jnius.autoclass", no_such_class)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        services = create_services("android")

    assert isinstance(services.speaker, NullSpeaker)
    assert isinstance(services.notifier, NullNotifier)
    assert isinstance(services.alarms, NullAlarms)
    assert isinstance(services.documents, NullDocuments)
    assert isinstance(services.heat_alarm, NullHeatAlarm)
    # speech, keep-awake, notifications, alarms, documents and the heat alarm: one line each
    assert len(warnings_from_services(caplog)) == 6


# --- what Android offers, its zone, and the routine a reminder tap opened -----------------------


def test_android_offers_everything_but_the_calendar_export(android: FakeAndroid) -> None:
    services = create_services("android")

    assert services.traits == Traits(
        can_vibrate=True,
        saves_through_system=True,
        calendar_export=False,
        exact_alarm_choice=True,
        reminders_when_closed=True,
        back_at_home_quits=True,
        can_dial=True,
    )


def test_android_without_alarms_or_document_screens_promises_neither(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_class(name: str) -> None:
        raise RuntimeError(f"java.lang.ClassNotFoundException: {name}")

    monkeypatch.setattr(android, "autoclass", no_such_class)
    monkeypatch.setattr("jnius.autoclass", no_such_class)

    traits = create_services("android").traits

    assert not traits.reminders_when_closed
    assert not traits.exact_alarm_choice
    assert not traits.saves_through_system
    assert traits.can_vibrate and traits.back_at_home_quits


def test_the_zone_on_android_is_javas_read_at_each_call(android: FakeAndroid) -> None:
    services = create_services("android")

    assert services.zone() == ZoneInfo("Europe/Berlin")
    android.zone_id = "America/New_York"  # the person travelled
    assert services.zone() == ZoneInfo("America/New_York")


def test_a_zone_java_cannot_give_falls_back_to_the_systems(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    services = create_services("android")

    def no_such_class(name: str) -> None:
        raise RuntimeError(f"java.lang.ClassNotFoundException: {name}")

    monkeypatch.setattr("jnius.autoclass", no_such_class)
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        zone = services.zone()

    assert zone == local_zone()
    assert len(warnings_from_services(caplog)) == 1


def test_the_launch_gives_the_tapped_reminders_routine_once(android: FakeAndroid) -> None:
    launch = create_services("android").launch
    intent = FakeIntent(ACTION_OPEN)
    intent.putExtra(EXTRA_ROUTINE_ID, FakeJavaString("towel-roll"))
    android.activity.intent = intent

    assert isinstance(launch, AndroidLaunch)
    assert launch.routine_id() == "towel-roll"
    assert launch.routine_id() is None


def test_taps_while_running_reach_the_callback(android: FakeAndroid) -> None:
    opened: list[str] = []
    create_services("android").launch.on_opened(opened.append)
    intent = FakeIntent(ACTION_OPEN)
    intent.putExtra(EXTRA_ROUTINE_ID, FakeJavaString("chin-tucks"))

    android.deliver_new_intent(intent)

    assert opened == ["chin-tucks"]


def test_the_launch_never_raises_into_the_app(
    android: FakeAndroid, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    launch = AndroidLaunch()

    def no_activity(name: str) -> None:
        raise RuntimeError("no activity")

    monkeypatch.setattr("jnius.autoclass", no_activity)
    monkeypatch.delitem(sys.modules, "android.activity")
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        assert launch.routine_id() is None
        launch.on_opened(lambda routine_id: None)

    assert len(warnings_from_services(caplog)) == 2
