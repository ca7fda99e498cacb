"""The JSON store in trouble: what is at the path is no file, cannot be read, or cannot be written.

The unreadable file and the read-only folder are made for real with ``chmod``
where the tests do not run as root (root reads and writes through any mode);
the same behaviour is also driven everywhere by a refusal injected where the
store opens or writes its file, as a full storage is (no test can fill a disk).
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.core.storage.counts import ASIDE, store_at
from unknot.core.storage import json_store
from unknot.core.storage.notices import Notice, Notices, SaveError
from unknot.core.storage.snapshot import MAX_STATE_BYTES

as_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads and writes whatever the file's mode says",
)


class Refusals:
    """The paths that opening refuses, as it refuses a file without read permission."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self._open = os.open

    def open(self, path: str | Path, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if str(path) in self.paths:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return self._open(path, flags, mode, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> Iterator[Refusals]:
    refused = Refusals()
    monkeypatch.setattr(os, "open", refused.open)
    yield refused
    refused.paths.clear()


@pytest.fixture
def refuse_reading(refusals: Refusals) -> Callable[[Path], None]:
    """``refuse_reading(path)``: opening ``path`` fails from now on."""
    return lambda path: refusals.paths.add(str(path))


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
    """Every write of the store fails as it does on a full (or read-only) storage."""

    def failing(path: Path, data: bytes | str) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(json_store, "write_atomic", failing)


# -- whatever is at the path ----------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_at_the_path_is_set_aside_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    os.mkfifo(path)
    store = store_at(path)
    loaded: list[dict[str, int]] = []

    reader = threading.Thread(target=lambda: loaded.append(store.load()), daemon=True)
    reader.start()
    reader.join(timeout=10)

    assert not reader.is_alive(), "loading waited on the pipe"
    assert loaded == [{}]
    assert (tmp_path / ASIDE).is_fifo()
    assert store.problem is not None and "it is a pipe, not a file" in store.problem


def test_a_link_is_set_aside_and_what_it_points_to_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text('{"a": 1}')
    path = tmp_path / "counts.json"
    path.symlink_to(target)
    store = store_at(path)

    assert store.load() == {}
    store.save({"b": 2})

    assert (tmp_path / ASIDE).is_symlink()
    assert target.read_text() == '{"a": 1}'
    assert not path.is_symlink() and store_at(path).load() == {"b": 2}


def test_a_dangling_link_is_set_aside_not_taken_for_a_first_run(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.symlink_to(tmp_path / "nowhere.json")
    store = store_at(path)

    assert store.load() == {}

    assert (tmp_path / ASIDE).is_symlink()
    assert store.problem is not None and "it is a link, not a file" in store.problem


def test_a_huge_file_is_set_aside_unread(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_STATE_BYTES + 1)
    store = store_at(path)

    assert store.load() == {}

    assert (tmp_path / ASIDE).stat().st_size == MAX_STATE_BYTES + 1
    assert store.problem is not None and "more than the 1,000,000" in store.problem


# -- a file that cannot be read ------------------------------------------------------------


def test_an_unreadable_file_is_reported_and_never_written_over(
    tmp_path: Path, refuse_reading: Callable[[Path], None]
) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}')
    refuse_reading(path)
    notices = Notices()
    store = store_at(path, notices)

    assert store.load() == {}
    assert store.unreadable
    assert store.problem == (
        f"{path} could not be read ([Errno 13] Permission denied: '{path}'); counting from zero."
    )
    assert notices.pending == (Notice("counts.load", store.problem),)

    with pytest.raises(SaveError) as refused:
        store.save({"z": 1})

    assert str(refused.value) == (
        "The counts could not be saved: counts.json is there but could not be read, and "
        "Unknot does not write over what it could not read."
    )
    assert path.read_text() == '{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}'
    assert [entry.name for entry in tmp_path.iterdir()] == ["counts.json"]
    assert [notice.key for notice in notices.pending] == ["counts.load", "counts.save"]


def test_once_it_reads_again_the_retry_saves_the_change_on_top_of_it(
    tmp_path: Path, refusals: Refusals
) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1, "b": 2}')
    notices = Notices()
    refusals.paths.add(str(path))
    store = store_at(path, notices)
    store.load()
    with pytest.raises(SaveError):
        store.save({"z": 26})
    notices.retry()
    assert [notice.key for notice in notices.pending] == ["counts.load", "counts.save"]
    refusals.paths.clear()

    notices.retry()

    assert store_at(path).load() == {"a": 1, "b": 2, "z": 26}
    assert not store.unreadable
    assert notices.pending == ()


def test_a_save_tries_reading_again_first(tmp_path: Path, refusals: Refusals) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1}')
    refusals.paths.add(str(path))
    store = store_at(path)
    store.load()
    refusals.paths.clear()  # readable again, before anything was saved

    assert store.save({"b": 2}) == {"a": 1, "b": 2}

    assert store_at(path).load() == {"a": 1, "b": 2}


def test_starting_afresh_sets_the_unreadable_file_aside_and_saves(
    tmp_path: Path, refuse_reading: Callable[[Path], None]
) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1}')
    refuse_reading(path)
    notices = Notices()
    store = store_at(path, notices)
    store.load()
    with pytest.raises(SaveError):
        store.save({"b": 2})

    store.start_afresh()

    assert (tmp_path / ASIDE).read_text() == '{"a": 1}'
    assert path.read_text() == '{"b": 2}\n'
    assert not store.unreadable
    assert notices.pending == ()


def test_starting_afresh_does_nothing_to_a_file_that_reads(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1}')
    store = store_at(path)
    store.load()

    store.start_afresh()

    assert [entry.name for entry in tmp_path.iterdir()] == ["counts.json"]


def test_a_damaged_file_that_cannot_be_moved_is_not_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": "x"}')
    store = store_at(path)
    with monkeypatch.context() as patch:
        patch.setattr(Path, "replace", _no_rename)
        store.load()
        assert store.unreadable
        with pytest.raises(SaveError, match="damaged and could not be moved aside"):
            store.save({"b": 2})

    assert path.read_text() == '{"a": "x"}'


def _no_rename(self: Path, target: object) -> None:
    raise OSError(errno.EROFS, "Read-only file system")


@as_root
def test_a_file_without_read_permission_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1}')
    path.chmod(0)
    try:
        store = store_at(path)
        assert store.load() == {}
        assert store.unreadable
        with pytest.raises(SaveError):
            store.save({"b": 2})
    finally:
        path.chmod(0o600)
    assert path.read_text() == '{"a": 1}'


# -- a save that does not reach the disk ---------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the storage is full"),
        (errno.EROFS, "the storage is read-only"),
        (errno.EACCES, "Unknot is not allowed to write to its data folder"),
    ],
)
def test_a_failed_save_says_why_keeps_the_file_and_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1}')
    notices = Notices()
    store = store_at(path, notices)
    store.load()
    with monkeypatch.context() as patch:
        fail_writes(patch, code)
        with pytest.raises(SaveError) as failed:
            store.save({"a": 2})
        notices.retry()

    assert str(failed.value) == f"The counts could not be saved: {reason}."
    assert isinstance(failed.value.cause, OSError) and failed.value.cause.errno == code
    assert path.read_text() == '{"a": 1}'
    assert notices.pending == (Notice("counts.save", str(failed.value)),)

    notices.retry()

    assert store_at(path).load() == {"a": 2}
    assert not notices.pending


def test_a_later_save_that_works_withdraws_the_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices = Notices()
    store = store_at(tmp_path / "counts.json", notices)
    store.load()
    with monkeypatch.context() as patch:
        fail_writes(patch)
        with pytest.raises(SaveError):
            store.save({"a": 1})

    store.save({"a": 1, "b": 2})

    assert notices.pending == ()
    assert store_at(tmp_path / "counts.json").load() == {"a": 1, "b": 2}


def test_a_failure_said_once_is_not_said_again_at_each_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices = Notices()
    told: list[int] = []
    notices.on_changed(lambda: told.append(len(notices.pending)))
    store = store_at(tmp_path / "counts.json", notices)
    fail_writes(monkeypatch)
    with pytest.raises(SaveError):
        store.save({"a": 1})
    notices.dismiss("counts.save")

    for _ in range(3):
        notices.retry()

    assert notices.pending == ()
    assert told == [1, 0]


@as_root
def test_a_read_only_folder_fails_the_save_with_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "counts.json"
    path.write_text('{"a": 1}')
    notices = Notices()
    store = store_at(path, notices)
    store.load()
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError) as failed:
            store.save({"a": 2})
        assert str(failed.value) == (
            "The counts could not be saved: Unknot is not allowed to write to its data folder."
        )
        assert path.read_text() == '{"a": 1}'
    finally:
        folder.chmod(0o755)
    notices.retry()
    assert store_at(path).load() == {"a": 2}
