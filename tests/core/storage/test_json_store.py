"""The generic JSON file store, apart from any one kind of file the app keeps in it."""

from __future__ import annotations

import logging
from pathlib import Path
from unittest import mock

import pytest

from tests.core.storage.counts import (
    ASIDE,
    NOW,
    WORDING,
    CountError,
    decode,
    encode,
    log,
    store_at,
)
from unknot.core.storage.json_store import JsonFileStore, JsonFormat


def test_a_missing_file_gives_the_default_without_a_problem(tmp_path: Path) -> None:
    store = store_at(tmp_path / "counts.json")

    assert store.load() == {}
    assert store.problem is None
    assert list(tmp_path.iterdir()) == []


def test_each_default_is_a_fresh_value(tmp_path: Path) -> None:
    store = store_at(tmp_path / "counts.json")
    first = store.load()
    first["changed"] = 1

    assert store.load() == {}


def test_a_good_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": 1, "b": 2}')
    store = store_at(path)

    assert store.load() == {"a": 1, "b": 2}
    assert store.problem is None


def test_the_file_name_reaches_decode(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.write_text("{")
    store = store_at(path)

    store.load()

    assert store.problem is not None and "counts.json is not JSON" in store.problem


@pytest.mark.parametrize("raw", [b'{"a": "one"}', b"\xff\xfe{", b""])
def test_a_damaged_file_is_set_aside_byte_for_byte_and_described(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "counts.json"
    path.write_bytes(raw)
    store = store_at(path)

    assert store.load() == {}

    assert not path.exists()
    assert (tmp_path / ASIDE).read_bytes() == raw
    reason = "counts must be whole numbers" if raw.startswith(b"{") else "counts.json is not JSON"
    assert store.problem == f"The counts in {path} are damaged ({reason}); kept as {ASIDE}."


def test_a_damaged_file_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "counts.json"
    path.write_text("[1")
    store = store_at(path)

    with caplog.at_level(logging.WARNING, logger=log.name):
        store.load()

    assert [record.getMessage() for record in caplog.records] == [store.problem]


def test_a_damaged_file_that_cannot_be_moved_is_left_and_described(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.write_text('{"a": null}')
    store = store_at(path)

    with mock.patch.object(Path, "replace", side_effect=OSError("read-only folder")):
        assert store.load() == {}

    assert path.read_text() == '{"a": null}'
    assert store.problem == (
        f"The counts in {path} are damaged (counts must be whole numbers); "
        "not moved (read-only folder)."
    )


def test_an_error_that_is_not_damage_is_not_swallowed(tmp_path: Path) -> None:
    """A bug in decode must show, not pass for a damaged file and move the person's data."""
    path = tmp_path / "counts.json"
    path.write_text("{}")

    def buggy(raw: bytes, file: str) -> dict[str, int]:
        raise KeyError("a bug, not damage")

    broken: JsonFormat[dict[str, int], dict[str, int]] = JsonFormat(
        decode=buggy,
        encode=encode,
        default=dict,
        damage=CountError,
        wording=WORDING,
        log=log,
    )

    with pytest.raises(KeyError):
        JsonFileStore(path, broken, now=lambda: NOW).load()
    assert path.read_text() == "{}"


def test_a_folder_at_the_path_is_set_aside_whole(tmp_path: Path) -> None:
    """A folder is never Unknot's file: it moves aside with what it holds, and a save works."""
    path = tmp_path / "counts.json"
    path.mkdir()
    (path / "inside.txt").write_text("kept")
    store = store_at(path)

    assert store.load() == {}

    assert (tmp_path / ASIDE / "inside.txt").read_text() == "kept"
    assert store.problem == (
        f"The counts in {path} are damaged (it is a folder, not a file); kept as {ASIDE}."
    )
    store.save({"a": 1})
    assert store_at(path).load() == {"a": 1}


def test_a_good_load_clears_the_last_problem(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    path.write_text("{")
    store = store_at(path)
    store.load()
    assert store.problem is not None

    store.save({"a": 3})

    assert store.load() == {"a": 3}
    assert store.problem is None


def test_a_saved_value_loads_back_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "counts.json"

    store_at(path).save({"a": 1, "z": 26})

    assert path.read_text() == '{"a": 1, "z": 26}\n'
    assert store_at(path).load() == {"a": 1, "z": 26}


def test_saving_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "counts.json"
    store = store_at(path)
    store.save({"a": 1, "b": 2, "c": 3})

    store.save({"a": 1})

    assert store.load() == {"a": 1}
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["counts.json"]


def test_a_default_of_another_type_stands_for_nothing_saved(tmp_path: Path) -> None:
    asked: JsonFormat[dict[str, int], None] = JsonFormat(
        decode=decode,
        encode=encode,
        default=lambda: None,
        damage=CountError,
        wording=WORDING,
        log=log,
    )
    path = tmp_path / "counts.json"
    store = JsonFileStore(path, asked, now=lambda: NOW)

    assert store.load() is None
    store.save({"a": 1})
    assert store.load() == {"a": 1}
    path.write_text("nonsense")
    assert store.load() is None
    assert (tmp_path / ASIDE).read_text() == "nonsense"
