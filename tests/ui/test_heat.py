"""Heat in the player: whatever a person taps, the pack never stays on past its 15 minutes.

The routine is the built-in Heat and rest; the session's clock is a fake one the
test moves, and every move through the app is a tap.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest

from tests.ui.clocks import FakeClock, WallClock
from tests.ui.conftest import StartApp
from tests.ui.flows import start_session
from tests.ui.pilot import Pilot
from unknot.core.playback.plan import GET_READY_SECONDS, HEAT_OFF
from unknot.core.playback.session import HEAT_CANNOT_RESTART
from unknot.core.settings import Settings, SettingsStore
from unknot.services import null_services
from unknot.services.traits import ANDROID_TRAITS
from unknot.ui.session_controller import HEAT_KEEPS_COUNTING

HEAT = 15 * 60.0
TITLE = "Heat and rest"


def heat_on(start_app: StartApp, clock: FakeClock) -> Pilot:
    """Heat and rest started at pain 3, past its get-ready: the pack is on."""
    pilot = start_app(clock=clock)
    start_session(pilot, TITLE, 3)
    pilot.pass_time(GET_READY_SECONDS, clock)
    assert pilot.current_screen.title == "Warm the back of your neck"
    return pilot


def minutes_left(pilot: Pilot) -> str:
    pilot.frames(2)
    return str(pilot.current_screen.countdown)


def test_pause_says_the_heat_keeps_counting_and_it_does(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = heat_on(start_app, fake_clock)
    pilot.pass_time(60, fake_clock)
    pilot.tap_button("Pause")
    assert HEAT_KEEPS_COUNTING in pilot.texts()
    assert minutes_left(pilot) == "14:00"
    pilot.pass_time(120, fake_clock)
    assert minutes_left(pilot) == "12:00"  # counting while paused


def test_back_during_heat_does_not_start_it_again(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = heat_on(start_app, fake_clock)
    pilot.pass_time(28, fake_clock)  # "Back at 14:32 left gave 15:00 again" before
    assert minutes_left(pilot) == "14:32"
    pilot.tap_button("Back")
    assert minutes_left(pilot) == "14:32"
    assert HEAT_CANNOT_RESTART in pilot.texts()


def test_paused_past_the_time_the_take_off_comes_and_the_pause_holds(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = heat_on(start_app, fake_clock)
    pilot.tap_button("Pause")
    pilot.pass_time(HEAT + 60, fake_clock)
    assert pilot.current_screen.title == HEAT_OFF
    assert pilot.current_screen.paused
    assert pilot.has_button("Resume")


@pytest.mark.parametrize(
    "taps",
    [
        ["Pause", "Warning signs", "Back to the routine", "Resume", "Back"],
        ["Back", "Warning signs", "Back to the routine", "Pause", "Back", "Resume"],
        ["Warning signs", "Back to the routine", "Back", "Resume", "Pause"],
    ],
)
def test_no_order_of_taps_keeps_the_heat_on_past_15_minutes(
    start_app: StartApp, fake_clock: FakeClock, taps: list[str]
) -> None:
    pilot = heat_on(start_app, fake_clock)
    on_for = 0.0
    for tap in taps:
        pilot.pass_time(100, fake_clock)
        on_for += 100
        if pilot.has_button(tap):
            pilot.tap_button(tap)
    pilot.pass_time(HEAT - on_for, fake_clock)
    assert pilot.current_screen.title == HEAT_OFF


def test_end_during_heat_says_take_the_pack_off(start_app: StartApp, fake_clock: FakeClock) -> None:
    pilot = heat_on(start_app, fake_clock)
    pilot.tap_button("End")
    assert pilot.app.controller.session.ended_with_heat_on
    assert any("Take the heat pack off now" in text for text in pilot.texts())


def test_a_warning_sign_during_heat_says_take_the_pack_off_first(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = heat_on(start_app, fake_clock)
    pilot.tap_button("Warning signs")
    assert not any("Take the heat pack off now" in text for text in pilot.texts())
    pilot.tap_button("I have one of these: stop the routine")
    assert pilot.screen_name == "red_flags"
    assert pilot.current_screen.heat_off == f"{HEAT_OFF}."


def test_skip_during_heat_takes_the_pack_off_first(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = heat_on(start_app, fake_clock)
    pilot.tap_button("Skip")
    assert pilot.current_screen.title == HEAT_OFF


class RecordingHeatAlarm:
    """The heat alarm's interface, recording what the app asks of the platform."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, datetime | None]] = []

    def arm(self, at: datetime, zone: tzinfo) -> None:
        self.calls.append(("arm", at))

    def cancel(self) -> None:
        self.calls.append(("cancel", None))


def test_leaving_the_app_during_heat_arms_the_alarm_for_the_heats_end(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    alarm = RecordingHeatAlarm()
    wall = WallClock(datetime(2026, 12, 1, 14, 20, tzinfo=timezone.utc))
    services = replace(null_services(traits=ANDROID_TRAITS), heat_alarm=alarm)
    pilot = start_app(clock=fake_clock, wall_clock=wall, services=services)
    start_session(pilot, TITLE, 3)
    pilot.pass_time(GET_READY_SECONDS + 60, fake_clock)
    pilot.app.dispatch("on_pause")  # the screen locks a minute into the heat
    assert alarm.calls == [("arm", wall.now + timedelta(minutes=14))]
    pilot.app.dispatch("on_resume")
    assert alarm.calls[-1] == ("cancel", None)
    pilot.tap_button("End")
    assert alarm.calls[-1] == ("cancel", None)


def test_leaving_the_app_outside_heat_arms_nothing(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    alarm = RecordingHeatAlarm()
    services = replace(null_services(traits=ANDROID_TRAITS), heat_alarm=alarm)
    pilot = start_app(clock=fake_clock, services=services)
    start_session(pilot, TITLE, 3)  # still in the get-ready: the pack is not on yet
    pilot.app.dispatch("on_pause")
    assert alarm.calls == []


def test_the_heat_note_is_in_view_at_the_largest_text(
    start_app: StartApp, fake_clock: FakeClock, tmp_path: Path
) -> None:
    """At 160% on a phone the note sat below the instruction, scrolled out of view."""
    data = tmp_path / "data"
    SettingsStore(data / "settings.json").save(Settings(font_scale=1.6))
    pilot = start_app(data_dir=data, clock=fake_clock)
    start_session(pilot, TITLE, 3)
    pilot.pass_time(GET_READY_SECONDS + 60, fake_clock)
    pilot.tap_button("Pause")
    pilot.frames(3)
    note = pilot.current_screen.ids.notice
    view = note.parent.parent
    top_of_view = view.to_window(view.x, view.top)[1]
    note_bottom = note.to_window(note.x, note.y)[1]
    assert note.text == HEAT_KEEPS_COUNTING
    assert note_bottom >= view.to_window(view.x, view.y)[1]  # all of it inside the view
    assert note.to_window(note.x, note.top)[1] <= top_of_view + 1
