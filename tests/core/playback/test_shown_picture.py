"""Which picture the player shows, frame by frame, on the session's own clock.

The rule (``shown_picture``) and its next turn (``next_frame_change``) must agree: a
player that wakes only at the next turn must show what one polling every frame would.
"""

from __future__ import annotations

from pathlib import Path

from tests.clocks import START, FakeClock
from tests.core.inline_routines import routine
from unknot.core.playback.plan import (
    GET_READY_SECONDS,
    Segment,
    SegmentKind,
    build_plan,
)
from unknot.core.playback.session import Session, SessionState
from unknot.core.playback.shown_picture import (
    ShownPicture,
    next_frame_change,
    next_picture_change,
    picture_now,
    shown_picture,
)
from unknot.core.routines.model import Routine
from unknot.core.routines.pictures import FRAME_SECONDS

GRID = 1 / 16

PICTURES = routine(
    "  - title: Chin tuck\n    reps: 2\n    hold: 5s\n    rest_between_reps: 4s\n"
    "    image: [pictures/chin-tuck-lying-rest.png, pictures/chin-tuck-lying-nod.png]\n"
    "  - title: Stretch\n    duration: 7s\n    sides: [left, right]\n    sets: 2\n    rest: 3s\n"
    "    image: pictures/side-neck-stretch-left.png\n    side_drawn: left\n"
    "  - title: Shoulder squeeze\n    position: sitting\n    duration: 9s\n"
    "    image: [pictures/shoulder-squeeze-rest.png, pictures/shoulder-squeeze-hold.png]\n"
    "  - title: Shoulder roll\n    reps: 2-3\n"
    "    image: [pictures/shoulder-squeeze-rest.png, pictures/shoulder-squeeze-hold.png]\n"
    "  - title: Breathe\n    duration: 5s\n"
)
"""Held reps with a rest and a hold frame; one picture for two sides, with sets; frames
that take turns in a timed step and in tapped reps; a step without a picture."""


def segments(r: Routine, title: str, kind: SegmentKind) -> list[Segment]:
    step = next(i for i, s in enumerate(r.steps) if s.title == title)
    return [s for s in build_plan(r).segments if s.step_index == step and s.kind is kind]


def frame_name(shown: ShownPicture | None) -> str | None:
    return None if shown is None else shown.path.name


def test_a_held_rep_shows_the_rest_frame_resting_and_the_hold_frame_holding() -> None:
    step = PICTURES.steps[0]
    [get_ready] = segments(PICTURES, "Chin tuck", SegmentKind.GET_READY)
    holds = segments(PICTURES, "Chin tuck", SegmentKind.WORK)
    [rest] = segments(PICTURES, "Chin tuck", SegmentKind.REST)
    assert frame_name(shown_picture(step, get_ready, 3)) == "chin-tuck-lying-rest.png"
    for hold in holds:
        for t in (0, 2.1, 4.9):
            assert frame_name(shown_picture(step, hold, t)) == "chin-tuck-lying-nod.png"
            assert next_frame_change(step, hold, t) is None  # it changes with the segment
    for t in (0, 2.1, 3.9):
        assert frame_name(shown_picture(step, rest, t)) == "chin-tuck-lying-rest.png"
        assert next_frame_change(step, rest, t) is None


def test_the_other_side_is_mirrored_from_its_switch_on() -> None:
    step = PICTURES.steps[1]
    work = segments(PICTURES, "Stretch", SegmentKind.WORK)
    assert [(s.side, s.set_number) for s in work] == [
        ("left", 1),
        ("left", 2),
        ("right", 1),
        ("right", 2),
    ]
    shown = [shown_picture(step, s, 1) for s in work]
    assert [p.mirrored for p in shown if p] == [False, False, True, True]
    assert {frame_name(p) for p in shown} == {"side-neck-stretch-left.png"}
    switch = segments(PICTURES, "Stretch", SegmentKind.GET_READY)[-1]
    assert switch.side == "right"
    picture = shown_picture(step, switch, 0)
    assert picture is not None and picture.mirrored
    assert next_frame_change(step, work[0], 1) is None  # one picture never turns


def test_frames_take_turns_every_two_seconds_while_the_step_is_done() -> None:
    step = PICTURES.steps[2]
    [work] = segments(PICTURES, "Shoulder squeeze", SegmentKind.WORK)
    assert work.duration == 9
    names = [frame_name(shown_picture(step, work, t)) for t in (0, 1.9, 2.0, 3.9, 4.0, 6.5)]
    assert names == [
        "shoulder-squeeze-rest.png",
        "shoulder-squeeze-rest.png",
        "shoulder-squeeze-hold.png",
        "shoulder-squeeze-hold.png",
        "shoulder-squeeze-rest.png",
        "shoulder-squeeze-hold.png",
    ]
    assert [next_frame_change(step, work, t) for t in (0, 1.99, 2.0, 7.5)] == [2, 2, 4, 8]
    assert next_frame_change(step, work, 8.0) is None  # 10 s would be after its 9 s end
    # Tapped reps wait for the person, and their frames still take turns.
    [taps] = segments(PICTURES, "Shoulder roll", SegmentKind.TAP)
    assert frame_name(shown_picture(PICTURES.steps[3], taps, 61)) == "shoulder-squeeze-rest.png"
    assert next_frame_change(PICTURES.steps[3], taps, 61) == 62


def test_no_picture_no_hole_and_none_for_a_check_or_the_heat_coming_off() -> None:
    [breathe] = segments(PICTURES, "Breathe", SegmentKind.WORK)
    assert shown_picture(PICTURES.steps[4], breathe, 1) is None
    assert next_frame_change(PICTURES.steps[4], breathe, 1) is None
    checks = [s for s in build_plan(PICTURES).segments if s.kind is SegmentKind.PAIN_CHECK]
    assert checks
    for check in checks:
        assert shown_picture(PICTURES.steps[check.step_index], check, 0) is None
    heat = routine(
        "  - title: Heat\n    duration: 60s\n    heat: true\n"
        "    image: pictures/heat-pack-reclined.png\n"
    )
    plan = build_plan(heat).segments
    [work] = [s for s in plan if s.kind is SegmentKind.WORK]
    [off] = [s for s in plan if s.kind is SegmentKind.HEAT_OFF]
    assert frame_name(shown_picture(heat.steps[0], work, 30)) == "heat-pack-reclined.png"
    assert shown_picture(heat.steps[0], off, 0) is None


def test_resting_between_sets_and_getting_ready_the_frames_stand_still() -> None:
    step = PICTURES.steps[2]
    [get_ready] = segments(PICTURES, "Shoulder squeeze", SegmentKind.GET_READY)
    for t in (0, 2.5, 4.5):
        assert frame_name(shown_picture(step, get_ready, t)) == "shoulder-squeeze-rest.png"
    assert next_frame_change(step, get_ready, 0) is None


def shown_of(session: Session) -> tuple[int, str | None, bool]:
    picture = picture_now(session)
    return session.index, frame_name(picture), bool(picture and picture.mirrored)


def test_waking_at_the_next_turn_shows_what_every_frame_would() -> None:
    """Two sessions side by side: one polled every 1/16 s, one woken only at the session's
    next change or its picture's next turn, as the player now is."""
    polled_clock, woken_clock = FakeClock(), FakeClock()
    polled = Session(PICTURES, clock=polled_clock, baseline=2)
    woken = Session(PICTURES, clock=woken_clock, baseline=2)
    polled.start()
    woken.start()
    seen = {shown_of(woken)}
    turns = 0
    while polled.state is SessionState.RUNNING:
        polled_clock.advance(GRID)
        polled.update()
        while True:
            change = woken.next_change()
            turn = next_picture_change(woken)
            wake = min((m for m in (change, turn) if m is not None), default=None)
            if wake is None or wake > polled_clock.now:
                break
            turns += turn is not None and wake == turn
            woken_clock.now = wake
            woken.update()
        woken_clock.now = polled_clock.now
        assert shown_of(woken) == shown_of(polled), f"{polled_clock.now - START:.4f} s in"
        seen.add(shown_of(woken))
        if polled.snapshot().waiting:
            for session in (polled, woken):
                if session.segment.kind is SegmentKind.PAIN_CHECK:
                    session.answer_pain(2)
                elif session.snapshot().elapsed >= 5:  # taps after a few turns of frames
                    index = session.index
                    while session.index == index:
                        session.tap_rep()
    assert turns >= 6  # the timed step's and the taps' frames turned on their own wakes
    names = {name for _i, name, _m in seen}
    assert {"chin-tuck-lying-rest.png", "chin-tuck-lying-nod.png"} <= names
    assert {"shoulder-squeeze-rest.png", "shoulder-squeeze-hold.png"} <= names
    assert any(mirrored for _i, _n, mirrored in seen)


def test_paused_the_picture_stands_still_and_asks_for_no_wake() -> None:
    clock = FakeClock()
    session = Session(PICTURES, clock=clock, baseline=2)
    session.start()
    while session.routine.steps[session.segment.step_index].title != "Shoulder squeeze":
        if session.segment.kind is SegmentKind.PAIN_CHECK:
            session.answer_pain(2)
        else:
            session.skip()
    assert session.snapshot().segment.title == "Get ready"
    clock.advance(GET_READY_SECONDS + 1)
    session.update()
    assert session.segment.kind is SegmentKind.WORK
    assert next_picture_change(session) == clock.now + FRAME_SECONDS - 1
    before = picture_now(session)
    session.pause()
    assert next_picture_change(session) is None
    clock.advance(3)
    assert picture_now(session) == before
    session.resume()
    assert next_picture_change(session) == clock.now + FRAME_SECONDS - 1


def test_pictures_exist_for_the_rule_to_show() -> None:
    for step in PICTURES.steps[:4]:
        assert all(Path(p).is_file() for p in step.image_paths)
