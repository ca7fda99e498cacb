"""The person's data folder is made on the first start, however bare the home folder is."""

from __future__ import annotations

from pathlib import Path

import pytest

from unknot.ui.app import UnknotApp

pytestmark = pytest.mark.ui


def test_a_home_without_a_config_folder_gets_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "new-account"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    unknot = UnknotApp()
    folder = unknot.data_dir
    assert folder == home / ".config" / "unknot"
    assert folder.is_dir()
