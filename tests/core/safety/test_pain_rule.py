"""The pain gate over the whole 0-10 x 0-10 grid, against shared/guide/CLINICAL.md."""

from __future__ import annotations

import pytest

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.safety.pain_rule import StartAdvice, Zone, assess, before_start

GRID = [(baseline, current) for baseline in range(11) for current in range(11)]


def guide_says(baseline: int, current: int) -> Zone:
    """The guide's rules 3-5 read one at a time, stop first ("whatever the routine")."""
    stop_rules = [
        current >= 6,  # "or pain 6 or more"
        current - baseline >= 2,  # "pain 2 or more above baseline"
        baseline <= 4 and current - baseline >= 1,  # "(1 or more when the baseline was 4 or less)"
    ]
    if any(stop_rules):
        return Zone.STOP
    if current in (4, 5):  # "Ease off: pain 4-5"
        return Zone.EASE
    assert current <= 3 and current - baseline <= 1  # "Continue: at most 1 above, 3 or less"
    return Zone.CONTINUE


@pytest.mark.parametrize(("baseline", "current"), GRID)
def test_every_cell_of_the_grid_follows_the_guide(baseline: int, current: int) -> None:
    assert assess(baseline, current) is guide_says(baseline, current)


@pytest.mark.parametrize(
    ("baseline", "current", "zone"),
    [
        (0, 0, Zone.CONTINUE),
        (3, 3, Zone.CONTINUE),
        (3, 2, Zone.CONTINUE),
        (0, 1, Zone.STOP),  # a low baseline: any rise stops
        (4, 5, Zone.STOP),
        (5, 5, Zone.EASE),
        (5, 4, Zone.EASE),
        (5, 6, Zone.STOP),  # 6 or more always stops
        (6, 3, Zone.CONTINUE),
        (6, 7, Zone.STOP),
        (8, 5, Zone.EASE),
        (8, 3, Zone.CONTINUE),
        (10, 10, Zone.STOP),
    ],
)
def test_hand_checked_cells(baseline: int, current: int, zone: Zone) -> None:
    assert assess(baseline, current) is zone


def test_every_zone_occurs_on_the_grid() -> None:
    assert {assess(b, c) for b, c in GRID} == set(Zone)


def test_sharp_pain_on_touch_stops_whatever_the_rating() -> None:
    assert assess(3, 0, sharp_on_touch=True) is Zone.STOP


def test_a_red_flag_stops_whatever_the_rating() -> None:
    assert assess(0, 0, red_flag=True) is Zone.STOP


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True, "3"])
def test_ratings_outside_0_to_10_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        assess(3, bad)  # type: ignore[arg-type]


def test_a_high_baseline_offers_only_restful_routines() -> None:
    chin = load_routine(BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml")
    quiet = load_routine(BUILTIN_ROUTINES_DIR / "quiet-relief.yaml")
    assert before_start(7, chin, red_flag=False).advice is StartAdvice.RESTFUL_ONLY
    assert before_start(6, chin, red_flag=False).advice is StartAdvice.GO
    assert before_start(9, quiet, red_flag=False).advice is StartAdvice.GO


def test_a_red_flag_before_starting_sends_to_urgent_care() -> None:
    quiet = load_routine(BUILTIN_ROUTINES_DIR / "quiet-relief.yaml")
    check = before_start(0, quiet, red_flag=True)
    assert check.advice is StartAdvice.URGENT_CARE
