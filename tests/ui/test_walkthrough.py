"""The walkthrough script gets through every main flow by taps, and pictures each screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui


def test_the_walkthrough_reaches_every_screen_at_phone_size(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "walkthrough.py"),
            "--shape",
            "phone",
            "--scale",
            "1.0",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    names = sorted(path.name for path in tmp_path.glob("*.png"))
    assert len(names) == 24, names
    assert names[0] == "01-first-run-phone-100.png"
    assert names[-1] == "24-settings-phone-100.png"
    assert "20-step-editor-seated-phone-100.png" in names
    assert all(path.stat().st_size > 10_000 for path in tmp_path.glob("*.png"))
