"""The "Lying / Seated" choice per routine: kept across restarts, never a crash on a bad file."""

from __future__ import annotations

import errno
import json
from datetime import datetime
from pathlib import Path

import pytest

from unknot.core.routines.seated_choice import SeatedChoices, SeatedChoiceStore
from unknot.core.storage import json_store
from unknot.core.storage.notices import Notices, SaveError

STAMP = "20261121-090000"


def store_at(path: Path, notices: Notices | None = None) -> SeatedChoiceStore:
    return SeatedChoiceStore(path, now=lambda: datetime(2026, 11, 21, 9, 0, 0), notices=notices)


def test_no_file_means_no_choice_and_no_problem(tmp_path: Path) -> None:
    store = store_at(tmp_path / "seated.json")
    choices = store.load()
    assert choices == SeatedChoices()
    assert choices.get("chin-tucks-1") is None
    assert store.problem is None


def test_a_choice_is_saved_as_plain_json_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "data" / "seated.json"
    store = store_at(path)
    saved = store.save(store.load().chosen("chin-tucks-1", True).chosen("desk-break", False))
    assert json.loads(path.read_text()) == {"seated": {"chin-tucks-1": True, "desk-break": False}}
    again = store_at(path).load()
    assert again == saved
    assert again.get("chin-tucks-1") is True and again.get("desk-break") is False
    assert list(tmp_path.joinpath("data").iterdir()) == [path]  # no temporary file left


def test_choosing_again_replaces_the_earlier_choice(tmp_path: Path) -> None:
    path = tmp_path / "seated.json"
    store = store_at(path)
    store.save(store.load().chosen("chin-tucks-1", True))
    store.save(store_at(path).load().chosen("chin-tucks-1", False))
    assert store_at(path).load().get("chin-tucks-1") is False


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"seated": {"chin-tucks-1": tru', id="cut-off"),
        pytest.param('{"seated": {"chin-tucks-1": "yes"}}', id="not-a-bool"),
        pytest.param('{"seated": {"../../etc": true}}', id="not-an-id"),
        pytest.param('{"seated": {"\\ud800": true}}', id="lone-surrogate"),
        pytest.param('{"seated": []}', id="wrong-type"),
        pytest.param("[1, 2]", id="not-an-object"),
        pytest.param('{"seated": ' * 30_000 + "{}" + "}" * 30_000, id="deep"),
        pytest.param("\x00\xff\xfe", id="binary"),
    ],
)
def test_a_damaged_file_is_set_aside_said_and_no_choice_holds(tmp_path: Path, content: str) -> None:
    path = tmp_path / "seated.json"
    raw = content.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    notices = Notices()
    store = store_at(path, notices)

    assert store.load() == SeatedChoices()

    assert (tmp_path / f"seated.json.damaged-{STAMP}").read_bytes() == raw
    assert store.problem is not None and len(store.problem) < 400
    assert store.problem.startswith("Your Lying / Seated choices in seated.json are damaged")
    assert [notice.key for notice in notices.pending] == ["seated.load"]
    # The next choice is saved afresh where the damaged file was.
    store.save(SeatedChoices().chosen("chin-tucks-1", True))
    assert store_at(path).load().get("chin-tucks-1") is True


def test_the_message_names_the_bad_entry(tmp_path: Path) -> None:
    path = tmp_path / "seated.json"
    path.write_text('{"seated": {"chin-tucks-1": 1}}')
    store = store_at(path)
    store.load()
    assert store.problem is not None
    assert "seated.chin-tucks-1 must be true or false, not 1" in store.problem


def test_a_failed_save_is_said_and_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "seated.json"
    notices = Notices()
    store = store_at(path, notices)
    store.load()

    def full(_path: Path, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(json_store, "write_atomic", full)
        with pytest.raises(SaveError, match="the storage is full"):
            store.save(SeatedChoices().chosen("chin-tucks-1", True))
    assert not path.exists()
    notices.retry()
    assert store_at(path).load().get("chin-tucks-1") is True


def test_two_windows_keep_each_others_choices(tmp_path: Path) -> None:
    path = tmp_path / "seated.json"
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    mine, theirs = here.load(), there.load()
    there.save(theirs.chosen("desk-break", True))
    saved = here.save(mine.chosen("chin-tucks-1", True))
    assert saved == SeatedChoices({"desk-break": True, "chin-tucks-1": True})
    assert notices.pending == ()


def test_the_same_routine_chosen_in_two_windows_keeps_this_ones_and_says_so(
    tmp_path: Path,
) -> None:
    path = tmp_path / "seated.json"
    notices = Notices()
    here, there = store_at(path, notices), store_at(path)
    mine, theirs = here.load(), there.load()
    there.save(theirs.chosen("chin-tucks-1", False))
    saved = here.save(mine.chosen("chin-tucks-1", True))
    assert saved.get("chin-tucks-1") is True
    assert [notice.key for notice in notices.pending] == ["seated.conflict"]


def test_the_choices_check_ids_by_the_routine_fields_rule() -> None:
    """``ids.is_identifier`` (light, read before home's first frame) and the fields'
    ``identifier`` (which explains) accept exactly the same ids."""
    from unknot.core.routines import fields
    from unknot.core.routines.ids import is_identifier

    samples = [
        "chin-tucks-1",
        " chin-tucks-1 ",
        "a",
        "a" * 64,
        "a" * 65,
        "",
        " ",
        "-a",
        "a-",
        "a--b",
        "A",
        "ä",
        "a_b",
        "a b",
        "a\nb",
        "a\x00",
        "1-2-3",
        "\ud800",
        "a\tb",
    ]
    for sample in samples:
        try:
            fields.identifier(sample)
            accepted = True
        except ValueError:
            accepted = False
        assert is_identifier(sample) == accepted, repr(sample)
