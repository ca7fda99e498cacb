"""What a failure of the history file means: damage to set aside, or trouble to wait out.

SQLite says "database disk image is malformed" for a broken page and "file is not a
database" for a broken header; those files are damaged for good, and the store sets
them aside. A full disk, a read-only folder, another window holding the lock: the
file is fine, and a later try may work, so it is left alone and the person is told
in words. Python's ``sqlite3`` raises ``UnicodeDecodeError`` instead of its own error
when SQLite's message quotes a damaged table description that is not UTF-8, so that
counts as damage too.
"""

from __future__ import annotations

import errno
import sqlite3

# SQLite's primary result codes (https://sqlite.org/rescode.html), which do not change.
_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY = 3, 5, 6, 7, 8
_IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 10, 11, 13, 14, 26

_WORDS = {
    _PERM: "there is no permission to write it",
    _READONLY: "the file is read-only",
    _BUSY: "another Unknot window kept it busy",
    _LOCKED: "another Unknot window kept it busy",
    _NOMEM: "the device ran out of memory",
    _IOERR: "the storage could not be read or written",
    _CORRUPT: "the file is damaged",
    _NOTADB: "the file is damaged",
    _FULL: "the storage is full",
    _CANTOPEN: "the file cannot be opened",
}

# Python 3.10 (the oldest this runs on) has no ``sqlite_errorcode``: the message then.
_MESSAGES = (
    ("malformed", _CORRUPT),
    ("not a database", _NOTADB),
    ("readonly", _READONLY),
    ("read-only", _READONLY),
    ("disk is full", _FULL),
    ("locked", _BUSY),
    ("unable to open", _CANTOPEN),
    ("disk i/o", _IOERR),
)

_OS_WORDS = {
    errno.ENOSPC: "the storage is full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "the storage is full",
    errno.EACCES: "there is no permission to write it",
    errno.EPERM: "there is no permission to write it",
    errno.EROFS: "the storage is read-only",
}


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((found for words, found in _MESSAGES if words in text), None)


def is_damage(error: BaseException) -> bool:
    """The file's content is broken: no later try will read it."""
    if isinstance(error, UnicodeDecodeError):
        return True
    return isinstance(error, sqlite3.Error) and _code(error) in (_CORRUPT, _NOTADB)


MAX_DESCRIPTION = 160


def describe(error: BaseException) -> str:
    """What SQLite found, for a sentence in brackets: one short line, whatever it quoted.

    SQLite's message may quote a damaged table description: control characters
    and a page of garbage are not for a screen.
    """
    if isinstance(error, UnicodeDecodeError):
        return "its table descriptions are garbled"
    try:
        text = str(error) or type(error).__name__
    except Exception:
        text = type(error).__name__
    return one_line(text)


def one_line(text: str) -> str:
    """``text`` fit for a sentence on screen: printable, and at most a line or two."""
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def plain_reason(error: BaseException) -> str:
    """Why a write failed, in a few words for the person ("the storage is full")."""
    if isinstance(error, sqlite3.Error):
        words = _WORDS.get(_code(error) or -1)
        return words or describe(error)
    if isinstance(error, UnicodeDecodeError):
        return "the file is damaged"
    if isinstance(error, OSError) and error.errno in _OS_WORDS:
        return _OS_WORDS[error.errno]
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return describe(error)
