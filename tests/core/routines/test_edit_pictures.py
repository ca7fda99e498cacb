"""An edit's copied pictures: a discarded edit leaves none, a save keeps what it shows, and
a picture anything else uses is never removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.picture_files import jpeg, png
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.edit_pictures import EditPictures
from unknot.core.routines.library import RoutineLibrary
from unknot.core.routines.model import Routine, Step
from unknot.core.routines.pictures import copy_picture_in


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return tmp_path / "routines"


@pytest.fixture
def library(user_dir: Path) -> RoutineLibrary:
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir)
    library.load()
    return library


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    (folder / "tuck.png").write_bytes(png(8, 6, shade=10))
    (folder / "nod.jpg").write_bytes(jpeg())
    return folder


def with_picture(library: RoutineLibrary, name: str, routine_id: str = "evening") -> Routine:
    step = Step(title="Rest", duration=30.0, images=(name,))
    return Routine(id=routine_id, title="Evening", steps=(step,))


def test_a_discarded_edit_removes_what_it_copied_and_the_folders_it_made(
    library: RoutineLibrary, user_dir: Path, downloads: Path
) -> None:
    edit = EditPictures(user_dir)
    first = edit.copy_in(downloads / "tuck.png", "evening")
    second = edit.copy_in(downloads / "nod.jpg", "evening")
    assert (user_dir / first).is_file() and (user_dir / second).is_file()
    assert edit.written == (user_dir / first, user_dir / second)

    removed = edit.settle(library.report.mine)

    assert removed == [user_dir / first, user_dir / second]
    assert not (user_dir / "pictures").exists()
    assert not edit.written
    assert edit.settle(library.report.mine) == []  # settled once


def test_a_save_keeps_the_picture_it_shows_and_removes_one_it_replaced(
    library: RoutineLibrary, user_dir: Path, downloads: Path
) -> None:
    edit = EditPictures(user_dir)
    replaced = edit.copy_in(downloads / "tuck.png", "evening")
    shown = edit.copy_in(downloads / "nod.jpg", "evening")
    library.save(with_picture(library, shown))

    assert edit.settle(library.report.mine) == [user_dir / replaced]

    assert (user_dir / shown).read_bytes() == jpeg()
    assert not (user_dir / replaced).exists()
    assert library.load().mine[0].steps[0].images == (shown,)


def test_a_picture_that_was_there_already_is_never_the_edits_to_remove(
    library: RoutineLibrary, user_dir: Path, downloads: Path
) -> None:
    """The same bytes already in the folder are used again, not written: not the edit's."""
    before = copy_picture_in(downloads / "tuck.png", user_dir, "evening")
    edit = EditPictures(user_dir)
    assert edit.copy_in(downloads / "tuck.png", "evening") == before
    assert edit.written == ()
    assert edit.settle(library.report.mine) == []
    assert (user_dir / before).is_file()


def test_a_picture_another_routine_uses_is_kept(
    library: RoutineLibrary, user_dir: Path, downloads: Path
) -> None:
    """Another window saved a routine naming the copy (or it was copied under its id)."""
    edit = EditPictures(user_dir)
    name = edit.copy_in(downloads / "tuck.png", "evening")
    library.save(with_picture(library, name, routine_id="morning"))
    assert edit.settle(library.report.mine) == []
    assert (user_dir / name).is_file()


def test_a_routine_file_that_does_not_load_but_names_the_picture_keeps_it(
    library: RoutineLibrary, user_dir: Path, downloads: Path
) -> None:
    """Used is decided cautiously: a file mentioning the picture's name at all keeps it."""
    edit = EditPictures(user_dir)
    name = edit.copy_in(downloads / "tuck.png", "evening")
    (user_dir / "broken.yaml").write_text(f"title: Broken\nsteps: [image: {name}, oops\n")
    assert edit.settle(library.report.mine) == []
    assert (user_dir / name).is_file()


def test_a_picture_the_folder_held_beside_the_copies_stays(
    library: RoutineLibrary, user_dir: Path, downloads: Path
) -> None:
    own = user_dir / "pictures" / "evening" / "mine.png"
    own.parent.mkdir(parents=True)
    own.write_bytes(png(shade=200))
    edit = EditPictures(user_dir)
    name = edit.copy_in(downloads / "tuck.png", "evening")
    assert edit.settle(library.report.mine) == [user_dir / name]
    assert own.read_bytes() == png(shade=200)
