"""The pain gate ("stop if pain worsens") of the project's clinical guide, as pure functions.

The guide (``docs/clinical.md``, "The pain gate") has zones with no overlaps: every
pair of (starting pain, pain now) falls in exactly one of them.

    stop      pain 2 or more above the baseline, or pain 6 or more,
              or sharp/electric pain on touching the scalp, or any red flag
    ease off  pain 4 or 5, and at most 1 above the baseline
    continue  pain 3 or less, and at most 1 above the baseline

A 1-point rise is within the scale's noise, so it never stops on its own. A
restful routine (heat and rest, offered at high pain) stops only on a rise of 2
or more, sharp pain or a red flag, and otherwise continues: resting is already
the right thing to do at 6 or more, and there is nothing to ease.

A test walks the whole 0-10 x 0-10 grid against the guide's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from unknot.core.routines.model import Routine

HIGH_BASELINE = 6
"""From this baseline on, no exercise or pressure: only restful routines are offered."""
EASED_START_BASELINE = 4
"""From this baseline up to :data:`HIGH_BASELINE` - 1, a session starts eased (rule 1)."""
STOP_RISE = 2
"""A rise this big above the baseline stops any routine: about 2 points is a real change."""
STOP_PAIN = 6
EASE_PAIN = 4


class Zone(Enum):
    CONTINUE = "continue"
    EASE = "ease"
    STOP = "stop"


def check_rating(rating: int) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
        raise ValueError(f"a pain rating is a whole number from 0 to 10, not {rating!r}")
    return rating


def assess(
    baseline: int,
    current: int,
    *,
    sharp_on_touch: bool = False,
    red_flag: bool = False,
    restful: bool = False,
) -> Zone:
    """Decides what a pain check means for the rest of the session (rules 3-5).

    ``restful`` is True for a restful routine: then only a rise of 2 or more, sharp
    pain or a red flag stops it, and every other answer continues.
    """
    check_rating(baseline)
    check_rating(current)
    rise = current - baseline
    if red_flag or sharp_on_touch or rise >= STOP_RISE:
        return Zone.STOP
    if restful:
        return Zone.CONTINUE
    if current >= STOP_PAIN:
        return Zone.STOP
    if current >= EASE_PAIN:
        return Zone.EASE
    return Zone.CONTINUE


class StartAdvice(Enum):
    GO = "go"
    EASED = "eased"
    """Baseline 4 or 5: the session starts with rule 4's ease-off changes from the first step."""
    RESTFUL_ONLY = "restful_only"
    URGENT_CARE = "urgent_care"


EASED_START = (
    "With pain at {baseline} out of 10, this session starts eased: lighter pressure, "
    "fewer reps, and a pain check after every step."
)


@dataclass(frozen=True)
class StartCheck:
    advice: StartAdvice
    message: str


def before_start(
    baseline: int, routine: Routine, *, red_flag: bool, numb_skin: bool = False
) -> StartCheck:
    """What the answers before a session allow: rule 1 of the pain gate.

    ``numb_skin`` is the first-run answer about numb or tingling skin: the restful
    offer then leaves the heat out, and says so.
    """
    check_rating(baseline)
    if red_flag:
        return StartCheck(
            StartAdvice.URGENT_CARE,
            "These signs need a doctor's attention today. Don't start a routine.",
        )
    if routine.restful:
        return StartCheck(StartAdvice.GO, "")  # resting is right at any pain; nothing to ease
    if baseline >= HIGH_BASELINE:
        return StartCheck(
            StartAdvice.RESTFUL_ONLY,
            f"With pain at {baseline} out of 10, skip exercise and pressure today. "
            + (
                "Only rest and slow breathing are offered, without the heat: heat is never "
                "used on numb or tingling skin."
                if numb_skin
                else "Only a restful routine, such as heat and rest, is offered."
            ),
        )
    if baseline >= EASED_START_BASELINE:
        return StartCheck(StartAdvice.EASED, EASED_START.format(baseline=baseline))
    return StartCheck(StartAdvice.GO, "")


def why_stopped(baseline: int, rating: int, *, sharp_on_touch: bool = False) -> str:
    """Why the pain rule stopped a routine, in words that never say "worse" unless it rose."""
    check_rating(baseline)
    check_rating(rating)
    if sharp_on_touch:
        return (
            "The routine was stopped because you had sharp or electric pain when touching "
            "your head."
        )
    if rating - baseline >= STOP_RISE:
        return f"The routine was stopped because your pain went up from {baseline} to {rating}."
    return (
        f"The routine was stopped because your pain is {rating} out of 10 ({baseline} when "
        "you started): at 6 or more, exercise and pressure stop."
    )


WITHOUT_HEAT = " (without heat)"
_SENTENCE = re.compile(r"[^.!?]+[.!?]*\s*")


def _no_heat_words(text: str | None) -> str | None:
    """``text`` without its sentences about the heat pack (taking it off, say)."""
    if text is None:
        return None
    kept = [s for s in _SENTENCE.findall(text) if "heat" not in s.lower()]
    return "".join(kept).strip() or None


def without_heat(routine: Routine) -> Routine | None:
    """The routine with its heat steps left out, for numb or tingling skin; None if all heat.

    Heat is never used on numb skin (it can burn unfelt). A step after a heat step
    often says "take the heat pack off": with no pack on, such sentences are left
    out too, so the cue and the spoken words stay true.
    """
    if not routine.has_heat:
        return routine
    kept = []
    for step in routine.steps:
        if step.heat:
            continue
        prompts = tuple(p for p in step.prompts if "heat" not in p.text.lower())
        kept.append(
            replace(
                step,
                cue=_no_heat_words(step.cue),
                say=_no_heat_words(step.say),
                prompts=prompts,
            )
        )
    if not kept:
        return None
    return replace(
        routine,
        title=routine.title + WITHOUT_HEAT,
        steps=tuple(kept),
        tags=tuple(tag for tag in routine.tags if tag != "heat"),
    )
