"""RoutineLibrary: built-in routines stay as shipped; a person's own are made, changed,
deleted, imported and exported without ever losing what they wrote."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from tests.picture_files import png
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.plan import SegmentKind, build_plan
from unknot.core.routines.library import (
    ORIGINAL_SUFFIX,
    STALE_TEMP_SECONDS,
    TRASH_DAYS,
    TRASH_DIR,
    DestinationExists,
    ImportConflict,
    LibraryError,
    Origin,
    RoutineLibrary,
)
from unknot.core.routines.loader import load_routine, load_routines, routine_files
from unknot.core.routines.model import CountRange, Step
from unknot.core.routines.yaml_reader import MAX_FILE_BYTES

BUILTIN_IDS = {path.stem for path in BUILTIN_ROUTINES_DIR.glob("*.yaml")}

HAND_WRITTEN = """\
# My evening routine, from my physio (March).
#
# Keep the holds short.

title: Evening stretch
id: evening-stretch
steps:
  # the warm-up
  - title: Neck turns
    duration: 30s  # each side
    sides: [left, right]
"""
HEADER_ONLY = """\
# Just a header.

title: Quiet minute
id: quiet-minute
steps:
  - title: Rest
    duration: 1m
"""
BAD = "title: Bad one\nsteps:\n  - title: Rest\n    duraton: 30s\n"


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return tmp_path / "my-routines"


@pytest.fixture
def library(user_dir: Path) -> RoutineLibrary:
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir)
    library.load()
    return library


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its content, to show that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def retitle(library: RoutineLibrary, routine_id: str, title: str) -> None:
    """The smallest edit: a new title, saved the way the editor saves any change."""
    library.save(dataclasses.replace(library.get(routine_id), title=title))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- Loading ----------------------------------------------------------------------------


def test_built_in_routines_are_marked_built_in_and_a_missing_folder_is_no_problem(
    library: RoutineLibrary, user_dir: Path
) -> None:
    report = library.report

    assert {routine.id for routine in report.builtin} == BUILTIN_IDS
    assert report.mine == ()
    assert report.ok
    assert all(library.is_builtin(routine_id) for routine_id in BUILTIN_IDS)
    assert report.is_builtin("chin-tucks-1")
    assert library.origin("chin-tucks-1") is Origin.BUILT_IN
    assert not user_dir.exists()


def test_a_persons_routines_load_beside_the_built_in_ones(user_dir: Path) -> None:
    write(user_dir, "evening-stretch.yaml", HAND_WRITTEN)
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir)

    report = library.load()

    assert [routine.id for routine in report.mine] == ["evening-stretch"]
    assert report.origin("evening-stretch") is Origin.MINE
    assert not library.is_builtin("evening-stretch")
    assert [r.id for r in report.routines][-1] == "evening-stretch"


def test_a_broken_file_of_the_persons_is_listed_like_a_broken_built_in(user_dir: Path) -> None:
    write(user_dir, "bad.yaml", BAD)

    report = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir).load()

    assert len(report.failures) == 1
    assert "did you mean 'duration'" in str(report.failures[0])
    assert report.failures[0].file == str(user_dir / "bad.yaml")


def test_a_file_of_the_persons_with_a_built_in_id_does_not_load(user_dir: Path) -> None:
    write(user_dir, "copy.yaml", (BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml").read_text())

    report = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir).load()

    assert report.mine == ()
    assert "belongs to a built-in routine" in str(report.failures[0])
    assert "chin-tucks-1-mine" in str(report.failures[0])


def test_an_unknown_id_is_a_library_error(library: RoutineLibrary) -> None:
    with pytest.raises(LibraryError, match="no routine with the id 'nope'"):
        library.get("nope")


# --- Duplicate --------------------------------------------------------------------------


def test_duplicate_makes_and_saves_a_copy_without_its_series(
    library: RoutineLibrary, user_dir: Path
) -> None:
    original = library.get("chin-tucks-1")

    copy = library.duplicate("chin-tucks-1")

    assert copy.id == "chin-tucks-1-mine"
    assert copy.title == "Chin tucks, level 1 (my copy)"
    assert (copy.series, copy.level) == (None, None)
    assert copy.steps == original.steps
    assert copy.source == user_dir / "chin-tucks-1-mine.yaml"
    text = copy.source.read_text()
    assert text.startswith("# Made in Unknot as a copy of the routine 'chin-tucks-1'.\n\n")
    assert load_routine(copy.source) == copy
    assert library.origin(copy.id) is Origin.MINE


def test_duplicating_again_numbers_the_copies(library: RoutineLibrary) -> None:
    first = library.duplicate("chin-tucks-1")
    second = library.duplicate("chin-tucks-1")
    third = library.duplicate(first.id)

    assert [first.id, second.id, third.id] == [
        "chin-tucks-1-mine",
        "chin-tucks-1-mine-2",
        "chin-tucks-1-mine-3",
    ]
    assert second.title == "Chin tucks, level 1 (my copy 2)"
    assert third.title == "Chin tucks, level 1 (my copy 3)"


def test_a_copy_of_a_long_title_stays_within_the_limit(
    library: RoutineLibrary, user_dir: Path
) -> None:
    long_title = "A very long title " * 5
    write(
        user_dir,
        "long.yaml",
        f"title: {long_title[:80]}\nsteps:\n  - title: Rest\n    duration: 1m\n",
    )
    library.load()

    copy = library.duplicate("long")

    assert len(copy.title) <= 80
    assert copy.title.endswith("… (my copy)")


def test_the_persons_copy_of_chin_tucks_can_be_changed_saved_played_and_shared(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    """The issue's "done when": duplicate, 12 reps with 8 s holds, a step more, then round."""
    copy = library.duplicate("chin-tucks-1")
    tuck = dataclasses.replace(copy.steps[0], reps=CountRange(12, 12), hold=8.0)
    rest = Step(title="Rest", duration=60.0, cue="Lie still and breathe slowly.")
    changed = dataclasses.replace(copy, steps=(tuck, rest))

    path = library.save(changed)

    assert path == copy.source
    reloaded = RoutineLibrary([BUILTIN_ROUTINES_DIR], library.user_dir).load()
    saved = next(routine for routine in reloaded.mine if routine.id == copy.id)
    assert saved == changed
    plan = build_plan(saved)
    holds = [s for s in plan.segments if s.kind is SegmentKind.WORK and s.step_index == 0]
    assert [s.duration for s in holds] == [8.0] * 12

    shared = library.export(copy.id, tmp_path / "shared")  # a file name, not a folder
    other = RoutineLibrary([BUILTIN_ROUTINES_DIR], tmp_path / "other-install")
    result = other.import_file(shared)

    assert result.routine == saved
    assert other.report.origin(copy.id) is Origin.MINE


# --- Save -------------------------------------------------------------------------------


def test_a_new_routine_is_valid_and_not_saved_until_save(
    library: RoutineLibrary, user_dir: Path
) -> None:
    routine = library.new_routine("  Morning   stretch ")

    assert (routine.id, routine.title) == ("morning-stretch", "Morning stretch")
    assert len(routine.steps) == 1
    assert not user_dir.exists()

    path = library.save(routine)

    assert path == user_dir / "morning-stretch.yaml"
    assert load_routine(path) == routine
    assert library.new_routine("Morning stretch").id == "morning-stretch-mine"


def test_a_new_routine_named_like_a_built_in_gets_its_own_id(library: RoutineLibrary) -> None:
    assert library.new_routine("Desk break").id == "desk-break-mine"


def test_a_new_routine_needs_a_usable_title(library: RoutineLibrary) -> None:
    with pytest.raises(LibraryError, match="title"):
        library.new_routine("x" * 81)
    with pytest.raises(LibraryError, match="empty"):
        library.new_routine("   ")


def test_a_built_in_id_is_never_saved(library: RoutineLibrary, user_dir: Path) -> None:
    routine = dataclasses.replace(library.get("desk-break"), title="My desk break")

    with pytest.raises(LibraryError, match=r"built-in routine 'Desk break'.*'desk-break-mine'"):
        library.save(routine)

    assert snapshot(user_dir) == {}
    assert library.get("desk-break").title == "Desk break"


def test_a_built_in_cannot_be_replaced(library: RoutineLibrary) -> None:
    routine = library.new_routine("Mine")

    with pytest.raises(LibraryError, match="built-in routine and cannot be changed"):
        library.save(routine, replacing="desk-break")


def test_an_edit_rewrites_the_routines_own_file(library: RoutineLibrary, user_dir: Path) -> None:
    path = write(user_dir, "Hand named.yml", HEADER_ONLY)
    library.load()
    routine = dataclasses.replace(library.get("quiet-minute"), summary="One quiet minute.")

    saved = library.save(routine)

    assert saved == path
    assert sorted(p.name for p in user_dir.iterdir()) == ["Hand named.yml"]
    assert load_routine(path) == routine


def test_a_changed_id_writes_the_new_file_then_removes_the_old(
    library: RoutineLibrary, user_dir: Path
) -> None:
    routine = library.new_routine("Stretch")
    old = library.save(routine)

    new = library.save(dataclasses.replace(routine, id="neck-stretch"), replacing="stretch")

    assert new == user_dir / "neck-stretch.yaml"
    assert not old.exists()
    assert [r.id for r in library.report.mine] == ["neck-stretch"]
    assert library.load().mine[0].id == "neck-stretch"


def test_a_changed_id_may_not_take_another_routines_id(library: RoutineLibrary) -> None:
    first = library.new_routine("First")
    library.save(first)
    second = library.new_routine("Second")
    library.save(second)

    with pytest.raises(LibraryError, match="already have a routine 'First'"):
        library.save(dataclasses.replace(second, id="first"), replacing="second")


def test_an_invalid_routine_is_not_saved_and_says_why(
    library: RoutineLibrary, user_dir: Path
) -> None:
    routine = library.new_routine("Stretch")
    library.save(routine)
    before = snapshot(user_dir)
    broken = dataclasses.replace(routine, steps=(Step(title="Hold", hold=5.0),))

    with pytest.raises(LibraryError, match="has problems") as caught:
        library.save(broken)

    assert any("needs a duration" in problem.message for problem in caught.value.problems)
    assert snapshot(user_dir) == before


def test_an_id_that_is_not_an_id_is_refused(library: RoutineLibrary, user_dir: Path) -> None:
    routine = dataclasses.replace(library.new_routine("Stretch"), id="../escape")

    with pytest.raises(LibraryError, match="the id cannot be used"):
        library.save(routine)

    assert not user_dir.exists()


def test_a_file_the_loader_could_not_read_is_not_overwritten(
    library: RoutineLibrary, user_dir: Path
) -> None:
    write(user_dir, "stretch.yaml", BAD)
    library.load()
    routine = dataclasses.replace(library.new_routine("Other"), id="stretch")

    with pytest.raises(LibraryError, match="cannot read"):
        library.save(routine)

    assert (user_dir / "stretch.yaml").read_text() == BAD


# --- Comments ---------------------------------------------------------------------------


def test_an_edit_keeps_the_header_and_the_whole_original_beside(
    library: RoutineLibrary, user_dir: Path
) -> None:
    path = write(user_dir, "evening-stretch.yaml", HAND_WRITTEN)
    library.load()
    routine = dataclasses.replace(library.get("evening-stretch"), title="Evening stretches")

    library.save(routine)

    text = path.read_text()
    assert text.startswith(
        "# My evening routine, from my physio (March).\n#\n# Keep the holds short.\n\n"
        "title: Evening stretches\n"
    )
    assert "# the warm-up" not in text
    original = user_dir / f"evening-stretch.yaml{ORIGINAL_SUFFIX}"
    assert original.read_text() == HAND_WRITTEN
    assert routine_files(user_dir) == [path]
    assert [r.id for r in library.load().mine] == ["evening-stretch"]


def test_a_second_edit_keeps_the_first_original(library: RoutineLibrary, user_dir: Path) -> None:
    write(user_dir, "evening-stretch.yaml", HAND_WRITTEN)
    library.load()
    retitle(library, "evening-stretch", "Once")

    retitle(library, "evening-stretch", "Twice")

    originals = sorted(p.name for p in user_dir.iterdir() if ".orig" in p.name)
    assert originals == ["evening-stretch.yaml.orig"]
    assert (user_dir / "evening-stretch.yaml.orig").read_text() == HAND_WRITTEN


def test_comments_written_by_hand_again_are_kept_again(
    library: RoutineLibrary, user_dir: Path
) -> None:
    path = write(user_dir, "evening-stretch.yaml", HAND_WRITTEN)
    library.load()
    retitle(library, "evening-stretch", "Once")
    again = path.read_text() + "# a new note\n"
    path.write_text(again)
    library.load()

    retitle(library, "evening-stretch", "Twice")

    assert (user_dir / "evening-stretch.yaml.orig-2").read_text() == again


def test_a_file_with_only_a_header_keeps_it_and_needs_no_original(
    library: RoutineLibrary, user_dir: Path
) -> None:
    path = write(user_dir, "quiet-minute.yaml", HEADER_ONLY)
    library.load()

    retitle(library, "quiet-minute", "A quiet minute")

    assert path.read_text().startswith("# Just a header.\n\ntitle: A quiet minute\n")
    assert sorted(p.name for p in user_dir.iterdir()) == ["quiet-minute.yaml"]


# --- Delete and undo --------------------------------------------------------------------


def test_delete_moves_the_file_to_the_trash_and_undo_brings_it_back(
    library: RoutineLibrary, user_dir: Path
) -> None:
    copy = library.duplicate("quiet-relief")
    content = (user_dir / f"{copy.id}.yaml").read_bytes()

    deleted = library.delete(copy.id)

    assert not (user_dir / f"{copy.id}.yaml").exists()
    assert deleted.trash_path.parent == user_dir / TRASH_DIR
    assert copy.id not in {r.id for r in library.report.routines}
    assert copy.id not in {r.id for r in library.load().routines}
    assert library.load().ok

    back = library.undo(deleted)

    assert back == copy
    assert (user_dir / f"{copy.id}.yaml").read_bytes() == content
    assert library.origin(copy.id) is Origin.MINE


def test_undo_does_not_clobber_a_routine_saved_since(
    library: RoutineLibrary, user_dir: Path
) -> None:
    routine = library.new_routine("Stretch")
    library.save(routine)
    deleted = library.delete("stretch")
    newer = library.new_routine("Stretch")
    library.save(dataclasses.replace(newer, summary="The newer one."))

    with pytest.raises(LibraryError, match="cannot come back"):
        library.undo(deleted)

    assert load_routine(user_dir / "stretch.yaml").summary == "The newer one."
    assert deleted.trash_path.exists()


def test_built_in_routines_cannot_be_deleted(library: RoutineLibrary) -> None:
    with pytest.raises(LibraryError, match="built-in routine and cannot be deleted"):
        library.delete("chin-tucks-2")

    assert (BUILTIN_ROUTINES_DIR / "chin-tucks-2.yaml").exists()


def test_old_trash_is_emptied_at_load(library: RoutineLibrary, user_dir: Path) -> None:
    first = library.delete(library.duplicate("desk-break").id)
    second = library.delete(library.duplicate("desk-break").id)
    long_ago = time.time() - (TRASH_DAYS + 1) * 24 * 60 * 60
    os.utime(first.trash_path, (long_ago, long_ago))

    library.load()

    assert not first.trash_path.exists()
    assert second.trash_path.exists()


# --- Import -----------------------------------------------------------------------------


def test_a_good_file_is_imported_byte_for_byte(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "downloads", "evening.yaml", HAND_WRITTEN)

    result = library.import_file(source)

    assert result.path == user_dir / "evening-stretch.yaml"
    assert result.path.read_text() == HAND_WRITTEN
    assert (result.replaced, result.file_id) == (False, "evening-stretch")
    assert result.routine.title == "Evening stretch"
    assert library.origin("evening-stretch") is Origin.MINE


def test_a_bad_file_shows_the_validators_problems_and_changes_nothing(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    library.duplicate("desk-break")
    before = snapshot(user_dir)
    source = write(tmp_path, "bad.yaml", BAD)
    expected = load_routines([source]).failures[0].problems

    with pytest.raises(LibraryError, match=r"bad\.yaml is not a routine") as caught:
        library.import_file(source)

    assert caught.value.problems == expected
    assert any("did you mean 'duration'" in str(problem) for problem in caught.value.problems)
    assert snapshot(user_dir) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe not utf-8", b"- a list\n", b"title: [unclosed\n", b"x" * (MAX_FILE_BYTES + 1)],
    ids=["empty", "not-utf8", "a-list", "bad-yaml", "too-large"],
)
def test_no_kind_of_bad_file_changes_anything(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path, content: bytes
) -> None:
    source = tmp_path / "import.yaml"
    source.write_bytes(content)

    with pytest.raises(LibraryError) as caught:
        library.import_file(source)

    assert caught.value.problems
    assert not user_dir.exists()


def test_a_missing_file_is_a_library_error(library: RoutineLibrary, tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as caught:
        library.import_file(tmp_path / "nowhere.yaml")

    assert "cannot read the file" in str(caught.value.problems[0])


def test_a_built_in_id_asks_for_a_copy_and_never_replaces(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    exported = library.export("chin-tucks-1", tmp_path)

    for overwrite in (False, True):
        with pytest.raises(ImportConflict) as caught:
            library.import_file(exported, overwrite=overwrite)
        conflict = caught.value
        assert (conflict.routine_id, conflict.existing_title) == (
            "chin-tucks-1",
            "Chin tucks, level 1",
        )
        assert conflict.origin is Origin.BUILT_IN
        assert not conflict.can_replace
    assert not user_dir.exists()

    result = library.import_file(exported, as_copy=True)

    assert result.routine.id == "chin-tucks-1-mine"
    assert result.routine.title == "Chin tucks, level 1 (2)"
    assert (result.routine.series, result.routine.level) == (None, None)
    assert result.file_id == "chin-tucks-1"
    assert result.path.read_text().startswith("# Chin tucks (deep neck flexors)")
    assert library.get("chin-tucks-1").title == "Chin tucks, level 1"


def test_the_persons_own_id_asks_then_replaces(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = write(user_dir, "evening-stretch.yaml", HEADER_ONLY.replace("quiet-minute", "x"))
    path.write_text(
        "title: My old version\nid: evening-stretch\nsteps:\n  - title: A\n    duration: 1m\n"
    )
    library.load()
    source = write(tmp_path / "downloads", "evening.yaml", HAND_WRITTEN)
    before = snapshot(user_dir)

    with pytest.raises(ImportConflict, match="'My old version'") as caught:
        library.import_file(source)
    assert caught.value.can_replace
    assert caught.value.existing_title == "My old version"
    assert snapshot(user_dir) == before

    result = library.import_file(source, overwrite=True)

    assert result.replaced
    assert path.read_text() == HAND_WRITTEN
    assert library.get("evening-stretch").title == "Evening stretch"


def test_the_persons_own_id_can_be_kept_beside_as_a_copy(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    write(user_dir, "evening-stretch.yaml", HAND_WRITTEN)
    library.load()
    source = write(tmp_path / "downloads", "evening.yaml", HAND_WRITTEN)

    result = library.import_file(source, as_copy=True)

    assert result.routine.id == "evening-stretch-mine"
    assert result.routine.title == "Evening stretch (2)"
    assert (user_dir / "evening-stretch.yaml").read_text() == HAND_WRITTEN
    assert {r.id for r in library.load().mine} == {"evening-stretch", "evening-stretch-mine"}


def test_a_broken_file_with_the_same_name_asks_too(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    write(user_dir, "evening-stretch.yaml", BAD)
    library.load()
    source = write(tmp_path / "downloads", "evening.yaml", HAND_WRITTEN)

    with pytest.raises(ImportConflict, match="has problems") as caught:
        library.import_file(source)

    assert caught.value.existing_title is None
    assert (user_dir / "evening-stretch.yaml").read_text() == BAD


def test_pictures_beside_an_imported_file_come_with_it(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    (downloads / "images").mkdir(parents=True)
    (downloads / "images" / "tuck.png").write_bytes(png(shade=1))
    source = write(
        downloads,
        "tuck.yaml",
        "title: Tuck\nsteps:\n  - title: Tuck\n    reps: 5\n    image: images/tuck.png\n",
    )

    result = library.import_file(source)

    assert result.images == (user_dir / "images" / "tuck.png",)
    assert (user_dir / "images" / "tuck.png").read_bytes() == png(shade=1)
    assert result.routine.steps[0].image_path == (user_dir / "images" / "tuck.png").resolve()
    assert library.load().ok


def test_a_different_picture_of_the_same_name_stops_the_import(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    (user_dir / "images").mkdir(parents=True)
    (user_dir / "images" / "tuck.png").write_bytes(png(shade=1))
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "tuck.png").write_bytes(png(shade=2))
    source = write(
        tmp_path,
        "tuck.yaml",
        "title: Tuck\nsteps:\n  - title: Tuck\n    reps: 5\n    image: images/tuck.png\n",
    )
    before = snapshot(user_dir)

    with pytest.raises(LibraryError, match="different picture"):
        library.import_file(source)

    assert snapshot(user_dir) == before


# --- Export -----------------------------------------------------------------------------


def test_a_built_in_is_exported_byte_for_byte_into_a_folder(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    target = library.export("quiet-relief", tmp_path)

    assert target == tmp_path / "quiet-relief.yaml"
    assert target.read_bytes() == (BUILTIN_ROUTINES_DIR / "quiet-relief.yaml").read_bytes()


def test_an_export_does_not_overwrite_without_being_told(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    target = tmp_path / "share.yaml"
    target.write_text("mine")

    with pytest.raises(DestinationExists) as caught:
        library.export("desk-break", target)
    assert caught.value.path == target
    assert target.read_text() == "mine"

    library.export("desk-break", target, overwrite=True)

    assert load_routine(target) == library.get("desk-break")


def test_a_file_without_its_own_id_is_exported_with_one(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    write(user_dir, "no-id.yaml", "# Mine.\ntitle: No id\nsteps:\n  - title: A\n    reps: 3\n")
    library.load()

    target = library.export("no-id", tmp_path / "renamed by a browser (1).yaml")

    text = target.read_text()
    assert text.startswith("# Mine.\n\ntitle: No id\nid: no-id\n")
    assert load_routine(target).id == "no-id"


def test_exporting_to_a_folder_that_is_not_there_is_a_library_error(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    with pytest.raises(LibraryError, match="could not write"):
        library.export("desk-break", tmp_path / "missing" / "desk.yaml")


# --- Leftovers of killed saves -----------------------------------------------------------


def test_stale_temporary_files_are_removed_at_load_and_fresh_ones_left(user_dir: Path) -> None:
    write(user_dir, "quiet-minute.yaml", HEADER_ONLY)
    stale = write(user_dir, ".quiet-minute.yaml.abc12345.tmp", "title: half")
    fresh = write(user_dir, ".quiet-minute.yaml.def45678.tmp", "title: half")
    long_ago = time.time() - STALE_TEMP_SECONDS - 5
    os.utime(stale, (long_ago, long_ago))

    report = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir).load()

    assert report.ok
    assert [r.id for r in report.mine] == ["quiet-minute"]
    assert not stale.exists()
    assert fresh.exists()
    assert routine_files(user_dir) == [user_dir / "quiet-minute.yaml"]


def test_an_import_never_writes_over_another_routines_file(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    write(user_dir, "evening-stretch.yaml", HEADER_ONLY)  # holds id quiet-minute
    library.load()
    source = write(tmp_path / "downloads", "evening.yaml", HAND_WRITTEN)
    before = snapshot(user_dir)

    for overwrite in (False, True):
        with pytest.raises(LibraryError, match="holds your routine 'Quiet minute'"):
            library.import_file(source, overwrite=overwrite)

    assert snapshot(user_dir) == before
    assert library.import_file(source, as_copy=True).routine.id == "evening-stretch-mine"


def test_a_copy_is_not_written_until_it_is_saved(library: RoutineLibrary, user_dir: Path) -> None:
    copy = library.copy_of("chin-tucks-1")
    assert copy.title == "Chin tucks, level 1 (my copy)"
    assert copy.series is None and copy.level is None
    assert snapshot(user_dir) == {}
    library.save_copy(dataclasses.replace(copy, title="Evening tucks"), of="chin-tucks-1")
    saved = (user_dir / "chin-tucks-1-mine.yaml").read_text(encoding="utf-8")
    assert saved.startswith("# Made in Unknot as a copy of the routine 'chin-tucks-1'.")
    assert "title: Evening tucks" in saved


def test_the_persons_routines_sort_as_people_read_them(user_dir: Path) -> None:
    for number in (10, 2, 1):
        tail = " (my copy)" if number == 1 else f" (my copy {number})"
        write(
            user_dir,
            f"copy-{number}.yaml",
            f"title: Base-of-skull holds{tail}\nid: copy-{number}\nsteps:\n"
            "  - title: Rest\n    duration: 1m\n",
        )
    write(
        user_dir, "apple.yaml", "title: apple\nid: apple\nsteps:\n  - title: R\n    duration: 1m\n"
    )
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir)
    titles = [r.title for r in library.load().mine]
    assert titles == [
        "apple",
        "Base-of-skull holds (my copy)",
        "Base-of-skull holds (my copy 2)",
        "Base-of-skull holds (my copy 10)",
    ]
