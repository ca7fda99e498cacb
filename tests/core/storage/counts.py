"""A small file format of the tests' own, to test the JSON store apart from the app's files."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from unknot.core.storage.json_store import JsonFileStore, JsonFormat, Merged, Wording
from unknot.core.storage.notices import Notices

NOW = datetime(2026, 3, 9, 10, 0, 0)
ASIDE = "counts.json.damaged-20260309-100000"
log = logging.getLogger("tests.core.storage.counts")


class CountError(ValueError):
    """The test format's own damage, distinct from ValueError so the store must use ``damage``."""


def decode(raw: bytes, file: str) -> dict[str, int]:
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise CountError(f"{Path(file).name} is not JSON") from error
    if not isinstance(data, dict) or not all(isinstance(v, int) for v in data.values()):
        raise CountError("counts must be whole numbers")
    return data


def encode(counts: dict[str, int]) -> str:
    return json.dumps(counts, sort_keys=True) + "\n"


def merge_counts(
    base: dict[str, int], mine: dict[str, int], theirs: dict[str, int]
) -> Merged[dict[str, int]]:
    """Count by count: this window's changes on top of the file's; a count both changed is named."""
    merged: dict[str, int] = {}
    conflicts: list[str] = []
    for name in dict.fromkeys([*base, *mine, *theirs]):
        was, here, there = base.get(name), mine.get(name), theirs.get(name)
        chosen = there if here == was else here
        if here != was and there not in (was, here):
            conflicts.append(f"the count of {name}")
        if chosen is not None:
            merged[name] = chosen
    return Merged(merged, tuple(conflicts))


WORDING = Wording(
    unreadable="{path} could not be read ({error}); counting from zero.",
    damaged="The counts in {path} are damaged ({reason}); kept as {aside}.",
    not_moved="The counts in {path} are damaged ({reason}); not moved ({error}).",
    not_saved="The counts could not be saved: {reason}.",
    conflict="Another window changed {items} too.",
)
COUNTS: JsonFormat[dict[str, int], dict[str, int]] = JsonFormat(
    decode=decode,
    encode=encode,
    default=dict,
    damage=CountError,
    wording=WORDING,
    log=log,
    key="counts",
    merge=merge_counts,
)


def store_at(
    path: Path, notices: Notices | None = None
) -> JsonFileStore[dict[str, int], dict[str, int]]:
    return JsonFileStore(path, COUNTS, now=lambda: NOW, notices=notices)
