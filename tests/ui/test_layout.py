"""Every screen fits a portrait phone and a landscape tablet: nothing cut off or overlapping.

Sizes are in dp (the tests run at density 1): a 1080x2340 phone at 440 dpi is
393x851 dp, a 2560x1600 tablet at 320 dpi is 1280x800 dp. The screenshot
script renders the same layouts at their real pixel sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import time
from pathlib import Path

import pytest
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from tests.ui.conftest import FakeClock, StartApp
from tests.ui.pilot import Pilot
from tests.ui.routines_for_tests import write_routines
from unknot.core.reminders.schedule import Reminder, Weekday

SIZES = {"phone": (393, 851), "tablet": (1280, 800)}
MIN_TOUCH = 48


def to_player(pilot: Pilot, clock: FakeClock) -> None:
    pilot.app.open_routine("short")
    pilot.app.prepare_start()
    pilot.app.start_with_baseline(2)
    clock.advance(6)


def to_tap_player(pilot: Pilot, clock: FakeClock) -> None:
    pilot.app.open_routine("taps")
    pilot.app.prepare_start()
    pilot.app.start_with_baseline(2)
    clock.advance(6)


def to_pain(pilot: Pilot, clock: FakeClock) -> None:
    to_player(pilot, clock)
    clock.advance(30)


def to_stopped(pilot: Pilot, clock: FakeClock) -> None:
    to_player(pilot, clock)
    pilot.frames(2)
    pilot.app.player.dispatch("on_stop_for_pain")


def to_finished(pilot: Pilot, clock: FakeClock) -> None:
    to_pain(pilot, clock)
    pilot.frames(2)
    pilot.app.answer_pain(2)
    clock.advance(60)
    pilot.frames(2)
    pilot.app.answer_pain(2)


def go(name: str) -> Callable[[Pilot, FakeClock], None]:
    return lambda pilot, _clock: pilot.app.go(name)


def start_check(phase: str) -> Callable[[Pilot, FakeClock], None]:
    def prepare(pilot: Pilot, _clock: FakeClock) -> None:
        pilot.app.open_routine("short")
        pilot.app.prepare_start()
        if phase == "baseline":
            pilot.app.start_check.no_red_flags()

    return prepare


def with_reminders(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.open_routine("short")
    pilot.app.remind_me()
    pilot.app.reminders.put(
        Reminder("x", time(6, 45), frozenset({Weekday.MON, Weekday.WED, Weekday.SAT}))
    )


def edit_reminder(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.reminders.put(Reminder("x", time(8, 0), routine_id="short"))
    pilot.app.edit_reminder("x")


def banner_on_home(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.banner.show_reminder("x", "Time for Chin tucks, level 1")


def to_editor(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.flow.duplicate("short")


def to_step_editor(pilot: Pilot, clock: FakeClock) -> None:
    to_editor(pilot, clock)
    pilot.app.flow.edit_step(0)


def to_counted_step(pilot: Pilot, clock: FakeClock) -> None:
    to_step_editor(pilot, clock)
    pilot.app.flow.step_editor.set_kind("counted")


def to_import(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.flow.choose_import(pilot.app.routine_dirs[0])
    pilot.tap_button("short.yaml")


def to_own_routine(pilot: Pilot, clock: FakeClock) -> None:
    to_editor(pilot, clock)
    pilot.app.flow.editor.save()


def to_first_run(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.change_screening()


def to_history(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.history_flow.show()


def to_morning(pilot: Pilot, _clock: FakeClock) -> None:
    pilot.app.history_flow.morning.ask("How has the pain settled since yesterday's session?")
    pilot.app.go("morning")


def to_morning_advice(pilot: Pilot, clock: FakeClock) -> None:
    to_morning(pilot, clock)
    pilot.app.history_flow.morning.show_advice(
        "Today's sessions are eased: shorter holds, no pressure steps.",
        start_text="Start Chin tucks, level 1 (eased)",
    )


SCREENS: dict[str, Callable[[Pilot, FakeClock], None]] = {
    "history": to_history,
    "morning": to_morning,
    "morning_advice": to_morning_advice,
    "first_run": to_first_run,
    "editor": to_editor,
    "step_editor": to_step_editor,
    "step_editor_counted": to_counted_step,
    "import": to_import,
    "own_routine_and_home": to_own_routine,
    "reminders_empty": go("reminders"),
    "reminders": with_reminders,
    "reminder_new": lambda pilot, _clock: pilot.app.edit_reminder(None),
    "reminder_edit": edit_reminder,
    "banner": banner_on_home,
    "home": lambda pilot, _clock: None,
    "routine": lambda pilot, _clock: pilot.app.open_routine("short"),
    "red_flag_question": start_check("red_flags"),
    "baseline": start_check("baseline"),
    "player": to_player,
    "player_taps": to_tap_player,
    "pain": to_pain,
    "stopped": to_stopped,
    "finished": to_finished,
    "red_flags": go("red_flags"),
    "settings": go("settings"),
}


@pytest.fixture(params=sorted(SIZES))
def sized_window(request: pytest.FixtureRequest) -> Iterator[tuple[int, int]]:
    before = Window.size
    Window.size = SIZES[request.param]
    yield SIZES[request.param]
    Window.size = before


def box(widget: Widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(*widget.pos)
    return x, y, x + widget.width, y + widget.height


def ancestors(widget: Widget) -> Iterator[Widget]:
    """The widget and its parents, up to the window (whose parent is itself)."""
    node: Widget | None = widget
    while node is not None and node is not Window:
        yield node
        node = node.parent


def visible(widget: Widget) -> bool:
    return all(n.opacity > 0 and n.width > 0 and n.height > 0 for n in ancestors(widget))


def inside_scroll(widget: Widget) -> bool:
    return any(isinstance(node, ScrollView) for node in ancestors(widget.parent))


def check_screen(pilot: Pilot, size: tuple[int, int]) -> list[str]:
    width, height = size
    problems = []
    # The app's root: the reminder banner and the current screen (the only one shown).
    widgets = [w for w in pilot.walk(pilot.app.root) if visible(w)]
    buttons = [w for w in widgets if isinstance(w, ButtonBehavior)]
    for button in buttons:
        name = repr(getattr(button, "text", "") or getattr(button, "title", ""))[:40]
        if button.height < MIN_TOUCH or button.width < MIN_TOUCH:
            problems.append(f"button {name} is {button.width:.0f}x{button.height:.0f}")
        left, bottom, right, top = box(button)
        if not inside_scroll(button) and (
            left < -1 or bottom < -1 or right > width + 1 or top > height + 1
        ):
            problems.append(f"button {name} is outside the window: {box(button)}")
    for first_index, first in enumerate(buttons):
        for second in buttons[first_index + 1 :]:
            a, b = box(first), box(second)
            overlap = (
                min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
            )
            if overlap and first not in second.walk() and second not in first.walk():
                problems.append(f"buttons overlap: {first.text!r} and {second.text!r}")
    for label in widgets:
        if isinstance(label, Label) and label.text and not isinstance(label, ButtonBehavior):
            texture_width, texture_height = label.texture_size
            if texture_width > label.width + 2 and label.text_size[0] is not None:
                problems.append(f"label {label.text[:30]!r} is wider than its box")
            if texture_height > label.height + 2:
                problems.append(f"label {label.text[:30]!r} is cut off at the bottom")
            left, _bottom, right, _top = box(label)
            if left < -1 or right > width + 1:
                problems.append(f"label {label.text[:30]!r} runs off the side")
    return problems


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_fits_without_cut_offs_or_small_targets(
    start_app: StartApp,
    fake_clock: FakeClock,
    tmp_path: Path,
    sized_window: tuple[int, int],
    screen: str,
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    pilot = start_app(routine_dirs=[write_routines(folder)], clock=fake_clock)
    SCREENS[screen](pilot, fake_clock)
    pilot.frames(6)
    assert check_screen(pilot, sized_window) == []


def test_text_grows_with_the_font_size_setting(start_app: StartApp) -> None:
    pilot = start_app()
    pilot.app.go("settings")
    pilot.frames(2)
    title = pilot.app.settings_screen.children[0].children[-1]
    before = title.font_size
    pilot.tap_button("Larger")
    pilot.tap_button("Larger")
    assert pilot.app.font_scale > 1.0
    assert title.font_size > before


def test_the_check_itself_reports_a_small_button_and_a_cut_off_label(start_app: StartApp) -> None:
    """Guards the test above: the same check must notice a broken layout."""
    pilot = start_app()
    pilot.frames(2)
    settings_button = pilot.button("Settings")
    settings_button.height = 30
    settings_button.size_hint_y = None
    label = next(w for w in pilot.walk(pilot.current_screen) if getattr(w, "text", "") == "Unknot")
    label.height = 5
    label.size_hint_y = None
    problems = check_screen(pilot, SIZES["phone"])
    assert any("'Settings' is" in problem for problem in problems)
    assert any("'Unknot' is cut off" in problem for problem in problems)


@pytest.mark.parametrize("screen", sorted(set(SCREENS) - {"red_flags", "banner"}))
def test_the_warning_signs_are_one_tap_away_on_every_screen(
    start_app: StartApp, fake_clock: FakeClock, tmp_path: Path, screen: str
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    pilot = start_app(routine_dirs=[write_routines(folder)], clock=fake_clock)
    SCREENS[screen](pilot, fake_clock)
    pilot.frames(4)
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"
