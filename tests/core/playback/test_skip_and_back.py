"""Skip and Back move one segment, as a person means them, and a skip is never a finish.

Before: on Chin tucks (one step of 10 reps) Back at "Relax, rep 9 of 10" went to the
get-ready before rep 1, and Skip on the first get-ready skipped all ten reps.
"""

from __future__ import annotations

import pytest

from tests.clocks import FakeClock
from tests.core.inline_routines import routine
from unknot.core.playback.plan import GET_READY_SECONDS, PainCheckReason, SegmentKind
from unknot.core.playback.session import BACK_RESTARTS_WITHIN, Session, SessionError
from unknot.core.routines.model import Routine

TUCKS = routine(
    "  - title: Chin tuck\n    reps: 10\n    hold: 5s\n    rest_between_reps: 10s\n"
    "  - title: Rest\n    duration: 30s\n"
)


def playing(r: Routine = TUCKS) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(r, clock=clock, baseline=2)
    session.start()
    return session, clock


def skip_to_the_last_check(session: Session) -> None:
    """Skip, Skip, Skip... answering the checks on the way (they cannot be skipped)."""
    while True:
        segment = session.segment
        if segment.kind is SegmentKind.PAIN_CHECK:
            if segment.pain_reason is PainCheckReason.FINAL:
                return
            session.answer_pain(2)
        else:
            session.skip()


def where(session: Session) -> str:
    s = session.segment
    return f"{s.kind.value} {s.title} {s.rep_label}".strip()


def test_skip_on_the_get_ready_starts_rep_1() -> None:
    session, _clock = playing()
    session.skip()
    assert where(session) == "work Chin tuck rep 1 of 10"


def test_skip_in_a_rep_goes_to_its_rest_then_the_next_rep() -> None:
    session, clock = playing()
    clock.advance(GET_READY_SECONDS + 1)
    session.update()
    session.skip()
    assert where(session) == "rest Relax rep 1 of 10"
    session.skip()
    assert where(session) == "work Chin tuck rep 2 of 10"


def test_back_at_the_rest_after_rep_9_goes_to_rep_9_not_the_start() -> None:
    session, clock = playing()
    session.skip()  # rep 1
    for _ in range(17):
        session.skip()  # ... to the rest after rep 9
    assert where(session) == "rest Relax rep 9 of 10"
    clock.advance(4)
    session.update()
    session.back()
    assert where(session) == "work Chin tuck rep 9 of 10"


def test_back_restarts_the_rep_under_way_after_3_seconds() -> None:
    session, clock = playing()
    session.skip()
    session.skip()
    session.skip()  # rep 2
    clock.advance(BACK_RESTARTS_WITHIN + 1)
    session.update()
    session.back()
    assert where(session) == "work Chin tuck rep 2 of 10"
    assert session.snapshot().elapsed == 0


def test_back_in_the_first_3_seconds_goes_to_the_rep_before() -> None:
    session, clock = playing()
    session.skip()
    session.skip()
    session.skip()  # rep 2, just begun
    clock.advance(1)
    session.update()
    session.back()
    assert where(session) == "work Chin tuck rep 1 of 10"


def test_a_stray_key_never_throws_away_the_routine() -> None:
    session, _clock = playing()
    for _ in range(5):
        session.skip()
    assert session.segment.step_index == 0  # five presses: still in the chin tucks
    assert where(session) == "work Chin tuck rep 3 of 10"


def test_a_pain_check_cannot_be_skipped_past() -> None:
    session, _clock = playing()
    with pytest.raises(SessionError):
        for _ in range(100):
            session.skip()
    assert session.segment.kind is SegmentKind.PAIN_CHECK


def test_skipping_everything_says_what_was_done_and_is_no_finish() -> None:
    session, _clock = playing()
    skip_to_the_last_check(session)
    session.answer_pain(2)
    assert session.skipped_anything
    assert session.what_was_done() == "2 steps skipped"
    assert session.skipped_steps == {0, 1}


def test_six_of_ten_reps_then_skipping_the_rest_says_so() -> None:
    session, clock = playing()
    clock.advance(GET_READY_SECONDS + 6 * 15)  # six reps and their rests, in real time
    session.update()
    assert where(session) == "work Chin tuck rep 7 of 10"
    skip_to_the_last_check(session)
    session.answer_pain(2)
    assert session.what_was_done() == "Chin tuck: 6 of 10 reps; 1 step skipped"


def test_a_routine_played_through_has_nothing_to_say() -> None:
    session, clock = playing()
    clock.advance(GET_READY_SECONDS + 10 * 5 + 9 * 10)
    session.update()
    session.answer_pain(2)  # after the set
    clock.advance(30)
    session.update()
    session.answer_pain(2)
    assert not session.skipped_anything
    assert session.what_was_done() == ""
