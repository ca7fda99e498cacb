"""Which picture the player shows at a moment of a segment, and when that next changes.

A pure rule of the segment and the time into it, so the player's picture comes
from the session's own clock like its countdown: a late wake shows the right
frame, and the controller can wake exactly when the frame turns (the next
change joins ``Session.next_change``), never polling for it.

What shows when:

- the step's picture from its get-ready to its last rest, mirrored for a side
  the picture does not draw (``pictures.mirrored``); none during a pain check or
  while the heat pack comes off, which are about something else;
- one picture: always that one;
- frames, in a step of held repetitions: the first during the rest between
  repetitions, the second during the hold (``pictures.frame_index``);
- frames otherwise: in turn every ``FRAME_SECONDS`` while the step is being done
  (its timed part, or its repetitions tapped off); the first, still, while
  getting ready or resting between sets, where movement would invite moving.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from unknot.core.playback.plan import Segment, SegmentKind
from unknot.core.playback.session import Session, SessionState
from unknot.core.routines.model import Step
from unknot.core.routines.pictures import FRAME_SECONDS, frame_index, mirrored

WITHOUT_PICTURE = frozenset({SegmentKind.PAIN_CHECK, SegmentKind.HEAT_OFF})
DOING = frozenset({SegmentKind.WORK, SegmentKind.TAP})
"""The segments in which the step is being done: frames that take turns move here."""


@dataclass(frozen=True)
class ShownPicture:
    """The picture on screen: its file, whether it is flipped, which frame of how many."""

    path: Path
    mirrored: bool
    frame: int
    frames: int


def _held(step: Step) -> bool:
    return step.reps is not None and step.hold is not None


def _holding(step: Step, segment: Segment) -> bool | None:
    """For a held step's hold or its rest between reps: which; ``None`` for anything else."""
    if not _held(step):
        return None
    if segment.kind is SegmentKind.WORK:
        return True
    if segment.kind is SegmentKind.REST and segment.rep is not None:
        return False
    return None


def _turning(step: Step, segment: Segment) -> bool:
    """Whether the frames take turns with time in this segment."""
    frames = len(step.image_paths)
    if frames <= 1 or segment.kind not in DOING:
        return False
    return not (_holding(step, segment) is not None and frames == 2)


def shown_picture(step: Step | None, segment: Segment, elapsed: float) -> ShownPicture | None:
    """The picture for ``segment`` of ``step``, ``elapsed`` seconds into the segment.

    ``None`` when there is none to show: the step has no picture, or the segment
    is a pain check or the heat pack coming off.
    """
    if step is None or not step.image_paths or segment.kind in WITHOUT_PICTURE:
        return None
    frames = len(step.image_paths)
    holding = _holding(step, segment)
    if holding is not None and frames == 2:
        frame = frame_index(frames, elapsed, holding=holding)
    elif _turning(step, segment):
        frame = frame_index(frames, elapsed)
    else:
        frame = 0
    return ShownPicture(
        path=step.image_paths[frame],
        mirrored=mirrored(step, segment.side),
        frame=frame,
        frames=frames,
    )


def next_frame_change(step: Step | None, segment: Segment, elapsed: float) -> float | None:
    """Seconds into ``segment`` when its picture next changes by itself, or ``None``.

    Only frames that take turns change within a segment; a turn that would come
    at or after the segment's end is not one (the segment's end is a change of
    its own, which the session already wakes for).
    """
    if step is None or segment.kind in WITHOUT_PICTURE or not _turning(step, segment):
        return None
    turn = (math.floor(max(elapsed, 0.0) / FRAME_SECONDS) + 1) * FRAME_SECONDS
    if segment.duration is not None and turn >= segment.duration:
        return None
    return turn


def picture_now(session: Session, now: float | None = None) -> ShownPicture | None:
    """The picture a session shows at ``now`` (its clock's now when not given)."""
    snapshot = session.snapshot(now)
    segment = snapshot.segment
    return shown_picture(session.routine.steps[segment.step_index], segment, snapshot.elapsed)


def next_picture_change(session: Session, now: float | None = None) -> float | None:
    """When, on the session's clock, its picture next turns to another frame; or ``None``.

    Only while running: paused, the segment's time stands still, and so does the
    picture (a heat pack's clock goes on, but it turns no frames).
    """
    if session.state is not SessionState.RUNNING:
        return None
    at = session.clock() if now is None else now
    snapshot = session.snapshot(at)
    segment = snapshot.segment
    step = session.routine.steps[segment.step_index]
    turn = next_frame_change(step, segment, snapshot.elapsed)
    return None if turn is None else at + (turn - snapshot.elapsed)
