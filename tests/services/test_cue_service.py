"""The cue service against the fake phone: its loop, the hand-over, its notification, audio focus.

The service runs as on a phone, with the Java classes faked as pyjnius 1.7.0
calls them (fake_service.py): the app's side hands a session over through the
files, the service's loop plays what falls due on the session's deadlines, and
the notification's buttons arrive through the receiver's queue. Time is the
suite's FakeClock; waiting on the receiver lets it pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.clocks import START, FakeClock
from tests.core.inline_routines import routine
from tests.services.fake_service import FakePhone, FakeWakeLock
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.checkpoint import ClockStamp, save_session
from unknot.core.playback.handover import EventKind, Owner, read_ownership, read_service_log, replay
from unknot.core.playback.plan import GET_READY_SECONDS, HEAT_OFF, CueKind, SegmentKind
from unknot.core.playback.session import FiredCue, Session, SessionState
from unknot.core.routines.loader import load_routine
from unknot.core.safety.wording import (
    AFTER_STOP,
    ENDED_ADVICE,
    ENDED_HEADING,
    STOPPED_FOR_PAIN_HEADING,
)
from unknot.services.android import java_names
from unknot.services.android.cue_service import FINISH_SPEAKING_WITHIN, CueService
from unknot.services.android.service_audio import AndroidCueOutput, AudioFocus
from unknot.services.android.service_parts import ReceiverActions, WakeLock, android_parts
from unknot.services.android.session_notification import (
    ALERT_ID,
    ONGOING_ID,
    PUBLIC_TITLE,
    AndroidSessionNotice,
)
from unknot.services.carrier import FileHandover

ROOT = Path(__file__).resolve().parents[2]
WALL0 = 1_780_000_000.0
BOOT = "boot-a"
CHIN_TUCKS = load_routine(BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml")
HEATED = routine(
    "  - title: Warm the back of your neck\n    duration: 15m\n    heat: true\n"
    "  - title: Rest and breathe slowly\n    duration: 5m\n"
)


class Recording:
    """The service's output, with every cue it was given kept for the test."""

    def __init__(self, inner: AndroidCueOutput) -> None:
        self.inner = inner
        self.fired: list[FiredCue] = []

    def play(self, fired: FiredCue) -> None:
        self.fired.append(fired)
        self.inner.play(fired)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def wall(clock: FakeClock) -> float:
    return WALL0 + clock() - START


def at_rep_4(clock: FakeClock) -> Session:
    session = Session(CHIN_TUCKS, clock=clock, baseline=2)
    session.start()
    clock.advance(GET_READY_SECONDS + 3 * 15 + 2)  # 2 s into rep 4's 5 s hold
    session.update()
    return session


def hand_over(session: Session, folder: Path, clock: FakeClock) -> None:
    saved = save_session(session, ClockStamp(clock(), wall(clock), BOOT), history_id=5)
    FileHandover(folder).hand_over(saved)


def service(phone: FakePhone, folder: Path, clock: FakeClock) -> CueService:
    phone.receiver.clock = clock
    return CueService(
        folder,
        clock=clock,
        wall=lambda: wall(clock),
        output=Recording(AndroidCueOutput(phone.service, clock)),
        notice=AndroidSessionNotice(phone.service),
        actions=ReceiverActions(),
        awake=WakeLock(phone.service),
        boot_id=BOOT,
    )


def run_until(cues: CueService, clock: FakeClock, until: float) -> None:
    """The service's loop, for ``until`` seconds of fake time (or until it ends)."""
    end = clock() + until
    while clock() < end:
        wait = cues.step()
        if wait is None:
            return
        action = cues.actions.wait(min(wait, end - clock()))
        if action is not None:
            cues._queued.append(action)


def fired(cues: CueService) -> list[FiredCue]:
    output = cues.output
    assert isinstance(output, Recording)
    return output.fired


def state(cues: CueService) -> SessionState:
    assert cues.session is not None
    return cues.session.state


def said(cues: CueService) -> list[str]:
    return [f.cue.text for f in fired(cues) if f.cue.kind is CueKind.SPEAK]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    return data


# -- no Kivy -------------------------------------------------------------------------------

NO_KIVY = """
import sys
class NoKivy:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("kivy", "plyer"):
            raise ImportError("no " + name + " in the cue service")
sys.meta_path.insert(0, NoKivy())
import unknot.services.android.cue_service
import unknot.services.android.service_parts
import unknot.services.android.service_audio
import unknot.services.android.session_notification
print(sorted(m for m in sys.modules if m.split(".")[0] in ("kivy", "plyer")))
"""


def test_the_service_module_imports_no_kivy_at_all() -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_KIVY], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_no_kivy_check_notices_a_kivy_import() -> None:
    probe = NO_KIVY.replace("import unknot.services.android.cue_service", "import kivy")
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert "no kivy in the cue service" in result.stderr


# -- the loop --------------------------------------------------------------------------------------


def test_after_the_handover_the_service_plays_on_from_the_next_cue(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)

    cues.step()
    assert cues.owning
    # It says where things stand, once, then nothing until rep 4 ends 3 s later.
    assert said(cues) == ["Chin tuck. Rep 4 of 10."]
    run_until(cues, clock, 2.9)
    assert said(cues) == ["Chin tuck. Rep 4 of 10."]
    run_until(cues, clock, 0.2)
    assert said(cues)[-1] == "Relax."
    run_until(cues, clock, 10)  # the rest: three ticks, then rep 5
    kinds = [f.cue.kind for f in fired(cues)]
    assert kinds.count(CueKind.TICK) == 3
    assert said(cues)[-1] == "Rep 5. Hold."
    assert phone.spoken[-2:] == ["Relax.", "Rep 5. Hold."]
    assert [kind for kind, _tone, _ducked in phone.played] == ["tone"] * 3


def test_each_cue_ducks_the_music_and_lets_it_come_back_after(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 3 + 7 + 0.1)  # to the first tick of the rest

    assert phone.played and all(ducked for _kind, _tone, ducked in phone.played)
    request = phone.audio_manager.holder
    assert request is not None and request.hint == 3  # AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK
    assert request.attributes.usage == 13  # USAGE_ASSISTANCE_SONIFICATION
    run_until(cues, clock, 0.6)
    assert phone.audio_manager.holder is None  # given back once the tick is over
    asked = [call for call, _holder in phone.audio_manager.calls]
    assert asked.count("request") == asked.count("abandon") >= 2


def test_focus_waits_while_the_engine_is_still_speaking(phone: FakePhone) -> None:
    clock = FakeClock()
    focus = AudioFocus(phone.service, clock)
    focus.hold(1.0)
    focus.hold(0.5)  # a second cue within the first: one request, the later end kept
    assert phone.audio_manager.ducked
    clock.advance(1.5)
    assert focus.settle(busy=True) == 0.25  # the words run long: it looks again shortly
    assert phone.audio_manager.ducked
    assert focus.settle(busy=False) is None
    assert not phone.audio_manager.ducked
    assert [call for call, _ in phone.audio_manager.calls] == ["request", "abandon"]


def test_a_refused_focus_still_lets_the_cue_play(phone: FakePhone, folder: Path) -> None:
    phone.focus_refused = True  # a phone call
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 3.5)
    assert phone.spoken[-1] == "Relax."


def test_android_7_asks_focus_through_a_listener_and_buzzes_for_a_length(
    phone: FakePhone, folder: Path
) -> None:
    phone.sdk_int = 25
    clock = FakeClock()
    session = Session(CHIN_TUCKS, clock=clock, baseline=2)
    session.start()
    hand_over(session, folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, GET_READY_SECONDS + 0.1)  # rep 1: the step's sound and a buzz

    assert ("vibrate", 300, True) in phone.played
    holders = [holder for call, holder in phone.audio_manager.calls if call == "request"]
    assert holders and all(
        h.implements(
            "android/media/AudioManager$OnAudioFocusChangeListener", "onAudioFocusChange", "(I)V"
        )
        for h in holders
    )
    ongoing = phone.notification_manager.posted[ONGOING_ID]
    assert ongoing.channel is None  # no channels before Android 8
    assert ongoing.fields["priority"] == -1


def test_without_a_tone_generator_the_words_and_the_buzz_go_on(
    phone: FakePhone, folder: Path
) -> None:
    phone.tone_generator_fails = True
    clock = FakeClock()
    session = Session(CHIN_TUCKS, clock=clock, baseline=2)
    session.start()
    hand_over(session, folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, GET_READY_SECONDS + 0.1)
    assert [kind for kind, *_ in phone.played] == ["vibrate"]
    assert phone.spoken[-1].startswith("Chin tuck. A small, slow nod")


def test_the_persons_switches_are_kept(phone: FakePhone, folder: Path) -> None:
    (folder / "settings.json").write_text(json.dumps({"speech": False, "beeps": False}))
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 20)
    assert phone.spoken == []
    assert [kind for kind, *_ in phone.played] == []
    assert cues.log is not None and cues.log.played  # handled all the same: the app won't


def test_a_pain_check_due_is_said_and_posted_and_the_session_waits(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 3 + 6 * 15 + 1)  # the end of rep 10: the final check

    assert cues.session is not None
    assert cues.session.segment.kind is SegmentKind.PAIN_CHECK
    assert phone.spoken[-1] == "Last check. How is your pain now, from 0 to 10?"
    alert = phone.notification_manager.posted[ALERT_ID]
    assert alert.title == "How is your pain now?"
    assert alert.channel == java_names.SESSION_ALERTS_CHANNEL_ID
    opens = alert.fields["contentIntent"]
    assert opens.kind == "activity" and opens.immutable
    assert opens.intent.action == java_names.ACTION_OPEN_SESSION
    assert opens.intent.extras[java_names.EXTRA_SESSION_SCREEN] == "pain"
    ongoing = phone.notification_manager.posted[ONGOING_ID]
    assert ongoing.text == "How is your pain now? Tap to answer."
    run_until(cues, clock, 600)
    assert cues.session.segment.kind is SegmentKind.PAIN_CHECK  # it waits, as in the app
    assert phone.spoken.count("Last check. How is your pain now, from 0 to 10?") == 1


# -- the notification ------------------------------------------------------------------------------


def test_the_notification_is_the_session_on_the_lock_screen(phone: FakePhone, folder: Path) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    cues.step()

    manager = phone.notification_manager
    assert phone.service.foreground_id == ONGOING_ID
    shown = manager.posted[ONGOING_ID]
    assert shown.channel == java_names.SESSION_CHANNEL_ID
    assert shown.title == "Chin tucks, level 1"
    assert shown.text == "Chin tuck · rep 4 of 10"
    assert shown.fields["usesChronometer"] is True
    assert shown.fields["chronometerCountDown"] is True
    assert shown.fields["when"] == int((wall(clock) + 3) * 1000)  # rep 4 ends in 3 s
    assert shown.fields["ongoing"] is True
    assert shown.fields["visibility"] == 0  # VISIBILITY_PRIVATE
    public = shown.fields["publicVersion"]
    assert public.title == PUBLIC_TITLE == "Unknot: a routine is running"
    assert public.text is None
    assert shown.button_labels == ["Pause", "Stop: pain is worse", "End"]
    for _icon, _label, pending in shown.actions:
        assert pending.kind == "broadcast" and pending.immutable
        assert pending.intent.component == ("org.unknot.unknot", java_names.SESSION_RECEIVER_CLASS)
    assert [a.intent.action for *_, a in shown.actions] == [
        java_names.ACTION_SESSION_PAUSE,
        java_names.ACTION_SESSION_STOP_FOR_PAIN,
        java_names.ACTION_SESSION_END,
    ]
    opens = shown.fields["contentIntent"]
    assert opens.kind == "activity" and opens.immutable
    assert opens.intent.extras[java_names.EXTRA_SESSION_SCREEN] == "player"

    ongoing = manager.channels[java_names.SESSION_CHANNEL_ID]
    alerts = manager.channels[java_names.SESSION_ALERTS_CHANNEL_ID]
    assert ongoing.importance == manager.IMPORTANCE_LOW  # its own; p4a's is IMPORTANCE_NONE
    assert alerts.importance == manager.IMPORTANCE_HIGH
    assert ongoing.lockscreen_visibility == alerts.lockscreen_visibility == 0
    assert not any(channel.startswith("org.kivy.p4a") for channel in manager.channels)


def test_the_notification_follows_the_steps_without_reposting_every_second(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 3.1)
    manager = phone.notification_manager
    assert manager.posted[ONGOING_ID].text == "Relax · Chin tuck · rep 4 of 10"
    posts = len(manager.history)
    run_until(cues, clock, 5)  # inside the rest: the chronometer counts by itself
    assert len(manager.history) == posts


def test_pause_and_resume_from_the_notification(phone: FakePhone, folder: Path) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    phone.receiver.tap_at(clock() + 1, java_names.ACTION_SESSION_PAUSE)
    phone.receiver.tap_at(clock() + 61, java_names.ACTION_SESSION_RESUME)
    run_until(cues, clock, 30)

    assert state(cues) is SessionState.PAUSED
    paused = phone.notification_manager.posted[ONGOING_ID]
    assert paused.button_labels == ["Resume", "Stop: pain is worse", "End"]
    assert paused.fields["subText"] == "Paused"
    assert paused.fields["showWhen"] is False and "usesChronometer" not in paused.fields
    run_until(cues, clock, 32)
    assert state(cues) is SessionState.RUNNING
    assert (
        cues.session is not None and cues.session.segment.rep == 4
    )  # 2 s of rep 4 were left at the pause
    assert said(cues)[-1] == "Chin tuck. Rep 4 of 10."
    assert cues.log is not None
    assert [e.kind for e in cues.log.actions] == [EventKind.PAUSE, EventKind.RESUME]


def heat_on(clock: FakeClock) -> Session:
    session = Session(HEATED, clock=clock, baseline=3)
    session.start()
    clock.advance(GET_READY_SECONDS + 60)
    session.update()
    assert session.heat_on
    return session


def test_stop_for_pain_during_heat_says_take_the_pack_off_and_the_after_stop_advice(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(heat_on(clock), folder, clock)
    cues = service(phone, folder, clock)
    phone.receiver.tap_at(clock() + 5, java_names.ACTION_SESSION_STOP_FOR_PAIN)
    cues.run()

    assert phone.spoken[-4:] == [
        f"{HEAT_OFF}.",
        f"{STOPPED_FOR_PAIN_HEADING}.",
        AFTER_STOP[0],
        AFTER_STOP[1],
    ]
    assert ("tone", 41, True) in phone.played  # the alert, under focus
    after = phone.notification_manager.posted[ALERT_ID]
    assert after.title == STOPPED_FOR_PAIN_HEADING
    assert after.text == "\n".join([f"{HEAT_OFF}.", *AFTER_STOP])
    assert after.fields["style"].big_text == after.text
    # The service stopped itself: its notification gone, stopForeground then stopSelf.
    assert phone.service.stop_foreground_calls == [("(I)V", 1)]
    assert phone.service.stopped
    assert ONGOING_ID not in phone.notification_manager.posted
    assert not any(lock.held for lock in phone.wake_locks)
    service_log = read_service_log(folder, 1)
    assert service_log is not None
    assert [e.kind for e in service_log.actions] == [EventKind.STOP_FOR_PAIN]


def test_end_from_the_notification_says_stopping_is_fine(phone: FakePhone, folder: Path) -> None:
    phone.sdk_int = 30  # stopForeground(boolean) before Android 13
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    phone.receiver.tap_at(clock() + 1, java_names.ACTION_SESSION_END)
    cues.run()

    assert phone.spoken[-2:] == [f"{ENDED_HEADING}.", ENDED_ADVICE]
    assert HEAT_OFF not in " ".join(phone.spoken)
    assert phone.notification_manager.posted[ALERT_ID].text == ENDED_ADVICE
    assert phone.service.stop_foreground_calls == [("(Z)V", True)]


def test_the_last_words_are_finished_before_the_service_stops(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    end_at = clock() + 1
    phone.receiver.tap_at(end_at, java_names.ACTION_SESSION_END)
    phone.tts_speaking = True
    stopped_at: list[float] = []
    original = phone.service.stopSelf

    def stop_self(*args: Any) -> None:
        stopped_at.append(clock())
        original(*args)

    phone.service.stopSelf = stop_self  # type: ignore[method-assign]
    cues.run()
    assert stopped_at[0] - end_at == pytest.approx(FINISH_SPEAKING_WITHIN, abs=0.5)


# -- the app takes back, or ends ----------------------------------------------------------------


def test_when_the_app_takes_back_the_service_goes_quiet(phone: FakePhone, folder: Path) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 1)
    assert phone.wake_locks[-1].held
    played = len(fired(cues))

    taken = FileHandover(folder).take_back()
    assert taken is not None and taken.log is not None
    run_until(cues, clock, 30)
    assert len(fired(cues)) == played  # rep 4 ended, rep 5 came: the app's now
    assert not cues.owning
    assert "stop" in phone.engine.calls  # what it still held to say is dropped
    assert not phone.wake_locks[-1].held
    assert phone.notification_manager.posted[ONGOING_ID].actions == []
    ownership = read_ownership(folder)
    assert ownership is not None and ownership.owner is Owner.APP


def test_when_the_session_ends_in_the_app_the_service_stops(phone: FakePhone, folder: Path) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    run_until(cues, clock, 1)
    FileHandover(folder).end()
    cues.run()
    assert phone.service.stopped


def test_the_wake_lock_is_partial_timed_not_counted_and_renewed(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    hand_over(at_rep_4(clock), folder, clock)
    cues = service(phone, folder, clock)
    cues.awake = WakeLock(phone.service, clock)
    cues.step()
    lock: FakeWakeLock = phone.wake_locks[-1]
    assert lock.held and not lock.counted
    assert lock.timeouts == [30 * 60 * 1000]
    phone.receiver.tap_at(clock() + 5, java_names.ACTION_SESSION_PAUSE)  # held for long
    run_until(cues, clock, 25 * 60)
    assert lock.held
    assert lock.timeouts == [30 * 60 * 1000] * 3  # again every 10 minutes, before it lapses


def test_the_parts_are_made_from_python_for_androids_service(phone: FakePhone) -> None:
    parts = android_parts()
    assert isinstance(parts.output, AndroidCueOutput)
    assert phone.engines[-1].listener is not None  # one TextToSpeech, on the service's Context


# -- exactly once across a hand-over ---------------------------------------------------------------


def key(fired: FiredCue) -> tuple[int, float, str, str]:
    return (fired.segment_index, fired.due_at, fired.cue.kind.value, fired.cue.text)


def plan_cues(session: Session, fired: list[FiredCue]) -> list[tuple[int, float, str, str]]:
    """The routine's own cues (not the "where you are" words said after a pause or a hand-over)."""
    return [key(f) for f in fired if f.cue in session.plan.segments[f.segment_index].cues]


def play_app(session: Session, clock: FakeClock, seconds: float, out: list[FiredCue]) -> None:
    """The app's loop: a frame every quarter second."""
    end = clock() + seconds
    while clock() < end:
        clock.advance(0.25)
        out.extend(session.update())


def reference(pause_at: float, resume_at: float, total: float) -> list[FiredCue]:
    clock = FakeClock()
    session = Session(CHIN_TUCKS, clock=clock, baseline=2)
    fired = session.start()
    while clock() < START + total:
        clock.advance(0.25)
        if clock() == pause_at:
            session.pause()
        if clock() == resume_at:
            fired.extend(session.resume())
        fired.extend(session.update())
    return [f for f in fired if f.cue in session.plan.segments[f.segment_index].cues]


def test_every_cue_is_played_exactly_once_across_a_hand_over(
    phone: FakePhone, folder: Path
) -> None:
    clock = FakeClock()
    app = Session(CHIN_TUCKS, clock=clock, baseline=2)
    app_fired = app.start()
    play_app(app, clock, 30, app_fired)  # the app plays the first 30 s, then the screen locks
    hand_over(app, folder, clock)

    cues = service(phone, folder, clock)
    pause_at, resume_at = START + 52.0, START + 70.0
    phone.receiver.tap_at(pause_at, java_names.ACTION_SESSION_PAUSE)
    phone.receiver.tap_at(resume_at, java_names.ACTION_SESSION_RESUME)
    run_until(cues, clock, 60)  # locked for a minute, paused and resumed from the lock screen

    taken = FileHandover(folder).take_back()  # the person unlocks: the app takes back
    assert taken is not None and taken.log is not None
    replay(app, taken.log.events)
    play_app(app, clock, 200, app_fired)
    run_until(cues, clock, 10)

    played = plan_cues(app, app_fired) + plan_cues(app, fired(cues))
    assert [k for k, n in Counter(played).items() if n > 1] == []
    expected = [key(f) for f in reference(pause_at, resume_at, 30 + 60 + 200)]
    assert sorted(played) == sorted(expected)
    assert len(plan_cues(app, fired(cues))) >= 10  # the service played its share
    assert app.segment.kind is SegmentKind.PAIN_CHECK
    assert app.checkpoint()["paused_at"] is None
