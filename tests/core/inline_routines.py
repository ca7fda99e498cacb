"""Routines written inline in tests, as an author would write their steps."""

from __future__ import annotations

from unknot.core.playback.plan import SegmentKind
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.model import Routine

GR = SegmentKind.GET_READY
WORK = SegmentKind.WORK
REST = SegmentKind.REST
TAP = SegmentKind.TAP
CHECK = SegmentKind.PAIN_CHECK


def routine(steps: str, *, routine_id: str = "inline") -> Routine:
    """A routine from the YAML text of its steps (indented as list items under ``steps:``)."""
    return parse_routine_text(f"id: {routine_id}\ntitle: Inline\nsteps:\n{steps}")
