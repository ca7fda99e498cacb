"""A session saved to a file and rebuilt elsewhere: the same place, on the right clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clocks import FakeClock
from tests.core.inline_routines import routine
from tests.picture_files import png
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.checkpoint import (
    SAME_BOOT_SLACK,
    CheckpointError,
    ClockStamp,
    SavedSession,
    clock_shift,
    read_boot_id,
    read_checkpoint,
    remove_checkpoint,
    same_boot,
    save_session,
    write_checkpoint,
)
from unknot.core.playback.plan import GET_READY_SECONDS
from unknot.core.playback.session import Session, SessionState
from unknot.core.routines.loader import load_routine, parse_routine_text
from unknot.core.routines.seated import seated_form

WALL = 1_780_000_000.0
"""A wall-clock instant (seconds since the epoch) in 2026."""
CHIN_TUCKS = load_routine(BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml")
HEATED = routine(
    "  - title: Warm the back of your neck\n    duration: 15m\n    heat: true\n"
    "  - title: Rest and breathe slowly\n    duration: 5m\n"
)


def at_rep_4(clock: FakeClock) -> Session:
    """Chin tucks 2 s into rep 4 (5 s get-ready, then 5 s holds and 10 s rests)."""
    session = Session(CHIN_TUCKS, clock=clock, baseline=2)
    session.start()
    clock.advance(GET_READY_SECONDS + 3 * 15 + 2)
    session.update()
    assert session.segment.rep == 4
    return session


def test_a_saved_session_comes_back_where_it_was_through_a_json_file(tmp_path: Path) -> None:
    clock = FakeClock()
    session = at_rep_4(clock)
    path = tmp_path / "session.json"
    write_checkpoint(path, save_session(session, ClockStamp(clock(), WALL, "boot-a"), history_id=7))

    saved = read_checkpoint(path)
    assert saved is not None
    assert saved.history_id == 7
    again = saved.restore(clock, ClockStamp(clock(), WALL, "boot-a"))
    assert again.routine == CHIN_TUCKS
    assert again.checkpoint() == session.checkpoint()
    assert again.snapshot().remaining == session.snapshot().remaining == 3.0


def test_the_routine_travels_with_the_session_whatever_the_library_does(tmp_path: Path) -> None:
    """An edited, deleted or never-saved ("Try it") routine: the session has its own copy."""
    clock = FakeClock()
    session = Session(HEATED, clock=clock, baseline=3)
    session.start()
    saved = SavedSession.from_json(save_session(session, ClockStamp(clock(), WALL)).to_json())
    assert saved.routine() == HEATED
    assert saved.routine_id == "inline"


def test_a_steps_picture_comes_back_while_its_file_is_there(tmp_path: Path) -> None:
    picture = tmp_path / "tuck.png"
    picture.write_bytes(png())
    with_picture = parse_routine_text(
        "id: pic\ntitle: Pic\nsteps:\n  - title: Tuck\n    duration: 30s\n    image: tuck.png\n",
        routine_dir=tmp_path,
    )
    assert with_picture.steps[0].image_path == picture.resolve()
    clock = FakeClock()
    session = Session(with_picture, clock=clock, baseline=1)
    session.start()
    text = save_session(session, ClockStamp(clock(), WALL)).to_json()

    assert SavedSession.from_json(text).routine().steps[0].image_path == picture.resolve()
    picture.unlink()
    gone = SavedSession.from_json(text).routine().steps[0]
    assert gone.image == "tuck.png"
    assert gone.image_path is None


def test_frames_the_side_drawn_and_a_seated_form_come_back(tmp_path: Path) -> None:
    for name in ("rest.png", "hold.png"):
        (tmp_path / name).write_bytes(png())
    routine = parse_routine_text(
        "id: pic\ntitle: Pic\nsteps:\n"
        "  - title: Stretch\n    duration: 30s\n    sides: [left, right]\n"
        "    image: [rest.png, hold.png]\n    side_drawn: left\n"
        "  - title: Tuck\n    position: lying down\n    duration: 30s\n"
        "    image: pictures/chin-tuck-lying-rest.png\n"
        "    seated:\n      position: sitting\n      cue: Sit tall.\n"
        "      image: pictures/chin-tuck-seated-rest.png\n",
        routine_dir=tmp_path,
    )
    for played in (routine, seated_form(routine)):
        clock = FakeClock()
        session = Session(played, clock=clock, baseline=1)
        session.start()
        text = save_session(session, ClockStamp(clock(), WALL)).to_json()
        back = SavedSession.from_json(text).routine()
        assert [s.images for s in back.steps] == [s.images for s in played.steps]
        assert [s.image_paths for s in back.steps] == [s.image_paths for s in played.steps]
        assert back.steps[0].side_drawn == "left"
        assert back.steps[1].position == played.steps[1].position
    (tmp_path / "hold.png").unlink()
    stretch = SavedSession.from_json(text).routine().steps[0]
    assert stretch.images == ("rest.png", "hold.png") and stretch.image_paths == ()


def test_a_checkpoint_of_the_first_format_still_gives_its_picture(tmp_path: Path) -> None:
    picture = tmp_path / "tuck.png"
    picture.write_bytes(png())
    clock = FakeClock()
    session = Session(HEATED, clock=clock, baseline=3)
    session.start()
    data = json.loads(save_session(session, ClockStamp(clock(), WALL)).to_json())
    data["images"] = [["tuck.png", str(picture)], "nonsense", {"frames": "no"}]
    back = SavedSession.from_json(json.dumps(data)).routine()
    assert back.steps[0].images == ("tuck.png",)
    assert back.steps[0].image_paths == (picture,)
    assert all(step.images == () for step in back.steps[1:])


# -- which clock --------------------------------------------------------------------------------


def test_on_the_same_boot_the_session_clock_is_trusted() -> None:
    saved = ClockStamp(5000.0, WALL, "boot-a")
    # The wall clock was set an hour ahead meanwhile: it does not matter on the same boot.
    now = ClockStamp(5060.0, WALL + 3600 + 60, "boot-a")
    assert same_boot(saved, now)
    assert clock_shift(saved, now) == 0.0


def test_after_a_reboot_the_wall_clock_says_how_long_it_was() -> None:
    saved = ClockStamp(5000.0, WALL, "boot-a")
    now = ClockStamp(40.0, WALL + 300, "boot-b")  # rebooted, up for 40 s, 5 min later
    assert not same_boot(saved, now)
    shift = clock_shift(saved, now)
    assert 5000.0 + shift == 40.0 - 300  # the saving moment, on the new clock


def test_a_clock_that_went_back_is_not_trusted_even_with_the_same_boot_id() -> None:
    saved = ClockStamp(5000.0, WALL, "boot-a")
    now = ClockStamp(4000.0, WALL + 10, "boot-a")
    assert not same_boot(saved, now)
    assert 5000.0 + clock_shift(saved, now) == 4000.0 - 10


def test_a_wall_clock_set_back_never_puts_the_save_in_the_future() -> None:
    saved = ClockStamp(5000.0, WALL, "boot-a")
    now = ClockStamp(30.0, WALL - 3600, "boot-b")
    assert 5000.0 + clock_shift(saved, now) == 30.0


@pytest.mark.parametrize(
    ("drift", "same"),
    [(0.0, True), (SAME_BOOT_SLACK - 1, True), (SAME_BOOT_SLACK + 1, False), (-3600.0, False)],
)
def test_without_boot_ids_the_boots_start_on_the_wall_clock_decides(
    drift: float, same: bool
) -> None:
    saved = ClockStamp(5000.0, WALL)
    now = ClockStamp(5100.0, WALL + 100 + drift)
    assert same_boot(saved, now) is same


def test_after_a_reboot_the_step_has_as_much_time_left_as_the_wall_clock_allows() -> None:
    clock = FakeClock(5000.0)
    session = at_rep_4(clock)  # rep 4, 3 s left
    saved = save_session(session, ClockStamp(clock(), WALL, "boot-a"))
    new_boot = FakeClock(20.0)
    again = saved.restore(new_boot, ClockStamp(new_boot(), WALL + 2, "boot-b"))
    assert again.snapshot().remaining == pytest.approx(1.0)
    assert again.segment.rep == 4


def test_heat_contact_time_keeps_counting_across_a_reboot() -> None:
    clock = FakeClock(5000.0)
    session = Session(HEATED, clock=clock, baseline=3)
    session.start()
    clock.advance(GET_READY_SECONDS + 60)
    session.update()
    saved = save_session(session, ClockStamp(clock(), WALL, "boot-a"))
    new_boot = FakeClock(30.0)
    again = saved.restore(new_boot, ClockStamp(new_boot(), WALL + 5 * 60, "boot-b"))
    assert again.heat_remaining() == pytest.approx(15 * 60 - 60 - 5 * 60)


def test_the_boot_id_is_read_where_linux_has_it(tmp_path: Path) -> None:
    file = tmp_path / "boot_id"
    file.write_text("2b9c1f2e-0000-4000-8000-000000000000\n")
    assert read_boot_id(file) == "2b9c1f2e-0000-4000-8000-000000000000"
    assert read_boot_id(tmp_path / "missing") is None


# -- damaged files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        json.dumps({"format": 99}).encode(),
        json.dumps({"format": 1, "routine": "title: x", "session": {}}).encode(),
        json.dumps(
            {"format": 1, "routine": "x", "session": {}, "stamp": {"monotonic": "a", "wall": 1}}
        ).encode(),
    ],
)
def test_a_damaged_checkpoint_is_an_error_with_a_reason(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "session.json"
    path.write_bytes(content)
    with pytest.raises(CheckpointError) as caught:
        read_checkpoint(path)
    assert str(caught.value)


def test_a_session_that_does_not_fit_its_routine_is_damaged_too() -> None:
    clock = FakeClock()
    session = at_rep_4(clock)
    saved = save_session(session, ClockStamp(clock(), WALL))
    broken = SavedSession(saved.routine_yaml, {**saved.session, "state": "flying"}, saved.stamp)
    with pytest.raises(CheckpointError, match="does not fit"):
        broken.restore(clock)
    unreadable = SavedSession("steps: [", saved.session, saved.stamp)
    with pytest.raises(CheckpointError, match="routine cannot be read"):
        unreadable.restore(clock)


def test_no_checkpoint_is_none_and_removing_twice_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    assert read_checkpoint(path) is None
    remove_checkpoint(path)
    path.write_text("x")
    remove_checkpoint(path)
    assert not path.exists()


def test_load_puts_a_session_in_place_where_a_checkpoint_says() -> None:
    clock = FakeClock()
    saved = at_rep_4(clock).checkpoint()
    fresh = Session(CHIN_TUCKS, clock=clock, baseline=2)
    fresh.start()
    same_object = fresh
    fresh.load(saved)
    assert same_object.segment.rep == 4
    assert same_object.state is SessionState.RUNNING
    assert same_object.checkpoint() == saved
