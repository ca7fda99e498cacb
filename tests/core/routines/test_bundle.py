"""A routine travels with its pictures as a .zip; a hostile bundle is refused and writes nothing.

Every bundle here is a real zip file on the disk, made with ``zipfile`` and, for the
entries ``zipfile`` would not write (lying sizes), patched byte by byte.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import time
import zipfile
from pathlib import Path

import pytest

from tests.core.routines.test_picture_special_files import promptly
from tests.picture_files import jpeg, png
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines import bundle
from unknot.core.routines.bundle import MAX_ENTRIES, UNPACK_PREFIX, remove_stale_unpacked
from unknot.core.routines.library import ImportConflict, LibraryError, RoutineLibrary
from unknot.core.routines.loader import load_routine

ROUTINE = """\
# From my physio.
title: Evening tucks
id: evening-tucks
steps:
  - title: Chin tuck
    reps: 5
    hold: 5s
    image: [pictures/evening-tucks/rest.png, pictures/evening-tucks/nod.jpg]
  - title: Rest
    duration: 20s
    image: pictures/rest-shoulders.png
"""
PICTURES = {"pictures/evening-tucks/rest.png": png(8, 6), "pictures/evening-tucks/nod.jpg": jpeg()}


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return tmp_path / "my-routines"


@pytest.fixture
def library(user_dir: Path) -> RoutineLibrary:
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir)
    library.load()
    return library


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (folders as None): nothing may appear."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def make_zip(
    path: Path, entries: dict[str, bytes], *, compression: int = zipfile.ZIP_STORED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def good_entries() -> dict[str, bytes]:
    return {"evening-tucks.yaml": ROUTINE.encode(), **PICTURES}


def refused(library: RoutineLibrary, user_dir: Path, path: Path, words: str) -> LibraryError:
    """Imports ``path``, expecting a refusal that says ``words`` and writes nothing."""
    before = tree(user_dir)
    with pytest.raises(LibraryError) as caught:
        library.import_file(path)
    assert words in str(caught.value), str(caught.value)
    assert tree(user_dir) == before
    assert library.load().mine == ()
    return caught.value


# --- Export and import ---------------------------------------------------------------------


def test_a_routine_with_its_own_pictures_exports_as_a_bundle_and_imports_whole(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "from-physio"
    for name, data in PICTURES.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(data)
    (source / "evening-tucks.yaml").write_text(ROUTINE)
    library.import_file(source / "evening-tucks.yaml")
    shared = tmp_path / "shared"
    shared.mkdir()

    exported = library.export("evening-tucks", shared)

    assert exported == shared / "evening-tucks.zip"
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        assert names == ["evening-tucks.yaml", *PICTURES]  # the bundled picture goes by name
        assert archive.read("evening-tucks.yaml") == ROUTINE.encode()  # comments and all
        for name, data in PICTURES.items():
            assert archive.read(name) == data
    other_dir = tmp_path / "other-phone"
    other = RoutineLibrary([BUILTIN_ROUTINES_DIR], other_dir)
    result = other.import_file(exported)
    assert result.routine == library.get("evening-tucks")
    assert sorted(result.images) == sorted(other_dir / name for name in PICTURES)
    assert tree(other_dir) == {
        "evening-tucks.yaml": ROUTINE.encode(),
        "pictures": None,
        "pictures/evening-tucks": None,
        **PICTURES,
    }
    assert [r.id for r in RoutineLibrary([BUILTIN_ROUTINES_DIR], other_dir).load().mine] == [
        "evening-tucks"
    ]


def test_the_same_routine_exports_to_the_same_bytes(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "in.zip", good_entries())
    library.import_file(path)
    first = library.export("evening-tucks", tmp_path / "a.zip")
    time.sleep(1.1)  # a zip keeps times to two seconds; the export keeps none
    second = library.export("evening-tucks", tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()


def test_a_routine_of_bundled_pictures_only_exports_as_plain_yaml(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    target = library.export("desk-break", tmp_path)
    assert target == tmp_path / "desk-break.yaml"
    assert load_routine(target) == library.get("desk-break")


def test_a_built_in_asked_for_as_a_zip_is_a_bundle_of_its_file(
    library: RoutineLibrary, tmp_path: Path
) -> None:
    target = library.export("chin-tucks-1", tmp_path / "tucks.zip")
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["chin-tucks-1.yaml"]
        data = archive.read("chin-tucks-1.yaml")
    assert data == (BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml").read_bytes()
    other = RoutineLibrary([BUILTIN_ROUTINES_DIR], tmp_path / "other")
    with pytest.raises(ImportConflict):
        other.import_file(target)
    assert other.import_file(target, as_copy=True).routine.id == "chin-tucks-1-mine"


def test_a_bundle_made_by_a_desktop_archiver_imports(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    """macOS puts everything in a folder and adds __MACOSX; both are fine."""
    entries = {f"Evening tucks/{name}": data for name, data in good_entries().items()}
    entries["__MACOSX/Evening tucks/._evening-tucks.yaml"] = b"\x00\x05\x16\x07junk"
    entries["Evening tucks/.DS_Store"] = b"\x00\x00\x00\x01Bud1"
    entries["Evening tucks/README.txt"] = b"Do these slowly."
    path = make_zip(tmp_path / "Evening tucks.zip", entries, compression=zipfile.ZIP_DEFLATED)

    result = library.import_file(path)

    assert result.routine.id == "evening-tucks"
    assert sorted(tree(user_dir)) == [
        "evening-tucks.yaml",
        "pictures",
        "pictures/evening-tucks",
        *sorted(PICTURES),
    ]


def test_a_plain_yaml_still_imports(library: RoutineLibrary, tmp_path: Path) -> None:
    path = tmp_path / "rest.yaml"
    path.write_text("title: Rest\nsteps:\n  - title: Rest\n    duration: 1m\n")
    assert library.import_file(path).routine.id == "rest"


def test_a_bundle_whose_id_is_taken_asks_and_can_be_imported_again(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "b.zip", good_entries())
    library.import_file(path)
    before = tree(user_dir)
    with pytest.raises(ImportConflict):
        library.import_file(path)
    assert tree(user_dir) == before
    assert library.import_file(path, overwrite=True).replaced


# --- Hostile bundles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../evil.png", "which leaves the bundle's folder (..)"),
        ("pictures/../../evil.png", "which leaves the bundle's folder (..)"),
        ("/etc/evil.png", "an absolute path"),
        ("..\\evil.png", "a Windows path"),
        ("C:/evil.png", "a Windows path"),
        ("a\x01b.png", "control characters"),
    ],
    ids=["dot-dot", "deep dot-dot", "absolute", "backslash", "drive", "control"],
)
def test_an_entry_that_leaves_the_bundle_is_refused(
    name: str, words: str, library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "b.zip", {**good_entries(), name: png()})
    refused(library, user_dir, path, words)
    assert not (tmp_path / "evil.png").exists()


def test_a_link_in_a_bundle_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in good_entries().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("pictures/evening-tucks/link.png")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    error = refused(library, user_dir, path, "a link; a bundle holds plain files only")
    assert "'pictures/evening-tucks/link.png'" in str(error)


def test_a_device_in_a_bundle_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in good_entries().items():
            archive.writestr(name, data)
        fifo = zipfile.ZipInfo("pipe.png")
        fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
        archive.writestr(fifo, b"")
    refused(library, user_dir, path, "which is not a plain file")


@pytest.mark.parametrize(
    "second", ["evening-tucks.yaml", "EVENING-TUCKS.yaml"], ids=["same", "other case"]
)
def test_an_entry_named_twice_is_refused(
    second: str, library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "b.zip", good_entries())
    with (
        pytest.warns(UserWarning, match="Duplicate name")
        if second == "evening-tucks.yaml"
        else _no_warning(),
        zipfile.ZipFile(path, "a") as archive,
    ):
        archive.writestr(second, b"title: Other\nsteps:\n  - title: A\n    duration: 1m\n")
    refused(library, user_dir, path, "twice")


class _no_warning:  # noqa: N801 (a context manager used like pytest.warns)
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def test_more_entries_than_the_limit_are_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    extra = {f"notes/{n}.txt": b"x" for n in range(MAX_ENTRIES)}
    path = make_zip(tmp_path / "b.zip", {**good_entries(), **extra})
    refused(library, user_dir, path, f"holds {MAX_ENTRIES + 3} files; a routine's bundle may hold")


def test_a_picture_that_declares_more_than_a_picture_may_hold_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    """A zip bomb: 50 MB of zeros squeezed into a few kilobytes, named like a picture."""
    path = make_zip(
        tmp_path / "bomb.zip",
        {**good_entries(), "pictures/bomb.png": bytes(50_000_000)},
        compression=zipfile.ZIP_DEFLATED,
    )
    assert path.stat().st_size < 200_000
    refused(library, user_dir, path, "pictures/bomb.png is 50.0 MB unpacked")


def test_entries_that_together_unpack_too_large_are_refused(
    library: RoutineLibrary,
    user_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bundle, "MAX_UNPACKED_BYTES", 1_000_000)
    filler = {f"notes/{n}.txt": bytes(300_000) for n in range(4)}
    path = make_zip(
        tmp_path / "b.zip", {**good_entries(), **filler}, compression=zipfile.ZIP_DEFLATED
    )
    refused(library, user_dir, path, "unpacks to more than 1 MB")


def lie_about_sizes(path: Path, entry: str, size: int) -> None:
    """Rewrites the uncompressed size an entry declares, in its local and central headers."""
    data = bytearray(path.read_bytes())
    name = entry.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            name_at = found + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[found + offset : found + offset + 4] = struct.pack("<I", size)
            start = found + 4
    path.write_bytes(bytes(data))


def test_an_entry_that_gives_more_than_it_declares_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    """A bomb that lies: it declares 1 kB and unpacks to 30 MB."""
    path = make_zip(
        tmp_path / "liar.zip",
        {**good_entries(), "pictures/liar.png": bytes(30_000_000)},
        compression=zipfile.ZIP_DEFLATED,
    )
    lie_about_sizes(path, "pictures/liar.png", 1000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("pictures/liar.png").file_size == 1000
    refused(library, user_dir, path, "liar.zip")


def test_the_bytes_are_counted_as_they_come(tmp_path: Path) -> None:
    """Below zipfile's own checks: what an entry really gives counts against the whole limit."""
    path = make_zip(tmp_path / "b.zip", {"r.yaml": b"x" * 5000})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("r.yaml")
        start = bundle.MAX_UNPACKED_BYTES - 4000  # what the entries before it gave
        with pytest.raises(bundle.BundleError, match="unpacks to more than 24 MB"):
            bundle._extract(archive, info, tmp_path / "out.yaml", start, "b.zip")
        assert bundle._extract(archive, info, tmp_path / "again.yaml", 0, "b.zip") == 5000


def test_an_encrypted_entry_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "b.zip", good_entries())
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        found = data.find(signature)
        data[found + offset] |= 0x1
    path.write_bytes(bytes(data))
    refused(library, user_dir, path, "which is encrypted")


def test_a_bundle_with_a_picture_that_is_not_one_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    entries = {**good_entries(), "pictures/evening-tucks/rest.png": b"I am text, not a picture"}
    path = make_zip(tmp_path / "b.zip", entries)
    refused(
        library,
        user_dir,
        path,
        "b.zip: pictures/evening-tucks/rest.png is not a PNG or JPEG picture (it is text)",
    )


def test_a_bundle_with_a_truncated_picture_no_step_uses_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "b.zip", {**good_entries(), "spare.jpg": jpeg()[:30]})
    refused(library, user_dir, path, "spare.jpg is cut short")


def test_a_bundle_whose_routine_has_problems_names_them_inside_the_bundle(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    entries = {**good_entries(), "evening-tucks.yaml": ROUTINE.replace("reps:", "repz:").encode()}
    path = make_zip(tmp_path / "b.zip", entries)
    error = refused(library, user_dir, path, "b.zip is not a routine Unknot can use")
    assert {problem.file for problem in error.problems} == {"b.zip/evening-tucks.yaml"}
    assert "steps[1].repz" in [problem.field for problem in error.problems]


def test_a_bundle_whose_routine_names_a_missing_picture_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    entries = good_entries()
    del entries["pictures/evening-tucks/nod.jpg"]
    error = refused(library, user_dir, make_zip(tmp_path / "b.zip", entries), "not a routine")
    assert error.problems[0].field == "steps[1].image[2]"
    assert "does not exist next to the routine" in error.problems[0].message


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"pictures/a.png": png()}, "holds no routine (.yaml) file"),
        (
            {"a.yaml": ROUTINE.encode(), "b.yml": ROUTINE.encode()},
            "holds 2 routine files (a.yaml, b.yml); a bundle carries one routine",
        ),
    ],
    ids=["none", "two"],
)
def test_a_bundle_carries_exactly_one_routine(
    entries: dict[str, bytes],
    words: str,
    library: RoutineLibrary,
    user_dir: Path,
    tmp_path: Path,
) -> None:
    refused(library, user_dir, make_zip(tmp_path / "b.zip", entries), words)


def test_a_file_that_is_not_a_zip_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "b.zip"
    path.write_text(ROUTINE)
    refused(library, user_dir, path, "b.zip is not a zip file Unknot can read, or it is damaged")
    path.write_bytes(make_zip(tmp_path / "whole.zip", good_entries()).read_bytes()[:-30])
    refused(library, user_dir, path, "b.zip is not a zip file")


def test_a_damaged_entry_is_refused(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "b.zip", good_entries())
    data = bytearray(path.read_bytes())
    at = data.find(b"title: Evening")
    data[at : at + 5] = b"TITLE"  # the bytes no longer match the entry's checksum
    path.write_bytes(bytes(data))
    refused(library, user_dir, path, "b.zip is damaged: a file in it cannot be unpacked")


def test_a_bundle_larger_than_the_limit_is_refused_unread(
    library: RoutineLibrary,
    user_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bundle, "MAX_BUNDLE_BYTES", 1000)
    path = make_zip(tmp_path / "b.zip", good_entries())
    refused(library, user_dir, path, "a routine with its pictures may be at most 0 MB")


def test_nothing_is_written_when_the_folder_did_not_exist(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    assert not user_dir.exists()
    path = make_zip(tmp_path / "b.zip", {**good_entries(), "../x.png": png()})
    refused(library, user_dir, path, "..")
    assert not user_dir.exists()


def test_an_unpacked_folder_a_killed_import_left_is_removed_at_load(
    user_dir: Path, tmp_path: Path
) -> None:
    stale = user_dir / f"{UNPACK_PREFIX}abc"
    fresh = user_dir / f"{UNPACK_PREFIX}def"
    for folder in (stale, fresh):
        (folder / "pictures").mkdir(parents=True)
        (folder / "r.yaml").write_text(ROUTINE)
    long_ago = time.time() - bundle.STALE_SECONDS - 5
    os.utime(stale, (long_ago, long_ago))

    report = RoutineLibrary([BUILTIN_ROUTINES_DIR], user_dir).load()

    assert report.mine == () and report.ok
    assert not stale.exists()
    assert fresh.exists()
    remove_stale_unpacked(user_dir, older_than=-1)
    assert not fresh.exists()


def test_write_bundle_stores_pictures_and_compresses_the_routine(tmp_path: Path) -> None:
    picture = tmp_path / "p.png"
    picture.write_bytes(png())
    target = tmp_path / "out.zip"
    bundle.write_bundle(target, "r.yaml", ROUTINE.encode(), [("pictures/p.png", picture)])
    with zipfile.ZipFile(target) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    assert infos["r.yaml"].compress_type == zipfile.ZIP_DEFLATED
    assert infos["pictures/p.png"].compress_type == zipfile.ZIP_STORED
    assert stat.S_ISREG(infos["pictures/p.png"].external_attr >> 16)
    assert io.BytesIO(target.read_bytes()).getvalue()[:4] == b"PK\x03\x04"


def test_a_bundle_cannot_stand_in_for_a_bundled_picture(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    entries = {**good_entries(), "pictures/rest-shoulders.png": png(9, 9, shade=200)}
    result = library.import_file(make_zip(tmp_path / "b.zip", entries))
    rest = result.routine.steps[1]
    assert rest.image_paths == (
        (BUILTIN_ROUTINES_DIR.parent / "assets" / "pictures" / "rest-shoulders.png").resolve(),
    )
    assert not (user_dir / "pictures" / "rest-shoulders.png").exists()


def test_a_bundle_never_writes_over_another_routines_picture(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    theirs = user_dir / "pictures" / "evening-tucks" / "rest.png"
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(png(3, 3, shade=7))
    refused_entries = make_zip(tmp_path / "b.zip", good_entries())
    before = tree(user_dir)
    with pytest.raises(LibraryError, match="a different picture is already at"):
        library.import_file(refused_entries)
    assert tree(user_dir) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_called_zip_is_refused_without_waiting(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    """A plain open of a named pipe waits for a writer: the import would freeze the app."""
    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    words = "pipe.zip is not a regular file; choose a .zip or .yaml"
    promptly(lambda: refused(library, user_dir, fifo, words), fifo)


def test_a_missing_picture_is_said_without_the_folder_it_was_unpacked_into(
    library: RoutineLibrary, user_dir: Path, tmp_path: Path
) -> None:
    entries = good_entries()
    del entries["pictures/evening-tucks/nod.jpg"]
    error = refused(library, user_dir, make_zip(tmp_path / "b.zip", entries), "nothing was")
    (problem,) = error.problems
    assert problem.file == "b.zip/evening-tucks.yaml"
    assert "does not exist next to the routine (in b.zip)" in problem.message
    assert UNPACK_PREFIX not in problem.message
