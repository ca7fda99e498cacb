"""The cue service: plays a session's cues while the app is off the screen, in its own process.

python-for-android runs this file as the foreground service ``cues``
(buildozer.spec ``services``; type mediaPlayback) in a process of its own. It
is plain Python: no Kivy, no SDL, so no Clock and no SoundLoader; it imports no
Kivy at all (a test checks). Beeps go through ToneGenerator, words through one
TextToSpeech, buzzes through the Vibrator, each cue under transient audio
focus with ducking (service_audio.py); its notification is the session on the
lock screen (session_notification.py).

How it works with the app (:mod:`unknot.core.playback.handover`): the app
starts the service when a session begins and keeps the cues while it is on
screen; the service then only keeps its notification current ("standby"). On
``on_pause`` the app writes the checkpoint and marks the service the owner;
the service rebuilds the session from the checkpoint with the core's own
session code and plays from the next cue on, waking at the session's deadlines.
Every update that played something and every notification action goes into
its log, under the lock. On ``on_resume`` the app takes the cues back and
replays the log on its own session. When the session ends (a notification
action, or the app says so) the service says what must be said, then stops
itself: stopForeground and stopSelf.

When the app is swiped away, python-for-android's service stops with it
(onTaskRemoved): the heat alarm (heat_alarm.py) stays the backstop for a heat
pack, and the checkpoint lets the next start offer to continue.

python-for-android runs services with PYTHONOPTIMIZE=2: nothing here may rely on
``assert`` or on docstrings being there.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from unknot.core.clock.monotonic import MonotonicClock
from unknot.core.playback.checkpoint import (
    CHECKPOINT_FILE,
    CheckpointError,
    ClockStamp,
    read_checkpoint,
)
from unknot.core.playback.handover import (
    ENDINGS,
    Event,
    EventKind,
    Owner,
    Ownership,
    ServiceLog,
    locked,
    pinned,
    read_ownership,
    write_service_log,
)
from unknot.core.playback.plan import HEAT_OFF, SegmentKind
from unknot.core.playback.session import EndReason, FiredCue, Session, SessionState
from unknot.core.safety.wording import (
    AFTER_STOP,
    ENDED_ADVICE,
    ENDED_HEADING,
    STOPPED_FOR_PAIN_HEADING,
)
from unknot.core.settings import Settings, settings_from_json

log = logging.getLogger("unknot.cue_service")

SETTINGS_FILE = "settings.json"
LONGEST_WAIT_PLAYING = 5.0
"""Seconds: the longest the service sleeps while it plays (a deadline usually comes sooner)."""
LONGEST_WAIT_STANDBY = 2.0
"""While the app plays: how often the service looks whether the checkpoint changed."""
SHORTEST_WAIT = 0.01
FINISH_SPEAKING_WITHIN = 30.0
"""After the end, how long the service waits for its last words before it stops."""


@dataclass(frozen=True)
class NoticeView:
    """What the session's notification shows, computed from the session at one instant."""

    routine: str
    line: str
    """The step, the side, the set and the rep: "Chin tuck · rep 4 of 10"."""
    ends_at: float | None
    """Wall-clock seconds when the step ends (the countdown), None when nothing counts down."""
    paused: bool
    heat_on: bool
    pain_check: bool
    actions: bool
    """The buttons are shown only while the service plays the cues (the app is away)."""


class CueOutput(Protocol):
    def play(self, fired: FiredCue) -> None: ...
    def say(self, text: str, priority: int) -> None: ...
    def hush(self) -> None: ...
    def speaking(self) -> bool: ...
    def settle(self) -> float | None:
        """Lets go of audio focus once the cues are over; seconds until it looks again."""
        ...

    def close(self) -> None: ...


class SessionNotice(Protocol):
    def show(self, view: NoticeView) -> None: ...
    def pain_check(self, routine: str) -> None: ...
    def ended(self, title: str, text: str) -> None: ...
    def close(self) -> None: ...


class Actions(Protocol):
    def wait(self, seconds: float) -> str | None:
        """The next notification action (or wake-up) within ``seconds``; None if none came."""
        ...


class Awake(Protocol):
    def hold(self) -> None: ...
    def release(self) -> None: ...


ACTION_NAMES = {
    "pause": EventKind.PAUSE,
    "resume": EventKind.RESUME,
    "stop_for_pain": EventKind.STOP_FOR_PAIN,
    "end": EventKind.END,
}
"""The notification's actions as the receiver queues them (their intent actions' last part)."""


class CueService:
    """The service's loop: one :meth:`step` per wake-up, :meth:`run` until the session is over."""

    def __init__(
        self,
        folder: Path,
        *,
        clock: MonotonicClock,
        wall: Callable[[], float],
        output: CueOutput,
        notice: SessionNotice,
        actions: Actions,
        awake: Awake,
        boot_id: str | None = None,
    ) -> None:
        self.folder = folder
        self.clock = clock
        self.wall = wall
        self.output = output
        self.notice = notice
        self.actions = actions
        self.awake = awake
        self.boot_id = boot_id
        self.session: Session | None = None
        self.owning = False
        self.log: ServiceLog | None = None
        self.settings = Settings()
        self._handover: int | None = None
        self._checkpoint_seen: int | None = None
        self._queued: list[str] = []
        self._shown: NoticeView | None = None
        self._asked_pain_at: int | None = None
        self._finished = False

    # -- the loop ------------------------------------------------------------------

    def run(self) -> None:
        """Until the session ends, or the app ends it; then the service stops itself."""
        try:
            while True:
                wait = self.step()
                if wait is None:
                    break
                action = self.actions.wait(wait)
                while action is not None:
                    self._queued.append(action)
                    action = self.actions.wait(0.0)
        finally:
            self.close()

    def step(self) -> float | None:
        """One round: follow the marker, apply actions, play what is due. Seconds to sleep,
        or None when the service is done."""
        if self._finished:
            return None
        with locked(self.folder):
            ownership = read_ownership(self.folder)
            if ownership is None or ownership.owner is Owner.ENDED:
                self._finished = True
                return None
            self._follow(ownership)
            session = self.session
            if session is None:
                return LONGEST_WAIT_STANDBY
            queued, self._queued = self._queued, []
            if self.owning:
                self._play_round(session, queued)
            else:
                if queued:
                    log.info("Ignored %s: the app plays the cues now", queued)
                session.update()
        if self._finished:
            return None
        self._show(session)
        return self._next_wake(session)

    def close(self) -> None:
        """The last words finish, then the notification goes and the service stops."""
        waited = 0.0
        while self.output.speaking() and waited < FINISH_SPEAKING_WITHIN:
            self.actions.wait(0.25)
            waited += 0.25
        self.output.close()
        self.awake.release()
        self.notice.close()

    # -- following the app -----------------------------------------------------------

    def _follow(self, ownership: Ownership) -> None:
        """Loads the checkpoint when the app handed over (or changed it while it plays)."""
        owning = ownership.owner is Owner.SERVICE
        fresh = ownership.handover != self._handover or (owning and not self.owning)
        changed = self._checkpoint_changed()
        if fresh or (not owning and changed):
            self._load(ownership, owning)
        elif self.owning and not owning:
            self._let_go()

    def _load(self, ownership: Ownership, owning: bool) -> None:
        if self.owning and not owning:
            self._let_go()
        self._handover = ownership.handover
        self.settings = self._read_settings()
        try:
            saved = read_checkpoint(self.folder / CHECKPOINT_FILE)
            now = ClockStamp(self.clock(), self.wall(), self.boot_id)
            self.session = None if saved is None else saved.restore(self.clock, now)
        except (CheckpointError, OSError) as error:
            log.warning("The session's checkpoint cannot be read (%s); nothing to play", error)
            self.session = None
        if self.session is not None and self.session.state not in (
            SessionState.RUNNING,
            SessionState.PAUSED,
        ):
            self.session = None
        self._asked_pain_at = None
        self.owning = owning and self.session is not None
        if self.owning:
            self.log = ServiceLog(ownership.handover)
            self.awake.hold()
            log.info(
                "Playing the cues from cue %s of segment %s",
                ownership.from_cue,
                ownership.from_index,
            )

    def _let_go(self) -> None:
        """The app took the cues back: what is still queued to be said is dropped."""
        self.owning = False
        self.output.hush()
        self.awake.release()

    def _checkpoint_changed(self) -> bool:
        try:
            stamp = (self.folder / CHECKPOINT_FILE).stat().st_mtime_ns
        except OSError:
            stamp = None
        changed = stamp != self._checkpoint_seen
        self._checkpoint_seen = stamp
        return changed

    def _read_settings(self) -> Settings:
        """The person's cue switches; the app sets a damaged file aside, not the service."""
        try:
            return settings_from_json((self.folder / SETTINGS_FILE).read_bytes())
        except (OSError, ValueError) as error:
            if not isinstance(error, FileNotFoundError):
                log.warning("Settings unreadable (%s); every cue is on", error)
            return Settings()

    # -- playing ---------------------------------------------------------------------------

    def _play_round(self, session: Session, queued: list[str]) -> None:
        self.awake.hold()  # renewed now and then: each hold lasts half an hour at most
        for name in queued:
            kind = ACTION_NAMES.get(name)
            if kind is not None and self._act(session, kind):
                return
        self._update(session, self.clock())

    def _act(self, session: Session, kind: EventKind) -> bool:
        """Applies one notification action; True when it ended the session.

        The session's clock is held at the action's instant, as the app's replay
        holds it (handover.replay): both copies then reach the same state exactly.
        """
        at = self.clock()
        running = session.state is SessionState.RUNNING
        paused = session.state is SessionState.PAUSED
        if (kind is EventKind.PAUSE and not running) or (kind is EventKind.RESUME and not paused):
            return False
        if not (running or paused):
            return False
        self._record(Event(at, kind))
        with pinned(session, at):
            if kind is EventKind.PAUSE:
                session.pause()
                self.output.hush()
                earlier: list[FiredCue] = []
            elif kind is EventKind.RESUME:
                earlier = session.resume()
            else:
                self._end(session, ENDINGS[kind])
                return True
        self._update(session, at, earlier)
        return False

    def _update(self, session: Session, at: float, earlier: list[FiredCue] | None = None) -> None:
        """Brings the session up to ``at``; the cues due are logged first, then played."""
        before = (session.index, session.state)
        fired = [*(earlier or []), *session.update(at)]
        if fired or (session.index, session.state) != before:
            self._record(Event(at, EventKind.UPDATE, tuple(describe(f) for f in fired)))
        for cue in fired:
            self._play(cue)
        segment = session.segment
        waiting = session.state is SessionState.RUNNING and segment.kind is SegmentKind.PAIN_CHECK
        if waiting and self._asked_pain_at != session.index:
            self._asked_pain_at = session.index
            self.notice.pain_check(session.routine.title)

    def _play(self, fired: FiredCue) -> None:
        kind = fired.cue.kind.value
        wanted = {
            "speak": self.settings.speech,
            "vibrate": self.settings.vibration,
        }.get(kind, self.settings.beeps)
        if wanted:
            self.output.play(fired)

    def _end(self, session: Session, reason: EndReason) -> None:
        """An action from the notification ended the session: the safety words, then stop."""
        session.stop(reason)
        for cue in session.heat_off_cues():
            self.output.play(cue)  # a heat pack on: always said, whatever the switches
        if reason is EndReason.STOPPED_FOR_PAIN:
            title, lines = STOPPED_FOR_PAIN_HEADING, list(AFTER_STOP)
            spoken = [f"{title}.", *AFTER_STOP[:2]]
        else:
            title, lines = ENDED_HEADING, [ENDED_ADVICE]
            spoken = [f"{title}.", ENDED_ADVICE]
        if session.ended_with_heat_on:
            lines.insert(0, f"{HEAT_OFF}.")
        if self.settings.speech:
            for text in spoken:
                self.output.say(text, 2)
        self.notice.ended(title, "\n".join(lines))
        self._write_log()
        self._finished = True

    def _record(self, event: Event) -> None:
        if self.log is not None:
            self.log.events.append(event)
            self._write_log()

    def _write_log(self) -> None:
        if self.log is None:
            return
        try:
            write_service_log(self.folder, self.log)
        except OSError as error:
            log.warning("The cue log could not be written (%s)", error)

    # -- the notification and the next wake-up -------------------------------------------------

    def _show(self, session: Session) -> None:
        view = notice_view(session, self.clock(), self.wall(), actions=self.owning)
        if view != self._shown:
            self._shown = view
            self.notice.show(view)

    def _next_wake(self, session: Session) -> float:
        longest = LONGEST_WAIT_PLAYING if self.owning else LONGEST_WAIT_STANDBY
        candidates = [longest]
        due = next_due(session, self.clock())
        if due is not None:
            candidates.append(due)
        settle = self.output.settle()
        if settle is not None:
            candidates.append(settle)
        return max(SHORTEST_WAIT, min(candidates))


def describe(fired: FiredCue) -> str:
    """A cue in the log's words: "speak: Rep 4. Hold.", "tick"."""
    cue = fired.cue
    text = f": {cue.text}" if cue.text else ""
    return f"{cue.kind.value}{text} @{fired.segment_index}/{cue.offset:g}"


def next_due(session: Session, now: float) -> float | None:
    """Seconds until something can happen on its own: a cue, a segment's end, the heat's end."""
    if session.state not in (SessionState.RUNNING, SessionState.PAUSED):
        return None
    times: list[float] = []
    heat = session.heat_remaining(now)
    if heat is not None:
        times.append(heat)
    if session.state is SessionState.RUNNING:
        snapshot = session.snapshot(now)
        later = [cue.offset - snapshot.elapsed for cue in snapshot.segment.cues]
        times.extend(t for t in later if t > 0)
        if snapshot.remaining is not None:
            times.append(snapshot.remaining)
    return min(times) if times else None


def notice_view(session: Session, now: float, wall_now: float, *, actions: bool) -> NoticeView:
    snapshot = session.snapshot(now)
    segment = snapshot.segment
    step_title = session.routine.steps[segment.step_index].title
    words = [segment.title] if segment.title != step_title else []
    words.append(step_title)
    words += [
        label for label in (segment.side_label, segment.set_label, segment.rep_label) if label
    ]
    paused = snapshot.state is SessionState.PAUSED
    counting = snapshot.remaining is not None and not paused
    ends_at = wall_now + snapshot.remaining if counting and snapshot.remaining else None
    return NoticeView(
        routine=session.routine.title,
        line=" · ".join(words),
        ends_at=None if ends_at is None else float(round(ends_at)),
        paused=paused,
        heat_on=session.heat_on,
        pain_check=segment.kind is SegmentKind.PAIN_CHECK,
        actions=actions,
    )


# -- on the phone ----------------------------------------------------------------------------


def service_argument() -> dict[str, Any]:
    """What the app passed to ``ServiceCues.start`` (PYTHON_SERVICE_ARGUMENT): JSON."""
    try:
        value = json.loads(os.environ.get("PYTHON_SERVICE_ARGUMENT") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def main() -> None:
    """python-for-android's entry point for the service."""
    import time

    from unknot.core.clock.monotonic import device_clock
    from unknot.core.playback.checkpoint import read_boot_id
    from unknot.services.android.service_parts import android_parts

    logging.basicConfig(level=logging.INFO)
    argument = service_argument()
    folder = Path(str(argument.get("data_dir") or os.environ.get("ANDROID_PRIVATE", ".")))
    parts = android_parts()
    CueService(
        folder,
        clock=device_clock(),
        wall=time.time,
        output=parts.output,
        notice=parts.notice,
        actions=parts.actions,
        awake=parts.awake,
        boot_id=read_boot_id(),
    ).run()


if __name__ == "__main__":
    main()
