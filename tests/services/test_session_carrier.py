"""The app's side of the cue service: start it while visible, hand over, take back, end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clocks import FakeClock
from tests.services.fake_android import FakeIntent, FakeJavaString
from tests.services.fake_service import FakePhone
from tests.services.test_cue_service import at_rep_4, wall
from unknot.core.playback.checkpoint import (
    CHECKPOINT_FILE,
    ClockStamp,
    SavedSession,
    read_checkpoint,
    save_session,
)
from unknot.core.playback.handover import (
    Event,
    EventKind,
    Owner,
    ServiceLog,
    read_ownership,
    write_service_log,
)
from unknot.services import create_services, null_services
from unknot.services.android import java_names
from unknot.services.android.carrier import AndroidCarrier
from unknot.services.carrier import NullCarrier
from unknot.services.cue_gate import CueGate


def saved_now(clock: FakeClock) -> SavedSession:
    return save_session(at_rep_4(clock), ClockStamp(clock(), wall(clock), "boot"), history_id=3)


def test_the_service_starts_with_the_session_while_the_app_is_visible(
    phone: FakePhone, tmp_path: Path
) -> None:
    carrier = AndroidCarrier(tmp_path)
    carrier.start(saved_now(FakeClock()))

    ((context, argument),) = phone.service_starts
    assert context is phone.activity
    assert json.loads(argument) == {"data_dir": str(tmp_path)}
    ownership = read_ownership(tmp_path)
    assert ownership is not None and ownership.owner is Owner.APP


def test_hand_over_writes_the_checkpoint_marks_the_service_and_wakes_it(
    phone: FakePhone, tmp_path: Path
) -> None:
    carrier = AndroidCarrier(tmp_path)
    clock = FakeClock()
    saved = saved_now(clock)
    carrier.start(saved)
    assert carrier.hand_over(saved)

    assert read_checkpoint(tmp_path / CHECKPOINT_FILE) == saved
    ownership = read_ownership(tmp_path)
    assert ownership is not None and ownership.owner is Owner.SERVICE
    assert (ownership.from_index, ownership.from_cue) == (
        saved.session["index"],
        saved.session["cursor"],
    )
    wake = phone.broadcasts[-1]
    assert wake.action == java_names.ACTION_SESSION_WAKE
    assert wake.component == ("org.unknot.unknot", java_names.SESSION_RECEIVER_CLASS)


def test_take_back_returns_what_the_service_did_and_which_screen_was_tapped(
    phone: FakePhone, tmp_path: Path
) -> None:
    carrier = AndroidCarrier(tmp_path)
    saved = saved_now(FakeClock())
    carrier.start(saved)
    carrier.hand_over(saved)
    ownership = read_ownership(tmp_path)
    assert ownership is not None
    write_service_log(tmp_path, ServiceLog(ownership.handover, [Event(1.0, EventKind.PAUSE)]))
    tapped = FakeIntent(java_names.ACTION_OPEN_SESSION)
    tapped.putExtra(java_names.EXTRA_SESSION_SCREEN, FakeJavaString("pain"))
    phone.deliver_new_intent(tapped)

    taken = carrier.take_back()
    assert taken is not None and taken.log is not None
    assert [e.kind for e in taken.log.events] == [EventKind.PAUSE]
    assert taken.opened == "pain"
    after = read_ownership(tmp_path)
    assert after is not None and after.owner is Owner.APP
    assert carrier.take_back() is None  # nothing handed over since


def test_a_str_extra_reads_as_nothing_as_on_a_phone(phone: FakePhone, tmp_path: Path) -> None:
    """pyjnius puts a Python str in putExtra(String, char[]): getStringExtra finds nothing."""
    carrier = AndroidCarrier(tmp_path)
    tapped = FakeIntent(java_names.ACTION_OPEN_SESSION)
    tapped.putExtra(java_names.EXTRA_SESSION_SCREEN, "player")
    phone.deliver_new_intent(tapped)
    saved = saved_now(FakeClock())
    carrier.start(saved)
    carrier.hand_over(saved)
    taken = carrier.take_back()
    assert taken is not None and taken.opened is None


def test_a_launch_from_the_notification_is_read_once(phone: FakePhone, tmp_path: Path) -> None:
    launch = FakeIntent(java_names.ACTION_OPEN_SESSION)
    launch.putExtra(java_names.EXTRA_SESSION_SCREEN, FakeJavaString("player"))
    phone.activity.intent = launch
    carrier = AndroidCarrier(tmp_path)
    saved = saved_now(FakeClock())
    carrier.start(saved)
    carrier.hand_over(saved)
    taken = carrier.take_back()
    assert taken is not None and taken.opened == "player"
    assert java_names.EXTRA_SESSION_SCREEN not in launch.extras


def test_end_tells_the_service_and_stops_it(phone: FakePhone, tmp_path: Path) -> None:
    carrier = AndroidCarrier(tmp_path)
    carrier.start(saved_now(FakeClock()))
    carrier.end()
    ownership = read_ownership(tmp_path)
    assert ownership is not None and ownership.owner is Owner.ENDED
    assert phone.service_stops == 1


def test_a_service_that_did_not_start_is_not_handed_anything(
    phone: FakePhone, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    carrier = AndroidCarrier(tmp_path)

    def refuse(*args: object) -> None:
        raise RuntimeError("java.lang.IllegalStateException: Not allowed to start service")

    monkeypatch.setattr(carrier._service_class, "start", refuse)
    saved = saved_now(FakeClock())
    carrier.start(saved)
    assert not carrier.hand_over(saved)  # the app writes the checkpoint itself


def test_android_gets_the_cue_service_and_desktops_nobody(phone: FakePhone, tmp_path: Path) -> None:
    assert isinstance(create_services("android").carrier(tmp_path), AndroidCarrier)
    assert isinstance(null_services().carrier(tmp_path), NullCarrier)
    assert not NullCarrier().hand_over(saved_now(FakeClock()))


class Said:
    def __init__(self) -> None:
        self.words: list[str] = []

    def say(self, text: str, priority: int = 0) -> None:
        self.words.append(text)

    def clear(self) -> None:
        self.words.append("<clear>")

    def close(self) -> None:
        pass


def test_the_gate_mutes_the_apps_cues_while_the_service_plays_them() -> None:
    gate = CueGate()
    said = Said()
    services = gate.wrap(null_services().__class__(**{**vars(null_services()), "speaker": said}))
    services.speaker.say("one")
    gate.open = False
    services.speaker.say("two")
    services.sounds.play("tick")
    services.vibrator.vibrate(0.3)
    services.speaker.clear()  # hushing is always let through
    gate.open = True
    services.speaker.say("three")
    assert said.words == ["one", "<clear>", "three"]
