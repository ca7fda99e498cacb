"""Keeps a running session safe from a kill, and hands its cues over when the app goes away.

While a session plays, its checkpoint (``session.json``) is written at every
segment change, pause and resume, and on ``on_pause``: Android may kill the
app in the background without another word, and the next start then offers
to continue (flows/resume.py). It is removed when the session ends.

The carrier (unknot/services/carrier.py) is started with the session, while
the app is visible; on ``on_pause`` the session is handed over to it (on
Android, the cue service then plays the cues with the screen locked) and the
app's own cues are muted (the gate); on ``on_resume`` the app takes them back,
replays on its session what the service did (its log: updates, and the
notification's Pause, Resume, "Stop: pain is worse", End) before anything
plays, and a tap on the service's notification opens the player or the pain
check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kivy.clock import Clock

from unknot.core.clock.monotonic import MonotonicClock
from unknot.core.playback.checkpoint import (
    CHECKPOINT_FILE,
    ClockStamp,
    SavedSession,
    read_boot_id,
    remove_checkpoint,
    save_session,
    write_checkpoint,
)
from unknot.core.playback.handover import replay
from unknot.core.playback.plan import SegmentKind
from unknot.core.playback.session import Session, SessionState, Snapshot
from unknot.services.carrier import SessionCarrier
from unknot.services.cue_gate import CueGate
from unknot.ui.history_recorder import HistoryRecorder
from unknot.ui.session_controller import SessionController

log = logging.getLogger("unknot.session")

ACTIVE = (SessionState.RUNNING, SessionState.PAUSED)


class SessionKeeper:
    def __init__(
        self,
        controller: SessionController,
        recorder: HistoryRecorder,
        carrier: SessionCarrier,
        gate: CueGate,
        folder: Path,
        *,
        clock: MonotonicClock,
        wall_clock: Callable[[], datetime],
        show: Callable[[str], None] = lambda _screen: None,
        boot_id: Callable[[], str | None] = read_boot_id,
    ) -> None:
        self.controller = controller
        self.recorder = recorder
        self.carrier = carrier
        self.gate = gate
        self.folder = folder
        self.clock = clock
        self.wall_clock = wall_clock
        self.show = show
        """Shows "player" or "pain": a tap on the cue service's notification asked for it."""
        self.boot_id = boot_id
        self._session: Session | None = None
        self._written: tuple[int, SessionState] | None = None
        controller.bind(snapshot=self._on_snapshot, on_end=self._on_end)

    @property
    def path(self) -> Path:
        return self.folder / CHECKPOINT_FILE

    def stamp(self) -> ClockStamp:
        return ClockStamp(self.clock(), self.wall_clock().timestamp(), self.boot_id())

    def saved(self, session: Session) -> SavedSession:
        return save_session(session, self.stamp(), history_id=self.recorder.session_id)

    # -- while the session plays -----------------------------------------------------------

    def _on_snapshot(self, _controller: Any, snapshot: Snapshot | None) -> None:
        session = self.controller.session
        if session is None or snapshot is None or session.state not in ACTIVE:
            return
        if session is not self._session:
            self._session = session
            self._written = (snapshot.index, snapshot.state)
            self.carrier.start(self.saved(session))
            # Next frame: the history's row is made right after the session starts.
            Clock.schedule_once(lambda _dt: self.write(), 0)
            return
        if (snapshot.index, snapshot.state) != self._written:
            self._written = (snapshot.index, snapshot.state)
            self.write()

    def write(self) -> None:
        """Saves where the session stands; a failure is logged, the session goes on."""
        session = self._session
        if session is None or session.state not in ACTIVE:
            return
        try:
            write_checkpoint(self.path, self.saved(session))
        except OSError as error:
            log.warning("The session's place could not be saved (%s)", error)

    def _on_end(self, _controller: Any, _session: Session) -> None:
        self._session = None
        self._written = None
        try:
            remove_checkpoint(self.path)
        except OSError as error:
            log.warning("The ended session's checkpoint could not be removed (%s)", error)
        self.carrier.end()
        self.gate.open = True

    # -- the app leaves the screen, and comes back -------------------------------------------

    def to_background(self) -> None:
        """``on_pause``: the checkpoint, and the cues to the carrier if there is one."""
        session = self.controller.session
        if session is None or session.state not in ACTIVE:
            return
        self._session = session
        if self.carrier.hand_over(self.saved(session)):
            self.gate.open = False
        else:
            self.write()

    def to_foreground(self) -> None:
        """``on_resume``: takes the cues back, first applying what the carrier did."""
        taken = self.carrier.take_back()
        session = self.controller.session
        try:
            if taken is not None and taken.log is not None and session is not None:
                replay(session, taken.log.events, stop=self.controller.stop)
        finally:
            self.gate.open = True
        if taken is not None and taken.opened is not None:
            self._open(taken.opened)

    def _open(self, _screen: str) -> None:
        session = self.controller.session
        if session is None or session.state not in ACTIVE:
            return
        # The notification's screen, unless the session moved on: a pain check shows itself.
        at_pain_check = session.segment.kind is SegmentKind.PAIN_CHECK
        self.show("pain" if at_pain_check else "player")
