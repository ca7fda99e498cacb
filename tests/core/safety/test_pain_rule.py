"""The pain gate over the whole 0-10 x 0-10 grid, written from the clinical guide's words.

The guide's rules 3-5 (docs/clinical.md, "The pain gate"), read one at a time:

- Continue: pain 3 or less, and at most 1 above baseline.
- Ease off: pain 4 or 5, and at most 1 above baseline.
- Stop now, whatever the routine: pain 2 or more above baseline, or pain 6 or more,
  or sharp/electric pain on touching the scalp, or any red flag.
- Restful routines stop only on a rise of 2 or more, sharp pain or a red flag, and
  otherwise continue.

The guide says the zones have no overlaps: every cell must match exactly one of them.
"""

from __future__ import annotations

import pytest

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.safety.pain_rule import (
    StartAdvice,
    Zone,
    assess,
    before_start,
    why_stopped,
    without_heat,
)

GRID = [(baseline, current) for baseline in range(11) for current in range(11)]


def guide_zones(baseline: int, current: int, *, restful: bool = False) -> set[Zone]:
    """Every zone whose words in the guide fit this cell (the guide says: exactly one)."""
    rise = current - baseline
    zones = set()
    if restful:
        if rise >= 2:  # "stop only on a rise of 2 or more"
            zones.add(Zone.STOP)
        else:  # "and otherwise continue"
            zones.add(Zone.CONTINUE)
        return zones
    if current <= 3 and rise <= 1:  # "Continue: pain 3 or less, and at most 1 above baseline"
        zones.add(Zone.CONTINUE)
    if current in (4, 5) and rise <= 1:  # "Ease off: pain 4 or 5, and at most 1 above"
        zones.add(Zone.EASE)
    if rise >= 2 or current >= 6:  # "Stop: 2 or more above baseline, or pain 6 or more"
        zones.add(Zone.STOP)
    return zones


@pytest.mark.parametrize(("baseline", "current"), GRID)
def test_every_cell_of_the_grid_follows_the_guide(baseline: int, current: int) -> None:
    (zone,) = guide_zones(baseline, current)  # no overlaps, no gaps
    assert assess(baseline, current) is zone


@pytest.mark.parametrize(("baseline", "current"), GRID)
def test_every_cell_for_a_restful_routine_follows_the_guide(baseline: int, current: int) -> None:
    (zone,) = guide_zones(baseline, current, restful=True)
    assert assess(baseline, current, restful=True) is zone


# The same grids as a person reads them: C continue, E ease off, S stop; rows are the
# baseline 0-10, columns the pain now 0-10. The closing note of the issue shows these.
ROUTINE_GRID = (
    "CCSSSSSSSSS",  # baseline 0: a rise of 1 (0 -> 1) continues; 2 stops
    "CCCSSSSSSSS",  # baseline 1
    "CCCCSSSSSSS",  # baseline 2
    "CCCCESSSSSS",  # baseline 3: 4 is 1 above, so ease off; 5 is 2 above, so stop
    "CCCCEESSSSS",  # baseline 4
    "CCCCEESSSSS",  # baseline 5: 6 or more stops even with a rise of 1
    "CCCCEESSSSS",  # baseline 6
    "CCCCEESSSSS",  # baseline 7
    "CCCCEESSSSS",  # baseline 8
    "CCCCEESSSSS",  # baseline 9
    "CCCCEESSSSS",  # baseline 10
)
RESTFUL_GRID = (
    "CCSSSSSSSSS",  # baseline 0
    "CCCSSSSSSSS",  # baseline 1
    "CCCCSSSSSSS",  # baseline 2
    "CCCCCSSSSSS",  # baseline 3
    "CCCCCCSSSSS",  # baseline 4
    "CCCCCCCSSSS",  # baseline 5
    "CCCCCCCCSSS",  # baseline 6
    "CCCCCCCCCSS",  # baseline 7: 8 continues (resting is right), 9 stops
    "CCCCCCCCCCS",  # baseline 8: 7 continues, it did not make anything worse
    "CCCCCCCCCCC",  # baseline 9
    "CCCCCCCCCCC",  # baseline 10
)
LETTERS = {Zone.CONTINUE: "C", Zone.EASE: "E", Zone.STOP: "S"}


@pytest.mark.parametrize(("restful", "grid"), [(False, ROUTINE_GRID), (True, RESTFUL_GRID)])
def test_the_grid_as_a_table(restful: bool, grid: tuple[str, ...]) -> None:
    made = tuple(
        "".join(LETTERS[assess(b, c, restful=restful)] for c in range(11)) for b in range(11)
    )
    assert made == grid


@pytest.mark.parametrize(
    ("baseline", "current", "zone"),
    [
        (0, 0, Zone.CONTINUE),
        (0, 1, Zone.CONTINUE),  # a 1-point rise is within the scale's noise: not a stop
        (2, 3, Zone.CONTINUE),
        (3, 4, Zone.EASE),
        (4, 5, Zone.EASE),
        (5, 5, Zone.EASE),
        (1, 3, Zone.STOP),  # 2 above
        (5, 6, Zone.STOP),  # 6 or more always stops
        (6, 3, Zone.CONTINUE),
        (8, 5, Zone.EASE),
        (10, 10, Zone.STOP),
    ],
)
def test_hand_checked_cells(baseline: int, current: int, zone: Zone) -> None:
    assert assess(baseline, current) is zone


def test_every_zone_occurs_on_the_grid() -> None:
    assert {assess(b, c) for b, c in GRID} == set(Zone)


@pytest.mark.parametrize("restful", [False, True])
def test_sharp_pain_on_touch_stops_whatever_the_rating(restful: bool) -> None:
    assert assess(3, 0, sharp_on_touch=True, restful=restful) is Zone.STOP


@pytest.mark.parametrize("restful", [False, True])
def test_a_red_flag_stops_whatever_the_rating(restful: bool) -> None:
    assert assess(0, 0, red_flag=True, restful=restful) is Zone.STOP


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True, "3"])
def test_ratings_outside_0_to_10_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        assess(3, bad)  # type: ignore[arg-type]


# -- before starting (rule 1) -----------------------------------------------------------------


CHIN = load_routine(BUILTIN_ROUTINES_DIR / "chin-tucks-1.yaml")
RESTFUL = load_routine(BUILTIN_ROUTINES_DIR / "quiet-relief.yaml")


@pytest.mark.parametrize(
    ("baseline", "advice"),
    [
        (0, StartAdvice.GO),
        (3, StartAdvice.GO),
        (4, StartAdvice.EASED),
        (5, StartAdvice.EASED),
        (6, StartAdvice.RESTFUL_ONLY),
        (10, StartAdvice.RESTFUL_ONLY),
    ],
)
def test_the_baseline_decides_how_a_routine_starts(baseline: int, advice: StartAdvice) -> None:
    assert before_start(baseline, CHIN, red_flag=False).advice is advice


def test_an_eased_start_says_so() -> None:
    check = before_start(4, CHIN, red_flag=False)
    assert check.message == (
        "With pain at 4 out of 10, this session starts eased: lighter pressure, fewer reps, "
        "and a pain check after every step."
    )


@pytest.mark.parametrize("baseline", [0, 4, 6, 10])
def test_a_restful_routine_starts_as_it_is_at_any_pain(baseline: int) -> None:
    assert before_start(baseline, RESTFUL, red_flag=False).advice is StartAdvice.GO


def test_the_restful_offer_leaves_heat_out_for_numb_skin() -> None:
    plain = before_start(7, CHIN, red_flag=False)
    numb = before_start(7, CHIN, red_flag=False, numb_skin=True)
    assert "heat and rest" in plain.message
    assert "without the heat" in numb.message and "numb or tingling skin" in numb.message


def test_a_red_flag_before_starting_sends_to_urgent_care() -> None:
    check = before_start(0, RESTFUL, red_flag=True)
    assert check.advice is StartAdvice.URGENT_CARE


def test_the_restful_routine_without_heat_is_rest_and_slow_breathing() -> None:
    assert RESTFUL.has_heat
    rest = without_heat(RESTFUL)
    assert rest is not None
    assert not rest.has_heat
    assert rest.restful
    assert [s.title for s in rest.steps] == [s.title for s in RESTFUL.steps if not s.heat]
    for step in rest.steps:
        for words in (step.cue or "", step.say or "", *(p.text for p in step.prompts)):
            assert "heat" not in words.lower(), words
    assert rest.steps[0].say and "breathe slowly" in rest.steps[0].say
    assert without_heat(CHIN) is CHIN


# -- the words after a stop ---------------------------------------------------------------------


def test_the_words_after_a_stop_never_say_worse_unless_it_rose() -> None:
    assert why_stopped(2, 4) == "The routine was stopped because your pain went up from 2 to 4."
    high = why_stopped(7, 6)
    assert high.startswith("The routine was stopped because your pain is 6 out of 10")
    assert "worse" not in high and "went up" not in high
    sharp = why_stopped(3, 3, sharp_on_touch=True)
    assert "sharp or electric pain" in sharp and "went up" not in sharp
