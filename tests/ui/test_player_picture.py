"""The player shows the step's picture, as a person sees it: large, the right frame, the
right side, full screen at a tap, and nowhere when the step has none.

The built-in routines are played with the session's clock moved by the test; sizes are a
phone (the tests' window) and an 800x600 desktop, where the picture goes beside the words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kivy.core.window import Window
from kivy.uix.widget import Widget

from tests.ui.conftest import FakeClock, StartApp
from tests.ui.flows import answer_pain, start_session
from tests.ui.pilot import KEY_ESCAPE, Pilot
from tests.ui.routines_for_tests import write_routines
from tests.ui.test_layout import check_screen
from unknot.core.playback.plan import GET_READY_SECONDS, SegmentKind
from unknot.core.playback.session import Session, SessionState
from unknot.core.routines.durations import format_clock
from unknot.core.routines.model import Step
from unknot.ui.screens.player import PictureView

SHAPES = {"phone": (412, 892), "desktop": (800, 600)}


@pytest.fixture(params=sorted(SHAPES))
def shape(request: pytest.FixtureRequest) -> Iterator[str]:
    before = Window.size
    Window.size = SHAPES[request.param]
    yield request.param
    Window.size = before


def box(widget: Widget) -> tuple[float, float, float, float]:
    left, bottom = widget.to_window(*widget.pos)
    return left, bottom, left + widget.width, bottom + widget.height


def drawn_box(pilot: Pilot) -> tuple[float, float, float, float]:
    """Where the picture itself is drawn: the widget's box less the bands around it."""
    picture = pilot.current_screen.ids.picture
    width, height = picture.norm_image_size
    x, y = picture.to_window(*picture.center)
    return x - width / 2, y - height / 2, x + width / 2, y + height / 2


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def current_step(pilot: Pilot) -> Step:
    session: Session = pilot.app.controller.session
    return session.routine.steps[session.segment.step_index]


def state(pilot: Pilot) -> SessionState:
    session: Session = pilot.app.controller.session
    return session.state


def views() -> list[PictureView]:
    return [child for child in Window.children if isinstance(child, PictureView)]


def into_the_first_hold(pilot: Pilot, clock: FakeClock) -> None:
    """Chin tucks, level 1: 2 s into the first 5 s hold of the chin tuck."""
    start_session(pilot, "Chin tucks, level 1", 2)
    pilot.pass_time(GET_READY_SECONDS + 2, clock)
    assert pilot.current_screen.where == "Rep 1 of 10"
    assert pilot.current_screen.title == "Chin tuck"


def test_a_built_in_step_shows_its_picture_large_and_in_sight(
    start_app: StartApp, fake_clock: FakeClock, shape: str
) -> None:
    pilot = start_app(clock=fake_clock)
    start_session(pilot, "Chin tucks, level 1", 2)
    screen = pilot.current_screen
    picture = screen.ids.picture
    rest, nod = current_step(pilot).image_paths
    assert picture.source == str(rest)  # getting ready: the position to take
    pilot.pass_time(GET_READY_SECONDS + 2, fake_clock)
    pilot.frames(4)
    assert picture.source == str(nod)  # the hold: its second frame
    assert picture.texture is not None and picture.opacity == 1
    left, bottom, right, top = drawn_box(pilot)
    width, height = SHAPES[shape]
    assert left >= 0 and bottom >= 0 and right <= width and top <= height
    assert pilot.widget_at((left + right) / 2, (bottom + top) / 2) is picture.__self__
    clock, words = box(screen.ids.clock_box), box(screen.ids.info)
    buttons = [box(pilot.button(text)) for text in ("Back", "Pause", "Skip", "End")]
    for other in (clock, words, *buttons):
        assert not overlaps((left, bottom, right, top), other)
    if shape == "phone":
        # Large: the width of the phone, between the countdown above and the words below.
        assert right - left >= 0.75 * (width - 32)  # less the screen's padding
        assert clock[1] >= top - 1 and words[3] <= bottom + 1
    else:
        # Beside the words, under the countdown, and still large.
        assert right - left >= 0.4 * width and top - bottom >= 0.4 * height
        assert right <= words[0] + 1 and clock[1] >= top - 1
    assert check_screen(pilot, SHAPES[shape]) == []


@pytest.mark.parametrize("scale", (1.0, 1.6), ids=("100%", "160%"))
def test_the_player_with_a_picture_fits_at_large_text(
    start_app: StartApp, fake_clock: FakeClock, shape: str, scale: float, tmp_path: Path
) -> None:
    from unknot.core.settings import Settings, SettingsStore

    data = tmp_path / "data"
    SettingsStore(data / "settings.json").save(Settings(font_scale=scale))
    pilot = start_app(clock=fake_clock, data_dir=data)
    into_the_first_hold(pilot, fake_clock)
    pilot.frames(4)
    assert check_screen(pilot, SHAPES[shape]) == []
    screen = pilot.current_screen
    assert not overlaps(drawn_box(pilot), box(screen.ids.countdown))
    assert not overlaps(drawn_box(pilot), box(screen.ids.step_title))


def play_to(pilot: Pilot, clock: FakeClock, target: int) -> None:
    """Lets time pass to 1 s into the plan's segment ``target``, answering pain checks
    on the way, as a person following the routine would."""
    session = pilot.app.controller.session
    for _ in range(20):
        if session.index == target:
            break
        if pilot.screen_name == "pain":
            answer_pain(pilot, 2)
            continue
        snapshot = session.snapshot()
        between = session.plan.segments[session.index + 1 : target]
        pilot.pass_time(
            (snapshot.remaining or 0) + sum(s.duration or 0 for s in between) + 1, clock
        )
    assert session.index == target


def test_the_other_side_sees_the_picture_mirrored(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = start_app(clock=fake_clock)
    start_session(pilot, "Desk break", 2)
    screen = pilot.current_screen
    plan = list(pilot.app.controller.session.plan.segments)
    left = next(i for i, s in enumerate(plan) if s.side == "left" and s.kind is SegmentKind.WORK)
    right = next(i for i, s in enumerate(plan) if s.side == "right" and s.kind is SegmentKind.WORK)
    play_to(pilot, fake_clock, left)
    assert screen.where.startswith("Left side")
    step = current_step(pilot)
    assert step.side_drawn == "left"
    assert screen.ids.picture.source == str(step.image_path)
    assert not screen.ids.picture.mirrored
    play_to(pilot, fake_clock, right)
    assert screen.where.startswith("Right side")
    assert screen.ids.picture.source == str(step.image_path)  # the same file...
    assert screen.ids.picture.mirrored  # ...flipped


def test_a_tap_shows_it_full_screen_while_the_timer_goes_on(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = start_app(clock=fake_clock)
    into_the_first_hold(pilot, fake_clock)
    screen = pilot.current_screen
    pilot.tap(screen.ids.picture)
    [view] = views()
    big = view.ids.picture
    assert big.source == screen.ids.picture.source and big.opacity == 1
    assert big.norm_image_size[0] >= 0.9 * (Window.width - 32)
    assert big.norm_image_size[0] >= screen.ids.picture.norm_image_size[0]
    assert tuple(view.size) == tuple(Window.size)  # over the whole player
    assert "0:03" in view.heading
    session = pilot.app.controller.session
    pilot.pass_time(1, fake_clock)
    # The session went on beneath: the countdown is honest, here and on the player.
    assert screen.countdown == format_clock(session.snapshot().remaining) == "0:02"
    assert "0:02" in view.heading
    pilot.pass_time(3, fake_clock)  # the hold ends: the rest's frame, full screen too
    assert screen.title == "Relax"
    assert big.source == screen.ids.picture.source == str(current_step(pilot).image_paths[0])

    pilot.tap(big)  # a tap anywhere closes it
    assert views() == []
    assert pilot.screen_name == "player" and state(pilot) is SessionState.RUNNING
    pilot.tap_button("Pause")  # the player takes touches again
    assert state(pilot) is SessionState.PAUSED

    pilot.tap(screen.ids.picture)
    assert len(views()) == 1
    pilot.press_key(KEY_ESCAPE)  # Back (Escape) closes it, and does not end the session
    assert views() == []
    assert pilot.screen_name == "player" and state(pilot) is SessionState.PAUSED
    pilot.tap_button("Resume")
    assert state(pilot) is SessionState.RUNNING


def test_pause_and_resume_go_on_working_with_a_picture(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    pilot = start_app(clock=fake_clock)
    into_the_first_hold(pilot, fake_clock)
    screen = pilot.current_screen
    shown = screen.ids.picture.source
    pilot.tap_button("Pause")
    pilot.pass_time(30, fake_clock)
    assert screen.countdown == "0:03" and screen.paused
    assert screen.ids.picture.source == shown  # the hold's frame, standing still
    pilot.tap_button("Resume")
    pilot.pass_time(4, fake_clock)
    assert screen.title == "Relax"
    assert screen.ids.picture.source == str(current_step(pilot).image_paths[0])


def test_the_full_screen_picture_gives_way_to_a_pain_check(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    """A check (or the heat coming off) must be seen: the picture does not stay over it."""
    pilot = start_app(clock=fake_clock)
    into_the_first_hold(pilot, fake_clock)
    pilot.tap(pilot.current_screen.ids.picture)
    assert len(views()) == 1
    for _ in range(60):
        if pilot.screen_name != "player":
            break
        pilot.pass_time(5, fake_clock)
    assert pilot.screen_name == "pain"
    assert views() == []


def test_a_step_without_a_picture_leaves_no_hole(
    start_app: StartApp, fake_clock: FakeClock, tmp_path: Path, shape: str
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    pilot = start_app(routine_dirs=[write_routines(folder)], clock=fake_clock)
    start_session(pilot, "Short test routine", 2)
    pilot.pass_time(GET_READY_SECONDS + 1, fake_clock)
    screen = pilot.current_screen
    assert screen.image == ""
    assert screen.ids.picture.parent is None  # not in the window at all
    body = screen.ids.body
    assert body.children == [screen.ids.info, screen.ids.clock_box]  # as before pictures
    pilot.tap(screen.ids.clock_box)  # a tap where a picture would be opens nothing
    assert views() == []
    assert check_screen(pilot, SHAPES[shape]) == []


def test_a_notice_is_seen_whole_beside_a_picture_at_large_text_on_a_phone(
    start_app: StartApp, fake_clock: FakeClock, tmp_path: Path
) -> None:
    """Paused in heat, "the heat time keeps counting ... take the heat pack off now" must
    not hide under the picture's share of a phone at 160% text: the picture gives way."""
    from unknot.core.settings import Settings, SettingsStore

    data = tmp_path / "data"
    SettingsStore(data / "settings.json").save(Settings(font_scale=1.6))
    pilot = start_app(clock=fake_clock, data_dir=data)
    start_session(pilot, "Heat and rest", 3)
    pilot.pass_time(GET_READY_SECONDS + 60, fake_clock)
    screen = pilot.current_screen
    assert screen.image  # the heat pack's picture
    pilot.tap_button("Pause")
    pilot.frames(4)
    notice = screen.ids.notice
    assert "take the heat pack off now" in notice.text
    view = notice.parent.parent  # the words' scrolling list
    top = notice.to_window(notice.x, notice.top)[1]
    bottom = notice.to_window(notice.x, notice.y)[1]
    view_bottom = view.to_window(*view.pos)[1]
    assert view_bottom - 1 <= bottom and top <= view_bottom + view.height + 1
    assert drawn_box(pilot)[3] - drawn_box(pilot)[1] > 100  # the picture is still there


def test_a_long_title_at_large_text_leaves_the_instruction_in_sight(
    start_app: StartApp, fake_clock: FakeClock, tmp_path: Path, shape: str
) -> None:
    """ "Side-neck stretch (ear towards shoulder)" takes three lines at 160%: the picture
    gives way, and the instruction's first lines stay on screen."""
    from unknot.core.settings import Settings, SettingsStore

    data = tmp_path / "data"
    SettingsStore(data / "settings.json").save(Settings(font_scale=1.6))
    pilot = start_app(clock=fake_clock, data_dir=data)
    start_session(pilot, "Desk break", 2)
    plan = list(pilot.app.controller.session.plan.segments)
    play_to(pilot, fake_clock, next(i for i, s in enumerate(plan) if s.side == "left"))
    pilot.frames(4)
    screen = pilot.current_screen
    assert screen.image
    cue = screen.ids.cue
    view = cue.parent.parent
    lines = cue.font_size * 1.2 * 3
    assert cue.height > lines  # a long instruction: it scrolls
    assert view.height >= lines  # ...and three lines of it are seen without scrolling
    assert drawn_box(pilot)[3] - drawn_box(pilot)[1] >= 100  # beside a picture still
    assert check_screen(pilot, SHAPES[shape]) == []
