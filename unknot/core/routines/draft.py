"""A routine being edited: every field as the person typed it, checked by the loader's own rules.

The editor never converts what is typed on the spot: a field holds its text
("8-12", "1m 30s", "") until the routine is checked, so nothing typed is lost
when a message appears. Checking builds the same values a YAML file gives and
runs the same parser as ``python -m unknot validate``, so the editor cannot
accept what the validator would refuse, and the messages are the same words.
Each problem comes back keyed by its field path (``steps[2].reps``) for the
editor to show beside that field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from unknot.core.paths import ASSETS_DIR
from unknot.core.routines.durations import format_time
from unknot.core.routines.model import CountRange, Prompt, Routine, Seated, Step
from unknot.core.routines.parser import parse_routine
from unknot.core.routines.problems import RoutineError
from unknot.core.routines.yaml_reader import Mapping, Scalar, Sequence, Value, Where

TIMED = "timed"
COUNTED = "counted"

_NOWHERE = Where()


@dataclass
class SeatedDraft:
    """A step's seated version as typed: empty fields take what :class:`Seated` says."""

    position: str = ""
    cue: str = ""
    title: str = ""
    say: str = ""
    image: str = ""
    """The picture, or the frames separated by commas, as for the step."""
    side_drawn: str = ""
    prompts: tuple[Prompt, ...] | None = None
    """Kept as they were, like the step's: ``None`` says the step's own."""


SEATED_FIELDS = ("title", "position", "cue", "say", "image", "side_drawn")
"""The seated version's typed fields, in the editor's order."""


@dataclass
class StepDraft:
    """One step's fields as text; ``kind`` decides whether duration or reps is used."""

    title: str = ""
    kind: str = TIMED
    duration: str = ""
    reps: str = ""
    hold: str = ""
    rest_between_reps: str = ""
    sets: str = ""
    rest: str = ""
    sides: str = ""
    position: str = ""
    cue: str = ""
    say: str = ""
    image: str = ""
    """The picture, or the frames separated by commas (a picture's name has no comma)."""
    side_drawn: str = ""
    pressure: bool = False
    heat: bool = False
    pain_check: str = ""
    prompts: tuple[Prompt, ...] = ()
    """Kept as they were: the editor shows them but does not edit them yet."""
    seated: SeatedDraft | None = None
    """The seated version, for those whom lying down makes dizzy; None: the step has none."""

    def copy(self) -> StepDraft:
        """A copy whose seated version is its own: editing one step's never changes the other's."""
        return replace(self, seated=replace(self.seated) if self.seated is not None else None)


@dataclass
class RoutineDraft:
    """The routine's own fields as text, and its steps."""

    id: str
    title: str = ""
    summary: str = ""
    tags: str = ""
    per_day: str = ""
    safety: str = ""
    """One note per line."""
    series: str = ""
    level: str = ""
    restful: bool = False
    steps: list[StepDraft] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """The routine when every field is right, and each field's message otherwise.

    ``problems`` maps a field path (``title``, ``steps[2].reps``; steps counted
    from 1) to its message; a problem of the whole step is keyed by the step's
    path (``steps[2]``) and one of the whole routine by ``""``.
    """

    routine: Routine | None
    problems: dict[str, str]

    @property
    def ok(self) -> bool:
        return self.routine is not None


def step_path(index: int, key: str = "") -> str:
    """The path of step ``index`` (0-based, as lists count) or of one of its fields."""
    base = f"steps[{index + 1}]"
    return f"{base}.{key}" if key else base


def check(
    draft: RoutineDraft,
    *,
    routine_dir: Path | None = None,
    assets_dir: Path | None = ASSETS_DIR,
    file: str = "<editor>",
) -> Checked:
    """Runs the loader's rules over the draft."""
    try:
        routine = parse_routine(
            draft_values(draft),
            file,
            default_id=None,
            routine_dir=routine_dir,
            assets_dir=assets_dir,
        )
    except RoutineError as error:
        problems: dict[str, str] = {}
        for problem in error.problems:
            problems.setdefault(problem.field, problem.message)
        # The parser's words for an empty field speak of YAML ("put the text in
        # quotes"); a person at a form needs to hear what to fill in.
        problems.update(_empty_required(draft))
        return Checked(None, problems)
    return Checked(routine, {})


def _empty_required(draft: RoutineDraft) -> dict[str, str]:
    empty: dict[str, str] = {}
    if not draft.title.strip():
        empty["title"] = "Give the routine a title."
    for index, step in enumerate(draft.steps):
        if not step.title.strip():
            empty[step_path(index, "title")] = "Give the step a title."
        if step.kind == COUNTED and not step.reps.strip():
            empty[step_path(index, "reps")] = "How many reps? A number (10) or a range (8-12)."
        if step.kind == TIMED and not step.duration.strip():
            empty[step_path(index, "duration")] = "How long? Such as 30s, 2m or 1m 30s."
        seated = step.seated
        if seated is not None and not seated.position.strip():
            empty[step_path(index, "seated.position")] = (
                "How is it done sitting? Such as: sitting tall in a high-backed chair."
            )
        if seated is not None and not seated.cue.strip():
            empty[step_path(index, "seated.cue")] = "Say what to do when sitting."
    return empty


def draft_values(draft: RoutineDraft) -> Mapping:
    """The values a YAML file with these fields would give; empty fields are left out."""
    items: dict[str, Value] = {}
    _text(items, "title", draft.title, keep_empty=True)
    _text(items, "id", draft.id, keep_empty=True)
    _text(items, "summary", draft.summary)
    _list(items, "tags", split_commas(draft.tags))
    _text(items, "per_day", draft.per_day)
    _list(items, "safety", [line for line in draft.safety.splitlines() if line.strip()])
    _text(items, "series", draft.series)
    _text(items, "level", draft.level)
    if draft.restful:
        items["restful"] = Scalar(True, _NOWHERE)
    steps = tuple(_step_values(step) for step in draft.steps)
    items["steps"] = Sequence(steps, _NOWHERE)
    return _mapping(items)


def _step_values(step: StepDraft) -> Mapping:
    items: dict[str, Value] = {}
    _text(items, "title", step.title, keep_empty=True)
    if step.kind == COUNTED:
        _text(items, "reps", step.reps, keep_empty=True)
        _text(items, "hold", step.hold)
        # Given even without a hold, so the parser says it needs one rather than the
        # typed rest vanishing from the saved routine without a word.
        _text(items, "rest_between_reps", step.rest_between_reps)
    else:
        _text(items, "duration", step.duration, keep_empty=True)
    _text(items, "sets", step.sets)
    if step.sets.strip() not in ("", "1"):
        _text(items, "rest", step.rest)
    _list(items, "sides", split_commas(step.sides))
    _text(items, "position", step.position)
    _text(items, "cue", step.cue)
    _text(items, "say", step.say)
    _pictures(items, step.image)
    _text(items, "side_drawn", step.side_drawn)
    if step.pressure:
        items["pressure"] = Scalar(True, _NOWHERE)
    if step.heat:
        items["heat"] = Scalar(True, _NOWHERE)
    _text(items, "pain_check", step.pain_check)
    if step.prompts and step.kind == TIMED:
        items["prompts"] = _prompt_values(step.prompts)
    if step.seated is not None:
        items["seated"] = _seated_values(step.seated)
    return _mapping(items)


def _prompt_values(prompts: tuple[Prompt, ...]) -> Sequence:
    values = tuple(
        _mapping(
            {
                "at": Scalar(format_time(prompt.at), _NOWHERE),
                "text": Scalar(prompt.text, _NOWHERE),
            }
        )
        for prompt in prompts
    )
    return Sequence(values, _NOWHERE)


def _seated_values(seated: SeatedDraft) -> Mapping:
    items: dict[str, Value] = {}
    _text(items, "position", seated.position, keep_empty=True)
    _text(items, "title", seated.title)
    _text(items, "cue", seated.cue, keep_empty=True)
    _text(items, "say", seated.say)
    _pictures(items, seated.image)
    _text(items, "side_drawn", seated.side_drawn)
    if seated.prompts is not None:
        items["prompts"] = _prompt_values(seated.prompts)
    return _mapping(items)


def _pictures(items: dict[str, Value], text: str) -> None:
    """One picture as a single value, frames (separated by commas) as a list."""
    names = split_commas(text)
    if len(names) == 1:
        items["image"] = Scalar(names[0], _NOWHERE)
    elif names:
        items["image"] = Sequence(tuple(Scalar(name, _NOWHERE) for name in names), _NOWHERE)


def _mapping(items: dict[str, Value]) -> Mapping:
    return Mapping(items, _NOWHERE, dict.fromkeys(items, _NOWHERE))


def _text(items: dict[str, Value], key: str, text: str, *, keep_empty: bool = False) -> None:
    """A typed field: left out when empty (the default applies), else given as typed.

    An empty required field is kept as None so the parser reports it by name.
    """
    stripped = text.strip()
    if stripped:
        items[key] = Scalar(stripped, _NOWHERE)
    elif keep_empty:
        items[key] = Scalar(None, _NOWHERE)


def _list(items: dict[str, Value], key: str, texts: Iterable[str]) -> None:
    values = tuple(Scalar(text, _NOWHERE) for text in texts)
    if values:
        items[key] = Sequence(values, _NOWHERE)


def split_commas(text: str) -> list[str]:
    """The parts of a comma-separated field (tags, sides, a picture's frames), trimmed."""
    return [part.strip() for part in text.split(",") if part.strip()]


# -- from a routine ----------------------------------------------------------------------


def draft_from_routine(routine: Routine) -> RoutineDraft:
    """The draft that checks back to ``routine`` (ids, texts and times as an author writes them)."""
    return RoutineDraft(
        id=routine.id,
        title=routine.title,
        summary=routine.summary or "",
        tags=", ".join(routine.tags),
        per_day=_count_text(routine.per_day),
        safety="\n".join(routine.safety),
        series=routine.series or "",
        level=str(routine.level) if routine.level is not None else "",
        restful=routine.restful,
        steps=[draft_from_step(step) for step in routine.steps],
    )


def draft_from_step(step: Step) -> StepDraft:
    return StepDraft(
        title=step.title,
        kind=COUNTED if step.reps is not None else TIMED,
        duration=_time_text(step.duration),
        reps=_count_text(step.reps),
        hold=_time_text(step.hold),
        rest_between_reps=_time_text(step.rest_between_reps),
        sets=str(step.sets) if step.sets != 1 else "",
        rest=_time_text(step.rest),
        sides=", ".join(step.sides),
        position=step.position or "",
        cue=step.cue or "",
        say=step.say or "",
        image=", ".join(step.images),
        side_drawn=step.side_drawn or "",
        pressure=step.pressure,
        heat=step.heat,
        pain_check=step.pain_check.value if step.pain_check is not None else "",
        prompts=step.prompts,
        seated=_seated_draft(step.seated) if step.seated is not None else None,
    )


def _seated_draft(seated: Seated) -> SeatedDraft:
    return SeatedDraft(
        position=seated.position,
        cue=seated.cue,
        title=seated.title or "",
        say=seated.say or "",
        image=", ".join(seated.images),
        side_drawn=seated.side_drawn or "",
        prompts=seated.prompts,
    )


def _time_text(seconds: float | None) -> str:
    return format_time(seconds) if seconds is not None else ""


def _count_text(count: CountRange | None) -> str:
    if count is None:
        return ""
    return str(count.low) if count.low == count.high else f"{count.low}-{count.high}"


# -- editing the step list ---------------------------------------------------------------


def new_step(kind: str = TIMED) -> StepDraft:
    """A step that is valid as it stands, so adding one never makes the routine unsavable."""
    if kind == COUNTED:
        return StepDraft(title="New exercise", kind=COUNTED, reps="10", hold="5s")
    return StepDraft(title="New step", kind=TIMED, duration="30s")


def move_step(draft: RoutineDraft, index: int, offset: int) -> int:
    """Moves step ``index`` up (-1) or down (+1); returns where it is now."""
    target = index + offset
    if not 0 <= index < len(draft.steps) or not 0 <= target < len(draft.steps):
        return index
    steps = draft.steps
    steps[index], steps[target] = steps[target], steps[index]
    return target


def duplicate_step(draft: RoutineDraft, index: int) -> int:
    draft.steps.insert(index + 1, draft.steps[index].copy())
    return index + 1


def remove_step(draft: RoutineDraft, index: int) -> StepDraft:
    return draft.steps.pop(index)
