"""Rule 9, no improvement, and what the advisor says before a session: once, then each 14 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.history_records import BERLIN, berlin, session
from unknot.core.history.advisor import HistoryAdvisor
from unknot.core.history.improvement import NO_IMPROVEMENT, SaidStore, no_improvement
from unknot.core.history.store import HistoryStore, SessionRecord


def fortnight(first_week: list[int], last_week: list[int], start: int = 1) -> list[SessionRecord]:
    """Sessions on the first days from March ``start`` and on the last days up to the 14th
    day of use, with these baselines."""
    records = [
        session(berlin(2026, 3, start + n, 8), baseline=b, ratings=(b,))
        for n, b in enumerate(first_week)
    ]
    records += [
        session(berlin(2026, 3, start + 13 - n, 8), baseline=b, ratings=(b,))
        for n, b in enumerate(last_week)
    ]
    return records


FLAT = fortnight([4, 4, 4], [4, 3, 4])  # 4.0 then 3.67: not 1 point lower
DAY_14 = berlin(2026, 3, 14, 20)


def test_two_weeks_without_a_fall_of_one_point_suggest_a_clinician() -> None:
    found = no_improvement(FLAT, DAY_14, BERLIN)
    assert found is not None
    assert found.first_average == pytest.approx(4.0)
    assert found.last_average == pytest.approx(11 / 3)
    assert "usually helps within one to two weeks" in found.message
    assert "worth seeing a clinician" in found.message
    for claim in ("cure", "treat", "diagnos"):
        assert claim not in found.message.lower()


def test_not_before_the_fourteenth_day() -> None:
    assert no_improvement(FLAT, berlin(2026, 3, 13, 23, 59), BERLIN) is None


def test_not_with_fewer_than_six_sessions() -> None:
    five = fortnight([4, 4, 4], [4, 4])
    assert no_improvement(five, DAY_14, BERLIN) is None


@pytest.mark.parametrize(("last", "said"), [([3, 3, 3], False), ([3, 3, 4], True)])
def test_a_fall_of_at_least_one_point_is_improvement(last: list[int], said: bool) -> None:
    records = fortnight([4, 4, 4], last)
    assert (no_improvement(records, DAY_14, BERLIN) is not None) is said


def test_a_quiet_last_week_says_nothing() -> None:
    records = fortnight([4, 4, 4, 4, 4, 4], [])
    assert no_improvement(records, DAY_14, BERLIN) is None


# -- the advisor: said once, and again each 14 days -----------------------------------------------


class Wall:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def advisor_with(tmp_path: Path, records: list[SessionRecord], wall: Wall) -> HistoryAdvisor:
    store = HistoryStore(tmp_path / "history.sqlite3")
    for record in records:
        sid = store.begin_session(
            routine_id=record.routine_id,
            routine_title=record.routine_title,
            routine_version=None,
            started_at=record.started_at,
            baseline=record.baseline,
        )
        store.end_session(sid, ended_at=record.started_at, end_reason=record.end_reason)  # type: ignore[arg-type]
    return HistoryAdvisor(store, BERLIN, wall)


def test_said_once_then_again_after_fourteen_days_while_it_holds(tmp_path: Path) -> None:
    wall = Wall(DAY_14)
    advisor = advisor_with(tmp_path, FLAT, wall)
    assert advisor.no_improvement() == NO_IMPROVEMENT
    assert advisor.no_improvement() == ""  # not at every open
    # a new start of the app reads what was said from advice.json
    assert SaidStore(tmp_path / "advice.json").load() == date(2026, 3, 14)
    again = HistoryAdvisor(advisor.store, BERLIN, wall)
    assert again.no_improvement() == ""
    wall.now = DAY_14 + timedelta(days=13)
    assert again.no_improvement() == ""
    wall.now = DAY_14 + timedelta(days=14)
    # the last 7 days are empty now: nothing new to say, and nothing is noted as said
    assert again.no_improvement() == ""
    for day in (26, 27, 28):
        sid = advisor.store.begin_session(
            routine_id="chin-tucks-1",
            routine_title="Chin tucks",
            routine_version=None,
            started_at=berlin(2026, 3, day, 8),
            baseline=4,
        )
    assert advisor.store.session(sid) is not None
    # 28 March: still no fall, and 14 days since it was said: said again, once
    assert again.no_improvement() == NO_IMPROVEMENT
    assert again.no_improvement() == ""
    advisor.store.close()


def test_a_damaged_said_record_is_set_aside_and_the_advice_may_come_again(tmp_path: Path) -> None:
    (tmp_path / "advice.json").write_text("{not json")
    advisor = advisor_with(tmp_path, FLAT, Wall(DAY_14))
    assert advisor.no_improvement() == NO_IMPROVEMENT
    assert advisor.said.problem is not None
    assert list(tmp_path.glob("advice.json.damaged-*"))
    advisor.store.close()
