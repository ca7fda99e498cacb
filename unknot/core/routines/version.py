"""A short fingerprint of a routine's content, kept with every session in the history.

A routine can change after sessions were done with it (the person edits their
copy, an update changes a dose). A clinician reading the history needs to know
that "Chin tucks, level 1" in March was not the same routine as in May, without
the history keeping whole copies of routines. The fingerprint is a hash of what
the routine *does*: every field that takes part in equality (so not where its
file lies, nor an image's resolved path), written out canonically.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from unknot.core.routines.model import Routine

VERSION_LENGTH = 12
"""Hex digits kept: 48 bits, far more than one person's routines will ever need."""


def routine_version(routine: Routine) -> str:
    """The first 12 hex digits of the SHA-256 of the routine's canonical JSON form."""
    text = json.dumps(
        _canonical(routine), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def _canonical(value: Any) -> Any:
    """Plain JSON values; dataclass fields with ``compare=False`` are left out, as in ``==``."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value) if f.compare}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_canonical(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        # 5 and 5.0 seconds are the same hold; the parser gives floats, an editor may not.
        return int(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot fingerprint a {type(value).__name__} in a routine")
