"""tools/start.sh installs once: with nothing changed, a start runs no pip and reaches no network.

Before, every start ran ``pip install --upgrade pip`` and ``pip install -e .``: about
5 of the 7 seconds to the first screen. The check runs the real setup.sh against a
stand-in interpreter that records what it is asked to do.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = """#!/usr/bin/env bash
case "$*" in
  *sys.prefix*) echo "{venv}" ;;
  *find_spec*) exit 0 ;;
  *version_info*) exit 0 ;;
  *) echo "$*" >> "{venv}/calls" ;;
esac
"""


def prepare(venv: Path) -> list[str]:
    """Runs setup.sh's install step in an "active virtual environment"; returns pip's calls."""
    script = f'source "{ROOT}/tools/setup.sh"; ensure_python; ensure_unknot_installed ""'
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    subprocess.run(["bash", "-c", script], env=env, check=True, capture_output=True)
    calls = venv / "calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_a_second_start_with_nothing_changed_runs_no_pip(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON.format(venv=venv))
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    first = prepare(venv)
    assert any("pip install" in call and "-e" in call for call in first)
    assert prepare(venv) == first  # nothing more was asked of pip
