"""The player wakes when what it shows changes, not every frame (ARCHITECTURE.md, 14).

Here the session's clock is Kivy's own clock (``Clock.time``, which the tests can move),
so the session's deadlines and Kivy's scheduled wakes are on one timeline, and frames
are run at 60 a second of that time, as on a screen: the test sees each wake land at the
frame it would on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kivy.clock import Clock
from kivy.core.window import Window

from tests.ui.clocks import kivy_clock
from tests.ui.conftest import StartApp
from tests.ui.flows import start_session
from tests.ui.pilot import Pilot
from tests.ui.routines_for_tests import write_routines
from unknot.core.playback.plan import GET_READY_SECONDS
from unknot.core.playback.shown_picture import picture_now
from unknot.core.routines.durations import format_clock

FRAME = 1 / 60


FRAMES = """\
title: Frames test routine
id: frames
steps:
  - title: Squeeze
    duration: 9.5
    image: [pictures/shoulder-squeeze-rest.png, pictures/shoulder-squeeze-hold.png]
  - title: Rolls
    reps: 3
    image: [pictures/shoulder-squeeze-rest.png, pictures/shoulder-squeeze-hold.png]
"""
"""Frames that take turns every 2 s: in a step of 9.5 s, whose countdown turns half a
second off the frames' turns, and in tapped reps, where nothing else changes by itself."""


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "frames.yaml").write_text(FRAMES, encoding="utf-8")
    return write_routines(folder)


def kivy_time() -> float:
    return float(Clock.time())


def rule(pilot: Pilot) -> str:
    """The picture the session's own rule gives at this frame's time."""
    picture = picture_now(pilot.app.controller.session, Clock.get_time())
    return "" if picture is None else str(picture.path)


class Watch:
    """Counts the player's wakes (each one moves its ring on) and the frames the window
    drew, and records after every frame the frame's time and the countdown on screen."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.wakes = 0
        self.drawn = 0
        self.seen: list[tuple[float, str]] = []
        self.pictures: list[tuple[str, str]] = []
        """After every frame: the file of the picture on screen, and of the picture the
        session's own rule gives at the frame's time (the one that should be shown)."""
        pilot.current_screen.bind(progress=self._woke)
        Window.bind(on_flip=self._drew)

    def _woke(self, *_args: Any) -> None:
        self.wakes += 1

    def _drew(self, *_args: Any) -> None:
        self.drawn += 1

    def play(self, seconds: float) -> None:
        """Runs ``seconds`` of frames, one every 1/60 s of Kivy's (and the session's) time."""
        self.wakes = self.drawn = 0
        for _ in range(round(seconds / FRAME)):
            kivy_clock().advance(FRAME)
            self.pilot.frames(1)
            self.seen.append((Clock.get_time(), self.pilot.current_screen.countdown))
            self.pictures.append((self.pilot.current_screen.image, rule(self.pilot)))

    def stop(self) -> None:
        Window.unbind(on_flip=self._drew)


def scheduled_wakes(pilot: Pilot) -> list[Any]:
    """The controller's wakes waiting on Kivy's clock."""
    tick = pilot.app.controller.tick
    return [event for event in Clock.get_events() if event.get_callback() == tick]


@pytest.fixture
def watching() -> Iterator[list[Watch]]:
    watches: list[Watch] = []
    yield watches
    for watch in watches:
        watch.stop()


def playing(start_app: StartApp, routines: Path, watches: list[Watch]) -> tuple[Pilot, Watch]:
    pilot = start_app(routine_dirs=[routines], clock=kivy_time)
    start_session(pilot, "Short test routine", 2)
    watch = Watch(pilot)
    watches.append(watch)
    watch.play(GET_READY_SECONDS + 0.5)  # into the 20 s hold
    assert pilot.current_screen.title == "Hold still"
    return pilot, watch


def test_while_a_step_plays_it_wakes_once_a_second_not_every_frame(
    start_app: StartApp, routines: Path, watching: list[Watch]
) -> None:
    _pilot, watch = playing(start_app, routines, watching)
    watch.seen.clear()
    watch.play(4.0)
    # Real time passes too while the frames run, so Kivy's time moved a little over 4 s.
    span = watch.seen[-1][0] - watch.seen[0][0]
    assert len(watch.seen) == 240  # frames came, 60 a second or more...
    assert span - 1 <= watch.wakes <= span + 1  # ...the player woke once a second...
    assert watch.drawn <= watch.wakes  # ...and the window was drawn only then


def test_the_countdown_turns_at_the_frame_of_each_whole_second(
    start_app: StartApp, routines: Path, watching: list[Watch]
) -> None:
    pilot, watch = playing(start_app, routines, watching)
    session = pilot.app.controller.session
    watch.seen.clear()
    watch.play(3.5)
    turns = [i for i in range(1, len(watch.seen)) if watch.seen[i][1] != watch.seen[i - 1][1]]
    assert len(turns) >= 3
    for i in turns:
        (before, _), (at, shown) = watch.seen[i - 1], watch.seen[i]
        # The first frame at or after the second turned shows it; the frame before did not
        # have it due yet.
        assert shown == format_clock(session.snapshot(at).remaining)
        assert format_clock(session.snapshot(before).remaining) == watch.seen[i - 1][1]


def test_paused_outside_heat_nothing_is_scheduled(
    start_app: StartApp, routines: Path, watching: list[Watch]
) -> None:
    pilot, watch = playing(start_app, routines, watching)
    assert len(scheduled_wakes(pilot)) == 1
    pilot.tap_button("Pause")
    assert scheduled_wakes(pilot) == []
    frozen = pilot.current_screen.countdown
    watch.play(1.0)  # the tap's own redraws ("Resume" now, the pressed button) settle
    watch.play(3.0)
    assert watch.wakes == watch.drawn == 0
    assert {shown for _at, shown in watch.seen[-180:]} == {frozen}


def test_paused_in_heat_only_the_heat_clock_wakes_it(
    start_app: StartApp, watching: list[Watch]
) -> None:
    """Safety: the heat's time goes on in a pause, and its end must come; once a second."""
    pilot = start_app(clock=kivy_time)
    start_session(pilot, "Heat and rest", 3)
    watch = Watch(pilot)
    watching.append(watch)
    watch.play(GET_READY_SECONDS + 1)
    pilot.tap_button("Pause")
    session = pilot.app.controller.session
    [wake] = scheduled_wakes(pilot)
    assert wake.timeout <= 1 + 0.01  # the heat's next second, not a frame
    assert session.heat_deadline() is not None
    watch.play(1.0)  # the note the pause put up settles in (its list's bar fades out)
    watch.seen.clear()
    watch.play(3.0)
    span = watch.seen[-1][0] - watch.seen[0][0]
    turns = sum(1 for a, b in zip(watch.seen, watch.seen[1:], strict=False) if a[1] != b[1])
    assert span - 1 <= turns <= span + 1  # the heat's clock, on screen, each second...
    assert watch.drawn <= turns + 1  # ...and no drawing in between
    assert watch.seen[-1][1] == format_clock(session.heat_remaining())


def test_a_new_step_is_drawn_at_its_wake_not_for_half_a_second_after(
    start_app: StartApp, routines: Path, watching: list[Watch]
) -> None:
    """Kivy flashed the cue list's scroll bar at each new step and faded it for 0.5 s,
    redrawing the window at every frame of the fade."""
    pilot, watch = playing(start_app, routines, watching)
    watch.play(18.0)  # to 1.5 s before the 20 s hold ends
    watch.play(3.0)
    assert pilot.current_screen.title == "Press gently"
    assert watch.drawn <= watch.wakes + 1


def turns(watch: Watch) -> list[int]:
    """The frames at which the picture on screen changed."""
    seen = watch.pictures
    return [i for i in range(1, len(seen)) if seen[i][0] != seen[i - 1][0]]


def test_a_pictures_frames_turn_at_the_frame_of_their_time_and_wake_nothing_else(
    start_app: StartApp, routines: Path, watching: list[Watch]
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=kivy_time)
    start_session(pilot, "Frames test routine", 2)
    watch = Watch(pilot)
    watching.append(watch)
    watch.play(GET_READY_SECONDS - 0.5)
    watch.pictures.clear()
    watch.play(10.5)  # the whole 9.5 s step, and into the taps
    assert pilot.current_screen.title == "Rolls"
    squeeze = turns(watch)
    # 2, 4, 6, 8 s into the step, each on the first frame at or after its time (the
    # countdown turns at 0.5, 1.5, ...: a picture waiting for it would be half a second
    # late). At 9.5 s the taps begin on the first frame, which the step showed since 8 s.
    assert len(squeeze) == 4
    for i in squeeze:
        (shown_before, due_before), (shown, due) = watch.pictures[i - 1], watch.pictures[i]
        assert shown == due  # the frame at or after the turn shows it...
        assert shown_before == due_before  # ...the frame before did not have it due yet

    # Tapped reps: nothing but the frames changes by itself, and they still turn on time,
    # with a wake for each turn and no drawing in between.
    watch.pictures.clear()
    watch.play(4.5)
    tapping = turns(watch)
    assert len(tapping) == 2
    for i in tapping:
        (shown_before, due_before), (shown, due) = watch.pictures[i - 1], watch.pictures[i]
        assert shown == due != shown_before == due_before
    assert watch.drawn <= len(tapping) + 1
    assert len(scheduled_wakes(pilot)) == 1


def test_paused_a_pictures_frames_stand_still_and_nothing_is_scheduled(
    start_app: StartApp, routines: Path, watching: list[Watch]
) -> None:
    pilot = start_app(routine_dirs=[routines], clock=kivy_time)
    start_session(pilot, "Frames test routine", 2)
    watch = Watch(pilot)
    watching.append(watch)
    watch.play(GET_READY_SECONDS + 10.5)  # into the taps, whose frames turn every 2 s
    pilot.tap_button("Pause")
    assert scheduled_wakes(pilot) == []
    frozen = pilot.current_screen.image
    watch.play(1.0)  # the tap's own redraws settle
    watch.pictures.clear()
    watch.play(4.0)
    assert watch.wakes == watch.drawn == 0
    assert {shown for shown, _due in watch.pictures} == {frozen}
    pilot.tap_button("Resume")
    assert len(scheduled_wakes(pilot)) == 1
    watch.pictures.clear()
    watch.play(4.0)
    assert len(turns(watch)) == 2
