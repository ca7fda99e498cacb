"""The few ways through the app that many tests take, each made of taps on visible buttons.

They name what a person does ("start chin tucks at pain 2"), so a test reads as
the person's story; and they know nothing of the app's internals, only its
screens' names and button labels, so a rewrite of the app's wiring leaves them
(and the tests) standing.
"""

from __future__ import annotations

from tests.ui.pilot import KEY_ESCAPE, Pilot

BACK_BUTTONS = ("Back to routines", "Back", "Cancel")
"""Where each screen's way back is, in the order tried (the player's "Back" is a step back,
so the player is never left this way)."""


def go_home(pilot: Pilot) -> None:
    """Back to the home screen by the screens' own back buttons (Escape where there is none)."""
    for _ in range(8):
        if pilot.screen_name == "home":
            return
        assert pilot.screen_name not in ("player", "pain"), (
            f"a session is under way on {pilot.screen_name}: end it before going home"
        )
        way_back = next((text for text in BACK_BUTTONS if pilot.has_button(text)), None)
        if way_back is None:
            pilot.press_key(KEY_ESCAPE)
        else:
            pilot.tap_button(way_back)
    assert pilot.screen_name == "home", f"could not get home from {pilot.screen_name}"


def open_routine(pilot: Pilot, title: str) -> None:
    """Taps the routine's card on the home screen (going home first)."""
    go_home(pilot)
    pilot.tap_button(title)
    assert pilot.screen_name == "routine", f"tapping {title!r} opened {pilot.screen_name}"


def edit_a_copy(pilot: Pilot, title: str) -> None:
    """Opens the routine and taps Duplicate and edit: the editor, on the person's copy."""
    open_routine(pilot, title)
    pilot.tap_button("Duplicate and edit")
    assert pilot.screen_name == "editor", f"Duplicate and edit opened {pilot.screen_name}"


def answer_start_check(pilot: Pilot, baseline: int, *, warning_signs: bool = False) -> None:
    """On "Before you start": the warning-signs question, then the pain now, by taps."""
    assert pilot.screen_name == "start_check", f"on {pilot.screen_name}, not the start check"
    pilot.tap_button("Yes" if warning_signs else "No, none of these")
    if not warning_signs:
        pilot.tap_button(str(baseline))


def start_session(
    pilot: Pilot, routine_title: str, baseline: int, *, warning_signs: bool = False
) -> None:
    """Home -> the routine's card -> Start -> the warning-signs question -> the pain now."""
    open_routine(pilot, routine_title)
    pilot.tap_button("Start")
    answer_start_check(pilot, baseline, warning_signs=warning_signs)


def answer_pain(pilot: Pilot, rating: int, *, sharp: bool = False) -> None:
    """The pain check: "sharp or electric pain?" Yes or No first (it must be answered),
    then the number."""
    assert pilot.screen_name == "pain", f"on {pilot.screen_name}, not the pain check"
    pilot.tap_button("Yes" if sharp else "No")
    pilot.tap_button(str(rating))


def open_settings(pilot: Pilot) -> None:
    go_home(pilot)
    pilot.tap_button("Settings")
    assert pilot.screen_name == "settings"


def open_reminders(pilot: Pilot) -> None:
    go_home(pilot)
    pilot.tap_button("Reminders")
    assert pilot.screen_name == "reminders"


def open_history(pilot: Pilot) -> None:
    go_home(pilot)
    pilot.tap_button("History")
    assert pilot.screen_name == "history"
