"""The "stop if pain worsens" rule of shared/guide/CLINICAL.md, as one pure function.

The guide's rule 3 (continue: at most 1 above baseline and 3 or less) and rule 5
(stop: 2 or more above baseline, 1 or more when the baseline was 4 or less, or
6 or more) overlap for a rise of 1 from a low baseline. Rule 5 says "whatever
the routine", and this work is meant to be pain-free, so stop wins:

    stop      pain >= 6, or pain >= baseline + 2, or (baseline <= 4 and pain >= baseline + 1),
              or sharp/electric pain on touching the scalp, or any red flag
    ease off  otherwise, pain 4 or 5
    continue  otherwise (pain 3 or less, and no rise that stops)

A test walks the whole 0-10 x 0-10 grid against this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from unknot.core.routines.model import Routine

HIGH_BASELINE = 7
"""From this baseline on, no exercise or pressure: only restful routines are offered."""


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
) -> Zone:
    """Decides what a pain check means for the rest of the session."""
    check_rating(baseline)
    check_rating(current)
    rise = current - baseline
    if red_flag or sharp_on_touch or current >= 6 or rise >= 2 or (baseline <= 4 and rise >= 1):
        return Zone.STOP
    if current >= 4:
        return Zone.EASE
    return Zone.CONTINUE


class StartAdvice(Enum):
    GO = "go"
    RESTFUL_ONLY = "restful_only"
    URGENT_CARE = "urgent_care"


@dataclass(frozen=True)
class StartCheck:
    advice: StartAdvice
    message: str


def before_start(baseline: int, routine: Routine, *, red_flag: bool) -> StartCheck:
    """What the answers before a session allow: rule 1 of the pain gate."""
    check_rating(baseline)
    if red_flag:
        return StartCheck(
            StartAdvice.URGENT_CARE,
            "These signs need a doctor's attention today. Don't start a routine.",
        )
    if baseline >= HIGH_BASELINE and not routine.restful:
        return StartCheck(
            StartAdvice.RESTFUL_ONLY,
            f"With pain at {baseline} out of 10, skip exercise and pressure today. "
            "A restful routine, such as heat and quiet rest, is gentler.",
        )
    return StartCheck(StartAdvice.GO, "")
