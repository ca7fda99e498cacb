"""A step's picture from a file on Android: the system's picker for PNG and JPEG, against the
fake jnius that answers as pyjnius 1.7.0 does (tests/services/fake_android.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.picture_files import jpeg, png
from tests.services.fake_android import FakeAndroidWithDocuments, FakeDocumentIntent
from tests.services.test_android_documents import DOCUMENT, Threads, pick
from unknot.core.routines.pictures import MAX_PICTURE_BYTES, PictureError, check_picture
from unknot.services.android.documents import (
    PICK_REQUEST_CODE,
    PICTURE_REQUEST_CODE,
    AndroidDocuments,
    safe_picture_name,
)
from unknot.services.documents import NullDocuments

PICTURE = "content://com.android.providers.media.documents/document/image%3A1234"


@pytest.fixture
def phone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeAndroidWithDocuments:
    fake = FakeAndroidWithDocuments(tmp_path / "cache")
    fake.install(monkeypatch)
    return fake


@pytest.fixture
def threads() -> Threads:
    return Threads()


@pytest.fixture
def documents(phone: FakeAndroidWithDocuments, threads: Threads) -> AndroidDocuments:
    return AndroidDocuments(
        call_on_main=threads.call_on_main, run_in_background=threads.run_in_background
    )


def pick_picture(documents: AndroidDocuments) -> list[Path | None]:
    picked: list[Path | None] = []
    assert documents.pick_picture_file(picked.append) is True
    return picked


def test_the_picker_asks_for_openable_png_and_jpeg(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments
) -> None:
    pick_picture(documents)
    (request,) = phone.documents_activity.requests
    intent = request.intent
    assert request.request_code == PICTURE_REQUEST_CODE != PICK_REQUEST_CODE
    assert intent.getAction() == "android.intent.action.OPEN_DOCUMENT"
    assert intent.categories == ["android.intent.category.OPENABLE"]
    assert intent.getType() == "image/*"
    # a Python list reaches putExtra(String, String[]) with pyjnius 1.7.0: the fake checks it
    assert intent.getStringArrayExtra(FakeDocumentIntent.EXTRA_MIME_TYPES) == [
        "image/png",
        "image/jpeg",
    ]


def test_a_picked_picture_arrives_as_a_local_file_with_its_name(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    data = jpeg(40, 30)
    uri = phone.content_resolver.add(PICTURE, "IMG_2024 tuck.jpg", data, max_read=100)
    picked = pick_picture(documents)
    phone.choose(uri)
    assert picked == []  # read on a worker thread, answered on Kivy's
    threads.run()

    (path,) = picked
    assert path is not None
    assert path == phone.cache_dir / "picked-picture" / "IMG_2024 tuck.jpg"
    assert path.read_bytes() == data
    assert check_picture(path).kind == "JPEG"
    assert all(stream.closed for stream in phone.content_resolver.input_streams)


def test_a_picture_too_large_is_copied_only_just_past_the_limit_and_refused(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    huge = png() + b"\x00" * (MAX_PICTURE_BYTES * 2)
    uri = phone.content_resolver.add(PICTURE, "huge.png", huge)
    picked = pick_picture(documents)
    phone.choose(uri)
    threads.run()
    (path,) = picked
    assert path is not None
    assert path.stat().st_size == MAX_PICTURE_BYTES + 1
    with pytest.raises(PictureError, match=r"huge\.png is more than 2\.0 MB"):
        check_picture(path)


def test_cancelling_gives_none_and_the_picker_can_open_again(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    picked = pick_picture(documents)
    phone.choose(None)
    threads.run()
    assert picked == [None]
    again = pick_picture(documents)
    assert len(phone.documents_activity.requests) == 2
    assert again == []


def test_a_routine_pick_and_a_picture_pick_are_answered_apart(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    routine = phone.content_resolver.add(DOCUMENT, "a.yaml", b"title: A\n")
    picture = phone.content_resolver.add(PICTURE, "tuck.png", png())
    routines = pick(documents)
    pictures = pick_picture(documents)
    phone.deliver_activity_result(PICTURE_REQUEST_CODE, phone.RESULT_OK, _result(picture))
    threads.run()
    assert routines == []
    assert [p.name for p in pictures if p] == ["tuck.png"]
    phone.deliver_activity_result(PICK_REQUEST_CODE, phone.RESULT_OK, _result(routine))
    threads.run()
    assert [p.name for p in routines if p] == ["a.yaml"]
    assert (phone.cache_dir / "picked-picture" / "tuck.png").exists()  # folders kept apart


def test_a_second_picture_pick_while_one_is_open_gets_none(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    pick_picture(documents)
    second = pick_picture(documents)
    threads.run()
    assert second == [None]
    assert len(phone.documents_activity.requests) == 1


def test_a_picker_that_cannot_open_says_false_and_is_not_stuck(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments
) -> None:
    phone.missing_activities.add("android.intent.action.OPEN_DOCUMENT")
    picked: list[Path | None] = []
    assert documents.pick_picture_file(picked.append) is False
    phone.missing_activities.clear()
    assert documents.pick_picture_file(picked.append) is True
    assert picked == []


def test_a_desktop_has_no_picture_picker() -> None:
    calls: list[Path | None] = []
    assert NullDocuments().pick_picture_file(calls.append) is False
    assert calls == []


@pytest.mark.parametrize(
    ("shown", "name"),
    [
        ("IMG_1.JPG", "IMG_1.JPG"),
        ("holiday.heic", "holiday.heic"),  # kept: the checks then name what was chosen
        ("../../etc/passwd.png", "passwd.png"),
        ("a\x1b[31m.png", "a_[31m.png"),
        (".hidden.png", "hidden.png"),
        ("", "picture"),
        (None, "picture"),
        ("...", "picture"),
        ("é" * 200 + ".png", "é" * 125 + ".png"),
    ],
)
def test_a_picture_documents_name_is_made_safe(shown: str | None, name: str) -> None:
    assert safe_picture_name(shown) == name
    assert len(safe_picture_name(shown).encode("utf-8")) <= 255


def _result(uri: object) -> FakeDocumentIntent:
    result = FakeDocumentIntent()
    result.setData(uri)
    return result
