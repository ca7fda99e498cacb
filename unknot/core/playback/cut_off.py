"""A session the app did not get to end (Android killed it, or it crashed), found at the next start.

The checkpoint says where it stood and on which clock; the cue service's log,
if the service carried it meanwhile, says what happened after. From both, and
the deadlines, comes where the session stands now: the time that passed
counts, as it does in the background (steps are real time on a body), heat
contact time included. A heat step whose time ran out is over and is not
offered again; if the pack was on when the app last knew, the person is told
to take it off in case it still is. The session is then held (paused) until
the person chooses: continue, or end.
"""

from __future__ import annotations

from dataclasses import dataclass

from unknot.core.clock.monotonic import MonotonicClock
from unknot.core.playback.checkpoint import ClockStamp, SavedSession
from unknot.core.playback.handover import ServiceLog, pinned, replay
from unknot.core.playback.plan import HEAT_OFF, SegmentKind
from unknot.core.playback.session import EndReason, Session, SessionState

HEAT_RAN_OUT = f"{HEAT_OFF} if it is still on: its time ran out while Unknot was closed."


@dataclass(frozen=True)
class CutOff:
    session: Session
    """Where the session stands now, held (paused) for the person's answer; or, when the
    cue service ended it, where it stood just before (``ended_by``, ``ended_at``)."""
    saved: SavedSession
    heat_ran_out: bool = False
    ended_by: EndReason | None = None
    """The cue service's notification ended it (the person tapped End or "Stop: pain is worse")."""
    ended_at: float | None = None

    @property
    def can_continue(self) -> bool:
        return self.ended_by is None and self.session.state in (
            SessionState.RUNNING,
            SessionState.PAUSED,
        )

    @property
    def question(self) -> str:
        """ "Continue Chin tucks, level 1: rep 4 of 10?" """
        return f"Continue {self.session.routine.title}: {where(self.session)}?"

    @property
    def note(self) -> str:
        """What the person should know before choosing: the heat pack's time still running."""
        remaining = self.session.heat_remaining()
        if remaining is None:
            return ""
        minutes = max(1, round(remaining / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return f"A heat pack is on: about {minutes} {unit} of its time are left."

    @property
    def heat_off(self) -> str:
        return HEAT_RAN_OUT if self.heat_ran_out else ""


def where(session: Session) -> str:
    """Where in the routine the session stands, in a few words: "Chin tuck, rep 4 of 10"."""
    segment = session.segment
    if segment.kind is SegmentKind.PAIN_CHECK:
        return "the pain check"
    step = session.routine.steps[segment.step_index].title.rstrip(".")
    labels = [
        label for label in (segment.side_label, segment.set_label, segment.rep_label) if label
    ]
    if not labels:
        return step
    if len(session.routine.steps) == 1:
        return ", ".join(labels)
    return ", ".join([step, *labels])


def recover(
    saved: SavedSession,
    clock: MonotonicClock,
    now: ClockStamp,
    service_log: ServiceLog | None = None,
) -> CutOff:
    """The cut-off session, brought to ``now``; raises CheckpointError for a damaged one.

    Cues that fell due while nobody played them are dropped: it is too late for them.
    """
    session = saved.restore(clock, now)
    ended: list[tuple[EndReason, float]] = []
    if service_log is not None:
        replay(
            session,
            service_log.events,
            stop=lambda reason: ended.append((reason, session.clock())),
        )
    if ended:
        reason, at = ended[0]
        return CutOff(session, saved, ended_by=reason, ended_at=at)
    heat_on = session.heat_on
    with pinned(session, now.monotonic):
        session.update(now.monotonic)
        ran_out = heat_on and not session.heat_on
        if session.state is SessionState.RUNNING:
            session.pause()
        session.update(now.monotonic)
    return CutOff(session, saved, heat_ran_out=ran_out)
