"""Routine files in and out on Android: the system's open- and create-document screens.

Android (10 and later, scoped storage) lets an app read only the documents the
person hands it, as ``content://`` URIs that may live on a memory card, in
Downloads or in Drive, with no file path behind them. So a picked document is
*copied*: its bytes are read through ``ContentResolver.openInputStream`` into a
file in the app's cache, under the document's own name, and that file goes
through the same ``RoutineLibrary.import_file`` checks as on a desktop. Saving
goes the other way: the exported file's bytes are written into the document the
person created with ``ACTION_CREATE_DOCUMENT``.

The choices, and why:

- **Which files the picker offers** (``PICK_MIME_TYPES``): the YAML types seen in
  the wild (``application/yaml`` is RFC 9512's; the ``x-`` and ``text/`` ones are
  older usage), ``text/plain`` (editors and Drive often call a .yaml text), and
  ``application/octet-stream``, because Android's own type table has no entry
  for .yaml, so local storage reports .yaml files as octet-stream: without it
  the person's routines would be greyed out. The zip types are for a routine
  bundled with its pictures (``unknot.core.routines.bundle``). Any other file
  that slips through is refused by the loader, with its message.
- **Pictures** (the editor's "a picture of your own"): the same picker with
  ``image/*`` and ``PICTURE_MIME_TYPES`` (PNG and JPEG, all a step's picture may
  be), its own request code, and a copy of at most ``MAX_PICTURE_BYTES + 1``
  bytes in its own cache folder, named as the provider names the document; the
  editor then checks it and copies it beside the routine as any picture file.
- **Size**: at most ``MAX_FILE_BYTES + 1`` bytes are read (``MAX_BUNDLE_BYTES + 1``
  for a .zip), and they are written.
  A larger document thus reaches the loader as a file one byte over the limit,
  and the person sees the loader's own "a routine may be at most 1 MB", rather
  than a silent nothing; the rest of a huge file is never read.
- **The saved document's type** is ``application/zip`` for a bundle, else
  ``application/x-yaml``, not ``text/plain``:
  the local storage provider keeps a name whose extension does not map back to
  the requested type only by appending the type's own extension, so
  ``text/plain`` would save "chin-tucks.yaml.txt". ``application/x-yaml`` keeps
  "chin-tucks.yaml" whether or not the device's type table knows YAML.
- **Write mode "wt"**: since Android 10, "w" no longer truncates, so writing a
  shorter file over a longer existing one (the person picked an existing name)
  would leave the old tail behind. Some providers (Google Drive) refuse "wt";
  "rwt" (also truncating) is tried then.

Threads: the activity result arrives on Android's UI thread. Reading a document
from a cloud provider can take seconds, longer than Android lets that thread
block, so the copying runs on a worker thread (pyjnius attaches it, and on
Android detaches it at the end) and the callback is handed to Kivy's thread.
The listener is bound once, in the constructor, and never unbound from within
a result: python-for-android's activity walks its listener list with an iterator while calling
them, so changing the list there would throw ConcurrentModificationException.

Everything that touches Android is imported inside the functions, as in the
other modules of this package: this module imports on any desktop, and the tests
run it against a fake ``jnius`` and ``android.activity`` (tests/services/fake_android.py).
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from unknot.core.routines.bundle import BUNDLE_SUFFIX, MAX_BUNDLE_BYTES
from unknot.core.routines.pictures import MAX_PICTURE_BYTES
from unknot.core.routines.yaml_reader import MAX_FILE_BYTES
from unknot.services import android
from unknot.services.android.launch import reopened_from_recents

log = logging.getLogger("unknot.services")

T = TypeVar("T")

PICK_REQUEST_CODE = 0x554E
"""Activity request codes: distinct from each other and from any other part of the app.

Kept below 0x10000, the limit FragmentActivity puts on request codes, in case
python-for-android's activity ever becomes one.
"""
SAVE_REQUEST_CODE = 0x554F
PICTURE_REQUEST_CODE = 0x5550

PICK_MIME_TYPES = (
    "application/x-yaml",
    "application/yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
    "application/octet-stream",
    "application/zip",
    "application/x-zip-compressed",
)
PICTURE_TYPE = "image/*"
"""The picker's base type: a picker that ignores the list below still offers only pictures."""
PICTURE_MIME_TYPES = ("image/png", "image/jpeg")
SAVE_MIME_TYPE = "application/x-yaml"
BUNDLE_MIME_TYPE = "application/zip"

READ_LIMIT = MAX_FILE_BYTES + 1
"""One byte more than a routine may have: enough for the loader to say it is too large."""
BUNDLE_READ_LIMIT = MAX_BUNDLE_BYTES + 1
"""Likewise for a routine bundled with its pictures."""
PICTURE_READ_LIMIT = MAX_PICTURE_BYTES + 1
"""Likewise for a step's picture: the picture checks then say it is too large."""
CHUNK_BYTES = 64 * 1024
"""How much one read or write moves between Java and Python."""

DISPLAY_NAME = "_display_name"
"""``OpenableColumns.DISPLAY_NAME``: every openable document has this column."""
FALLBACK_NAME = "imported.yaml"
FALLBACK_PICTURE_NAME = "picture"
ROUTINE_SUFFIXES = (".yaml", ".yml")
KEPT_SUFFIXES = (*ROUTINE_SUFFIXES, BUNDLE_SUFFIX)
MAX_NAME_BYTES = 255
"""The longest file name ext4 and f2fs (the app's cache) allow, in UTF-8 bytes."""

PICKED_FOLDER = "picked"
PICKED_PICTURE_FOLDER = "picked-picture"
SHARED_FOLDER = "shared"
WRITE_MODES = ("wt", "rwt")


# -- the parts that need no activity ------------------------------------------------------


def safe_file_name(display_name: str | None) -> str:
    """A file name for a copy of a document called ``display_name``, safe in one folder.

    A display name is whatever the provider says: it may hold a path, control
    characters or no extension at all. Only its last part is kept, without
    leading dots (a hidden file) and with a routine's extension: ".yaml",
    ".yml" or ".zip" as written, "routine.yaml.txt" back to "routine.yaml",
    anything else replaced by ".yaml". The name matters: the loader names the file in its
    messages and takes a missing id from it, as it would for the file itself.
    """
    if not display_name:
        return FALLBACK_NAME
    name = display_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if ord(char) < 32 or ord(char) == 127 else char for char in name)
    name = name.strip().lstrip(".").strip()
    if not name or f".{name.lower()}" in KEPT_SUFFIXES:
        return FALLBACK_NAME
    base, extension = _split_extension(name)
    if extension.lower() not in KEPT_SUFFIXES:
        inner_base, inner_extension = _split_extension(base)
        if inner_extension.lower() in KEPT_SUFFIXES:
            base, extension = inner_base, inner_extension
        else:
            extension = ".yaml"
    base = base.rstrip(". ")
    if not base:
        return FALLBACK_NAME
    room = MAX_NAME_BYTES - len(extension.encode("utf-8"))
    base = base.encode("utf-8")[:room].decode("utf-8", "ignore")
    return base + extension


def safe_picture_name(display_name: str | None) -> str:
    """A file name for a copy of a picture document, safe in one folder.

    As :func:`safe_file_name`, but the extension is kept as it is: the picture's
    kind is read from its bytes, and a message about a picture that is neither
    PNG nor JPEG ("holiday.heic is not a PNG or JPEG picture") must name the
    file the person chose.
    """
    name = (display_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if ord(char) < 32 or ord(char) == 127 else char for char in name)
    name = name.strip().lstrip(".").strip()
    if not name:
        return FALLBACK_PICTURE_NAME
    base, extension = _split_extension(name)
    if len(extension.encode("utf-8")) > 16:
        base, extension = name, ""
    room = MAX_NAME_BYTES - len(extension.encode("utf-8"))
    base = base.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
    return (base or FALLBACK_PICTURE_NAME) + extension


def _split_extension(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    if dot <= 0:
        return name, ""
    return name[:dot], name[dot:]


def read_limited(stream: Any, limit: int = READ_LIMIT) -> bytes:
    """Up to ``limit`` bytes of a java.io.InputStream, read in chunks.

    The buffer is a Python bytearray: pyjnius copies it into a Java byte[] for
    the call and, after it, copies the array back into the bytearray (arrays
    are passed by reference by default; pyjnius's own tests read an InputStream
    this way). ``bytes`` would not do: being immutable, it would be left
    unchanged without an error.
    """
    buffer = bytearray(CHUNK_BYTES)
    data = bytearray()
    while len(data) < limit:
        wanted = min(CHUNK_BYTES, limit - len(data))
        count = int(stream.read(buffer, 0, wanted))
        if count <= 0:  # -1 at the end; 0 only for a broken stream, which would spin
            break
        data += buffer[: min(count, wanted)]
    return bytes(data)


def display_name_of(resolver: Any, uri: Any) -> str | None:
    """The document's name as the system shows it, or None if the provider won't say.

    Not worth a warning: a copy without its name is still a copy.
    """
    try:
        cursor = resolver.query(uri, [DISPLAY_NAME], None, None, None)
    except Exception as error:
        log.info("Could not ask for the document's name (%s)", error)
        return None
    if cursor is None:
        return None
    try:
        if not cursor.moveToFirst():
            return None
        column = cursor.getColumnIndex(DISPLAY_NAME)
        if column < 0:
            return None
        name = cursor.getString(column)
        return str(name) if name else None
    except Exception as error:
        log.info("Could not read the document's name (%s)", error)
        return None
    finally:
        _close_quietly(cursor, "the document's name")


def copy_document(resolver: Any, uri: Any, folder: Path) -> Path:
    """Copies a document's first ``READ_LIMIT`` bytes into ``folder``, emptied first.

    A .zip (a routine with its pictures) may be larger: ``BUNDLE_READ_LIMIT``.

    Raises (a pyjnius JavaException or OSError) if the document cannot be read:
    nothing is written then. The folder is emptied so a copy never sits beside
    leftovers of an earlier one (the loader looks for a routine's pictures in
    its folder).
    """
    name = safe_file_name(display_name_of(resolver, uri))
    bundle = name.lower().endswith(BUNDLE_SUFFIX)
    return _copy(resolver, uri, folder / name, BUNDLE_READ_LIMIT if bundle else READ_LIMIT)


def copy_picture_document(resolver: Any, uri: Any, folder: Path) -> Path:
    """Copies a picture document's first ``PICTURE_READ_LIMIT`` bytes into ``folder``,
    emptied first, under its own name (:func:`safe_picture_name`). Raises as
    :func:`copy_document` does."""
    name = safe_picture_name(display_name_of(resolver, uri))
    return _copy(resolver, uri, folder / name, PICTURE_READ_LIMIT)


def _copy(resolver: Any, uri: Any, target: Path, limit: int) -> Path:
    stream = resolver.openInputStream(uri)
    if stream is None:
        raise OSError("the document's provider gave nothing to read")
    try:
        data = read_limited(stream, limit)
    finally:
        _close_quietly(stream, "the document")
    _empty_folder(target.parent)
    target.write_bytes(data)
    if len(data) >= limit:
        log.info("%s is larger than it may be; only its start was copied", target.name)
    return target


def write_document(resolver: Any, uri: Any, data: bytes) -> None:
    """Writes ``data`` as the document's whole content, or raises.

    A failure to close is a failure to save: providers such as Drive commit
    (upload) the document when its stream is closed.
    """
    stream = _open_for_writing(resolver, uri)
    try:
        for start in range(0, len(data), CHUNK_BYTES):
            stream.write(data[start : start + CHUNK_BYTES])
        stream.flush()
    except BaseException:
        _close_quietly(stream, "the saved document")
        raise
    stream.close()


def _open_for_writing(resolver: Any, uri: Any) -> Any:
    first_error: Exception | None = None
    for mode in WRITE_MODES:
        try:
            stream = resolver.openOutputStream(uri, mode)
        except Exception as error:
            first_error = first_error or error
            continue
        if stream is not None:
            return stream
    if first_error is not None:
        raise first_error
    raise OSError("the document's provider gave nowhere to write")


def _close_quietly(closeable: Any, what: str) -> None:
    try:
        closeable.close()
    except Exception as error:
        log.warning("Could not close %s (%s)", what, error)


def _empty_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def routine_file_from_intent(intent: Any, cache_dir: Path, *, context: Any = None) -> Path | None:
    """A local copy of the routine file another app sent or opened with Unknot; else None.

    ``ACTION_SEND`` carries the document in ``EXTRA_STREAM``, ``ACTION_VIEW`` as
    the intent's data; any other intent (the launcher's, a reminder's) gives
    None, as does one restarted from Recents (it would import the file again).
    The copy goes to ``cache_dir/shared``, emptied first. It reads up to 1 MB
    (24 MB for a bundle), maybe from the network: call it off Kivy's and Android's UI threads, then
    hand the path to ``RoutineLibrary.import_file`` on Kivy's. Never raises.
    Needs the manifest's intent filters for SEND and VIEW to ever be called.
    """
    if intent is None:
        return None
    try:
        from jnius import autoclass, cast

        intents = autoclass("android.content.Intent")
        if reopened_from_recents(intent):
            return None
        action = intent.getAction()
        if action == intents.ACTION_VIEW:
            uri = intent.getData()
        elif action == intents.ACTION_SEND:
            # Declared as Parcelable: pyjnius wraps it as one, and a Parcelable
            # is refused where a Uri is expected until it is cast.
            stream = intent.getParcelableExtra(intents.EXTRA_STREAM)
            uri = None if stream is None else cast("android.net.Uri", stream)
        else:
            return None
        if uri is None:
            return None
        if context is None:
            context = android.activity()
        return copy_document(context.getContentResolver(), uri, Path(cache_dir) / SHARED_FOLDER)
    except Exception as error:
        log.warning("The file sent to Unknot could not be read (%s)", error)
        return None


# -- the service ----------------------------------------------------------------------------


def _on_kivy_thread(function: Callable[[], None]) -> None:
    """What ``kivy.clock.mainthread`` does: run ``function`` at Kivy's next frame.

    Kivy is imported here, not at the top: the services import on any machine,
    and the tests replace this with their own.
    """
    from kivy.clock import Clock

    Clock.schedule_once(lambda _dt: function(), 0)


def _in_worker_thread(function: Callable[[], None]) -> None:
    threading.Thread(target=function, name="unknot-documents", daemon=True).start()


class AndroidDocuments:
    """``Documents`` on Android: ACTION_OPEN_DOCUMENT in, ACTION_CREATE_DOCUMENT out.

    One picker of each kind (a routine, a picture) and one save screen at a
    time: a second request while one is open opens nothing and gets None (a
    double tap, say). Results for other
    request codes are left alone (other parts of the app may start activities
    for results). No callback from Android ever raises out of here: failures are
    logged and reported as None.

    ``call_on_main`` runs a function on Kivy's thread (default: Kivy's Clock);
    ``run_in_background`` runs one on a worker thread (default: a new thread).
    """

    def __init__(
        self,
        *,
        call_on_main: Callable[[Callable[[], None]], None] = _on_kivy_thread,
        run_in_background: Callable[[Callable[[], None]], None] = _in_worker_thread,
        host: Any = None,
    ) -> None:
        from android.activity import bind
        from jnius import autoclass

        self._intents = autoclass("android.content.Intent")
        self._java_string = autoclass("java.lang.String")
        self._result_ok = autoclass("android.app.Activity").RESULT_OK
        self._activity = host if host is not None else android.activity()
        self._call_on_main = call_on_main
        self._run_in_background = run_in_background
        self._lock = threading.Lock()
        self._picking: dict[int, Callable[[Path | None], None]] = {}
        """The picker open for each request code, and whom to answer."""
        self._saving: tuple[bytes, str, Callable[[str | None], None]] | None = None
        bind(on_activity_result=self._on_activity_result)

    # --- Documents ----------------------------------------------------------------------------

    def pick_routine_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return self._pick(PICK_REQUEST_CODE, "*/*", PICK_MIME_TYPES, on_picked)

    def pick_picture_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return self._pick(PICTURE_REQUEST_CODE, PICTURE_TYPE, PICTURE_MIME_TYPES, on_picked)

    def _pick(
        self,
        request_code: int,
        base_type: str,
        mime_types: tuple[str, ...],
        on_picked: Callable[[Path | None], None],
    ) -> bool:
        with self._lock:
            busy = request_code in self._picking
            if not busy:
                self._picking[request_code] = on_picked
        if busy:
            log.info("The document picker is already open; a second one was not opened")
            self._deliver(on_picked, None)
            return True
        try:
            intent = self._intents(self._intents.ACTION_OPEN_DOCUMENT)
            intent.addCategory(self._intents.CATEGORY_OPENABLE)
            intent.setType(base_type)
            intent.putExtra(self._intents.EXTRA_MIME_TYPES, list(mime_types))
            self._activity.startActivityForResult(intent, request_code)
        except Exception as error:
            with self._lock:
                self._picking.pop(request_code, None)
            log.warning("The system's document picker could not be opened (%s)", error)
            return False
        return True

    def save_file(
        self, source: Path, suggested_name: str, on_done: Callable[[str | None], None]
    ) -> bool:
        try:
            data = source.read_bytes()
        except OSError as error:
            log.warning("The exported file could not be read (%s)", error)
            self._deliver(on_done, None)
            return True
        with self._lock:
            busy = self._saving is not None
            if not busy:
                self._saving = (data, suggested_name, on_done)
        if busy:
            log.info("The save screen is already open; a second one was not opened")
            self._deliver(on_done, None)
            return True
        try:
            intent = self._intents(self._intents.ACTION_CREATE_DOCUMENT)
            intent.addCategory(self._intents.CATEGORY_OPENABLE)
            bundle = source.suffix.lower() == BUNDLE_SUFFIX
            intent.setType(BUNDLE_MIME_TYPE if bundle else SAVE_MIME_TYPE)
            # A Python str would go to putExtra(String, char[]): pyjnius scores it as
            # high as (String, String) and breaks the tie by signature, so the
            # screen's getStringExtra would find no title. A java.lang.String can't.
            title = self._java_string(suggested_name)
            intent.putExtra(self._intents.EXTRA_TITLE, title)
            self._activity.startActivityForResult(intent, SAVE_REQUEST_CODE)
        except Exception as error:
            with self._lock:
                self._saving = None
            log.warning("The system's save screen could not be opened (%s)", error)
            return False
        return True

    # --- results, on Android's UI thread -------------------------------------------------------

    def _on_activity_result(self, request_code: int, result_code: int, intent: Any) -> None:
        try:
            if request_code in (PICK_REQUEST_CODE, PICTURE_REQUEST_CODE):
                self._picked(request_code, result_code, intent)
            elif request_code == SAVE_REQUEST_CODE:
                self._created(result_code, intent)
        except Exception as error:
            log.warning("A document result could not be handled (%s)", error)
            self._abandon(request_code)

    def _abandon(self, request_code: int) -> None:
        """Answers None to the request a failed result was for, so it is not open forever."""
        with self._lock:
            on_picked = self._picking.get(request_code)
            saving = self._saving if request_code == SAVE_REQUEST_CODE else None
        if on_picked is not None:
            self._finish_pick(request_code, on_picked, None)
        if saving is not None:
            self._finish_save(saving[2], None)

    def _picked(self, request_code: int, result_code: int, intent: Any) -> None:
        with self._lock:
            on_picked = self._picking.get(request_code)
        if on_picked is None:
            return  # not asked for by this object (a result after the app restarted)
        uri = self._chosen_uri(result_code, intent)
        if uri is None:
            self._finish_pick(request_code, on_picked, None)
            return
        resolver = self._activity.getContentResolver()
        picture = request_code == PICTURE_REQUEST_CODE
        folder = self._cache_dir() / (PICKED_PICTURE_FOLDER if picture else PICKED_FOLDER)
        copier = copy_picture_document if picture else copy_document

        def copy() -> None:
            path: Path | None = None
            try:
                path = copier(resolver, uri, folder)
            except Exception as error:
                log.warning("The chosen document could not be read (%s)", error)
            self._finish_pick(request_code, on_picked, path)

        self._start(copy, lambda: self._finish_pick(request_code, on_picked, None))

    def _created(self, result_code: int, intent: Any) -> None:
        with self._lock:
            saving = self._saving
        if saving is None:
            return
        data, suggested_name, on_done = saving
        uri = self._chosen_uri(result_code, intent)
        if uri is None:
            self._finish_save(on_done, None)
            return
        resolver = self._activity.getContentResolver()

        def write() -> None:
            place: str | None = None
            try:
                write_document(resolver, uri, data)
                place = display_name_of(resolver, uri) or suggested_name
            except Exception as error:
                log.warning("The routine could not be saved there (%s)", error)
            self._finish_save(on_done, place)

        self._start(write, lambda: self._finish_save(on_done, None))

    def _chosen_uri(self, result_code: int, intent: Any) -> Any:
        if result_code != self._result_ok or intent is None:
            return None
        return intent.getData()

    def _cache_dir(self) -> Path:
        return Path(str(self._activity.getCacheDir().getAbsolutePath()))

    def _start(self, work: Callable[[], None], on_failure: Callable[[], None]) -> None:
        try:
            self._run_in_background(work)
        except Exception as error:
            log.warning("Could not start reading or writing the document (%s)", error)
            on_failure()

    # --- answers, on Kivy's thread ----------------------------------------------------------

    def _finish_pick(
        self, request_code: int, on_picked: Callable[[Path | None], None], path: Path | None
    ) -> None:
        with self._lock:
            self._picking.pop(request_code, None)
        self._deliver(on_picked, path)

    def _finish_save(self, on_done: Callable[[str | None], None], place: str | None) -> None:
        with self._lock:
            self._saving = None
        self._deliver(on_done, place)

    def _deliver(self, callback: Callable[[T], None], value: T) -> None:
        """Calls ``callback(value)`` on Kivy's thread; an error in it is logged, not raised.

        The callback is the app's (it imports the file, shows a message): an
        exception there must not end the app from inside Kivy's clock.
        """

        def call() -> None:
            try:
                callback(value)
            except Exception:
                log.exception("Handling a document's result failed")

        try:
            self._call_on_main(call)
        except Exception as error:
            log.warning("Could not hand a document's result to the app (%s)", error)
