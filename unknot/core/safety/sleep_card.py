"""The "Sleep and screens" card: four habits for the hours outside a routine.

The neck spends far longer on a pillow and in front of a screen than in any
routine, so the card offers four plain habits (docs/clinical.md, "Sleep and
screens"), each with its picture. The words live here, in the core, so that
they are tested for what they say (and for what they must never say: that
anything treats or cures) apart from the screen that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "Sleep and screens"
INTRO = (
    "Your neck spends many hours on a pillow and in front of a screen. "
    "These habits may help it rest easier."
)

DESK_BREAK_ID = "desk-break"
"""The built-in routine the desk tip offers (routines/desk-break.yaml)."""
OPEN_DESK_BREAK = "Open the desk break"


@dataclass(frozen=True)
class Tip:
    """One habit: its picture (a bundled picture's file name) and one short sentence."""

    picture: str
    text: str
    avoid: bool = False
    """The picture shows what not to do (it carries a calm red cross, and no words)."""
    routine_id: str | None = None
    """A built-in routine the tip offers to open, or None."""


TIPS: tuple[Tip, ...] = (
    Tip(
        "sleep-side-pillow.png",
        "Sleep on a pillow that keeps your neck level with your body: "
        "not propped up, not dropping down.",
    ),
    Tip(
        "sleep-face-down-turned.png",
        "Try not to sleep face-down with your head turned to one side: "
        "it keeps the neck twisted for hours.",
        avoid=True,
    ),
    Tip(
        "screen-eye-level.png",
        "Raise your screen to eye level, so you look straight ahead rather than down.",
    ),
    Tip(
        "desk-break-clock.png",
        "At a desk, take a short break every 30 to 45 minutes. "
        "The desk break routine takes about 6 minutes.",
        routine_id=DESK_BREAK_ID,
    ),
)
"""The card's tips, in the order the guide lists them."""
