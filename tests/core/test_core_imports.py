"""The core never imports Kivy, plyer or jnius: the same core serves every front end."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import unknot.core

ROOT = Path(__file__).resolve().parents[2]


def core_modules() -> list[str]:
    return [
        module.name for module in pkgutil.walk_packages(unknot.core.__path__, prefix="unknot.core.")
    ]


def test_there_are_core_modules_to_check() -> None:
    assert "unknot.core.routines.loader" in core_modules()


def test_importing_the_whole_core_loads_no_kivy_plyer_or_jnius() -> None:
    imports = "; ".join(f"import {name}" for name in ["unknot.cli", *core_modules()])
    check = (
        f"{imports}; import sys; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'kivy', 'plyer', 'jnius'}); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_check_itself_sees_kivy_when_it_is_imported(tmp_path: Path) -> None:
    """Guards the test above: the same probe must notice a Kivy import."""
    check = (
        "import kivy.metrics, sys; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'kivy'))[:20])"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1", "KIVY_HOME": str(tmp_path)},
    )
    assert result.stdout.strip().startswith("kivy")
