"""Flares, the next-morning rule, a clinician review, progression, the weekly check-in.

Every rule takes ``now`` and the zone, so the clock here is a plain datetime moved
by hand, across local midnight and both daylight-saving changes in Berlin
(2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.core.history_records import BERLIN, berlin, session, stopped_for_pain
from unknot.core.history.flares import clinician_review, flare
from unknot.core.history.progression import progression
from unknot.core.history.store import SessionRecord
from unknot.core.history.week import weekly_check_in
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.playback.session import EndReason
from unknot.core.routines.loader import load_routines
from unknot.core.routines.model import Routine
from unknot.core.safety.morning import flare_day_offer, morning_flare, morning_flares

UTC = timezone.utc


@pytest.fixture(scope="module")
def builtins() -> dict[str, Routine]:
    report = load_routines([BUILTIN_ROUTINES_DIR])
    assert report.ok
    return {r.id: r for r in report.routines}


# -- flares -----------------------------------------------------------------------------


def test_a_stop_for_pain_is_a_flare() -> None:
    assert flare(stopped_for_pain(berlin(2026, 3, 2)))
    # pain 6 stops the session without a rise of 2 (rule 5): still a flare
    assert flare(stopped_for_pain(berlin(2026, 3, 2), baseline=5, rating=6))


def test_ending_two_above_the_baseline_is_a_flare_and_one_above_is_not() -> None:
    # The rule reads the ratings, not only the end reason: a history from version 1,
    # or a rating given with "End", can end 2 above without a recorded stop.
    assert flare(session(berlin(2026, 3, 2), baseline=5, ratings=(5, 7)))
    assert not flare(session(berlin(2026, 3, 2), baseline=5, ratings=(5, 6)))
    assert not flare(session(berlin(2026, 3, 2), baseline=3, ratings=(2,)))
    stopped = session(berlin(2026, 3, 2), baseline=1, ratings=(3,), end=EndReason.STOPPED_BY_PERSON)
    assert flare(stopped)


def test_a_session_cut_off_two_above_is_a_flare() -> None:
    assert flare(session(berlin(2026, 3, 2), baseline=1, ratings=(3,), end=None))


def test_a_red_flag_stop_is_not_a_flare() -> None:
    record = session(berlin(2026, 3, 2), baseline=1, ratings=(5,), end=EndReason.RED_FLAG)
    assert not flare(record)


def test_a_stop_by_the_person_with_no_rise_is_not_a_flare() -> None:
    record = session(berlin(2026, 3, 2), baseline=3, ratings=(3,), end=EndReason.STOPPED_BY_PERSON)
    assert not flare(record)


# -- the next morning ----------------------------------------------------------------------


def day_start(day: int, baseline: int, hour: int = 8, month: int = 3) -> SessionRecord:
    return session(berlin(2026, month, day, hour), baseline=baseline, ratings=(baseline,))


def test_a_day_that_starts_two_above_yesterday_is_a_flare_day() -> None:
    records = [day_start(2, 3), day_start(2, 1, hour=19)]  # the day's FIRST baseline: 3
    flare_day = morning_flare(records, date(2026, 3, 3), BERLIN, baseline=5)
    assert flare_day is not None
    assert (flare_day.day, flare_day.baseline) == (date(2026, 3, 3), 5)
    assert (flare_day.earlier_day, flare_day.earlier_baseline) == (date(2026, 3, 2), 3)
    assert flare_day.message.startswith("Today started at 5 out of 10, up from 3 yesterday")
    assert "shorter holds, no pressure steps" in flare_day.message
    assert "cure" not in flare_day.message and "treat" not in flare_day.message


def test_one_above_is_no_flare_and_the_days_later_sessions_do_not_count() -> None:
    records = [day_start(2, 3)]
    assert morning_flare(records, date(2026, 3, 3), BERLIN, baseline=4) is None
    # today's first session decides, whatever the rating now (a later session's)
    today = [*records, day_start(3, 4)]
    assert morning_flare(today, date(2026, 3, 3), BERLIN, baseline=9) is None
    flared = [*records, day_start(3, 5)]
    assert morning_flare(flared, date(2026, 3, 3), BERLIN, baseline=0) is not None


def test_the_last_day_with_a_session_within_three_days_is_the_one_held_to() -> None:
    records = [day_start(1, 1), day_start(2, 4)]
    # 5 March: the last session day is the 2nd (3 days back), its first baseline 4
    assert morning_flare(records, date(2026, 3, 5), BERLIN, baseline=5) is None
    assert morning_flare(records, date(2026, 3, 5), BERLIN, baseline=6) is not None
    # 6 March: the 2nd is 4 days back: nothing to compare with
    assert morning_flare(records, date(2026, 3, 6), BERLIN, baseline=10) is None


def test_no_session_before_and_no_rating_today_is_no_flare() -> None:
    assert morning_flare([], date(2026, 3, 3), BERLIN, baseline=9) is None
    assert morning_flare([day_start(2, 1)], date(2026, 3, 3), BERLIN) is None
    with pytest.raises(ValueError):
        morning_flare([day_start(2, 1)], date(2026, 3, 3), BERLIN, baseline=11)


def test_local_midnight_decides_the_day_not_utc() -> None:
    # 00:30 in Berlin on 3 March is 23:30 UTC on 2 March: it is the 3rd's first session.
    late = session(berlin(2026, 3, 3, 0, 30), baseline=6, ratings=(6,))
    assert late.started_at.date() == date(2026, 3, 2)
    records = [day_start(2, 2, hour=8), late]
    (found,) = morning_flares(records, BERLIN)
    assert (found.day, found.earlier_day, found.baseline) == (date(2026, 3, 3), date(2026, 3, 2), 6)


def test_the_nights_the_clocks_change() -> None:
    # 29 March 2026 is 23 hours long in Berlin, 25 October 25 hours: still one day each.
    spring = [day_start(28, 2, hour=22), session(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))]
    assert spring[1].started_at.astimezone(BERLIN).hour == 3
    assert [m.day for m in morning_flares(spring, BERLIN)] == []
    spring[1] = session(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), baseline=4, ratings=(4,))
    assert [m.day for m in morning_flares(spring, BERLIN)] == [date(2026, 3, 29)]
    autumn = [
        day_start(24, 1, hour=21, month=10),
        session(datetime(2026, 10, 25, 22, 59, tzinfo=UTC), baseline=3, ratings=(3,)),
    ]
    assert [m.day for m in morning_flares(autumn, BERLIN)] == [date(2026, 10, 25)]


def test_a_flare_day_eases_every_session_with_the_flare_day_easing(
    builtins: dict[str, Routine],
) -> None:
    chin = builtins["chin-tucks-1"]
    flare_day = morning_flare([day_start(2, 2)], date(2026, 3, 3), BERLIN, baseline=4)
    assert flare_day is not None
    offer = flare_day_offer(chin, flare_day)
    assert offer.eased
    assert offer.routine is not None
    assert offer.routine.title == "Chin tucks, level 1 (eased)"
    assert offer.message == flare_day.message
    assert flare_day_offer(chin, None) == type(offer)(chin, False)


def test_restful_routines_are_not_eased_on_a_flare_day(builtins: dict[str, Routine]) -> None:
    restful = next(r for r in builtins.values() if r.restful)
    flare_day = morning_flare([day_start(2, 2)], date(2026, 3, 3), BERLIN, baseline=7)
    offer = flare_day_offer(restful, flare_day)
    assert (offer.routine, offer.eased) == (restful, False)


def test_a_routine_with_nothing_left_to_ease_points_to_rest(builtins: dict[str, Routine]) -> None:
    flare_day = morning_flare([day_start(2, 2)], date(2026, 3, 3), BERLIN, baseline=4)
    offer = flare_day_offer(builtins["base-of-skull-release"], flare_day)
    assert offer.routine is None
    assert offer.eased
    assert "up from 2" in offer.message and "heat and quiet rest" in offer.message


# -- a clinician review -----------------------------------------------------------------------


def test_two_flares_in_seven_days_suggest_a_review() -> None:
    records = [
        stopped_for_pain(berlin(2026, 3, 2, 9)),
        session(berlin(2026, 3, 4)),
        session(berlin(2026, 3, 6), baseline=2, ratings=(4,)),  # ended 2 above
    ]
    review = clinician_review(records, berlin(2026, 3, 8, 20), BERLIN)
    assert review is not None
    assert len(review.flares) == 2
    assert "2 flares in the last 7 days" in review.message
    # on the 9th, the 2nd is 8 days back: one flare left in the window
    assert clinician_review(records, berlin(2026, 3, 9, 0, 1), BERLIN) is None


def test_two_flares_on_one_day_count_as_two() -> None:
    records = [
        stopped_for_pain(berlin(2026, 3, 2, 9)),
        stopped_for_pain(berlin(2026, 3, 2, 18)),
    ]
    assert clinician_review(records, berlin(2026, 3, 2, 19), BERLIN) is not None


def test_a_next_morning_flare_counts_towards_a_review() -> None:
    records = [
        session(berlin(2026, 3, 2), baseline=2, ratings=(2,)),
        session(berlin(2026, 3, 3), baseline=4, ratings=(4,)),  # started 2 above: a flare
    ]
    assert clinician_review(records, berlin(2026, 3, 3, 20), BERLIN) is None
    records.append(stopped_for_pain(berlin(2026, 3, 4), baseline=4, rating=6))
    review = clinician_review(records, berlin(2026, 3, 4, 20), BERLIN)
    assert review is not None
    assert review.flare_count == 2
    assert [m.day for m in review.morning_flares] == [date(2026, 3, 3)]
    assert "2 flares in the last 7 days" in review.message


def test_one_flare_is_not_enough_but_a_red_flag_is() -> None:
    assert (
        clinician_review([stopped_for_pain(berlin(2026, 3, 2))], berlin(2026, 3, 3), BERLIN) is None
    )
    red = session(berlin(2026, 3, 2), ratings=(), end=EndReason.RED_FLAG)
    review = clinician_review([red], berlin(2026, 3, 3), BERLIN)
    assert review is not None
    assert review.red_flags == (red,)
    assert "warning sign" in review.message


def test_the_review_window_is_seven_local_days_across_the_clock_change() -> None:
    # 23 March (Monday) to 29 March (the short Sunday) is the 7-day window on the 29th.
    records = [stopped_for_pain(berlin(2026, 3, 23, 0, 10)), stopped_for_pain(berlin(2026, 3, 29))]
    assert clinician_review(records, berlin(2026, 3, 29, 23, 50), BERLIN) is not None
    assert clinician_review(records, berlin(2026, 3, 30, 0, 5), BERLIN) is None


# -- progression ------------------------------------------------------------------------------


def good(day: int, hour: int = 8) -> SessionRecord:
    return session(berlin(2026, 3, day, hour), baseline=2, ratings=(2, 1))


def test_three_comfortable_sessions_suggest_level_2(builtins: dict[str, Routine]) -> None:
    records = [good(2), good(3), good(4)]
    routines = list(builtins.values())
    # on the 4th the last session's next morning has not come
    assert (
        progression(builtins["chin-tucks-1"], routines, records, berlin(2026, 3, 4, 20), BERLIN)
        is None
    )
    suggestion = progression(
        builtins["chin-tucks-1"], routines, records, berlin(2026, 3, 5, 7), BERLIN
    )
    assert suggestion is not None
    assert suggestion.next.id == "chin-tucks-2"
    assert [s.started_at for s in suggestion.sessions] == [r.started_at for r in records]
    assert "Chin tucks, level 2" in suggestion.message
    # level 2 has no level 3
    assert progression(builtins["chin-tucks-2"], routines, [], berlin(2026, 3, 5), BERLIN) is None


def test_three_in_one_day_count_once_their_next_day_has_begun(
    builtins: dict[str, Routine],
) -> None:
    records = [good(2, 8), good(2, 13), good(2, 19)]
    routines = list(builtins.values())
    chin = builtins["chin-tucks-1"]
    assert progression(chin, routines, records, berlin(2026, 3, 2, 23, 59), BERLIN) is None
    assert progression(chin, routines, records, berlin(2026, 3, 3, 0, 1), BERLIN) is not None
    # a flare on the 3rd (any routine) takes back all three
    flared = [*records, stopped_for_pain(berlin(2026, 3, 3, 9))]
    assert progression(chin, routines, flared, berlin(2026, 3, 4), BERLIN) is None


def test_what_breaks_the_count(builtins: dict[str, Routine]) -> None:
    routines = list(builtins.values())
    chin = builtins["chin-tucks-1"]
    now = berlin(2026, 3, 9, 7)
    eased = session(berlin(2026, 3, 5), ratings=(2,), eased=True)
    easing = session(berlin(2026, 3, 5), baseline=2, ratings=(2, 4))  # an ease-zone check
    unfinished = session(berlin(2026, 3, 5), ratings=(2,), end=EndReason.STOPPED_BY_PERSON)
    for breaker in (eased, easing, unfinished):
        records = [good(2), good(3), good(4), breaker, good(6), good(7)]
        assert progression(chin, routines, records, now, BERLIN) is None
        records.append(good(8))
        assert progression(chin, routines, records, now, BERLIN) is not None


def test_a_next_morning_flare_takes_back_the_day_before(builtins: dict[str, Routine]) -> None:
    routines = list(builtins.values())
    chin = builtins["chin-tucks-1"]
    records = [good(2), good(3), good(4)]
    # the 5th starts at 4, 2 above the 4th's 2: the 4th does not count
    flared = [*records, session(berlin(2026, 3, 5), routine_id="desk-break", baseline=4)]
    assert progression(chin, routines, flared, berlin(2026, 3, 6), BERLIN) is None
    settled = [*records, session(berlin(2026, 3, 5), routine_id="desk-break", baseline=3)]
    assert progression(chin, routines, settled, berlin(2026, 3, 6), BERLIN) is not None


def test_todays_bad_session_resets_at_once(builtins: dict[str, Routine]) -> None:
    routines = list(builtins.values())
    chin = builtins["chin-tucks-1"]
    records = [good(2), good(3), good(4), stopped_for_pain(berlin(2026, 3, 5, 8))]
    assert progression(chin, routines, records, berlin(2026, 3, 5, 9), BERLIN) is None


def test_only_sessions_since_the_last_change_of_level_count(builtins: dict[str, Routine]) -> None:
    routines = list(builtins.values())
    chin = builtins["chin-tucks-1"]
    level_2 = session(
        berlin(2026, 3, 5), routine_id="chin-tucks-2", title="Chin tucks, level 2", ratings=(2,)
    )
    records = [good(2), good(3), good(4), level_2, good(6)]
    assert progression(chin, routines, records, berlin(2026, 3, 9), BERLIN) is None
    records += [good(7), good(8)]
    assert progression(chin, routines, records, berlin(2026, 3, 9), BERLIN) is not None
    # other series do not interrupt
    desk = session(berlin(2026, 3, 3, 12), routine_id="desk-break", title="Desk break")
    assert (
        progression(chin, routines, [good(2), desk, good(3), good(4)], berlin(2026, 3, 9), BERLIN)
        is not None
    )


def test_a_routine_without_a_series_never_progresses(builtins: dict[str, Routine]) -> None:
    desk = builtins["desk-break"]
    records = [session(berlin(2026, 3, d), routine_id="desk-break") for d in (2, 3, 4)]
    assert progression(desk, builtins.values(), records, berlin(2026, 3, 9), BERLIN) is None


# -- the weekly check-in -------------------------------------------------------------------------


def test_a_week_in_plain_words() -> None:
    last_week = [session(berlin(2026, 3, d), baseline=4, ratings=(3,)) for d in (3, 5)]
    this_week = [
        session(berlin(2026, 3, 9), baseline=4, ratings=(3,)),
        session(berlin(2026, 3, 10), baseline=3, ratings=(3, 2)),
        stopped_for_pain(berlin(2026, 3, 11), baseline=3, rating=5),
        session(berlin(2026, 3, 11, 18), baseline=4, ratings=(2,)),
    ]
    summary = weekly_check_in(
        [*last_week, *this_week], berlin(2026, 3, 12, 8), BERLIN, target_days=5
    )
    assert summary.week_start == date(2026, 3, 9)
    assert (summary.sessions, summary.sessions_last_week, summary.days_done) == (4, 2, 3)
    assert summary.pain_before == pytest.approx(3.5)
    assert summary.pain_after == pytest.approx(3.0)  # after: 3, 2, 5 (the stop), 2
    assert summary.flares == 1
    assert summary.text == (
        "4 sessions this week, 2 more than last week. "
        "Sessions on 3 of the 5 days planned so far this week. "
        "Pain before sessions averaged 3.5, after 3.0. "
        "Last week: 4.0 before, 3.0 after. "
        "1 session stopped for pain or ended with more pain."
    )


def test_an_empty_week() -> None:
    summary = weekly_check_in([], berlin(2026, 3, 12), BERLIN)
    assert summary.text == "No sessions yet this week."
    assert summary.pain_before is None
    fewer = weekly_check_in([session(berlin(2026, 3, 3))], berlin(2026, 3, 12), BERLIN)
    assert fewer.text.startswith("No sessions yet this week, 1 fewer than last week.")


def test_the_week_starts_on_local_monday_midnight() -> None:
    # 00:15 on Monday 30 March in Berlin is 22:15 UTC on Sunday.
    monday_night = session(berlin(2026, 3, 30, 0, 15))
    summary = weekly_check_in([monday_night], berlin(2026, 3, 30, 9), BERLIN)
    assert summary.week_start == date(2026, 3, 30)
    assert summary.sessions == 1
    sunday = weekly_check_in([monday_night], berlin(2026, 3, 29, 23), BERLIN)
    assert sunday.sessions == 0


def test_the_check_in_makes_no_claims() -> None:
    records = [session(berlin(2026, 3, 10), baseline=6, ratings=(2,))]
    text = weekly_check_in(records, berlin(2026, 3, 12), BERLIN).text.lower()
    for word in ("cure", "treat", "heal", "better", "improve", "great", "well done"):
        assert word not in text


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        weekly_check_in([], datetime(2026, 3, 12), ZoneInfo("Europe/Berlin"))
