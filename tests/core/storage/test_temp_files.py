"""What killed saves left is cleaned at start: Unknot's own temporary files, stale, nothing else."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from unknot.core.storage.temp_files import STALE_SECONDS, is_temp_name, remove_stale_temp_files

LONG_AGO = time.time() - STALE_SECONDS - 30


def left(path: Path, *, modified: float = LONG_AGO, content: str = "half a save") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    os.utime(path, (modified, modified))
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_stale_temporary_files_go_from_the_data_folder_and_its_subfolders(data: Path) -> None:
    stale = [
        left(data / ".settings.json.k2j_x9ab.tmp"),
        left(data / "routines" / ".chin-tucks-mine.yaml.a1b2c3d4.tmp"),
        left(data / "routines" / "images" / ".neck.png.zz99yy88.tmp"),
        left(data / "routines" / ".trash" / ".old.yaml.qwertyui.tmp"),
        left(data / "exports" / ".history.csv.12345678.tmp"),
    ]

    removed = remove_stale_temp_files(data, into=("routines", "exports"))

    assert sorted(removed) == sorted(stale)
    assert not any(path.exists() for path in stale)


def test_a_save_in_progress_is_left_alone(data: Path) -> None:
    fresh = left(data / ".reminders.json.abcdefgh.tmp", modified=time.time() - 5)

    assert remove_stale_temp_files(data) == []
    assert fresh.exists()


def test_the_age_is_measured_against_the_clock_given(data: Path) -> None:
    now = time.time()
    path = left(data / ".reminders.json.abcdefgh.tmp", modified=now)

    assert remove_stale_temp_files(data, now=lambda: now + STALE_SECONDS - 1) == []
    assert remove_stale_temp_files(data, now=lambda: now + STALE_SECONDS + 1) == [path]


@pytest.mark.parametrize(
    "name",
    [
        "settings.json",  # the data itself
        "settings.json.damaged-20260301-101010",  # a damaged file kept for the person
        "unknot.lock",
        "history.sqlite3-wal",
        ".settings.json.tmp",  # no random part
        "settings.json.abcdefgh.tmp",  # not hidden
        ".settings.json.abcdefgh.temp",
        ".settings.json.ABCDEFGH.tmp",  # mkstemp uses lower case only
        ".settings.json.backup1.tmp",  # not mkstemp's eight characters
        "notes.tmp",
    ],
)
def test_nothing_but_the_pattern_is_touched(data: Path, name: str) -> None:
    path = left(data / name)

    assert remove_stale_temp_files(data) == []
    assert path.read_text() == "half a save"


def test_the_pattern_is_the_one_write_atomic_leaves() -> None:
    assert is_temp_name(".chin-tucks-1-mine.yaml.t6_vq0lz.tmp")
    assert is_temp_name(".a.b.c.yaml.abcdefgh.tmp")
    assert not is_temp_name(".abcdefgh.tmp")


def test_only_the_named_subfolders_are_searched(data: Path) -> None:
    """On Android the data folder also holds the unpacked app (``files/app``)."""
    elsewhere = left(data / "app" / "lib" / ".module.py.abcdefgh.tmp")
    named = left(data / "routines" / ".x.yaml.abcdefgh.tmp")

    assert remove_stale_temp_files(data, into=("routines",)) == [named]
    assert elsewhere.exists()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_folder_or_a_link_with_such_a_name_is_left(data: Path, tmp_path: Path) -> None:
    folder = data / ".x.yaml.abcdefgh.tmp"
    folder.mkdir()
    target = left(tmp_path / "precious.txt", content="keep me")
    link = data / ".y.yaml.abcdefgh.tmp"
    link.symlink_to(target)
    os.utime(link, (LONG_AGO, LONG_AGO), follow_symlinks=False)
    outside = tmp_path / "outside"
    stale_outside = left(outside / ".z.yaml.abcdefgh.tmp")
    (data / "routines").symlink_to(outside, target_is_directory=True)

    assert remove_stale_temp_files(data, into=("routines",)) == []
    assert folder.is_dir()
    assert link.is_symlink()
    assert target.read_text() == "keep me"
    assert stale_outside.exists(), "a link to a folder elsewhere was followed"


def test_missing_subfolders_are_no_error(data: Path) -> None:
    assert remove_stale_temp_files(data / "not-yet", into=("routines", "exports")) == []


def test_a_file_that_cannot_be_removed_is_left_and_the_rest_still_go(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck = left(data / ".a.json.abcdefgh.tmp")
    other = left(data / ".b.json.abcdefgh.tmp")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)

    assert remove_stale_temp_files(data) == [other]
    assert stuck.exists()
