"""Colours and sizes in one place, so every screen keeps the dark theme's contrast.

Text colours were chosen for a contrast ratio of at least 7:1 on the background
(WCAG AAA for body text): people use Unknot with a headache, often in a dim room.
"""

from __future__ import annotations

BACKGROUND = (0.07, 0.08, 0.10, 1)
SURFACE = (0.13, 0.15, 0.18, 1)
SURFACE_RAISED = (0.19, 0.22, 0.26, 1)
TEXT = (0.93, 0.94, 0.95, 1)
TEXT_MUTED = (0.72, 0.75, 0.79, 1)
ACCENT = (0.45, 0.78, 0.74, 1)
BANNER = (0.10, 0.24, 0.24, 1)
"""The reminder banner: a calm teal that sets it apart from the screen and its buttons."""
WARNING = (1.00, 0.74, 0.45, 1)
WARNING_DARK = (0.55, 0.33, 0.05, 1)
DANGER = (0.93, 0.36, 0.36, 1)
DANGER_DARK = (0.62, 0.13, 0.15, 1)
"""The stop button's fill: white text on it keeps a contrast above 7:1."""

PAIN_COLOURS = {
    "no pain": (0.20, 0.42, 0.36, 1),
    "mild": (0.22, 0.38, 0.30, 1),
    "moderate": (0.50, 0.36, 0.10, 1),
    "severe": (0.55, 0.16, 0.16, 1),
    "very severe": (0.45, 0.10, 0.12, 1),
}
"""Pain-scale button fills, dark enough for white numbers; colour is never the only cue."""

TOUCH_TARGET_DP = 48
"""Android's minimum touch target; every button is at least this tall."""
