"""The reminders as the Java receivers read them: one JSON document, and the alarms to arm.

Pure (no Android): what ``AndroidAlarms`` saves to SharedPreferences and arms
is decided here, so it can be tested on any machine. The receivers
(android/src/org/unknot/reminders) read this document when an alarm fires with
the app closed, post the notification in its words and arm the next firing.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Any

from unknot.core.reminders.schedule import Reminder, ReminderState, done_for_today, next_firing
from unknot.core.reminders.wording import notification_text
from unknot.services.android.java_names import FORMAT
from unknot.services.android.zone import epoch_ms

log = logging.getLogger("unknot.services")

UTC = timezone.utc

FIRST_CODE = 1000
CODE_SPAN = 1_000_000
"""Request codes are FIRST_CODE .. FIRST_CODE + CODE_SPAN - 1, well inside a Java int."""


def days_mask(reminder: Reminder) -> int:
    """Bit ``d`` set for each ``Weekday`` d (Monday is bit 0): what the Java side reads."""
    mask = 0
    for day in reminder.days:
        mask |= 1 << int(day)
    return mask


def assign_codes(reminder_ids: Sequence[str], known: Mapping[str, int]) -> dict[str, int]:
    """A request code for each id: the one it had, else a new one no other id holds.

    The first guess comes from the id (CRC-32), so the same reminder gets the same
    code even on a device whose saved codes were lost; collisions move to the next
    free code rather than making two reminders share (and overwrite) one alarm.
    """
    codes: dict[str, int] = {}
    for reminder_id in reminder_ids:
        code = known.get(reminder_id)
        if isinstance(code, int) and code not in codes.values():
            codes[reminder_id] = code
    taken = set(codes.values())
    for reminder_id in reminder_ids:
        if reminder_id in codes:
            continue
        offset = zlib.crc32(reminder_id.encode("utf-8")) % CODE_SPAN
        while FIRST_CODE + offset in taken:
            offset = (offset + 1) % CODE_SPAN
        codes[reminder_id] = FIRST_CODE + offset
        taken.add(FIRST_CODE + offset)
    return codes


def reminder_code(reminder_id: str) -> int:
    """The code a lone reminder would get: for notifications posted while the app runs."""
    return assign_codes([reminder_id], {})[reminder_id]


@dataclass(frozen=True)
class Slot:
    """One reminder as the Java receiver sees it, and when it fires next (UTC)."""

    reminder_id: str
    code: int
    due: datetime


def build_slots(
    reminders: Sequence[Reminder],
    state: ReminderState,
    titles: Mapping[str, str],
    *,
    now: datetime,
    zone: tzinfo,
    codes: Mapping[str, int],
    exact_opt_in: bool,
) -> tuple[dict[str, Any], list[Slot]]:
    """The JSON document the receivers read, and the alarms to arm now.

    A reminder fires next at its next daily time or at a pending snooze, whichever
    comes first (one alarm per reminder, so one request code). ``quiet_day`` is
    today's local date when today's plan is done or is a day of rest: the
    receiver then stays silent until midnight, as the in-app check does.
    """
    now_utc = now.astimezone(UTC)
    today = now_utc.astimezone(zone).date()
    enabled = [r for r in reminders if r.enabled]
    enabled_ids = {r.id for r in enabled}
    snoozes = [
        s
        for s in state.snoozes
        if s.reminder_id in enabled_ids and s.until.astimezone(UTC) > now_utc
    ]
    entries: list[dict[str, Any]] = []
    slots: list[Slot] = []
    for reminder in enabled:
        title, text = notification_text(reminder, titles)
        entry: dict[str, Any] = {
            "id": reminder.id,
            "code": codes[reminder.id],
            "hour": reminder.at.hour,
            "minute": reminder.at.minute,
            "days": days_mask(reminder),
            "title": title,
            "text": text,
        }
        if reminder.routine_id is not None:
            entry["routine_id"] = reminder.routine_id
        entries.append(entry)
        candidates = [s.until.astimezone(UTC) for s in snoozes if s.reminder_id == reminder.id]
        regular = next_firing(reminder, now_utc, zone)
        if regular is not None:
            candidates.append(regular)
        if candidates:
            slots.append(Slot(reminder.id, codes[reminder.id], min(candidates)))
    quiet = done_for_today(reminders, state.tally, today)
    document: dict[str, Any] = {
        "format": FORMAT,
        "exact": exact_opt_in,
        "quiet_day": today.isoformat() if quiet else None,
        "reminders": entries,
        "snoozes": [{"id": s.reminder_id, "at": epoch_ms(s.until)} for s in snoozes],
        "codes": {r.id: codes[r.id] for r in reminders},
        "armed": [slot.code for slot in slots],
    }
    return document, slots


def read_saved(text: str | None) -> dict[str, Any]:
    """The saved document, or an empty one when there is none or it is not ours."""
    if not text:
        return {}
    try:
        saved = json.loads(text)
    except ValueError:
        log.warning("Saved reminder alarms were unreadable; arming them afresh")
        return {}
    return saved if isinstance(saved, dict) else {}
