"""A picture path that is no file: a named pipe, a device, a folder.

Opening a named pipe for reading waits for a writer, for ever: a routine that
names one, or a person who picks one, must get a sentence, never a frozen app.
Each check runs in a thread with a deadline, so a hang fails the test instead of
hanging the suite (a writer is opened afterwards to release a stuck reader).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from tests.picture_files import png
from unknot.core.routines.library import LibraryError, RoutineLibrary
from unknot.core.routines.loader import parse_routine_text
from unknot.core.routines.pictures import PictureError, check_picture, copy_picture_in
from unknot.core.routines.problems import RoutineError

T = TypeVar("T")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def promptly(action: Callable[[], T], fifo: Path | None = None, seconds: float = 5.0) -> T:
    """``action()``'s result, or its exception, within ``seconds``; a hang fails the test."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, action()))
        except BaseException as error:
            outcome.append((False, error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if fifo is not None:  # let the stuck open return, so the thread ends
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still waiting after {seconds} s: a special file was opened")
    ((returned, result),) = outcome
    if not returned:
        assert isinstance(result, BaseException)
        raise result
    return result  # type: ignore[return-value]


def refused(action: Callable[[], object], fifo: Path | None = None) -> str:
    with pytest.raises(PictureError) as caught:
        promptly(action, fifo)
    return str(caught.value)


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    message = refused(lambda: check_picture(fifo), fifo)
    assert message == "pipe.png is a named pipe, not a picture file; choose a .png or .jpg file"


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "holiday.png"
    folder.mkdir()
    assert refused(lambda: check_picture(folder, "pictures/holiday.png")) == (
        "pictures/holiday.png is a folder, not a picture file; choose a .png or .jpg file"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_as_a_device() -> None:
    message = refused(lambda: check_picture(Path("/dev/zero"), "zero.png"))
    assert message == "zero.png is a device, not a picture file; choose a .png or .jpg file"


@needs_fifo
def test_a_link_to_a_named_pipe_is_refused_too(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "looks-fine.png"
    link.symlink_to(fifo)
    assert "is a named pipe" in refused(lambda: check_picture(link), fifo)


@needs_fifo
def test_a_routine_naming_a_pipe_in_its_folder_says_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "tuck.png"
    os.mkfifo(fifo)
    text = "title: T\nsteps:\n  - title: A\n    duration: 30s\n    image: tuck.png\n"

    def load() -> object:
        return parse_routine_text(text, "r.yaml", default_id="r", routine_dir=tmp_path)

    with pytest.raises(RoutineError) as caught:
        promptly(load, fifo)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (5, "steps[1].image")
    assert problem.message.startswith("tuck.png is a named pipe, not a picture file")


@needs_fifo
def test_a_chosen_pipe_is_refused_and_nothing_is_copied(tmp_path: Path) -> None:
    fifo = tmp_path / "Downloads" / "tuck.png"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    user_dir = tmp_path / "routines"
    message = refused(lambda: copy_picture_in(fifo, user_dir, "evening"), fifo)
    assert "tuck.png is a named pipe" in message
    assert not user_dir.exists()


def test_a_regular_picture_is_still_read_and_copied(tmp_path: Path) -> None:
    chosen = tmp_path / "tuck.png"
    chosen.write_bytes(png(8, 6))
    info = check_picture(chosen)
    assert (info.kind, info.width, info.height, info.size) == ("PNG", 8, 6, len(png(8, 6)))
    name = copy_picture_in(chosen, tmp_path / "routines", "r")
    assert (tmp_path / "routines" / name).read_bytes() == png(8, 6)


def _library_with_own_picture(tmp_path: Path) -> tuple[RoutineLibrary, Path]:
    """The person's routine 'evening', whose step shows their own pictures/evening/tuck.png."""
    user_dir = tmp_path / "routines"
    picture = user_dir / "pictures" / "evening" / "tuck.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(png())
    (user_dir / "evening.yaml").write_text(
        "title: Evening\nsteps:\n  - title: A\n    duration: 30s\n"
        "    image: pictures/evening/tuck.png\n"
    )
    library = RoutineLibrary([], user_dir)
    library.load()
    return library, picture


@needs_fifo
@pytest.mark.parametrize("suffix", ["", ".zip", ".yaml"])
def test_an_export_whose_picture_became_a_pipe_is_refused_without_waiting(
    tmp_path: Path, suffix: str
) -> None:
    library, picture = _library_with_own_picture(tmp_path)
    picture.unlink()
    os.mkfifo(picture)  # after the load: the routine was fine when it was read
    shared = tmp_path / "shared"
    shared.mkdir()
    destination = shared / f"evening{suffix}" if suffix else shared

    with pytest.raises(LibraryError) as caught:
        promptly(lambda: library.export("evening", destination), picture)

    assert "tuck.png is a named pipe, not a picture file" in str(caught.value)
    assert sorted(p.name for p in shared.iterdir()) == []


@needs_fifo
def test_a_pipe_where_an_exported_picture_would_go_is_not_opened(tmp_path: Path) -> None:
    library, _ = _library_with_own_picture(tmp_path)
    shared = tmp_path / "shared"
    trap = shared / "pictures" / "evening" / "tuck.png"
    trap.parent.mkdir(parents=True)
    os.mkfifo(trap)

    with pytest.raises(LibraryError) as caught:
        promptly(lambda: library.export("evening", shared / "evening.yaml"), trap)

    assert "a different picture is already at" in str(caught.value)
