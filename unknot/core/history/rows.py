"""Reading the history's rows into records, value by value, trusting none of them.

SQLite keeps whatever a column is given (a column declared INTEGER holds text
just as well), and a file edited by hand, restored from an old backup or damaged
in place can hold a start time of "banana", a rating of 12 or an end reason no
Unknot wrote. One such row must not stop the History screen, the rules or an
export, so each value is checked as it is read:

- **without it the session means nothing** (its start, its baseline, how it
  ended): the session is left out;
- **a detail** (the end time, the routine's version or step count, the final
  rating, a check's reason or step): it is read as unknown;
- **a pain check** with no time, rating or zone is left out of its session.

:class:`Tally` counts both, so the store can say once, in words, what was left
out. Times must be aware and between the years 1900 and 9000, so that turning
them into local days and weeks can never overflow.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from unknot.core.clock.days import aware_utc
from unknot.core.history.records import CheckRecord, SessionRecord
from unknot.core.playback.plan import PainCheckReason
from unknot.core.playback.session import EndReason
from unknot.core.safety.pain_rule import Zone

UTC = timezone.utc
EARLIEST_YEAR = 1900
LATEST_YEAR = 9000
MAX_TEXT = 200
"""Longer text (a routine title is at most 80) is cut: a screen line must stay a line."""
_MAX_INSTANT = 64

SESSION_COLUMNS = (
    "id, routine_id, routine_title, routine_version, step_count, started_at, ended_at, "
    "baseline, end_reason, pain_after, eased"
)


@dataclass
class Tally:
    """What reading left out or read as unknown."""

    skipped: set[object] = field(default_factory=set)
    """Ids of sessions left out."""
    repaired: set[object] = field(default_factory=set)
    """Ids of sessions shown with a detail read as unknown, or a check left out."""

    def __bool__(self) -> bool:
        return bool(self.skipped or self.repaired)


def lenient_text(data: bytes) -> str:
    """The connection's ``text_factory``: bytes that are not UTF-8 are read, not refused."""
    return data.decode("utf-8", "replace")


def instant(value: object) -> datetime | None:
    """An aware UTC time from the text Unknot writes, or None for anything else."""
    if not isinstance(value, str) or len(value) > _MAX_INSTANT:
        return None
    try:
        moment = datetime.fromisoformat(value)
        if moment.utcoffset() is None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            return None
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def rating(value: object) -> int | None:
    return value if type(value) is int and 0 <= value <= 10 else None


def _count(value: object) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _text(value: object) -> str | None:
    """Text fit for a screen line: control characters out, long text cut."""
    if isinstance(value, bytes):
        value = lenient_text(value)
    elif type(value) in (int, float):
        value = str(value)
    if not isinstance(value, str):
        return None
    if not value.isprintable():  # a tab, a line break or an escape: one line, as drawn
        value = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in value)
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def _choice(kind: type[EndReason] | type[Zone] | type[PainCheckReason], value: object) -> object:
    try:
        return kind(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _flag(value: object) -> bool | None:
    return {0: False, 1: True}.get(value) if type(value) is int else None


def _check(row: Sequence[object]) -> tuple[CheckRecord | None, bool]:
    """The check, or None when it says nothing; and whether a detail was read as unknown."""
    at, value, zone_text, reason_text, step_index, sharp = row
    moment, rated, zone = instant(at), rating(value), _choice(Zone, zone_text)
    if moment is None or rated is None or not isinstance(zone, Zone):
        return None, True
    reason = _choice(PainCheckReason, reason_text)
    check = CheckRecord(
        at=moment,
        rating=rated,
        zone=zone,
        reason=reason if isinstance(reason, PainCheckReason) else None,
        step_index=_count(step_index),
        sharp=bool(_flag(sharp)),
    )
    unknown = (
        (reason_text is not None and check.reason is None)
        or (step_index is not None and check.step_index is None)
        or _flag(sharp) is None
    )
    return check, unknown


def _session(
    row: Sequence[object], checks: tuple[CheckRecord, ...], steps_done: int, tally: Tally
) -> SessionRecord | None:
    (sid, routine_id, title, version, step_count, started, ended) = row[:7]
    (baseline, end_text, pain_after, eased) = row[7:]
    start, base, routine = instant(started), rating(baseline), _text(routine_id)
    end_reason = None if end_text is None else _choice(EndReason, end_text)
    bad_end = end_text is not None and end_reason is None
    if type(sid) is not int or start is None or base is None or not routine or bad_end:
        tally.skipped.add(sid)
        return None
    record = SessionRecord(
        id=sid,
        routine_id=routine,
        routine_title=_text(title) or routine,
        routine_version=_text(version),
        step_count=_count(step_count),
        started_at=start,
        ended_at=instant(ended),
        baseline=base,
        end_reason=end_reason if isinstance(end_reason, EndReason) else None,
        checks=checks,
        steps_done=steps_done,
        # Unknown reads as eased: an eased session never earns the next level.
        eased=_flag(eased) is not False,
        final_rating=rating(pain_after),
    )
    repaired = (
        (version is not None and record.routine_version is None)
        or (step_count is not None and record.step_count is None)
        or (ended is not None and record.ended_at is None)
        or (pain_after is not None and record.final_rating is None)
        or _flag(eased) is None
        or _text(title) is None
    )
    if repaired:
        tally.repaired.add(sid)
    return record


def read_sessions(
    connection: sqlite3.Connection, where: str, parameters: Sequence[object], tally: Tally
) -> list[SessionRecord]:
    """The sessions ``where`` chooses, sorted by start, each with its checks and steps."""
    rows = connection.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions {where}", parameters
    ).fetchall()
    if not rows:
        return []
    chosen = f"SELECT id FROM sessions {where}"
    checks: dict[object, list[CheckRecord]] = {}
    for session_id, *check_row in connection.execute(
        "SELECT session_id, at, rating, zone, reason, step_index, sharp FROM checks "
        f"WHERE session_id IN ({chosen}) ORDER BY session_id, id",
        parameters,
    ):
        check, unknown = _check(check_row)
        if unknown:
            tally.repaired.add(session_id)
        if check is not None:
            checks.setdefault(session_id, []).append(check)
    steps = dict(
        connection.execute(
            "SELECT session_id, COUNT(*) FROM steps_done "
            f"WHERE session_id IN ({chosen}) GROUP BY session_id",
            parameters,
        ).fetchall()
    )
    records = []
    for row in rows:
        done = steps.get(row[0], 0)
        record = _session(
            row, tuple(checks.get(row[0], ())), done if type(done) is int else 0, tally
        )
        if record is not None:
            records.append(record)
    records.sort(key=lambda r: (r.started_at, r.id))
    return records


def between(since: datetime | None, until: datetime | None) -> tuple[str, list[object]]:
    """The SQL condition on the start text, which sorts as time does for what Unknot writes."""
    conditions: list[str] = []
    parameters: list[object] = []
    if since is not None:
        conditions.append("started_at >= ?")
        parameters.append(aware_utc(since).isoformat(timespec="seconds"))
    if until is not None:
        conditions.append("started_at < ?")
        parameters.append(aware_utc(until).isoformat(timespec="seconds"))
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), parameters
