"""The first-run safety questions: what each answer changes, and the answers kept safely."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routines
from unknot.core.safety.screening import (
    CLEARANCE_NOTE,
    DIZZY_NOTE,
    DIZZY_STEP_MARK,
    HEAT_WARNING,
    KEYS,
    PRESSURE_HIDDEN,
    PRESSURE_NOTE,
    QUESTIONS,
    RoutineNotes,
    Screening,
    ScreeningStore,
    for_this_person,
    routine_notes,
    step_marks,
)
from unknot.core.safety.screening import answered as complete_or_none

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
        "occipital nerve stimulator",
        "surgery on the nerves at the back of your head",
        "injection",
        "last 7 days",
        "lying down",
        "turning your head",
        "dizzy",
    ):
        assert term in words, term


def test_all_no_changes_nothing() -> None:
    assert not ALL_NO.clearance_advised
    for routine in ROUTINES.values():
        assert for_this_person(routine, ALL_NO) == routine
        assert routine_notes(routine, ALL_NO) == []


def test_any_yes_advises_clearance_on_every_routine_and_marks_pressure_routines() -> None:
    screening = answered(bleeding=True)
    assert screening.clearance_advised
    base = ROUTINES["base-of-skull-release"]
    assert routine_notes(base, screening) == [CLEARANCE_NOTE, PRESSURE_NOTE]
    for routine in ROUTINES.values():
        assert routine_notes(routine, screening)[0] == CLEARANCE_NOTE, routine.id
    assert routine_notes(ROUTINES["chin-tucks-1"], screening) == [CLEARANCE_NOTE]


def test_each_new_question_alone_advises_clearance() -> None:
    for key in ("nerve_treatment", "dizzy_lying"):
        assert answered(**{key: True}).clearance_advised, key
        assert CLEARANCE_NOTE in routine_notes(ROUTINES["desk-break"], answered(**{key: True}))


def test_dizziness_marks_each_lying_down_step_and_no_other() -> None:
    screening = answered(dizzy_lying=True)
    base = ROUTINES["base-of-skull-release"]
    marks = step_marks(base, screening)
    assert marks[0] == DIZZY_STEP_MARK  # the towel roll, lying on the back
    assert set(marks[1:]) == {""}  # the holds, sitting
    assert step_marks(ROUTINES["chin-tucks-1"], screening) == (DIZZY_STEP_MARK,)
    assert set(step_marks(ROUTINES["desk-break"], screening)) == {""}
    assert DIZZY_NOTE in routine_notes(base, screening)
    assert DIZZY_NOTE not in routine_notes(ROUTINES["desk-break"], screening)


def test_without_dizziness_no_step_is_marked() -> None:
    for routine in ROUTINES.values():
        assert set(step_marks(routine, answered(bleeding=True))) <= {""}
        assert set(step_marks(routine, None)) <= {""}


def test_routine_notes_are_a_tuple_of_the_notes_with_a_mark_per_step() -> None:
    notes = RoutineNotes(["a", "b"], ["", "skip"])
    assert tuple(notes) == ("a", "b") and list(notes) == ["a", "b"]
    assert (notes.mark(0), notes.mark(1), notes.mark(2), notes.mark(-1)) == ("", "skip", "", "")
    assert RoutineNotes().mark(0) == ""


def test_answers_kept_from_before_the_new_questions_are_not_complete(tmp_path: Path) -> None:
    path = tmp_path / "screening.json"
    old_keys = [key for key in KEYS if key not in ("nerve_treatment", "dizzy_lying")]
    path.write_text(
        '{"answers": {' + ", ".join(f'"{key}": false' for key in old_keys) + "}}",
        encoding="utf-8",
    )
    loaded = ScreeningStore(path).load()
    assert loaded is not None
    assert not loaded.complete
    assert complete_or_none(loaded) is None
    assert dict(loaded.answers) == dict.fromkeys(old_keys, False)
    assert complete_or_none(ALL_NO) is ALL_NO
    assert complete_or_none(None) is None


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
