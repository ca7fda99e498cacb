"""The player as a person meets it: start a routine, rate the pain, follow, pause, skip, stop.

Every step is a tap on the widget a person would tap. The session's clock is a fake
one the test moves, so a slow machine cannot change what a test sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kivy.core.window import Window

from tests.ui.conftest import FakeClock, StartApp
from tests.ui.flows import answer_pain, open_routine, start_session
from tests.ui.pilot import KEY_ESCAPE, KEY_RIGHT, KEY_SPACE, Pilot
from tests.ui.routines_for_tests import write_routines
from unknot.core.playback.session import EndReason, SessionState
from unknot.core.safety.wording import AFTER_STOP, RED_FLAGS
from unknot.ui.widgets.scissor_scroll import ScissorScrollView


def open_and_rate(pilot: Pilot, title: str, baseline: int = 2) -> None:
    """Home -> routine -> Start -> no red flags -> baseline, all by taps."""
    start_session(pilot, title, baseline)


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    return write_routines(folder)


def test_start_asks_the_red_flag_question_first(start_app: StartApp) -> None:
    pilot = start_app()
    pilot.tap_button("Chin tucks, level 1")
    pilot.tap_button("Start")
    texts = "\n".join(pilot.texts())
    assert "Do you have any of these right now?" in texts
    assert RED_FLAGS[0] in pilot.texts()


def test_yes_to_a_red_flag_shows_urgent_care(start_app: StartApp) -> None:
    pilot = start_app()
    pilot.tap_button("Chin tucks, level 1")
    pilot.tap_button("Start")
    pilot.tap_button("Yes")
    assert pilot.screen_name == "red_flags"
    assert "Stop and get urgent care" in pilot.texts()


def test_a_baseline_tap_starts_the_player(start_app: StartApp) -> None:
    pilot = start_app()
    open_and_rate(pilot, "Chin tucks, level 1", baseline=2)
    assert pilot.screen_name == "player"
    assert pilot.current_screen.title == "Get ready"
    assert pilot.app.controller.session.baseline == 2


def test_the_countdown_advances_as_time_passes(start_app: StartApp, fake_clock: FakeClock) -> None:
    pilot = start_app(clock=fake_clock)
    open_and_rate(pilot, "Chin tucks, level 1")
    first = pilot.current_screen.countdown
    pilot.pass_time(1.3, fake_clock)
    later = pilot.current_screen.countdown
    assert first == "0:05"
    assert later in ("0:04", "0:03")


def test_pause_freezes_the_countdown_and_resume_goes_on(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine")
    pilot.pass_time(7, fake_clock)  # 5 s get-ready, then 2 s into the 20 s hold
    assert pilot.current_screen.countdown == "0:18"
    pilot.tap_button("Pause")
    pilot.pass_time(30, fake_clock)
    assert pilot.current_screen.countdown == "0:18"
    assert pilot.current_screen.paused
    pilot.tap_button("Resume")
    pilot.pass_time(3, fake_clock)
    assert pilot.current_screen.countdown == "0:15"


def test_skip_moves_to_the_next_step(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine")
    pilot.pass_time(6, fake_clock)
    assert pilot.current_screen.title == "Hold still"
    pilot.tap_button("Skip")
    assert pilot.current_screen.title == "Press gently"
    assert pilot.current_screen.countdown == "0:10"


def test_back_returns_to_the_previous_step(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine")
    pilot.pass_time(6, fake_clock)
    pilot.tap_button("Skip")
    pilot.tap_button("Back")
    assert pilot.current_screen.title in ("Get ready", "Hold still")
    assert pilot.app.controller.session.segment.step_index == 0


def test_stop_for_pain_lands_on_the_stop_screen(start_app: StartApp) -> None:
    pilot = start_app()
    open_and_rate(pilot, "Chin tucks, level 1")
    pilot.tap_button("Stop: pain is worse")
    assert pilot.screen_name == "stopped"
    texts = "\n".join(pilot.texts())
    assert "You stopped the routine for pain" in texts
    assert "worse" not in pilot.current_screen.heading  # no rating says it rose
    assert AFTER_STOP[1] in texts
    assert pilot.app.controller.session.end_reason is EndReason.STOPPED_FOR_PAIN


def test_warning_signs_are_one_tap_from_the_player_and_pause_it(start_app: StartApp) -> None:
    pilot = start_app()
    open_and_rate(pilot, "Chin tucks, level 1")
    pilot.tap_button("Warning signs")
    assert pilot.screen_name == "red_flags"
    assert pilot.app.controller.session.state is SessionState.PAUSED
    pilot.tap_button("Back")
    assert pilot.screen_name == "player"


def test_a_pain_check_comes_after_a_pressure_step(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=2)
    pilot.pass_time(5 + 20 + 10, fake_clock)
    assert pilot.screen_name == "pain"
    answer_pain(pilot, 2)
    assert pilot.screen_name == "player"
    assert pilot.current_screen.title == "Chin tuck"


def test_a_worse_rating_at_a_check_stops_the_session(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=2)
    pilot.pass_time(35, fake_clock)
    answer_pain(pilot, 4)
    assert pilot.screen_name == "stopped"
    assert pilot.app.controller.session.end_reason is EndReason.STOPPED_FOR_PAIN


def test_a_moderate_rating_eases_off_and_says_so(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=3)
    assert not pilot.app.controller.session.eased
    pilot.pass_time(35, fake_clock)
    answer_pain(pilot, 4)  # 4, and 1 above the baseline: ease off (rule 4)
    assert pilot.screen_name == "player"
    assert "Ease off" in pilot.current_screen.notice
    assert pilot.app.controller.session.eased_from_step == 2


def test_a_rise_of_one_is_not_a_stop(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=1)
    pilot.pass_time(35, fake_clock)
    answer_pain(pilot, 2)
    assert pilot.screen_name == "player"
    assert pilot.app.controller.session.state is SessionState.RUNNING


def test_a_baseline_of_4_or_5_starts_eased_and_says_so(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=4)
    assert pilot.screen_name == "player"
    session = pilot.app.controller.session
    assert session.eased_from_step == 0  # rule 4's ease-off from the first step
    assert "starts eased: lighter pressure, fewer reps" in pilot.current_screen.notice
    # the first step, a timed one with no check of its own, now has one
    pilot.pass_time(5 + 20, fake_clock)
    assert pilot.screen_name == "pain"


def test_the_numbers_wait_for_the_sharp_pain_question(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=2)
    pilot.pass_time(35, fake_clock)
    assert pilot.screen_name == "pain"
    assert "sharp or electric pain" in "\n".join(pilot.texts()).lower()
    assert not pilot.has_button("2")  # a tap on a number cannot skip the question
    pilot.tap_button("No")
    pilot.tap_button("2")
    assert pilot.screen_name == "player"
    assert not pilot.app.controller.session.answers[-1].sharp_on_touch


def test_sharp_pain_on_touch_stops_whatever_the_number(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=2)
    pilot.pass_time(35, fake_clock)
    answer_pain(pilot, 1, sharp=True)
    assert pilot.screen_name == "stopped"
    assert pilot.app.controller.session.answers[-1].sharp_on_touch


def test_the_end_shows_pain_before_and_after(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine", baseline=3)
    pilot.pass_time(35, fake_clock)
    answer_pain(pilot, 3)
    pilot.pass_time(60, fake_clock)
    assert pilot.screen_name == "pain"
    answer_pain(pilot, 2)
    assert pilot.screen_name == "finished"
    assert "Pain before: 3   ·   after: 2" in pilot.texts()


def test_self_paced_reps_count_taps(
    start_app: StartApp, fake_clock: FakeClock, routines: Path
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Tap test routine")
    pilot.pass_time(6, fake_clock)
    pilot.tap_button("Rep done")
    pilot.tap_button("Rep done")
    assert pilot.current_screen.countdown == "2 / 4"
    pilot.tap_button("Finish set")
    assert pilot.screen_name == "pain"


@pytest.mark.parametrize("baseline", [6, 8])
def test_a_high_baseline_offers_heat_and_rest_instead(start_app: StartApp, baseline: int) -> None:
    pilot = start_app()
    open_and_rate(pilot, "Chin tucks, level 1", baseline=baseline)
    assert pilot.screen_name == "start_check"
    assert any("skip exercise and pressure today" in text for text in pilot.texts())
    pilot.tap_button("Start Heat and rest")
    # Started with the answers just given: not its screen, not the questions again.
    assert pilot.screen_name == "player"
    session = pilot.app.controller.session
    assert (session.routine.id, session.baseline) == ("quiet-relief", baseline)


@pytest.mark.parametrize(
    ("key", "check"), [(KEY_SPACE, "paused"), (KEY_ESCAPE, "stopped"), (KEY_RIGHT, "skipped")]
)
def test_desktop_keys_pause_stop_and_skip(
    start_app: StartApp, fake_clock: FakeClock, routines: Path, key: int, check: str
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=fake_clock)
    open_and_rate(pilot, "Short test routine")
    pilot.pass_time(6, fake_clock)
    pilot.press_key(key)
    session = pilot.app.controller.session
    if check == "paused":
        assert session.state is SessionState.PAUSED
    elif check == "stopped":
        assert session.end_reason is EndReason.STOPPED_BY_PERSON
        assert pilot.screen_name == "stopped"
    else:
        assert pilot.current_screen.title == "Press gently"


def test_skipping_every_rep_is_not_called_done(start_app: StartApp) -> None:
    """Before: skipping everything ended in "Routine done ... Well done", recorded as finished."""
    pilot = start_app()
    start_session(pilot, "Chin tucks, level 1", 2)
    taps = 0
    while pilot.screen_name == "player" and taps < 40:
        pilot.tap_button("Skip")
        taps += 1
    assert taps == 20  # one segment a tap: the get-ready, 10 reps and 9 rests
    answer_pain(pilot, 2)
    assert pilot.screen_name == "finished"
    texts = "\n".join(pilot.texts())
    assert "Routine ended" in texts
    assert "1 step skipped" in texts
    assert "Well done" not in texts
    assert pilot.app.history_store.sessions()[-1].finished is False


def test_the_same_routine_has_one_length_on_every_screen(
    start_app: StartApp, fake_clock: FakeClock
) -> None:
    """Before: "2 min" on home and the routine's screen, "3 min" on the end screen."""
    pilot = start_app(clock=fake_clock)
    card = next(t for t in pilot.texts() if "neck · exercise" in t and t.startswith("2 min"))
    open_routine(pilot, "Chin tucks, level 1")
    assert pilot.current_screen.total == "2 min"
    start_session(pilot, "Chin tucks, level 1", 2)
    pilot.pass_time(5 + 10 * 5 + 9 * 10 + 60, fake_clock)  # played through, a minute to answer
    answer_pain(pilot, 2)
    assert pilot.screen_name == "finished"
    assert "Chin tucks, level 1: 1 step, 2 min." in pilot.texts()
    assert card.startswith("2 min")


def canvas_kinds(group: Any) -> list[str]:
    """The kinds of every instruction drawn under ``group``, depth first."""
    kinds = []
    for instruction in group.children:
        kinds.append(type(instruction).__name__)
        if hasattr(instruction, "children"):
            kinds += canvas_kinds(instruction)
    return kinds


def test_the_player_draws_no_stencil_and_its_cues_still_scroll(start_app: StartApp) -> None:
    """A stencil clears the whole window's stencil buffer at every redraw (bench/README.md,
    player_cpu.py). On the player, the cue list clips with a scissor, and the bars above
    every screen, hidden, are out of the window with their scroll view."""
    pilot = start_app()
    open_and_rate(pilot, "Chin tucks, level 1", baseline=2)
    pilot.frames()
    kinds = canvas_kinds(Window.canvas)
    assert "StencilPush" not in kinds
    cue = pilot.current_screen.ids.cue
    view = cue.parent.parent
    assert isinstance(view, ScissorScrollView)  # its clip: tests/ui/test_scissor_scroll.py
    assert not view.do_scroll_x and view.do_scroll_y
