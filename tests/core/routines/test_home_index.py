"""Home's index: written after a load, used only under the key it was written with, and
never trusted further than that. A damaged or hostile file is not used, never raises."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from tests.fuzz.state_damage import damages, place
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.home_index import (
    MAX_BYTES,
    Card,
    HomeCards,
    HomeIndexStore,
    card_of,
    index_key,
)
from unknot.core.routines.loader import load_routine

CARDS = HomeCards(
    builtin=(Card("chin-tucks-1", "Chin tucks, level 1", "2 min   neck", "a/b.png"),),
    mine=(Card("mine", "Mine · ünïcode", "1 min", ""),),
    failures=("bad.yaml: line 2: title: say what the routine is called",),
)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """A routine folder with one routine, a folder of the person's, and the answer files."""
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "one.yaml").write_text("title: One\nsteps:\n  - title: Rest\n    duration: 30s\n")
    mine = tmp_path / "mine"
    mine.mkdir()
    answers = tmp_path / "screening.json"
    answers.write_text('{"answers": {}}')
    seated = tmp_path / "seated.json"
    return builtin, mine, answers, seated


def key_of(folders: tuple[Path, Path, Path, Path], version: str = "1.0") -> str:
    builtin, mine, answers, seated = folders
    return index_key([builtin, mine], [answers, seated], version)


def test_the_cards_come_back_under_their_key_only(tmp_path: Path) -> None:
    store = HomeIndexStore(tmp_path / "index.json")
    store.save("key-a", CARDS)
    assert HomeIndexStore(tmp_path / "index.json").load("key-a") == CARDS
    assert HomeIndexStore(tmp_path / "index.json").load("key-b") is None


def test_a_card_is_what_home_shows_of_a_routine() -> None:
    routine = load_routine(BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml")
    card = card_of(routine)
    assert (card.id, card.title) == ("chin-tucks-1", "Chin tucks, level 1")
    assert card.details.startswith(routine.length) and "neck" in card.details
    assert card.picture.endswith(".png") and "/thumbs/" in card.picture


def test_the_key_stays_while_nothing_changes(folders: tuple[Path, Path, Path, Path]) -> None:
    assert key_of(folders) == key_of(folders)


@pytest.mark.parametrize(
    "change",
    [
        "edit a routine",
        "add a routine",
        "remove a routine",
        "add one of mine",
        "answer again",
        "choose seated",
        "a new version",
    ],
)
def test_the_key_changes_with_what_the_cards_are_made_of(
    folders: tuple[Path, Path, Path, Path], change: str
) -> None:
    builtin, mine, answers, seated = folders
    before = key_of(folders)
    version = "1.0"
    if change == "edit a routine":
        path = builtin / "one.yaml"
        stat = path.stat()
        path.write_text(path.read_text().replace("One", "Uno"))  # same size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    elif change == "add a routine":
        (builtin / "two.yaml").write_text("title: Two\n")
    elif change == "remove a routine":
        (builtin / "one.yaml").unlink()
    elif change == "add one of mine":
        (mine / "three.yaml").write_text("title: Three\n")
    elif change == "answer again":
        answers.write_text('{"answers": {"dizzy": true}}')
    elif change == "choose seated":
        seated.write_text('{"seated": {"one": true}}')
    else:
        version = "1.1"
    assert key_of(folders, version) != before


def test_a_folder_that_cannot_be_read_still_gives_a_key(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    a_file = tmp_path / "file.yaml"
    a_file.write_text("title: A\n")
    assert index_key([missing, a_file], [tmp_path / "none.json"], "1") == index_key(
        [missing, a_file], [tmp_path / "none.json"], "1"
    )
    assert index_key([missing], [], "1") != index_key([tmp_path], [], "1")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'"a string"',
        b'{"key": "k"}',
        b'{"key": "k", "builtin": {}, "mine": [], "failures": []}',
        b'{"key": "k", "builtin": [{"id": 1, "title": "t", "details": "", "picture": ""}],'
        b' "mine": [], "failures": []}',
        b'{"key": "k", "builtin": [{"id": "a"}], "mine": [], "failures": []}',
        b'{"key": "k", "builtin": [], "mine": [], "failures": [null]}',
        b'{"key": "k", "builtin": [], "mine": [], "failures": "text"}',
        b'{"key": "k", "builtin": [1], "mine": [], "failures": []}',
        b'{"key": "k", "builtin": [' * 50_000,
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_a_damaged_or_hostile_index_is_not_used(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "index.json"
    path.write_bytes(content)
    assert HomeIndexStore(path).load("k") is None


def test_a_file_too_large_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    good = json.dumps({"key": "k", "builtin": [], "mine": [], "failures": []})
    path.write_text(good + " " * MAX_BYTES)
    assert HomeIndexStore(path).load("k") is None
    path.write_text(good)
    assert HomeIndexStore(path).load("k") == HomeCards()


def test_a_folder_where_the_file_should_be_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "index.json").mkdir()
    store = HomeIndexStore(tmp_path / "index.json")
    assert store.load("k") is None


def test_a_save_that_fails_is_only_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = HomeIndexStore(tmp_path / "gone" / "index.json")
    with caplog.at_level(logging.WARNING):
        store.save("k", CARDS)
    assert "was not written" in caplog.text
    assert store.load("k") is None


def test_what_the_file_holds_is_not_written_again(tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    store = HomeIndexStore(path)
    store.save("k", CARDS)
    os.utime(path, ns=(1, 1))
    store.save("k", CARDS)
    assert path.stat().st_mtime_ns == 1
    reopened = HomeIndexStore(path)
    assert reopened.load("k") == CARDS
    reopened.save("k", CARDS)  # what it read is what it would write
    assert path.stat().st_mtime_ns == 1
    reopened.save("k2", CARDS)
    assert path.stat().st_mtime_ns != 1
    assert HomeIndexStore(path).load("k2") == CARDS


@pytest.mark.parametrize("kind", ["pipe", "link", "dangling link"])
def test_a_pipe_or_a_link_in_the_index_place_is_not_read(tmp_path: Path, kind: str) -> None:
    """A pipe would block the start forever if it were opened to be read."""
    path = tmp_path / "index.json"
    good = tmp_path / "good.json"
    HomeIndexStore(good).save("k", CARDS)
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to(good if kind == "link" else tmp_path / "none")
    assert HomeIndexStore(path).load("k") is None


def test_a_pipe_among_the_answers_does_not_block_the_key(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "screening.json")
    (tmp_path / "routines").mkdir()
    os.mkfifo(tmp_path / "routines" / "odd.yaml")
    key = index_key([tmp_path / "routines"], [tmp_path / "screening.json"], "1")
    assert key == index_key([tmp_path / "routines"], [tmp_path / "screening.json"], "1")


def test_a_file_replaced_by_one_of_the_same_size_and_time_changes_the_key(
    folders: tuple[Path, Path, Path, Path],
) -> None:
    builtin = folders[0]
    path = builtin / "one.yaml"
    stat = path.stat()
    before = key_of(folders)
    replacement = builtin.parent / "replacement.yaml"
    replacement.write_text(path.read_text().replace("One", "Uno"))
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    keep_inode_busy = path.open()  # so the replacement cannot reuse its inode
    try:
        replacement.replace(path)
        assert key_of(folders) != before
    finally:
        keep_inode_busy.close()


def test_no_damage_the_state_files_meet_makes_the_index_raise_or_lie(tmp_path: Path) -> None:
    """The state files' damage generator (byte flips, truncation, deep nesting, wrong
    types, other encodings, a folder, a pipe or a link in its place): each load gives
    cards (a flipped byte in a title still parses: the next frame's read corrects it)
    or None, and never raises or blocks."""
    good_path = tmp_path / "good.json"
    HomeIndexStore(good_path).save("k", CARDS)
    good = good_path.read_bytes()
    outcomes = {"used": 0, "not used": 0}
    for number, damage in enumerate(damages(good, 300, seed=21)):
        folder = tmp_path / str(number)
        folder.mkdir()
        path = folder / "index.json"
        place(damage, path)
        cards = HomeIndexStore(path).load("k")
        assert cards is None or isinstance(cards, HomeCards), damage
        outcomes["used" if cards is not None else "not used"] += 1
    assert outcomes["not used"] > 200  # the damage was real
