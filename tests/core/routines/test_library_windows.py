"""Two windows on one routines folder: an edit never silently writes over the other's.

Each "window" is a library of its own on the same folder, as a second app
process has; the files are all they share.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from unknot.core.routines.library import LibraryError, RoutineChangedElsewhere, RoutineLibrary
from unknot.core.routines.model import Routine, Step

HAND_WRITTEN = """\
# From my physio.
title: Evening stretch
id: evening-stretch
steps:
  - title: Neck turns
    duration: 30s
"""


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "evening-stretch.yaml").write_text(HAND_WRITTEN)
    return folder


def window(user_dir: Path) -> RoutineLibrary:
    library = RoutineLibrary([], user_dir, assets_dir=None)
    library.load()
    return library


def retitled(library: RoutineLibrary, title: str) -> Routine:
    return dataclasses.replace(library.get("evening-stretch"), title=title)


def test_an_edit_over_a_routine_changed_in_another_window_is_refused(user_dir: Path) -> None:
    here, there = window(user_dir), window(user_dir)
    there.save(retitled(there, "Evening stretch, longer"))
    theirs = (user_dir / "evening-stretch.yaml").read_bytes()

    with pytest.raises(RoutineChangedElsewhere) as refused:
        here.save(retitled(here, "Evening stretch, mine"))

    assert str(refused.value) == (
        "this routine was changed in another window since you opened it: "
        "save yours as a copy, or reload it"
    )
    assert isinstance(refused.value, LibraryError)
    assert refused.value.routine_id == "evening-stretch" and not refused.value.gone
    assert (user_dir / "evening-stretch.yaml").read_bytes() == theirs


def test_after_a_reload_the_edit_is_saved(user_dir: Path) -> None:
    here, there = window(user_dir), window(user_dir)
    there.save(retitled(there, "Evening stretch, longer"))
    with pytest.raises(RoutineChangedElsewhere):
        here.save(retitled(here, "Mine"))

    here.load()
    here.save(retitled(here, "Mine"))

    assert window(user_dir).get("evening-stretch").title == "Mine"


def test_the_refused_edit_can_be_saved_as_a_copy(user_dir: Path) -> None:
    here, there = window(user_dir), window(user_dir)
    there.save(retitled(there, "Evening stretch, longer"))
    mine = retitled(here, "Mine")
    with pytest.raises(RoutineChangedElsewhere):
        here.save(mine)

    copy = here.copy_of("evening-stretch")
    here.save_copy(dataclasses.replace(mine, id=copy.id), of="evening-stretch")

    titles = {r.title for r in window(user_dir).report.mine}
    assert titles == {"Evening stretch, longer", "Mine"}


def test_an_edit_of_a_routine_deleted_in_another_window_is_refused(user_dir: Path) -> None:
    here, there = window(user_dir), window(user_dir)
    there.delete("evening-stretch")

    with pytest.raises(RoutineChangedElsewhere) as refused:
        here.save(retitled(here, "Mine"))

    assert refused.value.gone
    assert "deleted in another window" in str(refused.value)
    assert not (user_dir / "evening-stretch.yaml").exists()


def test_a_file_only_touched_elsewhere_is_no_change(user_dir: Path) -> None:
    here = window(user_dir)
    path = user_dir / "evening-stretch.yaml"
    content = path.read_bytes()
    path.unlink()
    path.write_bytes(content)  # a new inode and time: the same routine
    os.utime(path, ns=(10**18, 10**18))

    here.save(retitled(here, "Mine"))

    assert window(user_dir).get("evening-stretch").title == "Mine"


def test_saving_twice_in_one_window_is_no_conflict(user_dir: Path) -> None:
    here = window(user_dir)
    here.save(retitled(here, "First"))
    here.save(retitled(here, "Second"))
    step = Step(title="Rest", duration=10.0)
    here.save(dataclasses.replace(here.get("evening-stretch"), steps=(step,)))

    assert window(user_dir).get("evening-stretch").steps == (step,)


def test_an_id_change_over_a_routine_changed_elsewhere_is_refused(user_dir: Path) -> None:
    here, there = window(user_dir), window(user_dir)
    there.save(retitled(there, "Theirs"))

    with pytest.raises(RoutineChangedElsewhere):
        here.save(
            dataclasses.replace(retitled(here, "Mine"), id="renamed"),
            replacing="evening-stretch",
        )

    assert sorted(p.name for p in user_dir.glob("*.yaml")) == ["evening-stretch.yaml"]
