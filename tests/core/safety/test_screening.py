"""The first-run safety questions: what each answer changes, and the answers kept safely."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routines
from unknot.core.safety.screening import (
    HEAT_WARNING,
    KEYS,
    PRESSURE_HIDDEN,
    QUESTIONS,
    Screening,
    ScreeningStore,
    for_this_person,
    routine_notes,
)

ROUTINES = {r.id: r for r in load_routines([BUILTIN_ROUTINES_DIR]).routines}
ALL_NO = Screening(dict.fromkeys(KEYS, False))


def answered(**yes: bool) -> Screening:
    return Screening({**dict.fromkeys(KEYS, False), **yes})


def test_every_precaution_of_the_clinical_guide_is_asked() -> None:
    words = " ".join(q.text.lower() for q in QUESTIONS)
    for term in (
        "injured",
        "whiplash",
        "artery",
        "stroke",
        "tia",
        "surgery",
        "rheumatoid",
        "down syndrome",
        "hypermobility",
        "bleeding",
        "blood thinners",
        "osteoporosis",
        "cancer",
        "fever",
        "wound",
        "infection",
        "numb",
        "tingling",
        "shooting pain",
    ):
        assert term in words, term


def test_all_no_changes_nothing() -> None:
    assert not ALL_NO.clearance_advised
    for routine in ROUTINES.values():
        assert for_this_person(routine, ALL_NO) == routine
        assert routine_notes(routine, ALL_NO) == []


def test_any_yes_advises_clearance_and_marks_pressure_routines() -> None:
    screening = answered(bleeding=True)
    assert screening.clearance_advised
    base = ROUTINES["base-of-skull-release"]
    assert any("check with your clinician" in note for note in routine_notes(base, screening))
    assert routine_notes(ROUTINES["chin-tucks-1"], screening) == []


def test_shooting_pain_on_touch_hides_the_pressure_steps() -> None:
    screening = answered(shooting_pain=True)
    base = ROUTINES["base-of-skull-release"]
    shown = for_this_person(base, screening)
    assert shown is not None
    assert not shown.has_pressure
    assert len(shown.steps) < len(base.steps)
    assert PRESSURE_HIDDEN in routine_notes(base, screening)
    assert for_this_person(ROUTINES["chin-tucks-1"], screening) == ROUTINES["chin-tucks-1"]


def test_numb_skin_adds_the_heat_warning_to_restful_routines() -> None:
    screening = answered(numb_skin=True)
    assert HEAT_WARNING in routine_notes(ROUTINES["quiet-relief"], screening)
    assert HEAT_WARNING not in routine_notes(ROUTINES["chin-tucks-1"], screening)


def test_not_yet_answered_means_asking(tmp_path: Path) -> None:
    store = ScreeningStore(tmp_path / "screening.json")
    assert store.load() is None
    store.save(answered(injury=True))
    loaded = ScreeningStore(tmp_path / "screening.json").load()
    assert loaded == answered(injury=True) and loaded.complete


def test_damaged_answers_are_set_aside_and_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "screening.json"
    path.write_text('{"answers": {"injury": "maybe"}}')
    store = ScreeningStore(path, now=lambda: datetime(2026, 11, 21, 9, 0, 0))
    assert store.load() is None
    assert store.problem is not None and "answers.injury" in store.problem
    assert (tmp_path / "screening.json.damaged-20261121-090000").exists()
