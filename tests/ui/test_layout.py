"""Every screen fits a portrait phone and a landscape tablet: nothing cut off or overlapping.

Sizes are in dp (the tests run at density 1): a 1080x2340 phone at 440 dpi is
393x851 dp, a 2560x1600 tablet at 320 dpi is 1280x800 dp. The screenshot
script renders the same layouts at their real pixel sizes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from tests.ui.clocks import FakeClock, WallClock
from tests.ui.conftest import StartApp
from tests.ui.flows import answer_pain, go_home, open_routine, open_settings, start_session
from tests.ui.pilot import Pilot
from tests.ui.routines_for_tests import write_routines
from tests.ui.test_editor import card_button, cards
from unknot.core.settings import Settings, SettingsStore
from unknot.ui.screens.reminders import ReminderRow
from unknot.ui.widgets.banner import ReminderBanner
from unknot.ui.widgets.data_notices import DataNotices

SIZES = {"phone": (393, 851), "tablet": (1280, 800), "desktop": (800, 600)}
SCALES = (1.0, 1.3, 1.6)
"""The text sizes checked: the default, and the larger settings people with headaches use."""
MIN_TOUCH = 48
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_0755 = datetime(2026, 11, 23, 7, 55, tzinfo=BERLIN)


@dataclass
class Clocks:
    """The session's clock and the wall clock the screens are reached with."""

    session: FakeClock
    wall: WallClock


Move = Callable[[Pilot, Clocks], None]


def to_player(pilot: Pilot, clocks: Clocks) -> None:
    start_session(pilot, "Short test routine", 2)
    pilot.pass_time(6, clocks.session)


def to_tap_player(pilot: Pilot, clocks: Clocks) -> None:
    start_session(pilot, "Tap test routine", 2)
    pilot.pass_time(6, clocks.session)


def to_pain(pilot: Pilot, clocks: Clocks) -> None:
    to_player(pilot, clocks)
    pilot.pass_time(30, clocks.session)


def to_stopped(pilot: Pilot, clocks: Clocks) -> None:
    to_player(pilot, clocks)
    pilot.frames(2)
    pilot.tap_button("Stop: pain is worse")


def to_finished(pilot: Pilot, clocks: Clocks) -> None:
    to_pain(pilot, clocks)
    pilot.frames(2)
    answer_pain(pilot, 2)
    pilot.pass_time(60, clocks.session)
    pilot.frames(2)
    answer_pain(pilot, 2)


def tap_on_home(*texts: str) -> Move:
    """Home's buttons, one after the other."""

    def move(pilot: Pilot, _clocks: Clocks) -> None:
        go_home(pilot)
        for text in texts:
            pilot.tap_button(text)

    return move


def start_check(phase: str) -> Move:
    def prepare(pilot: Pilot, _clocks: Clocks) -> None:
        open_routine(pilot, "Short test routine")
        pilot.tap_button("Start")
        if phase == "baseline":
            pilot.tap_button("No, none of these")

    return prepare


def reminder_rows(pilot: Pilot) -> list[ReminderRow]:
    return [w for w in pilot.walk(pilot.current_screen) if isinstance(w, ReminderRow)]


def with_reminders(pilot: Pilot, _clocks: Clocks) -> None:
    """The routine's own (08:00), and one at 6:45 on Monday, Wednesday and Saturday."""
    open_routine(pilot, "Short test routine")
    pilot.tap_button("Remind me")
    pilot.tap_button("Add a reminder")
    screen = pilot.current_screen
    for _ in range(2):
        pilot.tap(screen.ids.hour_down)  # 06:00
    for _ in range(9):
        pilot.tap(screen.ids.minute_up)  # 06:45
    for day in ("tue", "thu", "fri", "sun"):
        pilot.tap(screen.ids[f"day_{day}"])
    pilot.tap_button("Save")
    assert [row.clock for row in reminder_rows(pilot)] == ["06:45", "08:00"]


def edit_reminder(pilot: Pilot, _clocks: Clocks) -> None:
    open_routine(pilot, "Short test routine")
    pilot.tap_button("Remind me")
    pilot.tap(reminder_rows(pilot)[0])  # 08:00


def banner_on_home(pilot: Pilot, clocks: Clocks) -> None:
    open_routine(pilot, "Short test routine")
    pilot.tap_button("Remind me")
    go_home(pilot)
    pilot.pass_time(5 * 60 + 2, clocks.wall)  # 08:00:02: the 08:00 reminder is due
    assert pilot.find_in_window(ReminderBanner).shown


def to_editor(pilot: Pilot, _clocks: Clocks) -> None:
    open_routine(pilot, "Short test routine")
    pilot.tap_button("Duplicate and edit")


def to_step_editor(pilot: Pilot, clocks: Clocks) -> None:
    to_editor(pilot, clocks)
    pilot.tap(card_button(cards(pilot)[0], "Edit"))


def to_pictures(pilot: Pilot, clocks: Clocks) -> None:
    """The picture grid, one chosen: its description shows above the buttons."""
    to_step_editor(pilot, clocks)
    pilot.tap_button("Choose a picture")
    pilot.tap_button("towel roll lying")


def to_step_with_picture(pilot: Pilot, clocks: Clocks) -> None:
    to_pictures(pilot, clocks)
    pilot.tap_button("Use this picture")
    assert pilot.current_screen.preview


def to_seated_step(pilot: Pilot, clocks: Clocks) -> None:
    """The seated version open, with a picture of its own and a message under a field."""
    to_step_editor(pilot, clocks)
    pilot.tap_button("Add a seated version")
    pilot.tap_button("Choose a seated picture")
    pilot.tap_button("chin tuck seated rest")
    pilot.tap_button("Use this picture")
    assert pilot.current_screen.seated_preview


def to_counted_step(pilot: Pilot, clocks: Clocks) -> None:
    to_step_editor(pilot, clocks)
    pilot.tap_button("Reps")


def to_import(pilot: Pilot, _clocks: Clocks) -> None:
    tap_on_home("Import a routine")(pilot, _clocks)  # it opens at ~/Downloads
    pilot.tap_button("short.yaml")


def to_own_routine(pilot: Pilot, clocks: Clocks) -> None:
    to_editor(pilot, clocks)
    pilot.tap_button("Save")


def to_stopped_sharp(pilot: Pilot, clocks: Clocks) -> None:
    """The pain rule stopped the routine after a "yes" to sharp pain: why, and the offer
    to leave pressure steps out."""
    to_pain(pilot, clocks)
    pilot.frames(2)
    answer_pain(pilot, 2, sharp=True)
    assert pilot.screen_name == "stopped"
    assert pilot.has_button("Leave them out")


def to_review_before_start(pilot: Pilot, clocks: Clocks) -> None:
    """Two stops for pain today: the next Start says "see a clinician" above the question."""
    for _ in range(2):
        to_stopped(pilot, clocks)
        pilot.tap_button("Back to routines")
        pilot.frames(4)  # home lays out its list again before the next tap
    open_routine(pilot, "Short test routine")
    pilot.tap_button("Start")
    assert pilot.current_screen.review


SCREENS: dict[str, Move] = {
    "history": tap_on_home("History"),
    "stopped_sharp": to_stopped_sharp,
    "review_before_start": to_review_before_start,
    "first_run": tap_on_home("Settings", "Safety questions: see or change your answers"),
    "editor": to_editor,
    "step_editor": to_step_editor,
    "step_editor_counted": to_counted_step,
    "step_editor_picture": to_step_with_picture,
    "step_editor_seated": to_seated_step,
    "pictures": to_pictures,
    "import": to_import,
    "own_routine_and_home": to_own_routine,
    "reminders_empty": tap_on_home("Reminders"),
    "reminders": with_reminders,
    "reminder_new": tap_on_home("Reminders", "Add a reminder"),
    "reminder_edit": edit_reminder,
    "banner": banner_on_home,
    "home": lambda _pilot, _clocks: None,
    "routine": lambda pilot, _clocks: open_routine(pilot, "Short test routine"),
    "red_flag_question": start_check("red_flags"),
    "baseline": start_check("baseline"),
    "player": to_player,
    "player_taps": to_tap_player,
    "pain": to_pain,
    "stopped": to_stopped,
    "finished": to_finished,
    "red_flags": tap_on_home("Warning signs"),
    "settings": tap_on_home("Settings"),
    "sleep": tap_on_home("Sleep and screens"),
}


def start_for_screens(
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scale: float = 1.0
) -> tuple[Pilot, Clocks]:
    """The app on the test routines, with the fake clocks, and a ~/Downloads that holds
    a routine file for the importer to show."""
    folder = tmp_path / "routines"
    folder.mkdir()
    write_routines(folder)
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    shutil.copy(folder / "short.yaml", home / "Downloads" / "short.yaml")
    monkeypatch.setenv("HOME", str(home))
    clocks = Clocks(FakeClock(), WallClock(MONDAY_0755))
    data = tmp_path / "data"
    SettingsStore(data / "settings.json").save(Settings(font_scale=scale))
    pilot = start_app(
        data_dir=data,
        routine_dirs=[folder],
        clock=clocks.session,
        wall_clock=clocks.wall,
        zone=BERLIN,
    )
    return pilot, clocks


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


def split_words(label: Label) -> list[str]:
    """Words the label breaks across two lines ("Remov" / "e"), from Kivy's own layout."""
    core = getattr(label, "_label", None)
    lines = getattr(core, "_cached_lines", None) or []
    text = label.text
    if getattr(label, "markup", False) or len(lines) < 2:
        return []
    found, position = [], 0
    for line in lines[:-1]:
        shown = "".join(word.text for word in line.words)
        start = text.find(shown, position) if shown else position
        if start < 0:
            return []
        end = start + len(shown)
        if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            word_start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
            word = text[word_start:end] + text[end:].split(maxsplit=1)[0]
            # A folder's path, or a file's name longer than a phone's line at large text
            # ("reminders.json.damaged-20261201-060040"), has no space to wrap at: it may
            # break. A word of a sentence may not.
            file_name = "." in word.strip(".,;:()") and len(word) > 20
            if "/" not in word and not file_name:
                found.append(text[word_start:end] + "/" + text[end:].split(maxsplit=1)[0])
        position = end
    return found


def check_screen(pilot: Pilot, size: tuple[int, int]) -> list[str]:
    width, height = size
    problems = []
    # The window as drawn: the reminder banner and the current screen (the only one shown).
    widgets = [w for child in Window.children for w in child.walk(restrict=True) if visible(w)]
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
        if isinstance(label, Label) and label.text:
            for split in split_words(label):
                problems.append(f"the word {split!r} is split across lines")
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


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{s:.0%}")
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_fits_without_cut_offs_or_small_targets(
    start_app: StartApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sized_window: tuple[int, int],
    screen: str,
    scale: float,
) -> None:
    pilot, clocks = start_for_screens(start_app, tmp_path, monkeypatch, scale)
    SCREENS[screen](pilot, clocks)
    pilot.frames(6)
    assert check_screen(pilot, sized_window) == []


def test_text_grows_with_the_font_size_setting(start_app: StartApp) -> None:
    pilot = start_app()
    open_settings(pilot)
    title = pilot.current_screen.children[0].children[-1]
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
    start_app: StartApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: str
) -> None:
    pilot, clocks = start_for_screens(start_app, tmp_path, monkeypatch)
    SCREENS[screen](pilot, clocks)
    pilot.frames(4)
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"


def test_a_wrapped_bullet_line_starts_under_its_text(start_app: StartApp) -> None:
    """Before: "•  Signs of a stroke..." wrapped back to the left edge, under the bullet."""
    from unknot.ui.widgets.common import Bullet

    pilot = start_app()
    go_home(pilot)
    pilot.tap_button("Warning signs")
    pilot.frames(4)
    bullets = [w for w in pilot.walk(pilot.current_screen) if isinstance(w, Bullet)]
    wrapped = [b for b in bullets if b.ids.item.texture_size[1] > b.ids.item.font_size * 1.8]
    assert wrapped, "no bullet wraps at this size: the check would prove nothing"
    for bullet in wrapped:
        column, item = bullet.children[1], bullet.children[0]
        assert item.x >= column.right - 1  # every line of the item starts right of the bullet


def test_a_bullet_stands_at_its_first_line(start_app: StartApp) -> None:
    from unknot.ui.widgets.common import Bullet

    pilot = start_app()
    pilot.tap_button("Warning signs")
    pilot.frames(4)
    bullet = next(
        b
        for b in pilot.walk(pilot.current_screen)
        if isinstance(b, Bullet) and b.ids.item.texture_size[1] > b.ids.item.font_size * 1.8
    )
    column, item = bullet.children[1], bullet.children[0]
    mark = column.children[-1]  # the first child of a vertical box stands at its top
    assert mark.text == "•"
    # Level with the item's first line: its top within a few px of the item's top.
    assert abs(mark.top - item.top) <= 4
    assert mark.top <= bullet.top + 1 and mark.y >= bullet.y - 1


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{s:.0%}")
def test_the_data_notice_bar_fits_with_its_longest_words(
    start_app: StartApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sized_window: tuple[int, int],
    scale: float,
) -> None:
    """A damaged reminders file's notice, the longest the stores say, above home."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "reminders.json").write_text('{"version": 1, "reminders": [{"id": 5', "utf-8")
    pilot, _clocks = start_for_screens(start_app, tmp_path, monkeypatch, scale)
    bar = pilot.find_in_window(DataNotices)
    assert "reminders.json" in bar.text
    pilot.frames(6)
    assert check_screen(pilot, sized_window) == []
    assert bar.top <= Window.height + 1
    home = pilot.current_screen
    assert home.height > bar.height, "the screen under the bar is still there to use"
