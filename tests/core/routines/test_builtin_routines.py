"""The routines shipped with the app, and the examples in the format's documentation.

The doses come from docs/clinical.md ("Doses for the built-in routines", and
its "Wording"); these tests keep the files to them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine, load_routines, parse_routine_text
from unknot.core.routines.model import CountRange, PainCheck, Routine, StepKind

ROOT = Path(__file__).resolve().parents[3]
ROUTINE_FILES = sorted((ROOT / "routines").glob("*.yaml"))
CLAIMS = re.compile(
    r"\b(cure[sd]?|curing|heal(s|ed|ing)?|treat(s|ed|ing|ment|ments)?|fix(es)?)\b", re.IGNORECASE
)
"""Words that promise a treatment; routines say "may ease", never these."""


def builtin(routine_id: str) -> Routine:
    return load_routine(ROOT / "routines" / f"{routine_id}.yaml")


def test_the_app_looks_for_built_in_routines_in_the_routines_folder() -> None:
    assert BUILTIN_ROUTINES_DIR == ROOT / "routines"
    assert len(ROUTINE_FILES) >= 5


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.name)
def test_a_built_in_routine_loads_with_its_file_name_as_id(path: Path) -> None:
    routine = load_routine(path)
    assert routine.id == path.stem
    assert routine.steps


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.name)
def test_a_built_in_routine_has_a_summary(path: Path) -> None:
    summary = load_routine(path).summary
    assert summary is not None
    assert len(summary) >= 20


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.name)
def test_a_built_in_routine_has_a_stop_if_pain_note(path: Path) -> None:
    notes = [note.lower() for note in load_routine(path).safety]
    assert any("pain" in note and ("stop" in note or "worse" in note) for note in notes), notes


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.name)
def test_a_built_in_routine_claims_no_cure_anywhere(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [match.group(0) for match in CLAIMS.finditer(text)]
    assert found == []


@pytest.mark.parametrize("text", ["It cures headaches.", "Heals the neck", "a TREATMENT", "fix"])
def test_the_claim_check_sees_claims(text: str) -> None:
    assert CLAIMS.search(text)


def test_all_built_in_routines_load_together_with_distinct_ids() -> None:
    report = load_routines([ROOT / "routines"])
    assert report.failures == ()
    assert sorted(routine.id for routine in report.routines) == [p.stem for p in ROUTINE_FILES]


# --- The doses --------------------------------------------------------------------------


def test_chin_tucks_is_a_series_of_levels_1_and_2() -> None:
    series = [
        routine
        for routine in load_routines([ROOT / "routines"]).routines
        if routine.series == "chin-tucks"
    ]
    assert sorted((routine.level, routine.id) for routine in series) == [
        (1, "chin-tucks-1"),
        (2, "chin-tucks-2"),
    ]


def test_chin_tucks_level_1_is_10_reps_of_5_s_with_10_s_between() -> None:
    [step] = builtin("chin-tucks-1").steps
    assert step.kind is StepKind.COUNTED
    assert step.reps == CountRange(10, 10)
    assert step.hold == 5.0
    assert step.rest_between_reps == 10.0


def test_chin_tucks_level_2_is_10_reps_of_10_s() -> None:
    [step] = builtin("chin-tucks-2").steps
    assert step.kind is StepKind.COUNTED
    assert step.reps == CountRange(10, 10)
    assert step.hold == 10.0


def test_chin_tucks_level_2_holds_longer_than_level_1() -> None:
    one, two = builtin("chin-tucks-1").steps[0], builtin("chin-tucks-2").steps[0]
    assert one.hold is not None and two.hold is not None
    assert two.hold > one.hold


def test_quiet_relief_heat_is_at_most_20_minutes_with_skin_checks_at_5_and_10() -> None:
    heat = builtin("quiet-relief").steps[0]
    assert heat.heat
    cue = (heat.cue or "").lower()
    # docs/clinical.md, "Heat": warm not hot, fabric between, the head never on the pack
    assert "warm not hot" in cue and "cloth" in cue and "not on the pack" in cue
    assert heat.duration is not None
    assert heat.duration <= 20 * 60
    assert [prompt.at for prompt in heat.prompts] == [5 * 60, 10 * 60]
    assert all("skin" in prompt.text.lower() for prompt in heat.prompts)


def test_quiet_relief_has_no_pressure_and_no_exercise() -> None:
    routine = builtin("quiet-relief")
    assert not routine.has_pressure
    assert all(step.kind is StepKind.TIMED for step in routine.steps)


def test_base_of_skull_holds_towel_roll_is_about_3_min_then_15_s_or_more_to_get_up() -> None:
    routine = builtin("base-of-skull-release")
    assert routine.title == "Base-of-skull holds"
    towel = routine.steps[0]
    assert routine.lying_down(0)
    assert "bed or mat" in (towel.position or "")
    assert "5-8 cm" in (towel.cue or "") and "wrist" in (towel.cue or "")
    [get_up] = towel.prompts
    assert 2 * 60 <= get_up.at <= 5 * 60  # the roll itself: about 3 min (2-5)
    assert towel.duration is not None and towel.duration - get_up.at >= 15
    assert "roll onto your side" in get_up.text.lower()
    assert not routine.lying_down(1)  # the holds are done sitting


@pytest.mark.parametrize("routine_id", ["chin-tucks-1", "chin-tucks-2"])
def test_chin_tucks_are_a_small_nod_lying_on_a_bed_or_mat_then_a_slow_getting_up(
    routine_id: str,
) -> None:
    routine = builtin(routine_id)
    [step] = routine.steps
    cue = (step.cue or "").lower()
    assert "bed or mat" in (step.position or "")
    assert "small, slow nod" in cue
    assert "back of your head stays on the surface" in cue
    assert any("at least 15 seconds" in note and "side" in note for note in routine.safety)


def test_desk_break_names_the_movement_for_each_side_not_the_muscle() -> None:
    routine = builtin("desk-break")
    titles = [step.title for step in routine.steps]
    assert "Side-neck stretch (ear towards shoulder)" in titles
    assert "Nose-to-armpit stretch" in titles
    text = " ".join(f"{s.title} {s.cue} {s.say}" for s in routine.steps).lower()
    for muscle in ("trapezius", "levator", "scapulae"):
        assert muscle not in text
    stretch = routine.steps[titles.index("Side-neck stretch (ear towards shoulder)")]
    assert "left ear towards your left shoulder" in (stretch.cue or "")
    assert "right ear towards your right shoulder" in (stretch.cue or "")


def test_desk_break_doses() -> None:
    steps = {step.title: step for step in builtin("desk-break").steps}
    retraction, squeeze = steps["Chin retraction"], steps["Shoulder-blade squeeze"]
    assert (retraction.reps, retraction.hold) == (CountRange(5, 5), 5.0)
    assert (squeeze.reps, squeeze.hold) == (CountRange(5, 5), 10.0)
    for title in ("Side-neck stretch (ear towards shoulder)", "Nose-to-armpit stretch"):
        stretch = steps[title]
        assert (stretch.duration, stretch.sets, stretch.sides) == (30.0, 2, ("left", "right"))
    assert steps["Rest"].duration == 10.0


def test_nothing_the_project_ships_names_a_file_outside_the_repository() -> None:
    """The project stands on its own: its clinical rules are docs/clinical.md's."""
    shipped = [
        path
        for folder in ("unknot", "routines", "docs", "tools", "android", "bench")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.suffix in (".py", ".kv", ".yaml", ".md", ".java", ".sh")
    ]
    shipped += [ROOT / "README.md", ROOT / "buildozer.spec", ROOT / "main.py"]
    assert len(shipped) > 50
    offenders = [
        str(path.relative_to(ROOT))
        for path in shipped
        if "shared/guide" in (text := path.read_text(encoding="utf-8")) or "CLINICAL.md" in text
    ]
    assert offenders == []


def test_base_of_skull_release_has_pressure_steps() -> None:
    routine = builtin("base-of-skull-release")
    assert routine.has_pressure
    holds = [step for step in routine.steps if step.pressure and step.duration == 30]
    assert len(holds) == 6  # three points, two rounds, 30 s each


def test_every_pressure_step_in_base_of_skull_release_gets_a_pain_check() -> None:
    pressure = [step for step in builtin("base-of-skull-release").steps if step.pressure]
    assert pressure
    assert all(step.pain_check_when is PainCheck.AFTER_STEP for step in pressure)


def test_base_of_skull_release_rests_20_s_between_rounds() -> None:
    steps = builtin("base-of-skull-release").steps
    rests = [step for step in steps if not step.pressure]
    assert [step.duration for step in rests] == [20.0]


# --- The documentation's examples -------------------------------------------------------

DOC = ROOT / "docs" / "routines.md"
YAML_BLOCKS = re.findall(r"^```yaml\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_the_documentation_has_yaml_examples() -> None:
    assert len(YAML_BLOCKS) >= 3


@pytest.mark.parametrize(
    "block",
    YAML_BLOCKS,
    ids=[f"block-{n}-{block.splitlines()[0][:30]}" for n, block in enumerate(YAML_BLOCKS, 1)],
)
def test_a_yaml_example_in_the_documentation_loads(block: str) -> None:
    routine = parse_routine_text(block, str(DOC), default_id="docs-example")
    assert routine.steps
