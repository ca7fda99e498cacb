"""The phone's time zone, by name where Python has the data, else asked of Java each time.

Python's zoneinfo reads the system's zone files or the ``tzdata`` package, and
Android has neither where Python looks; the zone's name comes from Java either way.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since 1970 UTC, as Java's clocks and zones count (exact, no floats)."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


class JavaZone(tzinfo):
    """A tzinfo that asks ``java.util.TimeZone``: for when Python has no zone data.

    Asking Java also means Python and the receivers use the same rules. Same
    semantics as zoneinfo: for a wall time that happens twice, ``fold=0`` is the
    first; for one skipped by a spring-forward gap, ``fold=0`` uses the offset
    from before the gap (so it lands after the jump).
    """

    def __init__(self, java_zone: Any) -> None:
        self._zone = java_zone
        self._name = str(java_zone.getID())

    @property
    def key(self) -> str:
        """The zone's name, as ``ZoneInfo.key``: what a calendar export writes as TZID."""
        return self._name

    def __repr__(self) -> str:
        return f"JavaZone({self._name!r})"

    def _offset_at(self, utc_ms: int) -> int:
        return int(self._zone.getOffset(utc_ms))

    def _wall_offset_ms(self, moment: datetime) -> int:
        wall_ms = epoch_ms(moment.replace(tzinfo=UTC))
        day = 24 * 3600 * 1000
        before = self._offset_at(wall_ms - day)
        after = self._offset_at(wall_ms + day)
        valid = sorted({o for o in (before, after) if self._offset_at(wall_ms - o) == o})
        if len(valid) == 2:  # the wall time happens twice: the larger offset is the first
            return valid[1] if moment.fold == 0 else valid[0]
        if len(valid) == 1:
            return valid[0]
        return before if moment.fold == 0 else after  # skipped by a gap

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        return timedelta(milliseconds=self._wall_offset_ms(dt))

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return self._name

    def fromutc(self, dt: datetime) -> datetime:
        utc_ms = epoch_ms(dt.replace(tzinfo=UTC))
        offset = timedelta(milliseconds=self._offset_at(utc_ms))
        local = (dt.replace(tzinfo=None) + offset).replace(tzinfo=self)
        if local.utcoffset() != offset:
            local = local.replace(fold=1)
        return local


def device_zone() -> tzinfo:
    """The phone's time zone now: zoneinfo by its id when Python has the data, else Java's.

    Read again whenever it matters (each arm): the person may have travelled since
    the app started (Android resets Java's default zone in running apps when the
    zone changes).
    """
    from jnius import autoclass

    java_zone = autoclass("java.util.TimeZone").getDefault()
    zone_id = str(java_zone.getID())
    try:
        return ZoneInfo(zone_id)
    except (ZoneInfoNotFoundError, ValueError):
        return JavaZone(java_zone)
