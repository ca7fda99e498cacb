"""Every character the app puts on screen has a glyph in the font that draws it.

The history once said "pain 2 → 4" with an empty box for the arrow: Kivy's bundled
Roboto has no arrows. The texts checked are the ones that reach the screen: the kv
files' literals, the fixed wording, the built-in routines, and the history's lines.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import kivy
import pytest
from fontTools.ttLib import TTFont

from tests.core.history_records import BERLIN, berlin, session
from unknot.core.history.export import describe_session
from unknot.core.playback.session import EndReason
from unknot.core.safety import screening, wording

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]
FONTS = Path(kivy.__file__).parent / "data" / "fonts"
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def covered() -> set[int]:
    characters: set[int] = set()
    for name in ("Roboto-Regular.ttf", "Roboto-Bold.ttf"):
        with TTFont(str(FONTS / name)) as font:
            cmap = font.getBestCmap()
            characters |= set(cmap) if not characters else characters & set(cmap)
    return characters


def shown_texts() -> list[str]:
    texts: list[str] = []
    for kv in (ROOT / "unknot" / "ui").rglob("*.kv"):
        for line in kv.read_text(encoding="utf-8").splitlines():
            if "text:" in line or "hint" in line:
                texts += STRING.findall(line)
    for module in (wording, screening):
        for value in vars(module).values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, (tuple, list)):
                texts += [v for v in value if isinstance(v, str)]
    for routine in (ROOT / "routines").glob("*.yaml"):
        texts.append(routine.read_text(encoding="utf-8"))
    ended = session(berlin(2026, 3, 4), ratings=(2, 4), end=EndReason.STOPPED_FOR_PAIN)
    texts.append(describe_session(ended, BERLIN))
    texts.append(describe_session(session(datetime(2026, 3, 4, tzinfo=timezone.utc)), BERLIN))
    return texts


def test_every_character_on_screen_has_a_glyph() -> None:
    font = covered()
    missing = {
        f"{char} (U+{ord(char):04X})"
        for text in shown_texts()
        for char in text
        if ord(char) >= 32 and ord(char) not in font
    }
    assert missing == set()


def test_the_check_sees_a_missing_glyph() -> None:
    assert ord("→") not in covered()
