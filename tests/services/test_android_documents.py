"""Routine files in and out on Android, against a fake jnius shaped like the real API.

The fake (tests/services/fake_android.py) has the real Intent and Activity
constants, a ContentResolver whose streams behave like java.io's (short reads,
-1 at the end, "w" that does not truncate), a Cursor, and python-for-android's
``android.activity`` with PythonActivity's rule that listeners are not changed
while a result is being delivered.
"""

from __future__ import annotations

import logging
import sys
import threading
import types
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.picture_files import png
from tests.services.fake_android import FakeAndroidWithDocuments, FakeDocumentIntent, FakeUri
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.bundle import MAX_BUNDLE_BYTES
from unknot.core.routines.library import LibraryError, RoutineLibrary
from unknot.core.routines.loader import load_routine
from unknot.core.routines.problems import RoutineError
from unknot.core.routines.yaml_reader import MAX_FILE_BYTES
from unknot.services.android.documents import (
    FALLBACK_NAME,
    PICK_MIME_TYPES,
    PICK_REQUEST_CODE,
    SAVE_REQUEST_CODE,
    AndroidDocuments,
    routine_file_from_intent,
    safe_file_name,
)
from unknot.services.documents import Documents, NullDocuments, create_documents

RESULT_OK = -1
RESULT_CANCELED = 0
ROUTINE = (BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml").read_bytes()
DOCUMENT = "content://com.android.externalstorage.documents/document/primary%3ADownload%2Fa.yaml"
CREATED = "content://com.android.providers.downloads.documents/document/msf%3A42"


class Threads:
    """Kivy's thread and the worker thread, run when the test says so."""

    def __init__(self) -> None:
        self.on_main: list[Callable[[], None]] = []
        self.in_background: list[Callable[[], None]] = []

    def call_on_main(self, function: Callable[[], None]) -> None:
        self.on_main.append(function)

    def run_in_background(self, function: Callable[[], None]) -> None:
        self.in_background.append(function)

    def run(self) -> None:
        """The worker finishes, then Kivy's next frame comes."""
        while self.in_background:
            self.in_background.pop(0)()
        while self.on_main:
            self.on_main.pop(0)()


@pytest.fixture
def phone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeAndroidWithDocuments]:
    fake = FakeAndroidWithDocuments(tmp_path / "cache")
    fake.install(monkeypatch)
    yield fake


@pytest.fixture
def threads() -> Threads:
    return Threads()


@pytest.fixture
def documents(phone: FakeAndroidWithDocuments, threads: Threads) -> AndroidDocuments:
    return AndroidDocuments(
        call_on_main=threads.call_on_main, run_in_background=threads.run_in_background
    )


def warnings_from_services(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "unknot.services" and r.levelno >= logging.WARNING
    ]


def pick(documents: AndroidDocuments) -> list[Path | None]:
    picked: list[Path | None] = []
    assert documents.pick_routine_file(picked.append) is True
    return picked


def test_it_is_a_documents_service(documents: AndroidDocuments) -> None:
    service: Documents = documents
    assert service is documents


# --- picking -------------------------------------------------------------------------------


def test_the_picker_asks_for_openable_yaml_documents(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments
) -> None:
    pick(documents)

    (request,) = phone.documents_activity.requests
    intent = request.intent
    assert request.request_code == PICK_REQUEST_CODE
    assert intent.getAction() == "android.intent.action.OPEN_DOCUMENT"
    assert intent.categories == ["android.intent.category.OPENABLE"]
    assert intent.getType() == "*/*"
    assert intent.getStringArrayExtra("android.intent.extra.MIME_TYPES") == [
        "application/x-yaml",
        "application/yaml",
        "text/yaml",
        "text/x-yaml",
        "text/plain",
        "application/octet-stream",  # what local storage calls a .yaml
        "application/zip",  # a routine with its pictures
        "application/x-zip-compressed",
    ]
    assert list(PICK_MIME_TYPES) == intent.getStringArrayExtra(FakeDocumentIntent.EXTRA_MIME_TYPES)


def test_a_picked_document_arrives_as_a_local_file_with_its_name(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "Chin tucks.yaml", ROUTINE, max_read=1000)
    picked = pick(documents)

    phone.choose(uri)
    assert picked == []  # read on a worker thread, answered on Kivy's
    threads.run()

    (path,) = picked
    assert path is not None
    assert path.name == "Chin tucks.yaml"
    assert path.parent == phone.cache_dir / "picked"
    assert path.read_bytes() == ROUTINE  # many short reads, put together
    (stream,) = phone.content_resolver.input_streams
    assert stream.closed
    assert all(cursor.closed for cursor in phone.content_resolver.cursors)
    assert load_routine(path).id == "chin-tucks-1"


def test_the_copy_imports_into_the_library(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    tmp_path: Path,
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "chin-tucks-1.yaml", ROUTINE)
    picked = pick(documents)
    phone.choose(uri)
    threads.run()
    (path,) = picked
    assert path is not None

    library = RoutineLibrary([], tmp_path / "mine")
    result = library.import_file(path)

    assert result.routine.id == "chin-tucks-1"
    assert (tmp_path / "mine" / "chin-tucks-1.yaml").read_bytes() == ROUTINE


def test_a_new_pick_replaces_the_previous_copy(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    first = phone.content_resolver.add(DOCUMENT, "first.yaml", ROUTINE)
    second = phone.content_resolver.add(DOCUMENT + "2", "second.yaml", ROUTINE)
    for uri in (first, second):
        pick(documents)
        phone.choose(uri)
        threads.run()

    assert sorted(p.name for p in (phone.cache_dir / "picked").iterdir()) == ["second.yaml"]


def test_cancelling_the_picker_gives_none(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    picked = pick(documents)

    phone.choose(None)
    threads.run()

    assert picked == [None]
    assert phone.content_resolver.input_streams == []


def test_ok_without_a_document_gives_none(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    picked = pick(documents)

    phone.deliver_activity_result(PICK_REQUEST_CODE, RESULT_OK, FakeDocumentIntent())
    threads.run()

    assert picked == [None]


def test_a_result_for_another_request_code_is_ignored(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    picked = pick(documents)
    other = FakeDocumentIntent().setData(uri)

    phone.deliver_activity_result(PICK_REQUEST_CODE + 100, RESULT_OK, other)
    threads.run()
    assert picked == []
    assert phone.content_resolver.input_streams == []

    phone.choose(uri)  # the picker's own answer still arrives
    threads.run()
    assert len(picked) == 1 and picked[0] is not None


def test_a_result_nobody_asked_for_is_ignored(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)

    phone.deliver_activity_result(PICK_REQUEST_CODE, RESULT_OK, FakeDocumentIntent().setData(uri))
    phone.deliver_activity_result(SAVE_REQUEST_CODE, RESULT_OK, FakeDocumentIntent().setData(uri))
    threads.run()

    assert phone.content_resolver.input_streams == []
    assert phone.content_resolver.output_streams == []


def test_a_document_over_1_mb_is_cut_so_the_loader_says_so(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    huge = b"# " + b"x" * (2 * MAX_FILE_BYTES) + b"\n"
    phone.content_resolver.add(DOCUMENT, "huge.yaml", huge, max_read=65536)
    picked = pick(documents)

    phone.choose(FakeUri(DOCUMENT))
    threads.run()

    (path,) = picked
    assert path is not None
    assert path.stat().st_size == MAX_FILE_BYTES + 1
    assert phone.content_resolver.documents[DOCUMENT].bytes_read == MAX_FILE_BYTES + 1
    assert phone.content_resolver.input_streams[0].closed
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    (problem,) = caught.value.problems
    assert "at most 1 MB" in problem.message
    assert problem.file.endswith("huge.yaml")


def test_a_bundle_is_read_up_to_its_own_limit_and_imports_whole(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads, tmp_path: Path
) -> None:
    zipped = tmp_path / "made.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("tuck.yaml", ROUTINE)
        archive.writestr("filler.png", png(4, 3) + b"\x00" * (MAX_FILE_BYTES + 10))
    data = zipped.read_bytes()
    assert len(data) > MAX_FILE_BYTES + 1
    phone.content_resolver.add(DOCUMENT, "From my physio.zip", data, max_read=65536)
    picked = pick(documents)

    phone.choose(FakeUri(DOCUMENT))
    threads.run()

    (path,) = picked
    assert path is not None and path.name == "From my physio.zip"
    assert path.read_bytes() == data
    library = RoutineLibrary([BUILTIN_ROUTINES_DIR], tmp_path / "mine")
    assert library.import_file(path, as_copy=True).routine.id == "chin-tucks-1-mine"
    huge = b"PK" + b"x" * (MAX_BUNDLE_BYTES + 100)
    phone.content_resolver.add(DOCUMENT, "huge.zip", huge, max_read=1 << 20)
    picked = pick(documents)
    phone.choose(FakeUri(DOCUMENT))
    threads.run()
    assert picked[0] is not None and picked[0].stat().st_size == MAX_BUNDLE_BYTES + 1


def test_a_document_of_exactly_1_mb_is_copied_whole(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    data = ROUTINE + b"#" * (MAX_FILE_BYTES - len(ROUTINE))
    uri = phone.content_resolver.add(DOCUMENT, "big.yaml", data, max_read=65536)
    picked = pick(documents)

    phone.choose(uri)
    threads.run()

    assert picked[0] is not None and picked[0].read_bytes() == data


def test_the_stream_is_closed_when_reading_fails(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    caplog: pytest.LogCaptureFixture,
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE, fail_read_after=100)
    picked = pick(documents)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        phone.choose(uri)
        threads.run()

    assert picked == [None]
    assert phone.content_resolver.input_streams[0].closed
    assert not (phone.cache_dir / "picked").exists()  # nothing half-written
    assert len(warnings_from_services(caplog)) == 1


def test_a_document_that_cannot_be_opened_gives_none(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    caplog: pytest.LogCaptureFixture,
) -> None:
    picked = pick(documents)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        phone.choose(FakeUri("content://gone/document/1"))
        threads.run()

    assert picked == [None]
    assert warnings_from_services(caplog)


@pytest.mark.parametrize("options", [{"fail_query": True}, {}])
def test_without_a_display_name_the_copy_is_called_imported_yaml(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    options: dict[str, Any],
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, None, ROUTINE, **options)
    picked = pick(documents)

    phone.choose(uri)
    threads.run()

    assert picked[0] is not None and picked[0].name == FALLBACK_NAME
    assert picked[0].read_bytes() == ROUTINE


def test_a_second_pick_while_the_picker_is_open_opens_nothing(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    first = pick(documents)
    second = pick(documents)
    threads.run()

    assert len(phone.documents_activity.requests) == 1
    assert second == [None]
    phone.choose(uri)
    threads.run()
    assert len(first) == 1 and first[0] is not None
    assert pick(documents) == []  # and the next one opens again
    assert len(phone.documents_activity.requests) == 2


def test_no_picker_on_the_device_returns_false(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    phone.missing_activities.add(FakeDocumentIntent.ACTION_OPEN_DOCUMENT)
    picked: list[Path | None] = []

    assert documents.pick_routine_file(picked.append) is False
    threads.run()
    assert picked == []

    phone.missing_activities.clear()
    assert documents.pick_routine_file(picked.append) is True  # not stuck as "open"


def test_the_listener_is_bound_once_and_never_changed_during_a_result(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, threads: Threads
) -> None:
    # The fake throws ConcurrentModificationException for a bind/unbind in a result.
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    for _ in range(3):
        pick(documents)
        phone.choose(uri)
        threads.run()

    assert len(phone.activity_result_listeners) == 1


def test_an_error_in_the_apps_callback_is_logged_not_raised(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(path: Path | None) -> None:
        raise RuntimeError("the screen was gone")

    documents.pick_routine_file(broken)
    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        phone.choose(None)
        threads.run()

    assert any("failed" in message for message in warnings_from_services(caplog))


def test_a_worker_that_cannot_start_gives_none(
    phone: FakeAndroidWithDocuments, threads: Threads
) -> None:
    def no_threads(function: Callable[[], None]) -> None:
        raise RuntimeError("can't start new thread")

    documents = AndroidDocuments(call_on_main=threads.call_on_main, run_in_background=no_threads)
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    picked = pick(documents)

    phone.choose(uri)
    threads.run()

    assert picked == [None]
    assert pick(documents) == []  # free again


def test_a_failure_while_handling_the_result_answers_none_and_frees_the_picker(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise RuntimeError("java.lang.IllegalStateException: activity destroyed")

    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    picked = pick(documents)
    monkeypatch.setattr(phone.documents_activity, "getContentResolver", broken)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        phone.choose(uri)  # does not raise into PythonActivity
        threads.run()

    assert picked == [None]
    assert len(warnings_from_services(caplog)) == 1
    assert pick(documents) == []  # free again


def test_with_real_threads_the_answer_comes_through_call_on_main(
    phone: FakeAndroidWithDocuments,
) -> None:
    main_calls: list[Callable[[], None]] = []
    arrived = threading.Event()

    def call_on_main(function: Callable[[], None]) -> None:
        main_calls.append(function)
        arrived.set()

    documents = AndroidDocuments(call_on_main=call_on_main)
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    picked = pick(documents)

    phone.choose(uri)
    assert arrived.wait(5)
    (call,) = main_calls
    call()

    assert picked[0] is not None and picked[0].read_bytes() == ROUTINE


def test_by_default_the_answer_is_scheduled_on_kivys_clock(
    phone: FakeAndroidWithDocuments, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduled: list[tuple[Callable[[float], None], float]] = []
    clock = types.ModuleType("kivy.clock")
    clock.Clock = types.SimpleNamespace(  # type: ignore[attr-defined]
        schedule_once=lambda callback, timeout: scheduled.append((callback, timeout))
    )
    monkeypatch.setitem(sys.modules, "kivy", types.ModuleType("kivy"))
    monkeypatch.setitem(sys.modules, "kivy.clock", clock)
    documents = AndroidDocuments(run_in_background=lambda work: work())
    picked = pick(documents)

    phone.choose(None)
    assert picked == []
    ((callback, timeout),) = scheduled
    callback(0.016)

    assert timeout == 0
    assert picked == [None]


# --- saving ---------------------------------------------------------------------------------


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "export" / "chin-tucks-1.yaml"
    path.parent.mkdir()
    path.write_bytes(ROUTINE)
    return path


def save(documents: AndroidDocuments, source: Path) -> list[str | None]:
    done: list[str | None] = []
    assert documents.save_file(source, "chin-tucks-1.yaml", done.append) is True
    return done


def test_the_save_screen_asks_for_a_yaml_document_with_the_suggested_name(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, exported: Path
) -> None:
    save(documents, exported)

    (request,) = phone.documents_activity.requests
    intent = request.intent
    assert request.request_code == SAVE_REQUEST_CODE
    assert intent.getAction() == "android.intent.action.CREATE_DOCUMENT"
    assert intent.categories == ["android.intent.category.OPENABLE"]
    assert intent.getType() == "application/x-yaml"  # text/plain would add ".txt"
    assert intent.getStringExtra("android.intent.extra.TITLE") == "chin-tucks-1.yaml"


def test_a_bundle_is_saved_as_a_zip_document(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, tmp_path: Path
) -> None:
    bundle = tmp_path / "evening.zip"
    bundle.write_bytes(b"PK\x05\x06" + bytes(18))
    assert documents.save_file(bundle, bundle.name, lambda _place: None) is True

    (request,) = phone.documents_activity.requests
    assert request.intent.getType() == "application/zip"
    assert request.intent.getStringExtra("android.intent.extra.TITLE") == "evening.zip"


def test_save_writes_exactly_the_exported_bytes_and_says_where(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
) -> None:
    uri = phone.content_resolver.add(CREATED, "chin-tucks-1 (1).yaml")
    done = save(documents, exported)
    exported.unlink()  # read at the call: the app may delete its temporary export

    phone.choose(uri)
    assert done == []
    threads.run()

    assert done == ["chin-tucks-1 (1).yaml"]
    document = phone.content_resolver.documents[CREATED]
    assert document.data == ROUTINE
    (stream,) = phone.content_resolver.output_streams
    assert stream.mode == "wt"
    assert stream.flushed and stream.closed


def test_saving_over_a_longer_document_leaves_no_old_tail(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
) -> None:
    # With "w", Android 10+ would keep the old document's last bytes (the fake does too).
    uri = phone.content_resolver.add(CREATED, "old.yaml", b"#" * (3 * len(ROUTINE)))
    done = save(documents, exported)

    phone.choose(uri)
    threads.run()

    assert phone.content_resolver.documents[CREATED].data == ROUTINE
    assert done == ["old.yaml"]


def test_a_provider_that_refuses_wt_is_written_with_rwt(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
) -> None:
    uri = phone.content_resolver.add(
        CREATED, "drive.yaml", b"#" * 10_000, refused_modes=frozenset({"wt"})
    )
    done = save(documents, exported)

    phone.choose(uri)
    threads.run()

    assert [s.mode for s in phone.content_resolver.output_streams] == ["rwt"]
    assert phone.content_resolver.documents[CREATED].data == ROUTINE
    assert done == ["drive.yaml"]


def test_cancelling_the_save_screen_gives_none(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
) -> None:
    done = save(documents, exported)

    phone.choose(None)
    threads.run()

    assert done == [None]
    assert phone.content_resolver.output_streams == []


@pytest.mark.parametrize("failure", ["fail_write", "fail_close_on_write"])
def test_a_failed_write_is_reported_and_the_stream_closed(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
    caplog: pytest.LogCaptureFixture,
    failure: str,
) -> None:
    uri = phone.content_resolver.add(CREATED, "a.yaml", b"", **{failure: True})
    done = save(documents, exported)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        phone.choose(uri)
        threads.run()

    assert done == [None]
    assert phone.content_resolver.output_streams[0].closed
    assert phone.content_resolver.documents[CREATED].data != ROUTINE
    assert warnings_from_services(caplog)


def test_an_unreadable_export_opens_nothing_and_gives_none(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    tmp_path: Path,
) -> None:
    done = save(documents, tmp_path / "missing.yaml")
    threads.run()

    assert done == [None]
    assert phone.documents_activity.requests == []


def test_without_a_name_from_the_provider_the_suggested_name_is_said(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
) -> None:
    uri = phone.content_resolver.add(CREATED, None)
    done = save(documents, exported)

    phone.choose(uri)
    threads.run()

    assert done == ["chin-tucks-1.yaml"]


def test_picking_and_saving_are_independent(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    exported: Path,
) -> None:
    source = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    target = phone.content_resolver.add(CREATED, "b.yaml")
    picked = pick(documents)
    done = save(documents, exported)

    phone.deliver_activity_result(
        SAVE_REQUEST_CODE, RESULT_OK, FakeDocumentIntent().setData(target)
    )
    phone.deliver_activity_result(
        PICK_REQUEST_CODE, RESULT_OK, FakeDocumentIntent().setData(source)
    )
    threads.run()

    assert done == ["b.yaml"]
    assert picked[0] is not None and picked[0].name == "a.yaml"


def test_no_save_screen_on_the_device_returns_false(
    phone: FakeAndroidWithDocuments, documents: AndroidDocuments, exported: Path
) -> None:
    phone.missing_activities.add(FakeDocumentIntent.ACTION_CREATE_DOCUMENT)

    assert documents.save_file(exported, "a.yaml", lambda place: None) is False


# --- a file sent to or opened with the app ---------------------------------------------------


def test_a_shared_file_is_copied_from_extra_stream(
    phone: FakeAndroidWithDocuments, tmp_path: Path
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "shared.yaml", ROUTINE)
    intent = FakeDocumentIntent(FakeDocumentIntent.ACTION_SEND).put_stream(uri)

    path = routine_file_from_intent(intent, tmp_path / "cache")

    assert path == tmp_path / "cache" / "shared" / "shared.yaml"
    assert path.read_bytes() == ROUTINE
    assert phone.content_resolver.input_streams[0].closed


def test_a_file_opened_with_the_app_is_copied_from_its_data(
    phone: FakeAndroidWithDocuments, tmp_path: Path
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "opened.yml", ROUTINE)
    intent = FakeDocumentIntent(FakeDocumentIntent.ACTION_VIEW, uri)

    path = routine_file_from_intent(intent, tmp_path)

    assert path is not None and path.name == "opened.yml"
    assert path.read_bytes() == ROUTINE


def test_other_intents_give_no_file(phone: FakeAndroidWithDocuments, tmp_path: Path) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "a.yaml", ROUTINE)
    from_recents = FakeDocumentIntent(FakeDocumentIntent.ACTION_VIEW, uri)
    from_recents.addFlags(FakeDocumentIntent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY)

    assert routine_file_from_intent(None, tmp_path) is None
    assert (
        routine_file_from_intent(FakeDocumentIntent("android.intent.action.MAIN"), tmp_path) is None
    )
    assert (
        routine_file_from_intent(FakeDocumentIntent(FakeDocumentIntent.ACTION_SEND), tmp_path)
        is None
    )
    assert routine_file_from_intent(from_recents, tmp_path) is None
    assert phone.content_resolver.input_streams == []


def test_a_shared_file_that_cannot_be_read_gives_none(
    phone: FakeAndroidWithDocuments, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    intent = FakeDocumentIntent(FakeDocumentIntent.ACTION_SEND).put_stream(FakeUri("content://x/1"))

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        assert routine_file_from_intent(intent, tmp_path) is None
    assert len(warnings_from_services(caplog)) == 1


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display_name", "file_name"),
    [
        ("chin-tucks-1.yaml", "chin-tucks-1.yaml"),
        ("Evening tucks.zip", "Evening tucks.zip"),
        ("bundle.ZIP", "bundle.ZIP"),
        (".zip", FALLBACK_NAME),
        ("Neck.YML", "Neck.YML"),
        ("routine.yaml.txt", "routine.yaml"),  # as some apps save it
        ("notes.txt", "notes.yaml"),
        ("routine", "routine.yaml"),
        ("../../databases/unknot.db", "unknot.yaml"),
        ("C:\\Users\\me\\neck.yaml", "neck.yaml"),
        (".hidden.yaml", "hidden.yaml"),
        ("tab\there\x00.yaml", "tab_here_.yaml"),
        ("Übungen für den Nacken.yaml", "Übungen für den Nacken.yaml"),
        (None, FALLBACK_NAME),
        ("", FALLBACK_NAME),
        ("..", FALLBACK_NAME),
        (".yaml", FALLBACK_NAME),
        ("dir/", FALLBACK_NAME),
        ("   ", FALLBACK_NAME),
    ],
)
def test_safe_file_name(display_name: str | None, file_name: str) -> None:
    assert safe_file_name(display_name) == file_name


def test_a_long_name_fits_the_file_system() -> None:
    name = safe_file_name("ü" * 300 + ".yaml")

    assert len(name.encode("utf-8")) <= 255
    assert name.endswith("ü.yaml")


# --- elsewhere ---------------------------------------------------------------------------------


def test_null_documents_have_no_screens() -> None:
    calls: list[object] = []
    documents: Documents = NullDocuments()

    assert documents.pick_routine_file(calls.append) is False
    assert documents.save_file(Path("x.yaml"), "x.yaml", calls.append) is False
    assert calls == []


def test_desktops_get_null_documents() -> None:
    assert isinstance(create_documents("linux"), NullDocuments)


def test_android_gets_the_system_screens(phone: FakeAndroidWithDocuments) -> None:
    assert isinstance(create_documents("android"), AndroidDocuments)


def test_android_without_its_parts_falls_back_to_null(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "jnius", None)

    with caplog.at_level(logging.WARNING, logger="unknot.services"):
        assert isinstance(create_documents("android"), NullDocuments)
    assert len(warnings_from_services(caplog)) == 1


def test_an_imported_copy_of_a_bad_file_changes_nothing(
    phone: FakeAndroidWithDocuments,
    documents: AndroidDocuments,
    threads: Threads,
    tmp_path: Path,
) -> None:
    uri = phone.content_resolver.add(DOCUMENT, "bad.yaml", b"title: [unclosed\n")
    picked = pick(documents)
    phone.choose(uri)
    threads.run()
    assert picked[0] is not None

    library = RoutineLibrary([], tmp_path / "mine")
    with pytest.raises(LibraryError) as caught:
        library.import_file(picked[0])

    assert "bad.yaml" in str(caught.value)
    assert not (tmp_path / "mine").exists() or not any((tmp_path / "mine").iterdir())
