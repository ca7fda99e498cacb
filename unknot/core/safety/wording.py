"""The fixed safety wording: red flags, what to do after a stop, the pain bands.

Its meaning comes from docs/clinical.md ("Red flags", "Same-day medical review")
and must stay exact; only the wording may be made clearer. It lives in the core
so every screen, the README and the history summary say the same thing.
"""

from __future__ import annotations

URGENT_TITLE = "Stop and get urgent care"
URGENT_INTRO = (
    "Stop now and get urgent medical care (call your local emergency number) if you have:"
)

CALL_FOR_HELP = "Call for help"
CALL_OPENS_DIALER = "Opens your phone's dialer with the number filled in. It never calls by itself."
CALL_THIS_NUMBER = "Call this number from any phone:"

NORTH_AMERICA = frozenset({"US", "CA", "MX", "PR", "VI", "GU", "AS", "MP"})
"""Countries and territories whose emergency number is 911 (the guide's "North America")."""
UNITED_KINGDOM = frozenset({"GB", "IM", "JE", "GG"})
"""The UK and the Crown Dependencies, whose emergency number is 999."""
FALLBACK_EMERGENCY_NUMBER = "112"
"""Elsewhere, and when the region is unknown: GSM phones route 112 everywhere."""


def emergency_number(country: str | None) -> str:
    """The emergency number for a region (an ISO 3166 code such as "GB"), as the guide lists them.

    911 in North America, 999 in the UK, 000 in Australia, 112 elsewhere and as
    the fallback. Anything that is not a known code (None, "", "xx-") gives 112.
    """
    code = (country or "").strip().upper()
    if code in NORTH_AMERICA:
        return "911"
    if code in UNITED_KINGDOM:
        return "999"
    if code == "AU":
        return "000"
    return FALLBACK_EMERGENCY_NUMBER


RED_FLAGS: tuple[str, ...] = (
    'A sudden severe headache that peaks within about a minute ("thunderclap").',
    "Signs of a stroke, even if they pass: loss of balance, loss of vision or double vision, "
    "face droop, arm or leg weakness or numbness, slurred speech.",
    "New or unusual for you: dizziness or vertigo, trouble speaking or swallowing, sudden "
    "falls, jerky eye movements, nausea or vomiting, numbness of the face or limbs.",
    "Pupils of different sizes, a pupil that does not react to light, or a drooping eyelid, "
    "with new neck or head pain.",
    "A headache with fever and a stiff neck.",
    "Confusion, a seizure or fainting.",
)

SAME_DAY_TITLE = "See a clinician the same day for"
SAME_DAY: tuple[str, ...] = (
    "A headache after a head or neck injury.",
    "A new headache after the age of 50.",
    "A changed or steadily worsening headache pattern.",
    "A headache brought on by coughing, straining or exertion, or that changes when you "
    "lie down or stand up.",
    "A new or different headache if you have had cancer or have a weak immune system.",
    "A new or different headache in pregnancy or in the weeks after giving birth.",
    "A painful red eye.",
    "New neck pain unlike your usual.",
)

RED_FLAG_QUESTION = "Do you have any of these right now?"

AFTER_STOP: tuple[str, ...] = (
    "Lie down quietly and rest.",
    "If the pain is not settling within 30 minutes, contact a clinician.",
    "If you notice any of the warning signs (the button at the bottom), get urgent care.",
)

STOPPED_FOR_PAIN_HEADING = "You stopped the routine for pain"
ENDED_HEADING = "You ended the session"
ENDED_ADVICE = "Stopping is always fine. Rest a moment before you get up."
"""What the person reads after ending a session themselves (no pain reason given)."""

EASE_OFF = "Ease off: use lighter pressure and do fewer reps. The next check comes sooner."

PAIN_BANDS: tuple[tuple[range, str], ...] = (
    (range(0, 1), "no pain"),
    (range(1, 4), "mild"),
    (range(4, 6), "moderate"),
    (range(6, 8), "severe"),
    (range(8, 11), "very severe"),
)


def pain_band(rating: int) -> str:
    """Plain words for a 0-10 rating, shown under the number buttons."""
    for band, words in PAIN_BANDS:
        if rating in band:
            return words
    raise ValueError(f"a pain rating is 0 to 10, not {rating}")


NOT_A_TREATMENT = (
    "Unknot guides gentle self-care. It does not diagnose, treat or cure any condition. "
    "Stop if pain gets worse."
)
