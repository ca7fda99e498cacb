"""``python -m unknot validate FILE.zip``: a routine with its pictures, checked as an import.

A physiotherapist who sends a bundle should learn what the app would refuse
before the person does: each problem names the bundle, the file in it, the line
and the field; a hostile bundle is refused with one sentence; the exit code is
1 for any problem. Nothing is left behind where the bundle was unpacked.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from tests.core.routines.test_bundle import PICTURES, ROUTINE, make_zip
from tests.core.test_cli import GOOD, validate
from tests.picture_files import png


def good_entries() -> dict[str, bytes]:
    return {"evening-tucks.yaml": ROUTINE.encode(), **PICTURES}


def test_a_good_bundle_is_described_like_a_routine_file(tmp_path: Path) -> None:
    bundle = make_zip(tmp_path / "from-physio.zip", good_entries())
    result = validate("validate", bundle)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "evening-tucks: Evening tucks (2 steps, 0:45)\n"
    assert "1 valid routine, 0 files with problems" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["from-physio.zip"]


def test_a_bundle_and_a_routine_file_can_be_checked_together(tmp_path: Path) -> None:
    bundle = make_zip(tmp_path / "b.zip", good_entries())
    (tmp_path / "good-one.yaml").write_text(GOOD)
    result = validate("validate", tmp_path / "good-one.yaml", bundle)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "good-one: Good one (1 step, 1:30)",
        "evening-tucks: Evening tucks (2 steps, 0:45)",
    ]


def test_a_routine_problem_in_a_bundle_names_the_bundle_entry_line_and_field(
    tmp_path: Path,
) -> None:
    wrong = ROUTINE.replace("reps: 5", "reps: 0").encode()
    bundle = make_zip(tmp_path / "b.zip", {**good_entries(), "evening-tucks.yaml": wrong})
    result = validate("validate", bundle)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{bundle}/evening-tucks.yaml:6:11: steps[1].reps: ")
    assert "1 file with problems" in result.stderr


def test_a_picture_the_bundle_lacks_is_named_with_its_field(tmp_path: Path) -> None:
    entries = good_entries()
    del entries["pictures/evening-tucks/nod.jpg"]
    bundle = make_zip(tmp_path / "b.zip", entries)
    result = validate("validate", bundle)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{bundle}/evening-tucks.yaml:8:46: steps[1].image[2]: ")
    assert "pictures/evening-tucks/nod.jpg does not exist next to the routine" in line
    assert ".bundle-" not in line  # the folder it was unpacked into is gone: never shown
    assert f"(in {bundle})" in line


def test_a_bundle_in_a_folder_is_checked_in_its_folder(tmp_path: Path) -> None:
    """The routine inside a folder of the bundle finds its pictures beside it, as import does."""
    entries = {f"Evening tucks/{name}": data for name, data in good_entries().items()}
    bundle = make_zip(tmp_path / "b.zip", entries)
    result = validate("validate", bundle)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({**good_entries(), "../evil.png": png()}, "which leaves the bundle's folder (..)"),
        ({**good_entries(), "/etc/evil.png": png()}, "an absolute path"),
        ({**good_entries(), "pictures/fake.png": b"not a picture"}, "is not a PNG or JPEG"),
        ({"evening-tucks.yaml": ROUTINE.encode(), "two.yaml": GOOD.encode()}, "2 routine files"),
        (PICTURES, "holds no routine (.yaml) file"),
    ],
    ids=["dot-dot", "absolute", "not a picture", "two routines", "no routine"],
)
def test_a_refused_bundle_is_one_problem_naming_the_bundle(
    tmp_path: Path, entries: dict[str, bytes], words: str
) -> None:
    bundle = make_zip(tmp_path / "b.zip", entries)
    result = validate("validate", bundle)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{bundle}: (file): b.zip")
    assert words in line
    assert "0 valid routines, 1 file with problems" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip"]


def test_a_link_in_a_bundle_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "b.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, data in good_entries().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("pictures/evening-tucks/passwd.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    result = validate("validate", bundle)
    assert result.returncode == 1
    assert "a link; a bundle holds plain files only" in result.stdout


def test_a_file_named_zip_that_is_not_one_is_a_problem(tmp_path: Path) -> None:
    bundle = tmp_path / "notes.zip"
    bundle.write_text("title: not a zip\n")
    result = validate("validate", bundle)
    assert result.returncode == 1
    assert result.stdout == (
        f"{bundle}: (file): notes.zip is not a zip file Unknot can read, or it is damaged\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_zip_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    result = validate("validate", fifo, timeout=10)
    assert result.returncode == 1
    assert result.stdout == (
        f"{fifo}: (file): pipe.zip is not a regular file; choose a .zip or .yaml file\n"
    )
