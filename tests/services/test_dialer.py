"""Call for help: the dialer opened with the region's emergency number, and never a call.

The Android dialer is tested against the fake Java classes (fake_android.py),
shaped as pyjnius calls them: ``Intent(String, Uri)`` and ``Uri.parse(String)``.
"""

from __future__ import annotations

import locale

import pytest

from tests.services.fake_android import FakeAndroid, FakeIntent, FakeLocale, FakeUri
from unknot.core.safety.wording import emergency_number
from unknot.services import create_services, null_services
from unknot.services.android.dialer import AndroidDialer
from unknot.services.dialer import CallForHelp, NullDialer, country_of_locale, python_country

# --- The region's number ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("US", "911"),
        ("CA", "911"),
        ("MX", "911"),
        ("us", "911"),
        ("GB", "999"),
        ("AU", "000"),
        ("DE", "112"),
        ("FR", "112"),
        ("NZ", "112"),
        ("", "112"),
        (None, "112"),
        ("not a country", "112"),
    ],
)
def test_the_emergency_number_follows_the_region_with_112_as_the_fallback(
    country: str | None, number: str
) -> None:
    assert emergency_number(country) == number


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("en_GB.UTF-8", "GB"),
        ("en-AU", "AU"),
        ("de_DE@euro", "DE"),
        ("en_US", "US"),
        ("C", ""),
        ("C.UTF-8", ""),
        ("POSIX", ""),
        ("", ""),
        (None, ""),
        ("sr_RS_LATIN", "RS"),
        ("en_001", ""),
    ],
)
def test_the_region_is_read_from_a_locale_name(name: str | None, country: str) -> None:
    assert country_of_locale(name) == country


def test_on_a_desktop_the_region_comes_from_pythons_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(locale, "getlocale", lambda *_: ("en_AU", "UTF-8"))
    assert python_country() == "AU"
    assert NullDialer().country() == "AU"


def test_without_a_locale_the_region_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(locale, "getlocale", lambda *_: (None, None))
    monkeypatch.setattr(locale, "setlocale", lambda *_: "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert python_country() == "GB"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert python_country() == ""


def test_a_broken_locale_gives_no_region(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ValueError("unknown locale: xx")

    monkeypatch.setattr(locale, "getlocale", broken)
    assert python_country() == ""


# --- Desktop: no dialer ------------------------------------------------------------------


def test_a_desktop_has_no_dialer_and_says_so() -> None:
    services = create_services("linux")
    assert isinstance(services.dialer, NullDialer)
    assert not services.traits.can_dial
    assert services.dialer.dial("112") is False
    assert isinstance(null_services().dialer, NullDialer)


class CountryDialer:
    def __init__(self, country: str, opens: bool) -> None:
        self.region = country
        self.opens = opens
        self.dialled: list[str] = []

    def country(self) -> str:
        return self.region

    def dial(self, number: str) -> bool:
        self.dialled.append(number)
        return self.opens


def test_call_for_help_uses_the_chosen_number_or_else_the_regions() -> None:
    chosen = [""]
    call = CallForHelp(CountryDialer("GB", opens=True), lambda: chosen[0], can_dial=True)
    assert (call.number(), call.region_number()) == ("999", "999")
    chosen[0] = "112"
    assert (call.number(), call.region_number()) == ("112", "999")


def test_call_for_help_shows_the_number_only_when_no_dialer_opens() -> None:
    shown: list[bool] = []
    opens = CountryDialer("US", opens=True)
    CallForHelp(opens, str, can_dial=True).call("911", lambda: shown.append(True))
    assert (opens.dialled, shown) == (["911"], [])

    fails = CountryDialer("US", opens=False)
    CallForHelp(fails, str, can_dial=True).call("911", lambda: shown.append(True))
    assert (fails.dialled, shown) == (["911"], [True])


# --- Android -----------------------------------------------------------------------------


def test_android_opens_the_dialer_with_a_tel_uri_and_never_calls(android: FakeAndroid) -> None:
    assert AndroidDialer().dial("112") is True
    [intent] = android.activity.started
    assert isinstance(intent, FakeIntent)
    assert intent.action == "android.intent.action.DIAL"
    assert intent.data == FakeUri("tel:112")
    # ACTION_CALL would call at once (and needs CALL_PHONE): never used.
    assert all(i.action != "android.intent.action.CALL" for i in android.activity.started)


@pytest.mark.parametrize(("tag", "number"), [("en_US", "911"), ("en_GB", "999"), ("de_DE", "112")])
def test_android_reads_the_region_from_javas_default_locale(
    android: FakeAndroid, tag: str, number: str
) -> None:
    android.default_locale = FakeLocale(tag)
    dialer = AndroidDialer()
    assert dialer.country() == tag.split("_")[1]
    assert CallForHelp(dialer, str, can_dial=True).number() == number


def test_android_without_a_region_falls_back_to_112(android: FakeAndroid) -> None:
    android.default_locale = FakeLocale("en")
    assert AndroidDialer().country() == ""
    assert CallForHelp(AndroidDialer(), str, can_dial=True).number() == "112"


def test_a_tablet_without_a_dialer_says_false_rather_than_raising(android: FakeAndroid) -> None:
    android.missing_activities.add(FakeIntent.ACTION_DIAL)
    assert AndroidDialer().dial("112") is False
    assert android.activity.started == []


@pytest.mark.parametrize("number", ["", "112;", "tel:112", "1 12", "+", "１１２"])
def test_android_never_hands_the_dialer_anything_but_digits(
    android: FakeAndroid, number: str
) -> None:
    assert AndroidDialer().dial(number) is False
    assert android.activity.started == []


def test_without_java_the_android_dialer_neither_raises_nor_dials() -> None:
    # No fake installed: importing jnius fails, as on a desktop.
    dialer = AndroidDialer()
    assert dialer.country() == ""
    assert dialer.dial("112") is False


def test_create_services_on_android_gives_the_dialer_and_the_trait(android: FakeAndroid) -> None:
    services = create_services("android")
    assert isinstance(services.dialer, AndroidDialer)
    assert services.traits.can_dial
    assert services.dialer.dial("999") is True
    assert android.activity.started[-1].data == FakeUri("tel:999")
