"""A few hundred damaged routine files: each is loaded or refused, never a crash.

The cases come from tests/fuzz/routine_corpus.py (seeded, so a failure names
the seed and case that rebuild it); bench/routine_fuzz.py runs thousands and
times them. Here every case must be refused or loaded with no exception but
``RoutineError``, every problem must name the file and a line (except the size
refusal, made before the text is read), and the pure-Python and libyaml
parsers must agree.
"""

from __future__ import annotations

import pytest

from tests.fuzz.routine_corpus import Case, backends, cases, check, disagreement, faults

SEED = 20260513
COUNT = 300
CASES = list(cases(COUNT, SEED))


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    again = list(cases(20, SEED))
    assert again == CASES[:20]
    assert list(cases(20, SEED + 1)) != again


def test_the_corpus_covers_every_kind_of_damage() -> None:
    from tests.fuzz.routine_corpus import MUTATIONS

    kinds = {name for name, _mutate in MUTATIONS}
    seen = {kind for case in CASES for kind in kinds if kind in case.name}
    assert seen == kinds


@pytest.mark.parametrize("case", CASES, ids=[f"case {n}" for n in range(COUNT)])
def test_a_damaged_routine_is_loaded_or_refused_with_its_place(case: Case) -> None:
    outcomes = {backend: check(case, backend) for backend in backends()}
    for backend, outcome in outcomes.items():
        assert not faults(outcome), f"{case.name} ({backend}): {faults(outcome)}"
    if len(outcomes) == 2:
        difference = disagreement(case, outcomes["python"], outcomes["libyaml"])
        assert difference is None, f"{case.name}\n{difference}"


def test_most_damaged_routines_are_refused() -> None:
    """A fuzzer whose cases all load would test nothing."""
    refused = sum(check(case, "python").routine is None for case in CASES[:100])
    assert refused >= 60
