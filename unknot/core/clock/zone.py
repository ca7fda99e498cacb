"""The device's time zone, as a zone with its daylight-saving rules (not a fixed offset).

``datetime.now().astimezone()`` gives only today's offset: a reminder computed
with it would fire an hour off after the clocks change. So the zone is looked
up by name (``Europe/Berlin``) in the tz database: ``zoneinfo`` finds the
system's copy on Linux and macOS, and the ``tzdata`` package elsewhere
(Windows, Android, whose own database is in a format zoneinfo cannot read).
Android gives the name through Java; the platform layer passes it in.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger("unknot.core.clock.zone")

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


def zone_by_name(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_name_from_system(
    environ: dict[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> str | None:
    """The zone's name from ``TZ``, the ``/etc/localtime`` link, or ``/etc/timezone``."""
    env = os.environ if environ is None else environ
    tz = env.get("TZ", "").lstrip(":")
    if tz and zone_by_name(tz) is not None:
        return tz
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    try:
        return timezone_file.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def local_zone(name: str | None = None) -> tzinfo:
    """The named zone, else the system's, else today's fixed offset (logged: DST will be off)."""
    for candidate in (name, zone_name_from_system()):
        zone = zone_by_name(candidate)
        if zone is not None:
            return zone
    fixed = datetime.now().astimezone().tzinfo
    assert fixed is not None
    log.warning("The time zone's name is unknown; reminders use %s without daylight saving", fixed)
    return fixed
