"""Two windows (two app processes) on one data folder: each store keeps the other's changes.

Each "window" is a store of its own on the same path, as a second process has;
the file on disk is all they share.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.core.storage.counts import store_at
from unknot.core.storage import json_store
from unknot.core.storage.notices import Notice, Notices, SaveError


def test_a_save_keeps_what_another_window_saved_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    store_at(path).save({"a": 1, "b": 1})
    here, there = store_at(path), store_at(path)
    mine, theirs = here.load(), there.load()

    there.save({**theirs, "b": 2, "new": 7})
    saved = here.save({**mine, "a": 5})

    assert saved == {"a": 5, "b": 2, "new": 7}
    assert store_at(path).load() == saved


def test_something_deleted_here_stays_deleted(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    store_at(path).save({"a": 1, "b": 1})
    here, there = store_at(path), store_at(path)
    here.load()
    theirs = there.load()

    there.save({**theirs, "c": 3})
    saved = here.save({"a": 1})

    assert saved == {"a": 1, "c": 3}


def test_both_changing_one_thing_keeps_the_later_change_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    store_at(path).save({"a": 1})
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    here.load()
    there.load()

    there.save({"a": 2})
    saved = here.save({"a": 3})

    assert saved == {"a": 3}
    assert notices.pending == (
        Notice("counts.conflict", "Another window changed the count of a too."),
    )


def test_the_same_change_in_both_is_no_conflict(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    here.load()
    there.load()

    there.save({"a": 2})
    here.save({"a": 2})

    assert notices.pending == ()


def test_a_window_notices_a_change_by_stamp_and_takes_it_in(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    here, there = store_at(path), store_at(path)
    current = here.load()
    assert not here.changed_on_disk()
    assert here.refresh(current) is current

    there.save({"b": 2})

    assert here.changed_on_disk()
    current = here.refresh({"a": 1})  # "a" is this window's change, not saved yet
    assert current == {"a": 1, "b": 2}
    assert not here.changed_on_disk()
    assert here.save(current) == {"a": 1, "b": 2}
    assert not here.changed_on_disk()


def test_a_file_rewritten_with_the_same_content_is_no_change(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    store = store_at(path)
    store.save({"a": 1})
    content = path.read_bytes()
    path.unlink()
    path.write_bytes(content)
    os.utime(path, ns=(1, 1))

    assert store.changed_on_disk()
    assert store.refresh({"a": 1}) == {"a": 1}
    assert not store.changed_on_disk()


def test_an_own_save_is_not_taken_for_another_windows(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    store = store_at(path)
    store.load()

    store.save({"a": 1})

    assert not store.changed_on_disk()


def test_a_file_damaged_by_another_window_is_set_aside_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    notices = Notices()
    store = store_at(path, notices)
    store.save({"a": 1})
    path.write_text("{not json")

    assert store.save({"a": 2}) == {"a": 2}

    assert [entry.name for entry in sorted(tmp_path.iterdir())] == [
        "counts.json",
        "counts.json.damaged-20260309-100000",
    ]
    assert [notice.key for notice in notices.pending] == ["counts.load"]


def test_a_retry_keeps_what_another_window_saved_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry merges too, and the caller's next save does not undo the other's change."""
    path = tmp_path / "counts.json"
    store_at(path).save({"a": 1, "b": 1})
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    mine, theirs = here.load(), there.load()
    mine = {**mine, "a": 2}
    with monkeypatch.context() as patch:
        patch.setattr(json_store, "write_atomic", _full)
        with pytest.raises(SaveError):
            here.save(mine)
    there.save({**theirs, "b": 5})

    notices.retry()
    assert store_at(path).load() == {"a": 2, "b": 5}
    here.save({**mine, "c": 1})  # the caller's value never saw b=5

    assert store_at(path).load() == {"a": 2, "b": 5, "c": 1}


def _full(path: Path, data: bytes | str) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(path))
