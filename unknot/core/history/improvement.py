"""Rule 9, no improvement: after two weeks of use with no fall in pain, suggest a clinician.

The guide: "after 14 days of use with at least 6 sessions, if the average baseline
of the last 7 days is not at least 1 point below the first 7 days', say once (and
again each 14 days while it holds) that self-care usually helps within one to two
weeks and that it is worth seeing a clinician."

- **14 days of use**: today is at least the 14th local day counted from the day
  of the first session (that day is day 1), so the first 7 days and the last 7
  days never overlap.
- **At least 6 sessions** over the whole history up to now.
- **The averages** are of the sessions' baselines (the pain before each session)
  started in the first 7 days of use and in the last 7 local days, today
  included. A last week with no session says nothing new, so nothing is said.
- **Said once, and again each 14 days while it holds**: the day it was last said
  is kept in ``advice.json`` beside the history (:class:`SaidStore`), so opening
  the app again does not repeat it. A damaged file is set aside and the sentence
  may come once more, which is the harmless way to fail.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from statistics import fmean

from unknot.core.clock.days import local_day
from unknot.core.history.store import SessionRecord
from unknot.core.storage.json_store import JsonFileStore, JsonFormat, Wording

log = logging.getLogger("unknot.core.history.improvement")

USE_DAYS = 14
MIN_SESSIONS = 6
WINDOW_DAYS = 7
MIN_FALL = 1.0
"""The last week's average baseline must be at least this far below the first week's."""
REPEAT_DAYS = 14
SAID_FILE = "advice.json"

NO_IMPROVEMENT = (
    "Your pain before sessions has not come down over the last two weeks. Self-care "
    "usually helps within one to two weeks, so it is worth seeing a clinician (your "
    "doctor or physiotherapist) about your headaches."
)


@dataclass(frozen=True)
class NoImprovement:
    first_average: float
    last_average: float
    message: str = NO_IMPROVEMENT


def no_improvement(
    records: Sequence[SessionRecord], now: datetime, zone: tzinfo
) -> NoImprovement | None:
    """The rule's condition as it stands now, whether or not it was said before."""
    today = local_day(now, zone)
    days = [(local_day(r.started_at, zone), r) for r in records]
    days = [(day, r) for day, r in days if day <= today]
    if len(days) < MIN_SESSIONS:
        return None
    first_day = min(day for day, _ in days)
    if (today - first_day).days + 1 < USE_DAYS:
        return None
    first = [r.baseline for day, r in days if day < first_day + timedelta(days=WINDOW_DAYS)]
    last = [r.baseline for day, r in days if day > today - timedelta(days=WINDOW_DAYS)]
    if not first or not last:
        return None
    first_average, last_average = fmean(first), fmean(last)
    if last_average <= first_average - MIN_FALL:
        return None
    return NoImprovement(first_average, last_average)


def due(said: date | None, today: date) -> bool:
    """Never said, or said at least 14 days ago."""
    return said is None or (today - said).days >= REPEAT_DAYS


# -- the "said" record ------------------------------------------------------------------------


def _said_from_json(raw: bytes) -> date | None:
    try:
        data = json.loads(raw)
        value = data["no_improvement_said"]
        return None if value is None else date.fromisoformat(value)
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError(f"not a record of what was said: {error}") from None


def _said_to_json(said: date | None) -> str:
    return json.dumps({"no_improvement_said": said.isoformat() if said else None}) + "\n"


def _nothing_said() -> date | None:
    return None


SAID_FORMAT: JsonFormat[date | None, date | None] = JsonFormat(
    decode=lambda raw, _file: _said_from_json(raw),
    encode=_said_to_json,
    default=_nothing_said,
    damage=ValueError,
    key="advice",
    wording=Wording(
        unreadable="{path} could not be read ({error}).",
        damaged="{path} is damaged ({reason}); it was kept as {aside}.",
        not_moved="{path} is damaged ({reason}) and could not be moved aside ({error}).",
    ),
    log=log,
)


class SaidStore(JsonFileStore[date | None, date | None]):
    """The day the no-improvement suggestion was last said, in ``advice.json``."""

    def __init__(self, path: Path, now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(path, SAID_FORMAT, now)
