"""The safety answers' file in trouble: never lost silently, never a crash, merged between windows.

A "numb skin: yes" that is not saved comes back as "no" after a restart, and the
heat warning with it: a failed save must be said, and retried.
"""

from __future__ import annotations

import errno
import os
from datetime import datetime
from pathlib import Path

import pytest

from unknot.core.safety.screening import KEYS, Screening, ScreeningStore
from unknot.core.storage import json_store
from unknot.core.storage.notices import Notice, Notices, SaveError

STAMP = "20261121-090000"


def answered(**yes: bool) -> Screening:
    return Screening({**dict.fromkeys(KEYS, False), **yes}, "2026-11-21T09:00:00")


def store_at(path: Path, notices: Notices | None = None) -> ScreeningStore:
    return ScreeningStore(path, now=lambda: datetime(2026, 11, 21, 9, 0, 0), notices=notices)


def full(path: Path, data: bytes | str) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(path))


def test_a_failed_save_of_the_answers_is_said_and_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "screening.json"
    notices = Notices()
    store = store_at(path, notices)
    assert store.load() is None
    with monkeypatch.context() as patch:
        patch.setattr(json_store, "write_atomic", full)
        with pytest.raises(SaveError) as failed:
            store.save(answered(numb_skin=True))

    assert notices.pending == (
        Notice(
            "screening.save",
            "Your safety answers could not be saved: the storage is full. They count while "
            "Unknot is open, and Unknot will try again.",
        ),
    )
    assert str(failed.value) == notices.pending[0].text
    assert not path.exists()

    notices.retry()

    reloaded = store_at(path).load()
    assert reloaded is not None and reloaded.heat_warning
    assert not notices.pending


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_answers_in_a_read_only_folder_are_said_not_saved(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    notices = Notices()
    store = store_at(folder / "screening.json", notices)
    store.load()
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="Unknot is not allowed to write"):
            store.save(answered(numb_skin=True))
    finally:
        folder.chmod(0o755)
    notices.retry()
    assert store_at(folder / "screening.json").load() == answered(numb_skin=True)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"answers": ' * 30_000 + "{}" + "}" * 30_000, id="deep"),
        pytest.param('{"answers": {"injury": 1' + "0" * 5000 + "}}", id="5000-digits"),
        pytest.param('{"answers": {}, "answered_at": "\\ud800"}', id="lone-surrogate"),
        pytest.param('{"answers": {}, "answered_at": "' + "9" * 500 + '"}', id="long-text"),
        pytest.param('{"answers": {"injury": NaN}}', id="nan"),
        pytest.param('{"answers": []}', id="wrong-type"),
        pytest.param("\x00\xff\xfe", id="binary"),
    ],
)
def test_hostile_answers_are_set_aside_and_asked_again(tmp_path: Path, content: str) -> None:
    path = tmp_path / "screening.json"
    raw = content.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    store = store_at(path)

    assert store.load() is None

    assert (tmp_path / f"screening.json.damaged-{STAMP}").read_bytes() == raw
    assert store.problem is not None and len(store.problem) < 400


def test_two_windows_keep_each_others_answers(tmp_path: Path) -> None:
    path = tmp_path / "screening.json"
    store_at(path).save(answered())
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    mine, theirs = here.load(), there.load()
    assert mine is not None and theirs is not None

    there.save(Screening({**theirs.answers, "shooting_pain": True}, theirs.answered_at))
    saved = here.save(Screening({**mine.answers, "numb_skin": True}, "2026-11-22T10:00:00"))

    assert saved == Screening(
        {**answered().answers, "shooting_pain": True, "numb_skin": True}, "2026-11-22T10:00:00"
    )
    assert store_at(path).load() == saved
    assert notices.pending == ()


def test_answers_given_here_over_others_given_there_are_kept_and_said(tmp_path: Path) -> None:
    """Two windows that both asked the questions: the later answers count, and it is said."""
    path = tmp_path / "screening.json"
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    assert here.load() is None and there.load() is None

    there.save(answered(injury=True))
    saved = here.save(answered(bone=True))

    assert saved == answered(bone=True)
    assert [n.key for n in notices.pending] == ["screening.conflict"]


def test_an_answer_missing_from_an_older_file_is_not_taken_away(tmp_path: Path) -> None:
    path = tmp_path / "screening.json"
    here = store_at(path)
    here.load()
    here.save(answered(dizzy_lying=True))
    older = {key: False for key in KEYS if key != "dizzy_lying"}
    path.write_text('{"answers": ' + str(older).replace("'", '"').replace("False", "false") + "}")

    saved = here.save(answered(dizzy_lying=True, bone=True))

    assert saved.complete and saved.dizzy_lying and saved.answers["bone"]
