"""The first-run safety questions (docs/clinical.md, "Precautions") and what each answer changes.

Any "yes" means: get a clinician's clearance first, said on every routine's
screen and before every session, and every pressure step is marked. Three
answers change routines too: shooting pain when the back of the head is touched
hides the pressure steps (offer heat and chin-tuck work only), numb or tingling
skin adds the heat warning to routines with heat, and dizziness when lying down
or turning the head gives each step done lying down in its seated version, and
marks the lying-down steps that have none as ones to skip. The answers
are the person's; they can change them in Settings, and nothing here decides
anything about their health beyond what the guide says.

Answers saved before a question was added leave that question's key missing:
such a screening is not ``complete``, and the app asks again, with the earlier
answers filled in.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from unknot.core.routines.seated import has_seated, seated_form
from unknot.core.storage.json_store import (
    JsonFileStore,
    JsonFormat,
    Merged,
    Wording,
    json_reason,
    quoted_value,
)
from unknot.core.storage.notices import Notices

if TYPE_CHECKING:
    from unknot.core.routines.model import Routine

log = logging.getLogger("unknot.core.safety.screening")


@dataclass(frozen=True)
class Question:
    key: str
    text: str


NEVER_PRESS = (
    "Never press the front or the sides of the neck: pressure on the artery there can "
    "slow the heart and cause fainting. Keep off the middle of the spine."
)
"""Said on the first-run screen whatever the answers (docs/clinical.md, "Precautions")."""

CHECKED_FIRST = (
    "Unknot is for headaches that a clinician (your doctor or physiotherapist) has already "
    "checked. If nobody has looked at your headaches yet, see a clinician before you use it."
)
"""Said on the first-run screen before the questions."""

QUESTIONS: tuple[Question, ...] = (
    Question("injury", "Have you recently injured your head or neck, or had whiplash?"),
    Question(
        "artery_stroke",
        "Have you had a tear in a neck artery, a stroke, or a TIA (a mini-stroke)?",
    ),
    Question("neck_surgery", "Have you had surgery on your neck?"),
    Question(
        "instability",
        "Do you have rheumatoid arthritis, Down syndrome, or hypermobility "
        "(such as Ehlers-Danlos syndrome)?",
    ),
    Question("bleeding", "Do you have a bleeding disorder, or take blood thinners?"),
    Question("bone", "Do you have severe osteoporosis, or cancer in a bone?"),
    Question(
        "fever_wound",
        "Do you have a fever, or a wound or an infection where you would press?",
    ),
    Question(
        "numb_skin",
        "Is the skin of your neck or shoulders numb or tingling, or is your sense of "
        "touch reduced (for example from diabetic neuropathy)?",
    ),
    Question(
        "shooting_pain",
        "Does touching the back of your head set off shooting pain?",
    ),
    Question(
        "nerve_treatment",
        "Do you have an implanted occipital nerve stimulator, or have you had surgery on the "
        "nerves at the back of your head, or an injection there (such as a nerve block or "
        "Botox) in the last 7 days?",
    ),
    Question(
        "dizzy_lying",
        "Does lying down, or turning your head, make you dizzy?",
    ),
)
KEYS = tuple(question.key for question in QUESTIONS)

CLEARANCE_ADVICE = (
    "Because you answered yes, please check with a clinician (your doctor or "
    "physiotherapist) before you use these routines. Unknot reminds you on every "
    "routine and before every session, and marks the steps that press on the head or neck."
)
CLEARANCE_NOTE = (
    "Your answers to the safety questions mean: check with a clinician (your doctor or "
    "physiotherapist) before you do this routine."
)
"""On every routine's screen and before every session, after any "yes"."""
PRESSURE_NOTE = (
    "This routine has steps that press on the head or neck: check with your clinician first."
)
DIZZY_NOTE = (
    "Because lying down or turning your head makes you dizzy, skip the steps done lying "
    "down: each is marked."
)
SEATED_NOTE = (
    "Because lying down or turning your head makes you dizzy, the steps done lying down "
    "are shown in their seated version."
)
"""For someone whom lying down makes dizzy, on a routine whose lying steps have seated versions."""
DIZZY_STEP_MARK = "If lying down makes you dizzy, skip this step."
"""Shown with each step done lying down, for someone whom lying down makes dizzy."""
PRESSURE_HIDDEN = (
    "Steps that press on the head are left out, because touching the back of your head "
    "sets off shooting pain. Heat and chin-tuck work remain."
)
HEAT_WARNING = "Never use heat on numb or tingling skin: it can burn without you feeling it."


@dataclass(frozen=True)
class Screening:
    """The answers, by question key; ``None`` as a whole means the questions were never answered."""

    answers: Mapping[str, bool] = field(default_factory=dict)
    answered_at: str = ""

    @property
    def complete(self) -> bool:
        return all(key in self.answers for key in KEYS)

    @property
    def clearance_advised(self) -> bool:
        return any(self.answers.get(key, False) for key in KEYS)

    @property
    def hide_pressure(self) -> bool:
        return self.answers.get("shooting_pain", False)

    @property
    def heat_warning(self) -> bool:
        return self.answers.get("numb_skin", False)

    @property
    def dizzy_lying(self) -> bool:
        """Lying down or turning the head makes them dizzy: seated versions, or marks."""
        return self.answers.get("dizzy_lying", False)

    @property
    def seated_first(self) -> bool:
        """Seated versions are shown unless the person chooses otherwise."""
        return self.dizzy_lying


def answered(screening: Screening | None) -> Screening | None:
    """The screening when every question has an answer, else None (the questions come first).

    Answers kept from before a question was added count as not answered: a
    missing key must not pass for a "no".
    """
    return screening if screening is not None and screening.complete else None


def wants_seated(screening: Screening | None, seated: bool | None = None) -> bool:
    """Whether the seated versions are shown: the person's choice, else what the answers say.

    ``seated`` is the choice made on a routine's screen ("Lying / Seated"); None
    means no choice was made, and the seated versions come first for someone whom
    lying down or turning the head makes dizzy (docs/clinical.md, "Seated versions").
    """
    if seated is not None:
        return seated
    return screening is not None and screening.seated_first


def for_this_person(
    routine: Routine, screening: Screening | None, *, seated: bool | None = None
) -> Routine | None:
    """The routine as this person should see it, or None when nothing of it is left.

    Steps with a seated version are given seated as :func:`wants_seated` says.
    With pressure hidden, the pressure steps are taken out; a routine that was
    nothing but pressure steps is not offered at all.
    """
    shown = seated_form(routine) if wants_seated(screening, seated) else routine
    if screening is None or not screening.hide_pressure or not shown.has_pressure:
        return shown
    kept = tuple(step for step in shown.steps if not step.pressure)
    if not kept:
        return None
    return dataclasses.replace(shown, steps=kept)


def routine_notes(
    routine: Routine, screening: Screening | None, *, seated: bool | None = None
) -> list[str]:
    """What the routine screen and the start check add to the routine's own safety notes.

    ``routine`` is the routine as its file has it; ``seated`` the person's choice,
    as for :func:`for_this_person`. Any "yes" puts the clearance note on every
    routine, not only on those with pressure steps (docs/clinical.md, "Precautions").
    """
    if screening is None:
        return []
    shown = seated_form(routine) if wants_seated(screening, seated) else routine
    notes = []
    if screening.clearance_advised:
        notes.append(CLEARANCE_NOTE)
    if screening.clearance_advised and routine.has_pressure and not screening.hide_pressure:
        notes.append(PRESSURE_NOTE)
    if screening.hide_pressure and routine.has_pressure:
        notes.append(PRESSURE_HIDDEN)
    if screening.heat_warning and routine.restful:
        notes.append(HEAT_WARNING)
    if screening.dizzy_lying and shown is not routine and has_seated(routine):
        notes.append(SEATED_NOTE)
    if screening.dizzy_lying and any(shown.lying_down(index) for index in range(len(shown.steps))):
        notes.append(DIZZY_NOTE)
    return notes


class RoutineNotes(tuple[str, ...]):
    """The notes for a routine (as ``routine_notes`` gives them), and a mark for each step.

    A tuple of the notes, so whatever shows notes shows these; ``marks`` is for
    the routine's screen, which puts each step's mark (or none, "") beside it.
    """

    marks: tuple[str, ...]

    def __new__(cls, lines: Iterable[str] = (), marks: Iterable[str] = ()) -> RoutineNotes:
        notes = super().__new__(cls, lines)
        notes.marks = tuple(marks)
        return notes

    def mark(self, index: int) -> str:
        return self.marks[index] if 0 <= index < len(self.marks) else ""


def step_marks(routine: Routine, screening: Screening | None) -> tuple[str, ...]:
    """A mark for each step of ``routine`` (its shown form): "" or what to do about it.

    With dizziness on lying down, each step done lying down is marked to be skipped.
    """
    dizzy = screening is not None and screening.dizzy_lying
    return tuple(
        DIZZY_STEP_MARK if dizzy and routine.lying_down(index) else ""
        for index in range(len(routine.steps))
    )


class ScreeningStore(JsonFileStore[Screening, None]):
    """``screening.json`` in the data folder; a damaged file is set aside and asked again.

    ``load`` gives None when the answers must be asked: on the first run, or
    when the file is unreadable or damaged.
    """

    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime] = datetime.now,
        *,
        notices: Notices | None = None,
    ) -> None:
        super().__init__(path, SCREENING_FORMAT, now, notices=notices)


def merge_screenings(
    base: Screening | None, mine: Screening, theirs: Screening | None
) -> Merged[Screening]:
    """Answer by answer: what this window changed from ``base`` wins, the rest is the file's.

    An answer both windows changed, differently, keeps this window's (the later
    change), and the person is told. ``answered_at`` goes with whichever side
    changed anything last: this window's when it changed an answer.
    """
    before = dict(base.answers) if base is not None else {}
    other = dict(theirs.answers) if theirs is not None else {}
    answers: dict[str, bool] = {}
    conflict = False
    for key in KEYS:
        ours = mine.answers.get(key)
        if ours != before.get(key):
            if ours is not None:
                answers[key] = ours
            conflict = conflict or other.get(key) not in (before.get(key), ours)
        else:
            # An answer the file lacks (an older version wrote it) is not taken away.
            kept = other.get(key, ours)
            if kept is not None:
                answers[key] = kept
    changed = any(mine.answers.get(key) != before.get(key) for key in KEYS)
    stamp = mine.answered_at if changed or theirs is None else theirs.answered_at
    return Merged(Screening(answers, stamp), ("your safety answers",) if conflict else ())


def screening_to_json(screening: Screening) -> str:
    data = {"answers": dict(screening.answers), "answered_at": screening.answered_at}
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


MAX_ANSWERED_AT = 64
"""``answered_at`` is a date and time; anything far longer is not one."""


def screening_from_json(raw: bytes | str) -> Screening:
    """Raises ValueError naming the first bad field; unknown question keys are ignored."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(json_reason(error)) from None
    except RecursionError:
        raise ValueError("not valid JSON: values nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ValueError("expected an object with 'answers'")
    answers: dict[str, bool] = {}
    for key, value in data["answers"].items():
        if key not in KEYS:
            continue
        if not isinstance(value, bool):
            raise ValueError(f"answers.{key} must be true or false, not {quoted_value(value)}")
        answers[key] = value
    answered_at = data.get("answered_at", "")
    if not isinstance(answered_at, str) or len(answered_at) > MAX_ANSWERED_AT:
        raise ValueError("answered_at must be a date and time as text")
    if not answered_at.isprintable() or not _is_utf8(answered_at):
        raise ValueError("answered_at holds characters that are not text")
    return Screening(answers, answered_at)


def _is_utf8(text: str) -> bool:
    """False for a lone surrogate (``"\\ud800"`` in JSON), which no file can hold as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _no_answers() -> None:
    return None


SCREENING_FORMAT: JsonFormat[Screening, None] = JsonFormat(
    decode=lambda raw, _file: screening_from_json(raw),
    encode=screening_to_json,
    default=_no_answers,
    damage=ValueError,
    key="screening",
    merge=merge_screenings,
    wording=Wording(
        unreadable=(
            "{path} could not be read ({error}); the questions are asked again, and "
            "Unknot will not write over that file until it can be read."
        ),
        damaged=(
            "The safety answers in {path} are damaged ({reason}); it was kept as {aside}, "
            "and the questions are asked again."
        ),
        not_moved=(
            "The safety answers in {path} are damaged ({reason}); it could not be moved "
            "aside ({error}), and the questions are asked again."
        ),
        not_saved=(
            "Your safety answers could not be saved: {reason}. They count while Unknot is "
            "open, and Unknot will try again."
        ),
        conflict=(
            "Another Unknot window changed {items} as well; the answers given here were kept."
        ),
    ),
    log=log,
)
