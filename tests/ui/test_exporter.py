"""One way out for every export: a desktop folder, or the system's save screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unknot.services.documents import NullDocuments
from unknot.ui.exporter import Exporter, export_folder


class SaveScreen:
    """The system's save screen as the exporter sees it: it takes a file and answers later."""

    def __init__(self, *, available: bool = True) -> None:
        self.available = available
        self.handed: list[tuple[Path, str]] = []
        self.answer: Callable[[str | None], None] | None = None

    def pick_routine_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return False

    def pick_picture_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return False

    def save_file(self, path: Path, name: str, on_done: Callable[[str | None], None]) -> bool:
        if not self.available:
            return False
        self.handed.append((path, path.read_text(encoding="utf-8")))
        self.answer = on_done
        return True


def test_a_desktop_export_is_written_to_the_folder_whole(tmp_path: Path) -> None:
    said: list[str] = []
    exporter = Exporter(
        NullDocuments(), tmp_path / "staging", through_system=False, folder=lambda: tmp_path
    )
    path = exporter.write("a.csv", "x,y\n", said.append, saved="Saved to {path}.", not_saved="-")
    assert path == tmp_path / "a.csv"
    assert path.read_text(encoding="utf-8") == "x,y\n"
    assert said == [f"Saved to {path}."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]  # no temporary file left


def test_a_failed_write_says_so_and_keeps_the_old_file(tmp_path: Path) -> None:
    said: list[str] = []
    blocked = tmp_path / "a.csv"
    blocked.mkdir()  # a folder where the file would go: the replace fails, as root too
    exporter = Exporter(NullDocuments(), tmp_path, through_system=False, folder=lambda: tmp_path)
    assert exporter.write("a.csv", "new", said.append, saved="{path}", not_saved="-") is None
    assert len(said) == 1 and said[0].startswith(f"Could not write {blocked}")
    assert blocked.is_dir()


def test_on_a_phone_the_file_is_staged_and_handed_to_the_save_screen(tmp_path: Path) -> None:
    said: list[str] = []
    screen = SaveScreen()
    exporter = Exporter(screen, tmp_path / "exports", through_system=True)
    path = exporter.write("a.csv", "x", said.append, saved="Saved to {path}.", not_saved="No.")
    assert path == tmp_path / "exports" / "a.csv"
    assert screen.handed == [(path, "x")]
    assert said == []  # nothing to say until the person chose
    assert screen.answer is not None
    screen.answer("Downloads/a.csv")
    screen.answer(None)
    assert said == ["Saved as Downloads/a.csv.", "No."]


def test_a_phone_without_a_save_screen_says_so(tmp_path: Path) -> None:
    said: list[str] = []
    exporter = Exporter(SaveScreen(available=False), tmp_path, through_system=True)
    exporter.write("a.csv", "x", said.append, saved="{path}", not_saved="-")
    assert said == ["This device has no place to save files to."]


def test_the_desktop_folder_is_downloads_when_there_is_one(tmp_path: Path) -> None:
    assert export_folder(tmp_path) == tmp_path
    (tmp_path / "Downloads").mkdir()
    assert export_folder(tmp_path) == tmp_path / "Downloads"
