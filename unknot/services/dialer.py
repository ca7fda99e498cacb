"""Call for help: the phone's dialer with the emergency number filled in, where there is one.

Only Android has a dialer to open (``unknot.services.android.dialer``). Elsewhere
``dial`` says it cannot, and the warning-signs screen shows the number large
instead. No implementation ever places a call itself: the person presses call.

The region (which number is the emergency one) comes from the device's
language settings: Java's default locale on Android, Python's here.
"""

from __future__ import annotations

import locale
import logging
import os
from collections.abc import Callable
from typing import Protocol

from unknot.core.safety.wording import emergency_number

log = logging.getLogger("unknot.services")


class Dialer(Protocol):
    def country(self) -> str:
        """The device's region as an ISO 3166 code ("GB"), or "" when it cannot be told."""
        ...

    def dial(self, number: str) -> bool:
        """Opens the dialer with ``number`` filled in, never calling; False when it cannot.

        Never raises.
        """
        ...


def country_of_locale(name: str | None) -> str:
    """The region part of a locale name: "en_GB.UTF-8" and "en-GB" give "GB"; "C" gives ""."""
    if not name:
        return ""
    language_region = name.split(".")[0].split("@")[0].replace("-", "_")
    parts = language_region.split("_")
    if len(parts) < 2:
        return ""
    region = parts[1].upper()
    return region if len(region) == 2 and region.isalpha() else ""


def python_country() -> str:
    """The region of Python's locale (LC_CTYPE, or the environment's LANG), or ""."""
    try:
        name = locale.getlocale()[0] or locale.setlocale(locale.LC_CTYPE, None)
    except (ValueError, locale.Error) as error:
        log.debug("No locale to tell the region from (%s)", error)
        return ""
    country = country_of_locale(name)
    if not country:
        for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
            country = country_of_locale(os.environ.get(variable))
            if country:
                break
    return country


class NullDialer:
    """A desktop (or any platform without a phone dialer): the screen shows the number instead."""

    def country(self) -> str:
        return python_country()

    def dial(self, number: str) -> bool:
        return False


class CallForHelp:
    """What the warning-signs screen's Call for help needs: the number now, and the dialer.

    The number is the person's own choice (Settings) when they made one, else their
    region's; it is worked out at each use, so a changed setting or region counts at once.
    """

    def __init__(self, dialer: Dialer, chosen: Callable[[], str], *, can_dial: bool) -> None:
        self.dialer = dialer
        self.chosen = chosen
        """The number set in Settings, or "" for the region's."""
        self.can_dial = can_dial

    def region_number(self) -> str:
        return emergency_number(self.dialer.country())

    def number(self) -> str:
        return self.chosen() or self.region_number()

    def call(self, number: str, show_number: Callable[[], None]) -> None:
        """Opens the dialer with ``number``; when it cannot, ``show_number()`` shows it large."""
        if not self.dialer.dial(number):
            show_number()
