"""The flare-day version of a routine (docs/clinical.md, rule 7): for a day whose first
pain rating is 2 or more above the last session day's.

It is not rule 4's in-session ease-off (lighter pressure, fewer reps, a check after
every step, from a pain check of 4 or 5 or a baseline of 4 or 5), which the plan
does itself; the two are kept apart in code and in words.

The guide says "shorter holds, no pressure steps". The rule, step by step:

- **Pressure steps go** (``pressure: true``: fingertip holds, the towel roll).
- **Holds are shorter**: a counted step's ``hold`` becomes 70 % of it, to the
  nearest whole second (halves up), never under 3 s; a hold already 3 s or less
  stays as it is. 70 % is the same factor as the reps below, one number to reason about.
- **Fewer reps**: exactly as a session does after an "ease off" check
  (:func:`unknot.core.playback.plan.build_plan` with ``eased_from_step``): the low end of the
  range times :data:`~unknot.core.playback.plan.EASED_REPS_FACTOR`, rounded up, at least 1.
- **A pain check after every step** (and after every set of a step with several),
  again as an eased-off session plans it.
- Timed steps keep their length. They are heat, rests and stretches, whose length
  the author chose for a reason (heat has its own limits; a shorter rest is no
  easier); the holds the guide speaks of are the held repetitions and the pressure
  holds, and those are covered above.

The result keeps the routine's id, so the history groups eased sessions with the
routine they came from, and its title ends in "(eased)". It is a variant for one
session, never saved. When what is left is shorter than a minute (Base-of-skull
release is pressure steps and one 20 s rest), there is nothing worth a session:
:func:`eased_routine` returns ``None`` and :func:`nothing_to_ease` says why and
points to the restful routine.
"""

from __future__ import annotations

import math
from dataclasses import replace

from unknot.core.playback.plan import EASED_REPS_FACTOR
from unknot.core.routines.model import CountRange, PainCheck, Routine, Step, StepKind

EASED_HOLD_FACTOR = 0.7
MIN_EASED_HOLD = 3.0
"""Seconds: a shorter hold is hardly a hold, and gives the person no time to settle."""
MIN_EASED_SECONDS = 60.0
"""An eased version shorter than this is not offered: it would be a session in name only."""
EASED_SUFFIX = " (eased)"


def eased_hold(hold: float) -> float:
    """70 % of a hold, whole seconds, at least 3 s; a hold of 3 s or less stays."""
    if hold <= MIN_EASED_HOLD:
        return hold
    return max(MIN_EASED_HOLD, float(math.floor(hold * EASED_HOLD_FACTOR + 0.5)))


def eased_reps(reps: CountRange) -> CountRange:
    """The session's own ease-off count (plan.py): 10 becomes 7, 8-12 becomes 6."""
    fewer = max(1, math.ceil(reps.low * EASED_REPS_FACTOR))
    return CountRange(fewer, fewer)


def eased_check(step: Step) -> PainCheck:
    """A check after the step at least, and after each set when there are several."""
    check = step.pain_check_when
    if check is PainCheck.NONE:
        check = PainCheck.AFTER_STEP
    if check is PainCheck.AFTER_STEP and step.sets > 1:
        check = PainCheck.AFTER_EACH_SET
    return check


def eased_step(step: Step) -> Step:
    """One step with a shorter hold, fewer reps and its checks; pressure steps are not eased."""
    if step.kind is StepKind.TIMED:
        return replace(step, pain_check=eased_check(step))
    assert step.reps is not None
    return replace(
        step,
        reps=eased_reps(step.reps),
        hold=None if step.hold is None else eased_hold(step.hold),
        pain_check=eased_check(step),
    )


def eased_routine(routine: Routine) -> Routine | None:
    """The eased variant of ``routine``, or ``None`` when under a minute would be left."""
    kept: list[Step] = []
    position: str | None = None
    for index, step in enumerate(routine.steps):
        if step.pressure:
            continue
        in_force = routine.position_at(index)
        eased = eased_step(step)
        if step.position is None and in_force != position:
            # The position was written on a pressure step that is gone: carry it over,
            # so the get-ready countdown still says how to lie or sit.
            eased = replace(eased, position=in_force)
        position = in_force
        kept.append(eased)
    if not kept:
        return None
    variant = replace(
        routine,
        title=routine.title + EASED_SUFFIX,
        steps=tuple(kept),
        tags=tuple(tag for tag in routine.tags if tag != "pressure"),
    )
    if variant.seconds_range()[0] < MIN_EASED_SECONDS:
        return None
    return variant


def nothing_to_ease(routine: Routine) -> str:
    """What to say when :func:`eased_routine` has nothing to offer."""
    return (
        f"Most of {routine.title} presses on the head or neck, so there is no eased "
        "version of it. A restful routine, such as heat and quiet rest, is gentler today."
    )
