"""A routine saved under a new file survives a power cut, and a cut short replacement settles.

The library writes the new file and makes it durable (fsync, rename, folder
fsync) before it removes the old one, so a power cut leaves both files, never
neither. Of two files with one id, the next load uses the newer and sets the
older aside as ``NAME.old-STAMP``, telling the person.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from tests.core.storage.os_calls import OsCalls, record_os_calls
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.leftovers import OLD_MARK
from unknot.core.routines.library import RoutineLibrary
from unknot.core.routines.loader import routine_files
from unknot.core.storage.notices import Notices

needs_folder_fsync = pytest.mark.skipif(
    not hasattr(os, "O_DIRECTORY"), reason="folders are fsynced on POSIX only"
)

IMPORTED = """\
title: Evening stretch, from the physio
id: evening-stretch
steps:
  - title: Neck turns
    duration: 30s
"""
KEPT_UNDER_ANOTHER_NAME = """\
title: Evening stretch, my old version
id: evening-stretch
steps:
  - title: Rest
    duration: 1m
"""


def routine_text(title: str, routine_id: str) -> str:
    return f"title: {title}\nid: {routine_id}\nsteps:\n  - title: Rest\n    duration: 1m\n"


def write(path: Path, text: str, *, age: float = 0.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if age:
        moment = time.time() - age
        os.utime(path, (moment, moment))
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def user_dir(data: Path) -> Path:
    return data / "routines"


@pytest.fixture
def notices() -> Notices:
    return Notices()


@pytest.fixture
def library(user_dir: Path, notices: Notices) -> RoutineLibrary:
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir, notices=notices)
    library.load()
    return library


# -- the order of the calls -----------------------------------------------------------------


def assert_written_durably_before_removed(recorded: OsCalls, new: Path, old: Path) -> None:
    synced = recorded.fsync_of_file(new.stat().st_ino)
    renamed = recorded.replace_onto(new)
    folder_synced = recorded.fsync_of_folder(new.parent, start=renamed + 1)
    removed = recorded.index(lambda c: c.name == "unlink" and c.path == old)
    assert synced < renamed < folder_synced < removed, recorded.calls
    recorded.fsync_of_folder(old.parent, start=removed + 1)


@needs_folder_fsync
def test_a_changed_id_is_on_the_disk_under_the_new_name_before_the_old_file_goes(
    library: RoutineLibrary, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routine = library.new_routine("Stretch")
    old = library.save(routine)
    recorded = record_os_calls(monkeypatch)

    new = library.save(dataclasses.replace(routine, id="neck-stretch"), replacing="stretch")

    assert not old.exists()
    assert_written_durably_before_removed(recorded, new, old)


@needs_folder_fsync
def test_an_import_over_a_routine_kept_under_another_name_writes_before_it_removes(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = write(user_dir / "my-evening.yaml", KEPT_UNDER_ANOTHER_NAME)
    library.load()
    source = write(tmp_path / "downloads" / "evening.yaml", IMPORTED)
    recorded = record_os_calls(monkeypatch)

    result = library.import_file(source, overwrite=True)

    assert result.path == user_dir / "evening-stretch.yaml"
    assert not old.exists()
    assert_written_durably_before_removed(recorded, result.path, old)


@needs_folder_fsync
def test_the_first_save_makes_the_routines_folder_durable_in_the_data_folder(
    library: RoutineLibrary, data: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not user_dir.exists()
    recorded = record_os_calls(monkeypatch)

    path = library.save(library.new_routine("Stretch"))

    made = recorded.index(lambda c: c.name == "mkdir" and c.path == user_dir)
    parent_synced = recorded.fsync_of_folder(data, start=made + 1)
    assert parent_synced < recorded.replace_onto(path)


# -- a replacement cut short ----------------------------------------------------------------


class PowerCut(BaseException):
    """The process stops here, as it does when the power goes."""


def cut_before_removal(monkeypatch: pytest.MonkeyPatch) -> None:
    def power_cut(path: Path) -> bool:
        raise PowerCut

    monkeypatch.setattr("unknot.core.routines.library.remove_durably", power_cut)


def test_an_import_cut_short_leaves_both_files_and_the_next_load_uses_the_new_one(
    library: RoutineLibrary,
    user_dir: Path,
    tmp_path: Path,
    notices: Notices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = write(user_dir / "my-evening.yaml", KEPT_UNDER_ANOTHER_NAME, age=60)
    library.load()
    source = write(tmp_path / "downloads" / "evening.yaml", IMPORTED)
    cut_before_removal(monkeypatch)
    with pytest.raises(PowerCut):
        library.import_file(source, overwrite=True)
    monkeypatch.undo()
    new = user_dir / "evening-stretch.yaml"
    assert new.read_text() == IMPORTED
    assert old.exists(), "both are left: the old one goes only after the new one is safe"

    restarted = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir, notices=notices)
    report = restarted.load()

    assert report.ok, report.failures
    assert [(r.id, r.title) for r in report.mine] == [
        ("evening-stretch", "Evening stretch, from the physio")
    ]
    assert routine_files(user_dir) == [new]
    (aside,) = user_dir.glob(f"my-evening.yaml{OLD_MARK}*")
    assert aside.read_text() == KEPT_UNDER_ANOTHER_NAME, "the older file is kept, byte for byte"
    (notice,) = notices.pending
    assert "'Evening stretch, from the physio' was in two files" in notice.text
    assert "evening-stretch.yaml" in notice.text
    assert aside.name in notice.text


def test_a_rename_cut_short_keeps_both_routines_and_loses_nothing(
    library: RoutineLibrary, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ids differ, so both load: the person sees the old and the renamed routine."""
    routine = library.new_routine("Stretch")
    library.save(routine)
    cut_before_removal(monkeypatch)
    with pytest.raises(PowerCut):
        library.save(dataclasses.replace(routine, id="neck-stretch"), replacing="stretch")
    monkeypatch.undo()

    report = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir).load()

    assert report.ok
    assert sorted(r.id for r in report.mine) == ["neck-stretch", "stretch"]


@pytest.mark.parametrize("newer", ["a-first.yaml", "z-last.yaml"])
def test_of_two_files_with_one_id_the_newer_is_used_whatever_its_name(
    user_dir: Path, notices: Notices, newer: str
) -> None:
    older = "z-last.yaml" if newer == "a-first.yaml" else "a-first.yaml"
    write(user_dir / older, routine_text("Old", "neck"), age=120)
    write(user_dir / newer, routine_text("New", "neck"), age=10)

    report = RoutineLibrary([], user_dir, assets_dir=None, notices=notices).load()

    assert report.ok
    assert [(r.title, r.source) for r in report.mine] == [("New", user_dir / newer)]
    assert not (user_dir / older).exists()
    assert len(list(user_dir.glob(f"{older}{OLD_MARK}*"))) == 1
    assert len(notices.pending) == 1


def test_on_equal_times_the_file_named_after_the_id_is_used(user_dir: Path) -> None:
    named = write(user_dir / "neck.yaml", routine_text("Named", "neck"))
    other = write(user_dir / "another.yaml", routine_text("Other", "neck"))
    moment = time.time() - 30
    for path in (named, other):
        os.utime(path, (moment, moment))

    report = RoutineLibrary([], user_dir, assets_dir=None).load()

    assert [r.title for r in report.mine] == ["Named"]
    assert not other.exists()


def test_three_files_with_one_id_keep_the_newest_and_set_two_aside(user_dir: Path) -> None:
    for age, name in ((300, "one.yaml"), (200, "two.yaml"), (100, "three.yaml")):
        write(user_dir / name, routine_text(name, "neck"), age=age)

    report = RoutineLibrary([], user_dir, assets_dir=None).load()

    assert [r.title for r in report.mine] == ["three.yaml"]
    assert sorted(p.name.split(OLD_MARK)[0] for p in user_dir.glob(f"*{OLD_MARK}*")) == [
        "one.yaml",
        "two.yaml",
    ]


def test_a_set_aside_file_is_not_read_again_nor_told_twice(
    user_dir: Path, notices: Notices
) -> None:
    write(user_dir / "old.yaml", routine_text("Old", "neck"), age=120)
    write(user_dir / "neck.yaml", routine_text("New", "neck"))
    library = RoutineLibrary([], user_dir, assets_dir=None, notices=notices)
    library.load()
    notices.dismiss(notices.pending[0].key)

    report = library.load()

    assert report.ok
    assert [r.title for r in report.mine] == ["New"]
    assert notices.pending == ()
    assert len(list(user_dir.glob(f"old.yaml{OLD_MARK}*"))) == 1


def test_an_older_file_that_cannot_be_moved_aside_is_listed_as_the_loader_would(
    user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = write(user_dir / "old.yaml", routine_text("Old", "neck"), age=120)
    write(user_dir / "neck.yaml", routine_text("New", "neck"))

    def refused(source: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied", str(source))

    monkeypatch.setattr("unknot.core.routines.leftovers.rename_durably", refused)

    report = RoutineLibrary([], user_dir, assets_dir=None).load()

    assert [r.title for r in report.mine] == ["New"]
    (failure,) = report.failures
    (problem,) = failure.problems
    assert problem.file == str(old)
    assert "also used by the newer file neck.yaml" in problem.message
    assert "Permission denied" in problem.message
    assert old.exists()


def test_a_built_in_folder_with_two_files_of_one_id_is_still_refused_as_before(
    tmp_path: Path,
) -> None:
    """Only the person's folder settles itself; the built-ins are the app's and read-only."""
    builtin = tmp_path / "builtin"
    write(builtin / "a.yaml", routine_text("A", "same"), age=100)
    write(builtin / "b.yaml", routine_text("B", "same"))

    report = RoutineLibrary([builtin], tmp_path / "mine", assets_dir=None).load()

    assert [r.title for r in report.builtin] == ["A"]
    assert len(report.failures) == 1
    assert (builtin / "a.yaml").exists() and (builtin / "b.yaml").exists()
