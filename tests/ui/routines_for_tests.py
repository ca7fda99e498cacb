"""Small routines for UI tests, written out as a person would write them."""

from __future__ import annotations

from pathlib import Path

SHORT = """\
title: Short test routine
id: short
steps:
  - title: Hold still
    duration: 20s
    cue: Breathe slowly.
  - title: Press gently
    duration: 10s
    pressure: true
  - title: Chin tuck
    reps: 3
    hold: 5s
"""

TAPS = """\
title: Tap test routine
id: taps
steps:
  - title: Shoulder rolls
    reps: 2-4
    cue: Roll your shoulders slowly.
"""


def write_routines(folder: Path) -> Path:
    (folder / "short.yaml").write_text(SHORT, encoding="utf-8")
    (folder / "taps.yaml").write_text(TAPS, encoding="utf-8")
    return folder
