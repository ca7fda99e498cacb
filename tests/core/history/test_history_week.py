"""A week of real sessions through the store, as the issue's "done when" describes it.

Each session is played by the real :class:`~unknot.core.playback.session.Session` on a fake
clock and recorded the way the player is to record it: begin after the baseline,
each pain answer as it comes, each step when the player leaves it, and the end.
Then: the history reads as a person would read it, a next morning that starts 2 above
the day before is a flare day that offers the eased routine, and the CSV has one row
per session.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.clocks import FakeClock
from tests.core.history_records import BERLIN, berlin
from unknot.core.history.export import describe_session, history_csv, summary_html
from unknot.core.history.progression import progression
from unknot.core.history.store import HistoryStore
from unknot.core.history.week import weekly_check_in
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.plan import SegmentKind
from unknot.core.playback.session import EndReason, Session, SessionState
from unknot.core.routines.loader import load_routines
from unknot.core.routines.model import Routine
from unknot.core.routines.version import routine_version
from unknot.core.safety.morning import flare_day_offer, morning_flare
from unknot.core.safety.pain_rule import assess

ROUTINES = {r.id: r for r in load_routines([BUILTIN_ROUTINES_DIR]).routines}


def play(
    store: HistoryStore,
    routine: Routine,
    started: datetime,
    baseline: int,
    ratings: Iterator[int],
    *,
    eased: bool = False,
    stop_after_steps: int | None = None,
) -> int:
    """Plays ``routine`` to its end (or a stop), recording as the player will."""
    clock = FakeClock()
    session = Session(routine, clock=clock, baseline=baseline)
    sid = store.begin_session(
        routine_id=routine.id,
        routine_title=routine.title,
        routine_version=routine_version(routine),
        started_at=started,
        baseline=baseline,
        eased=eased,
        step_count=len(routine.steps),
    )

    def wall() -> datetime:
        return started + timedelta(seconds=session.session_time())

    session.start()
    step = 0
    while session.state is SessionState.RUNNING:
        segment = session.segment
        if segment.step_index != step:
            store.record_step_done(sid, step, wall())
            step = segment.step_index
            if stop_after_steps is not None and step >= stop_after_steps:
                session.stop()
                break
        if segment.kind is SegmentKind.PAIN_CHECK:
            zone = session.answer_pain(next(ratings))
            answer = session.answers[-1]
            store.record_check(
                sid,
                at=wall(),
                rating=answer.rating,
                zone=zone,
                reason=answer.reason,
                step_index=answer.step_index,
            )
        elif segment.kind is SegmentKind.TAP:
            session.tap_rep()
        else:
            remaining = session.snapshot().remaining
            assert remaining is not None
            clock.advance(remaining)
            session.update()
    if session.end_reason is EndReason.COMPLETED:
        store.record_step_done(sid, step, wall())
    assert session.end_reason is not None
    store.end_session(sid, ended_at=wall(), end_reason=session.end_reason, eased=session.eased)
    return sid


def test_a_week_with_a_stop_for_pain(tmp_path: Path) -> None:
    chin, desk = ROUTINES["chin-tucks-1"], ROUTINES["desk-break"]
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        play(store, chin, berlin(2026, 3, 9, 7, 30), 2, iter([2]))
        play(store, desk, berlin(2026, 3, 9, 13), 3, iter([3] * 20))
        play(store, chin, berlin(2026, 3, 10, 7, 30), 2, iter([1]))
        # Wednesday evening: a rise from 2 to 4 on the first stretch check stops it
        play(store, desk, berlin(2026, 3, 11, 19), 2, iter([2, 2, 4]))
        # a session left unfinished: the app was killed after the first check
        sid = store.begin_session(
            routine_id=chin.id,
            routine_title=chin.title,
            routine_version=routine_version(chin),
            started_at=berlin(2026, 3, 11, 21),
            baseline=2,
            step_count=1,
        )
        store.record_check(sid, at=berlin(2026, 3, 11, 21, 2), rating=2, zone=assess(2, 2))

        records = store.sessions()
        lines = [describe_session(r, BERLIN) for r in records]
        assert lines == [
            "Mon 9 Mar 2026, 07:30 · Chin tucks, level 1 · pain 2, then 2 · completed",
            "Mon 9 Mar 2026, 13:00 · Desk break · pain 3, then 3 · completed",
            "Tue 10 Mar 2026, 07:30 · Chin tucks, level 1 · pain 2, then 1 · completed",
            "Wed 11 Mar 2026, 19:00 · Desk break · pain 2, then 4 · "
            "stopped for pain after 4 of 7 steps",
            "Wed 11 Mar 2026, 21:00 · Chin tucks, level 1 · pain 2, then 2 · "
            "not finished after 0 of 1 steps",
        ]
        stop = records[3]
        assert stop.end_reason is EndReason.STOPPED_FOR_PAIN
        assert [c.rating for c in stop.checks] == [2, 2, 4]

        # Thursday morning starts at 4, 2 above Wednesday's first baseline: a flare day
        thursday = berlin(2026, 3, 12, 7)
        assert morning_flare(records, thursday.date(), BERLIN, baseline=3) is None
        flare_day = morning_flare(records, thursday.date(), BERLIN, baseline=4)
        assert flare_day is not None
        offer = flare_day_offer(chin, flare_day)
        assert offer.eased
        assert offer.routine is not None
        assert offer.routine.title == "Chin tucks, level 1 (eased)"
        play(store, offer.routine, berlin(2026, 3, 12, 7, 10), 4, iter([3] * 10), eased=True)
        # later that day, whatever the rating: still a flare day (its first baseline was 4)
        later = morning_flare(store.sessions(), thursday.date(), BERLIN, baseline=2)
        assert later == flare_day
        assert flare_day_offer(ROUTINES["base-of-skull-release"], later).routine is None

        records = store.sessions()
        assert describe_session(records[-1], BERLIN) == (
            "Thu 12 Mar 2026, 07:10 · Chin tucks, level 1 (eased) · pain 4, then 3 · completed"
        )
        summary = weekly_check_in(records, berlin(2026, 3, 12, 20), BERLIN, target_days=5)
        assert summary.text.startswith(
            "6 sessions this week, 6 more than last week. "
            "Sessions on 4 of the 5 days planned so far this week."
        )
        # two sessions of chin tucks in the continue zone, then the next day's flare:
        # no level 2 yet
        assert progression(chin, ROUTINES.values(), records, thursday, BERLIN) is None

    # the CSV opens as a spreadsheet: one row per session
    text = history_csv(records, BERLIN)
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert len(table) == 6
    assert [row["outcome"] for row in table] == [
        "completed",
        "completed",
        "completed",
        "stopped for pain",
        "not finished",
        "completed",
    ]
    assert table[3]["flare"] == "yes"
    assert table[5]["morning flare"] == "the day started at 4, up from 2 on 2026-03-11"
    assert table[5]["eased"] == "yes"
    assert {row["date"] for row in table} == {date(2026, 3, d).isoformat() for d in (9, 10, 11, 12)}
    assert "up from 2 on 2026-03-11 (a next-morning flare)" in summary_html(
        records, berlin(2026, 3, 12, 20), BERLIN
    )
