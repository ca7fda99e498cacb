"""The first-run safety questions: what each answer changes, and the answers kept safely."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routines, parse_routine_text
from unknot.core.routines.seated import seated_form
from unknot.core.safety.screening import (
    CLEARANCE_NOTE,
    DIZZY_NOTE,
    DIZZY_STEP_MARK,
    HEAT_WARNING,
    KEYS,
    PRESSURE_HIDDEN,
    PRESSURE_NOTE,
    QUESTIONS,
    SEATED_NOTE,
    RoutineNotes,
    Screening,
    ScreeningStore,
    for_this_person,
    routine_notes,
    step_marks,
    wants_seated,
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
    assert DIZZY_NOTE not in routine_notes(ROUTINES["desk-break"], screening)


def test_dizziness_gives_the_seated_versions_first() -> None:
    screening = answered(dizzy_lying=True)
    for routine_id in ("base-of-skull-release", "chin-tucks-1", "chin-tucks-2"):
        routine = ROUTINES[routine_id]
        shown = for_this_person(routine, screening)
        assert shown == seated_form(routine) != routine, routine_id
        assert set(step_marks(shown, screening)) == {""}, routine_id
        notes = routine_notes(routine, screening)
        assert SEATED_NOTE in notes and DIZZY_NOTE not in notes, routine_id
    tucks = for_this_person(ROUTINES["chin-tucks-1"], screening)
    assert tucks is not None
    assert tucks.steps[0].position is not None
    assert tucks.steps[0].position.startswith("sitting tall")
    assert for_this_person(ROUTINES["desk-break"], screening) == ROUTINES["desk-break"]
    assert SEATED_NOTE not in routine_notes(ROUTINES["desk-break"], screening)


def test_a_chosen_lying_form_is_shown_with_its_marks_and_anyone_may_sit() -> None:
    dizzy = answered(dizzy_lying=True)
    tucks = ROUTINES["chin-tucks-1"]
    lying = for_this_person(tucks, dizzy, seated=False)
    assert lying == tucks
    assert step_marks(tucks, dizzy) == (DIZZY_STEP_MARK,)
    assert routine_notes(tucks, dizzy, seated=False)[-1] == DIZZY_NOTE
    assert SEATED_NOTE not in routine_notes(tucks, dizzy, seated=False)
    assert for_this_person(tucks, ALL_NO, seated=True) == seated_form(tucks)
    assert for_this_person(tucks, None, seated=True) == seated_form(tucks)
    assert routine_notes(tucks, ALL_NO, seated=True) == []
    assert not wants_seated(ALL_NO) and not wants_seated(None) and wants_seated(dizzy)
    assert wants_seated(ALL_NO, True) and not wants_seated(dizzy, False)


def test_a_lying_step_without_a_seated_version_is_still_marked_for_dizziness() -> None:
    routine = parse_routine_text(
        "title: Mine\nid: mine\nsteps:\n"
        "  - title: Lie still\n    position: lying on the floor\n    duration: 1m\n"
        "  - title: Tuck\n    position: lying on your back\n    reps: 3\n"
        "    seated:\n      position: sitting\n      cue: Nod.\n"
    )
    screening = answered(dizzy_lying=True)
    shown = for_this_person(routine, screening)
    assert shown is not None
    assert step_marks(shown, screening) == (DIZZY_STEP_MARK, "")
    notes = routine_notes(routine, screening)
    assert notes[-2:] == [SEATED_NOTE, DIZZY_NOTE]


def test_seated_versions_and_hidden_pressure_go_together() -> None:
    screening = answered(dizzy_lying=True, shooting_pain=True)
    shown = for_this_person(ROUTINES["base-of-skull-release"], screening)
    assert shown is not None and not shown.has_pressure
    assert for_this_person(ROUTINES["chin-tucks-2"], screening) == seated_form(
        ROUTINES["chin-tucks-2"]
    )


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
