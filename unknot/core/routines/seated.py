"""A routine in its seated form: each step that offers a seated version done that way.

Lying down makes some people dizzy (docs/clinical.md, "Seated versions"), and
some cannot get down to a mat. A step offers its seated version with a
``seated:`` mapping (docs/routines.md); the seated form is the same routine
with those versions in place, so the player, the routine's screen and the
history need nothing new: it is a routine like any other, with the same id.

The safety answers make the seated form the default for a person who said
lying down or turning the head makes them dizzy
(:func:`unknot.core.safety.screening.for_this_person`); a routine's screen can
offer anyone the choice with :func:`has_seated` and :func:`seated_form`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unknot.core.routines.model import Routine, Step


def has_seated(routine: Routine) -> bool:
    """Whether any step of the routine offers a seated version (a "Lying / Seated" choice)."""
    return any(step.seated is not None for step in routine.steps)


def seated_form(routine: Routine) -> Routine:
    """The routine with each step's seated version in place of the step.

    A step without a seated version is kept as it is, with the position it had
    in force written on it: otherwise a step that says no position of its own
    would take the seated position of the step before it, and a step done lying
    would seem to be done sitting. The routine without seated versions is
    returned as it is.
    """
    if not has_seated(routine):
        return routine
    steps = tuple(
        _seated_step(step) if step.seated is not None else _pinned(step, routine.position_at(i))
        for i, step in enumerate(routine.steps)
    )
    return dataclasses.replace(routine, steps=steps)


def _seated_step(step: Step) -> Step:
    seated = step.seated
    assert seated is not None
    return dataclasses.replace(
        step,
        title=seated.title or step.title,
        position=seated.position,
        cue=seated.cue,
        say=seated.say,
        images=seated.images,
        image_paths=seated.image_paths,
        side_drawn=seated.side_drawn or (step.side_drawn if seated.images else None),
        prompts=step.prompts if seated.prompts is None else seated.prompts,
        seated=None,
    )


def _pinned(step: Step, position: str | None) -> Step:
    if step.position is not None or position is None:
        return step
    return dataclasses.replace(step, position=position)


def lying_without_seated(routine: Routine) -> tuple[int, ...]:
    """The steps done lying down that have no seated version (indexes in the routine)."""
    return tuple(
        index
        for index, step in enumerate(routine.steps)
        if step.seated is None and routine.lying_down(index)
    )
