"""The device's zone is found by name, so daylight saving is known, not a fixed offset."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from unknot.core.clock.zone import local_zone, zone_name_from_system


def test_tz_variable_wins(tmp_path: Path) -> None:
    name = zone_name_from_system({"TZ": "America/New_York"}, tmp_path / "none", tmp_path / "none")
    assert name == "America/New_York"


def test_the_localtime_link_names_the_zone(tmp_path: Path) -> None:
    target = tmp_path / "usr/share/zoneinfo/Europe/Berlin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"")
    link = tmp_path / "localtime"
    link.symlink_to(target)
    assert zone_name_from_system({}, link, tmp_path / "none") == "Europe/Berlin"


def test_etc_timezone_is_the_last_resort(tmp_path: Path) -> None:
    file = tmp_path / "timezone"
    file.write_text("Australia/Sydney\n")
    assert zone_name_from_system({}, tmp_path / "none", file) == "Australia/Sydney"


def test_a_named_zone_knows_daylight_saving() -> None:
    zone = local_zone("Europe/Berlin")
    assert isinstance(zone, ZoneInfo)
    winter = datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset()
    summer = datetime(2026, 7, 15, 12, tzinfo=zone).utcoffset()
    assert winter != summer


def test_an_unknown_name_falls_back_without_failing() -> None:
    zone = local_zone("Not/AZone")
    assert datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset() is not None
