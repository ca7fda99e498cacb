"""Seeded damage for the JSON state files: everything a settings or reminders file could hold.

A tester attacking the stores writes byte flips, cut-off files, nesting
thousands deep, numbers of thousands of digits, NaN and Infinity, values of the
wrong type at any depth, lone surrogates and look-alike digits, other
encodings, binary noise; or puts a folder, a pipe or a link where the file
should be. :func:`damages` makes such cases from one good file, the same ones
for the same seed, so a failure found once can be found again; :func:`place`
puts one at a path. The suite (``test_state_damage.py``) and the benchmark-style
``bench/state_damage.py`` hold every store to: its load never raises, and what
it cannot use is set aside byte for byte.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unknot.core.storage.snapshot import MAX_STATE_BYTES

Json = Any


@dataclass(frozen=True)
class Damage:
    """One damaged state file: its bytes, or (``kind`` other than "file") what stands there."""

    name: str
    data: bytes = b""
    kind: str = "file"
    """``file``, ``folder``, ``pipe``, ``link`` (to a good copy), ``dangling`` or ``huge``."""


def place(damage: Damage, path: Path) -> None:
    """Puts ``damage`` at ``path`` (whose folder exists and holds nothing by that name)."""
    if damage.kind == "file":
        path.write_bytes(damage.data)
    elif damage.kind == "folder":
        path.mkdir()
        (path / "inside.json").write_bytes(damage.data)
    elif damage.kind == "pipe":
        os.mkfifo(path)
    elif damage.kind == "link":
        target = path.with_name(path.name + ".target")
        target.write_bytes(damage.data)
        path.symlink_to(target)
    elif damage.kind == "dangling":
        path.symlink_to(path.with_name("nowhere"))
    elif damage.kind == "huge":
        with path.open("wb") as stream:
            stream.write(damage.data)
            stream.truncate(MAX_STATE_BYTES + 1)
    else:  # pragma: no cover
        raise ValueError(f"unknown damage kind {damage.kind!r}")


def damages(good: bytes, count: int, seed: int) -> Iterator[Damage]:
    """``count`` damaged versions of ``good`` (a valid file), always the same for ``seed``.

    The first cases are one of each fixed kind; the rest are drawn at random from
    the mutations below, one or two applied on top of each other.
    """
    rng = random.Random(seed)
    fixed = list(_fixed(good))
    yield from fixed[:count]
    for number in range(count - len(fixed)):
        data = good
        names = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            name, mutate = rng.choice(MUTATIONS)
            data = mutate(data, rng)
            names.append(name)
        yield Damage(f"{number}:{'+'.join(names)}", data)


def _fixed(good: bytes) -> Iterator[Damage]:
    yield Damage("empty", b"")
    yield Damage("whitespace", b" \n\t\r\n")
    yield Damage("null", b"null")
    yield Damage("folder", good, "folder")
    if hasattr(os, "mkfifo"):
        yield Damage("pipe", kind="pipe")
    yield Damage("link", good, "link")
    yield Damage("dangling link", kind="dangling")
    yield Damage("huge", good, "huge")
    yield Damage("utf-16", good.decode("utf-8").encode("utf-16"))
    yield Damage("bom", b"\xef\xbb\xbf" + good)
    yield Damage("deep list", b"[" * 100_000 + b"]" * 100_000)
    yield Damage("deep object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000)
    yield Damage("deep unclosed", b"[" * 200_000)


# -- mutations of the bytes ----------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        index = rng.randrange(len(out))
        out[index] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(1, 256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def binary_noise(data: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice((1, 16, 512, 4096)))


def splice_noise(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 32)) + data[at:]


def bad_utf8(data: bytes, rng: random.Random) -> bytes:
    """Overlong forms, a lone continuation byte, an encoded surrogate, a 5-byte lead."""
    at = rng.randrange(len(data) + 1)
    bad = rng.choice((b"\xc0\xaf", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xff"))
    return data[:at] + bad + data[at:]


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((50, 1_000, 20_000, 100_000))
    opener, closer = rng.choice(((b"[", b"]"), (b'{"k":', b"}")))
    if opener == b"[":
        inner = opener * depth + closer * depth
    else:
        inner = opener * depth + b"1" + closer * depth
    return _replace_a_value(data, rng, inner)


def huge_number(data: bytes, rng: random.Random) -> bytes:
    number = rng.choice(
        (
            b"1" + b"0" * rng.choice((20, 400, 4_299, 4_301, 5_000, 100_000)),
            b"-" + b"9" * 5_000,
            b"1e999",
            b"-1e999",
            b"1e-999",
            b"NaN",
            b"Infinity",
            b"-Infinity",
            b"-0",
            b"0.1e309",
            b"1" + b"0" * 300 + b".5",
        )
    )
    return _replace_a_value(data, rng, number)


def unicode_trick(data: bytes, rng: random.Random) -> bytes:
    text = rng.choice(
        (
            '"\\ud800"',  # a lone surrogate, escaped as JSON allows
            '"\\udfff\\ud800"',
            '"\u00b2:00"',  # superscript two: isdigit() is true, int() fails
            '"\u0661\u0662:\u0663\u0664"',  # Arabic-Indic digits
            '"\uff10\uff18:\uff10\uff10"',  # full-width 08:00
            '"08:00\u2028"',
            '"\u202e00:80"',  # right-to-left override
            '"\\u0000"',
            '"a\\u001b[31m"',  # a terminal escape
            '"' + "\U0001f600" * 500 + '"',
            '"' + "x" * 100_000 + '"',
        )
    )
    return _replace_a_value(data, rng, text.encode("utf-8"))


def duplicate_key(data: bytes, rng: random.Random) -> bytes:
    value = _parsed(data)
    if not isinstance(value, dict) or not value:
        return data
    key = rng.choice(sorted(value))
    text = json.dumps(value)
    return (text[:-1] + f", {json.dumps(key)}: {json.dumps(value[key])}}}").encode()


def wrong_type(data: bytes, rng: random.Random) -> bytes:
    """One value somewhere in the tree replaced by a value of another type."""
    value = _parsed(data)
    if value is None:
        return data
    replacement = rng.choice(
        (None, True, False, 0, -1, 1.5, 2**64, "", "text", "08:00", [], [1, "a"], {}, {"a": 1})
    )
    return json.dumps(_replace_in_tree(value, rng, replacement), allow_nan=True).encode()


def drop_key(data: bytes, rng: random.Random) -> bytes:
    value = _parsed(data)
    paths = [path for path in _paths(value) if path and isinstance(path[-1], str)]
    if not paths:
        return data
    path = rng.choice(paths)
    parent = _at(value, path[:-1])
    del parent[path[-1]]
    return json.dumps(value).encode()


MUTATIONS: tuple[tuple[str, Callable[[bytes, random.Random], bytes]], ...] = (
    ("flip", flip_bytes),
    ("truncate", truncate),
    ("binary", binary_noise),
    ("splice", splice_noise),
    ("bad utf-8", bad_utf8),
    ("deep", deep_nesting),
    ("number", huge_number),
    ("unicode", unicode_trick),
    ("duplicate key", duplicate_key),
    ("wrong type", wrong_type),
    ("wrong type", wrong_type),
    ("drop key", drop_key),
)


# -- helpers ---------------------------------------------------------------------------------


def _parsed(data: bytes) -> Json:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _paths(value: Json, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _at(value: Json, path: tuple[Any, ...]) -> Json:
    for step in path:
        value = value[step]
    return value


def _replace_in_tree(value: Json, rng: random.Random, replacement: Json) -> Json:
    path = rng.choice(list(_paths(value)))
    if not path:
        return replacement
    _at(value, path[:-1])[path[-1]] = replacement
    return value


_SENTINEL = "\x00REPLACE\x00"


def _replace_a_value(data: bytes, rng: random.Random, raw: bytes) -> bytes:
    """``raw`` (JSON text, not checked) put in place of one value of the tree, or at the top."""
    value = _parsed(data)
    if value is None:
        return raw
    tree = _replace_in_tree(value, rng, _SENTINEL)
    return json.dumps(tree).encode().replace(json.dumps(_SENTINEL).encode(), raw, 1)
