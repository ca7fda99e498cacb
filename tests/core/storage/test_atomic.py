"""write_atomic: the new content replaces the old in one step, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from unknot.core.storage.atomic import write_atomic


def test_replaces_the_content_of_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "routine.yaml"
    path.write_text("old\n")

    write_atomic(path, "new\n")

    assert path.read_text() == "new\n"


def test_creates_a_missing_file_from_bytes(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"

    write_atomic(path, b"\x00\x01\xff")

    assert path.read_bytes() == b"\x00\x01\xff"


def test_text_is_written_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"

    write_atomic(path, "Nackenschmerz – sanft")

    assert path.read_bytes() == "Nackenschmerz – sanft".encode()


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"speech": false}')

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, '{"speech": true}')

    assert path.read_text() == '{"speech": false}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_an_interrupt_while_writing_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    path.write_text("old")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new")

    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("old")
    path.chmod(0o644)

    write_atomic(path, "new")

    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_new_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "history.json"

    write_atomic(path, "[]")

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
