"""A routine unrolled into the segments the player walks through, each with its cues.

Unrolling once, up front, keeps the session simple (an index into a list and a
start time) and makes every question the screens ask ("what comes next?", "how
much is left?") a lookup rather than a calculation spread across the UI.

Order, for each step: a get-ready countdown when the body position changes (and
before the first step); then for each side (a short switch countdown between
sides), each set; within a set each repetition (a hold, then the pause between
repetitions) or, for a timed step, its duration; a rest between sets; pain
checks where the step's ``pain_check_when`` asks. A final pain check closes
every routine.

A heat step's segments from its first timed part to its last are marked
``heat``: that is when the pack is on, and the session runs the heat contact time
from there on its own clock. A "take the heat pack off now" segment closes the
heat, before any pain check of the step (a check never comes while the pack is on).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import Enum

from unknot.core.routines.model import CountRange, PainCheck, Routine, Step

GET_READY_SECONDS = 5.0
SIDE_SWITCH_SECONDS = 3.0
COUNTDOWN_BEEPS = 3
"""Beeps in the last seconds of a timed segment (and always of a get-ready countdown)..."""
MIN_BEEPED_SEGMENT = 6.0
"""...that lasts at least this long; a 5-second hold with three beeps would be all beeps."""
EASED_REPS_FACTOR = 0.7
"""'Fewer reps' after an ease-off check: 10 becomes 7, never fewer than 1."""
HEAT_OFF_SECONDS = 15.0
"""Time on screen for taking the heat pack off, before the routine goes on."""
HEAT_OFF = "Take the heat pack off now"


class SegmentKind(Enum):
    GET_READY = "get_ready"
    WORK = "work"
    REST = "rest"
    TAP = "tap"
    PAIN_CHECK = "pain_check"
    HEAT_OFF = "heat_off"


class CueKind(Enum):
    SPEAK = "speak"
    TICK = "tick"
    STEP = "step"
    VIBRATE = "vibrate"
    ALERT = "alert"
    FINISH = "finish"


class PainCheckReason(Enum):
    AFTER_SET = "after_set"
    AFTER_STEP = "after_step"
    FINAL = "final"


@dataclass(frozen=True)
class Cue:
    """Something to play ``offset`` seconds into a segment."""

    kind: CueKind
    offset: float
    text: str = ""
    priority: int = 0


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    step_index: int
    title: str
    duration: float | None
    """Seconds, or ``None`` for a segment that waits for the person (taps, pain checks)."""
    side: str | None = None
    set_number: int = 1
    set_count: int = 1
    rep: int | None = None
    rep_count: CountRange | None = None
    cue_text: str | None = None
    cues: tuple[Cue, ...] = ()
    pain_reason: PainCheckReason | None = None
    starts_step: bool = False
    eased: bool = False
    heat: bool = False
    """The heat pack is on during this segment (a heat step's timed part and its rests)."""

    @property
    def timed(self) -> bool:
        return self.duration is not None

    @property
    def rep_label(self) -> str:
        """ "rep 3 of 10", or for self-paced reps the target, "8-12 reps"."""
        if self.rep is not None and self.rep_count is not None:
            return f"rep {self.rep} of {self.rep_count}"
        if self.kind is SegmentKind.TAP and self.rep_count is not None:
            return f"{self.rep_count} reps"
        return ""

    @property
    def set_label(self) -> str:
        return f"set {self.set_number} of {self.set_count}" if self.set_count > 1 else ""

    @property
    def side_label(self) -> str:
        return f"{self.side} side" if self.side else ""


@dataclass(frozen=True)
class Plan:
    routine: Routine
    segments: tuple[Segment, ...]
    step_starts: tuple[int, ...] = field(default=())
    """The index of each step's first segment (its get-ready, when it has one)."""

    def step_start(self, step_index: int) -> int:
        return self.step_starts[step_index]

    def timed_seconds(self, start: int = 0) -> float:
        return sum(s.duration or 0.0 for s in self.segments[start:])


def build_plan(routine: Routine, *, eased_from_step: int | None = None) -> Plan:
    """Unrolls ``routine``; steps from ``eased_from_step`` on get fewer reps and more checks."""
    segments: list[Segment] = []
    step_starts: list[int] = []
    position: str | None = None
    for index, step in enumerate(routine.steps):
        step_starts.append(len(segments))
        eased = eased_from_step is not None and index >= eased_from_step
        new_position = routine.position_at(index)
        if index == 0 or (new_position and new_position != position):
            segments.append(_get_ready(index, step, new_position))
        position = new_position
        segments.extend(_step_segments(index, step, eased))
    _close_with_final_check(segments, len(routine.steps) - 1)
    starts = set(step_starts)
    marked = tuple(
        replace(segment, starts_step=True) if i in starts else segment
        for i, segment in enumerate(segments)
    )
    return Plan(routine, marked, tuple(step_starts))


def _get_ready(index: int, step: Step, position: str | None) -> Segment:
    shown = f"{position[:1].upper()}{position[1:]}" if position else None
    where = f" {shown}." if shown else ""
    spoken = f"Get ready.{where} Next: {step.title.rstrip('.')}."
    ticks = tuple(Cue(CueKind.TICK, GET_READY_SECONDS - n) for n in range(COUNTDOWN_BEEPS, 0, -1))
    return Segment(
        kind=SegmentKind.GET_READY,
        step_index=index,
        title="Get ready",
        duration=GET_READY_SECONDS,
        cue_text=shown,
        cues=(Cue(CueKind.SPEAK, 0.0, spoken, priority=1), *ticks),
    )


def _step_segments(index: int, step: Step, eased: bool) -> list[Segment]:
    segments: list[Segment] = []
    sides: list[str | None] = list(step.sides) or [None]
    reps = _planned_reps(step, eased)
    check = step.pain_check_when
    if eased and check is PainCheck.NONE:
        check = PainCheck.AFTER_STEP
    if eased and check is PainCheck.AFTER_STEP and step.sets > 1:
        check = PainCheck.AFTER_EACH_SET
    if step.heat and check is PainCheck.AFTER_EACH_SET:
        check = PainCheck.AFTER_STEP  # never ask while the pack is on: after it is off
    for side_number, side in enumerate(sides):
        if side_number > 0:
            segments.append(_switch_sides(index, side))
        for set_number in range(1, step.sets + 1):
            first = side_number == 0 and set_number == 1
            segments.extend(_set_segments(index, step, side, set_number, reps, first, eased))
            last_set = set_number == step.sets
            if check is PainCheck.AFTER_EACH_SET:
                reason = PainCheckReason.AFTER_SET
                segments.append(_pain_check(index, reason, side, set_number, step.sets))
            if not last_set and step.rest:
                segments.append(_rest_between_sets(index, step, side, set_number))
    if step.heat:
        segments = _mark_heat(segments)
        segments.append(_heat_off(index, step))
    if check is PainCheck.AFTER_STEP:
        reason = PainCheckReason.AFTER_STEP
        segments.append(_pain_check(index, reason, None, step.sets, step.sets))
    return segments


def _mark_heat(segments: list[Segment]) -> list[Segment]:
    """Marks from the first timed part to the last: the pack stays on between sets and sides."""
    work = [i for i, s in enumerate(segments) if s.kind is SegmentKind.WORK]
    if not work:
        return segments
    first, last = work[0], work[-1]
    return [replace(s, heat=True) if first <= i <= last else s for i, s in enumerate(segments)]


def _heat_off(index: int, step: Step) -> Segment:
    """Said with an alert and a buzz, and never dropped as stale: the pack may still be on."""
    return Segment(
        kind=SegmentKind.HEAT_OFF,
        step_index=index,
        title=HEAT_OFF,
        duration=HEAT_OFF_SECONDS,
        cue_text="Lift the pack away from your neck and put it down somewhere safe.",
        cues=(
            Cue(CueKind.ALERT, 0.0),
            Cue(CueKind.VIBRATE, 0.0),
            Cue(CueKind.SPEAK, 0.0, f"{HEAT_OFF}.", priority=3),
        ),
    )


def _planned_reps(step: Step, eased: bool) -> CountRange | None:
    if step.reps is None:
        return None
    if not eased:
        return step.reps
    fewer = max(1, math.ceil(step.reps.low * EASED_REPS_FACTOR))
    return CountRange(fewer, fewer)


def _set_segments(
    index: int,
    step: Step,
    side: str | None,
    set_number: int,
    reps: CountRange | None,
    first: bool,
    eased: bool,
) -> list[Segment]:
    base = Segment(
        kind=SegmentKind.WORK,
        step_index=index,
        title=step.title,
        duration=None,
        side=side,
        set_number=set_number,
        set_count=step.sets,
        rep_count=reps,
        cue_text=step.cue,
        eased=eased,
    )
    intro = _intro_cues(step, side, set_number, first)
    if step.duration is not None:
        prompts = tuple(Cue(CueKind.SPEAK, p.at, p.text, priority=2) for p in step.prompts)
        cues = (*intro, *prompts, *_ticks(step.duration))
        return [replace(base, duration=step.duration, cues=cues)]
    assert reps is not None
    if step.hold is None:
        how = Cue(CueKind.SPEAK, 0.0, f"Tap after each rep, {reps} in all.", priority=1)
        return [replace(base, kind=SegmentKind.TAP, cues=(*intro, how) if first else intro)]
    segments = []
    for rep in range(1, reps.high + 1):
        spoken = intro if rep == 1 else (Cue(CueKind.SPEAK, 0.0, f"Rep {rep}. Hold.", priority=1),)
        segments.append(
            replace(base, duration=step.hold, rep=rep, cues=(*spoken, *_ticks(step.hold)))
        )
        if rep < reps.high and step.rest_between_reps:
            relax = Cue(CueKind.SPEAK, 0.0, "Relax.", priority=1)
            segments.append(
                replace(
                    base,
                    kind=SegmentKind.REST,
                    title="Relax",
                    duration=step.rest_between_reps,
                    rep=rep,
                    cue_text="Let go and breathe.",
                    cues=(relax, *_ticks(step.rest_between_reps)),
                )
            )
    return segments


def _intro_cues(step: Step, side: str | None, set_number: int, first: bool) -> tuple[Cue, ...]:
    """The cues that open a set: the step's sound, a buzz and words, fullest at the step's start."""
    words = []
    if first:
        words.append(step.spoken)
    if side:
        words.append(f"{side.capitalize()} side.")
    if step.sets > 1 and (set_number > 1 or first):
        words.append(f"Set {set_number} of {step.sets}.")
    if step.reps is not None and step.hold is not None:
        words.append("Rep 1. Hold.")
    cues = [Cue(CueKind.SPEAK, 0.0, " ".join(words), priority=1)] if words else []
    if first:
        cues = [Cue(CueKind.STEP, 0.0), Cue(CueKind.VIBRATE, 0.0), *cues]
    return tuple(cues)


def _switch_sides(index: int, side: str | None) -> Segment:
    name = side or "other"
    return Segment(
        kind=SegmentKind.GET_READY,
        step_index=index,
        title=f"Switch to the {name} side",
        duration=SIDE_SWITCH_SECONDS,
        side=side,
        cues=(Cue(CueKind.SPEAK, 0.0, f"Switch to the {name} side.", priority=1),),
    )


def _rest_between_sets(index: int, step: Step, side: str | None, set_number: int) -> Segment:
    assert step.rest is not None
    return Segment(
        kind=SegmentKind.REST,
        step_index=index,
        title="Rest",
        duration=step.rest,
        side=side,
        set_number=set_number,
        set_count=step.sets,
        cue_text=f"Next: set {set_number + 1} of {step.sets}.",
        cues=(Cue(CueKind.SPEAK, 0.0, "Rest.", priority=1), *_ticks(step.rest)),
    )


def _pain_check(
    index: int,
    reason: PainCheckReason,
    side: str | None = None,
    set_number: int = 1,
    set_count: int = 1,
) -> Segment:
    question = "How is your pain now, from 0 to 10?"
    if reason is PainCheckReason.FINAL:
        question = f"Last check. {question}"
    return Segment(
        kind=SegmentKind.PAIN_CHECK,
        step_index=index,
        title="How is your pain now?",
        duration=None,
        side=side,
        set_number=set_number,
        set_count=set_count,
        pain_reason=reason,
        cues=(Cue(CueKind.ALERT, 0.0), Cue(CueKind.SPEAK, 0.0, question, priority=3)),
    )


def _close_with_final_check(segments: list[Segment], last_step: int) -> None:
    """Every routine ends with a pain check; one already at the very end becomes it."""
    final = _pain_check(last_step, PainCheckReason.FINAL)
    if segments and segments[-1].kind is SegmentKind.PAIN_CHECK:
        segments[-1] = final
    else:
        segments.append(final)


def _ticks(duration: float) -> tuple[Cue, ...]:
    if duration < MIN_BEEPED_SEGMENT:
        return ()
    return tuple(Cue(CueKind.TICK, duration - n) for n in range(COUNTDOWN_BEEPS, 0, -1))
