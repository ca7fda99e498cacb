"""Checks a routine's YAML values against the format in ``docs/routines.md``.

It collects every problem it can in one pass (an author fixes a file faster
when shown all its mistakes at once) and only builds a :class:`Routine` when
there are none. The per-value rules live in :mod:`unknot.core.routines.fields`, so the
routine editor checks what a person types with exactly these rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from unknot.core.routines import fields, pictures
from unknot.core.routines.durations import MAX_STEP_SECONDS, format_time
from unknot.core.routines.fields import FieldError
from unknot.core.routines.model import CountRange, PainCheck, Prompt, Routine, Seated, Step
from unknot.core.routines.problems import Problem, RoutineError
from unknot.core.routines.written import Numeral
from unknot.core.routines.yaml_reader import (
    MAX_STEPS,
    Mapping,
    Scalar,
    Sequence,
    Value,
    Where,
    child_path,
    item_path,
)

T = TypeVar("T")

MAX_HEAT_SECONDS = 20 * 60
"""The longest a heat pack may stay on in a row (docs/clinical.md, "Heat")."""

ROUTINE_KEYS = (
    "title",
    "id",
    "summary",
    "tags",
    "per_day",
    "safety",
    "series",
    "level",
    "restful",
    "steps",
)
STEP_KEYS = (
    "title",
    "duration",
    "reps",
    "hold",
    "rest_between_reps",
    "sets",
    "rest",
    "sides",
    "position",
    "cue",
    "say",
    "prompts",
    "image",
    "side_drawn",
    "seated",
    "pressure",
    "heat",
    "pain_check",
)
SEATED_KEYS = ("position", "title", "cue", "say", "image", "side_drawn", "prompts")
PROMPT_KEYS = ("at", "text")


@dataclass
class _Context:
    file: str
    routine_dir: Path | None
    assets_dir: Path | None
    problems: list[Problem] = field(default_factory=list)

    def report(self, where: Where, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message, where.line, where.column))


_KNOWN: dict[tuple[str, ...], frozenset[str]] = {}
"""Each tuple of keys as a set, made once: every mapping of every routine is checked."""


class _Fields:
    """Reads the keys of one mapping, reporting problems instead of raising them."""

    def __init__(self, ctx: _Context, mapping: Mapping, path: str, known: tuple[str, ...]) -> None:
        self.ctx = ctx
        self.mapping = mapping
        self.path = path
        allowed = _KNOWN.get(known) or _KNOWN.setdefault(known, frozenset(known))
        for key in mapping.items:
            if key not in allowed:
                ctx.report(
                    mapping.key_where[key], self.at(key), fields.unknown_key_message(key, known)
                )

    def at(self, key: str) -> str:
        return child_path(self.path, key)

    def has(self, key: str) -> bool:
        return key in self.mapping.items

    def where(self, key: str) -> Where:
        value = self.mapping.items.get(key)
        return value.where if value is not None else self.mapping.where

    def scalar(
        self, key: str, convert: Callable[[object], T], *, required: bool = False
    ) -> T | None:
        """Converts one scalar value with a rule from :mod:`fields`; ``None`` when absent or bad."""
        value = self.mapping.items.get(key)
        if value is None:
            if required:
                self.ctx.report(self.mapping.where, self.at(key), fields.missing_message(key))
            return None
        if not isinstance(value, Scalar):
            self.ctx.report(value.where, self.at(key), fields.not_a_single_value_message(key))
            return None
        if value.value is None and value.written is None and not required:
            self.ctx.report(
                value.where, self.at(key), f"{key} is empty; give it a value or remove it"
            )
            return None
        try:
            return convert(value.value if value.written is None else Numeral(value.written))
        except FieldError as error:
            self.ctx.report(value.where, self.at(key), str(error))
            return None

    def sequence(self, key: str) -> Sequence | None:
        value = self.mapping.items.get(key)
        if value is None:
            return None
        if not isinstance(value, Sequence):
            self.ctx.report(value.where, self.at(key), fields.not_a_list_message(key))
            return None
        return value

    def text_list(self, key: str, *, max_items: int = 50) -> tuple[str, ...]:
        items = self.sequence(key)
        if items is None:
            return ()
        texts = []
        if len(items.items) > max_items:
            self.ctx.report(items.where, self.at(key), f"{key} may hold at most {max_items} items")
        for index, item in enumerate(items.items):
            path = item_path(self.at(key), index)
            if not isinstance(item, Scalar):
                self.ctx.report(item.where, path, "each item must be a line of text")
                continue
            try:
                texts.append(fields.text(item.as_written))
            except FieldError as error:
                self.ctx.report(item.where, path, str(error))
        return tuple(texts)


def parse_routine(
    root: Value,
    file: str,
    *,
    default_id: str | None,
    routine_dir: Path | None,
    assets_dir: Path | None,
    source: Path | None = None,
) -> Routine:
    """Builds a routine from a file's values, or raises :class:`RoutineError` with every problem."""
    ctx = _Context(file, routine_dir, assets_dir)
    if not isinstance(root, Mapping):
        kind = "a list" if isinstance(root, Sequence) else "a single value"
        ctx.report(
            root.where,
            "",
            f"the file holds {kind}; a routine is a mapping of keys such as "
            "'title:' and 'steps:' at the top level",
        )
        raise RoutineError(ctx.problems)

    top = _Fields(ctx, root, "", ROUTINE_KEYS)
    title = top.scalar("title", fields.title, required=True)
    routine_id = _routine_id(ctx, top, default_id)
    summary = top.scalar("summary", fields.long_text)
    tags = top.text_list("tags", max_items=fields.MAX_TAGS)
    per_day = top.scalar("per_day", fields.per_day)
    safety = top.text_list("safety")
    series = top.scalar("series", fields.identifier)
    level = top.scalar("level", fields.level)
    if top.has("series") != top.has("level"):
        missing = "level" if top.has("series") else "series"
        present = "series" if missing == "level" else "level"
        ctx.report(
            top.where(present),
            missing,
            f"{present} needs {missing} too: routines in a series number their level from 1",
        )
    restful = top.scalar("restful", fields.boolean)
    steps = _steps(ctx, top)
    if restful:
        for index, step in enumerate(steps):
            if step.pressure or step.reps is not None:
                ctx.report(
                    top.where("restful"),
                    "restful",
                    "a restful routine holds only timed steps without pressure, but step "
                    f"{index + 1} ({step.title}) is a "
                    f"{'pressure' if step.pressure else 'counted'} step; "
                    "remove restful or the step",
                )
                break

    if ctx.problems or title is None or routine_id is None:
        ordered = sorted(ctx.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise RoutineError(ordered or [Problem(file, "", "the routine cannot be read")])
    return Routine(
        id=routine_id,
        title=title,
        steps=tuple(steps),
        summary=summary,
        tags=tags,
        per_day=per_day,
        safety=safety,
        series=series,
        level=level,
        restful=bool(restful),
        source=source,
    )


def _routine_id(ctx: _Context, top: _Fields, default_id: str | None) -> str | None:
    if top.has("id"):
        return top.scalar("id", fields.identifier)
    if default_id is None:
        ctx.report(top.mapping.where, "id", "add an id, such as 'id: my-routine'")
        return None
    try:
        return fields.identifier(default_id)
    except FieldError:
        suggestion = fields.suggest_identifier(default_id)
        ctx.report(
            top.mapping.where,
            "id",
            f"the file name {default_id!r} cannot be the routine's id (lowercase letters, digits "
            f"and dashes); add 'id: {suggestion}' or rename the file to {suggestion}.yaml",
        )
        return None


def _steps(ctx: _Context, top: _Fields) -> list[Step]:
    if not top.has("steps"):
        ctx.report(
            top.mapping.where,
            "steps",
            "a routine needs steps: a list with at least one step, each with a title and "
            "a duration or reps",
        )
        return []
    items = top.sequence("steps")
    if items is None:
        return []
    if not items.items:
        ctx.report(items.where, "steps", "steps is empty; add at least one step")
        return []
    if len(items.items) > MAX_STEPS:  # the reader stops at this; a draft from the editor may not
        ctx.report(
            items.where,
            "steps",
            f"a routine may have at most {MAX_STEPS} steps; split it into several routines",
        )
        return []
    steps = []
    run: list[tuple[int, Step]] = []
    for index, item in enumerate(items.items):
        step = _step(ctx, item, item_path("steps", index))
        if step is not None:
            steps.append(step)
        if step is not None and step.heat:
            run.append((index, step))
            continue
        _heat_run(ctx, items, run)
        run = []
    _heat_run(ctx, items, run)
    return steps


def _heat_run(ctx: _Context, items: Sequence, run: list[tuple[int, Step]]) -> None:
    """Refuses heat steps that together keep a pack on for more than 20 minutes in a row.

    Heat-pad safety guidance: at most 15 minutes an application, never over 20
    (docs/clinical.md). The longest way each step can go counts, sets, sides and
    the rests between them included: the pack stays where it is meanwhile.
    """
    if not run:
        return
    seconds = sum(step.seconds_range()[1] for _index, step in run)
    if seconds <= MAX_HEAT_SECONDS:
        return
    first, last = run[0][0], run[-1][0]
    steps = f"step {first + 1}" if first == last else f"steps {first + 1}-{last + 1}"
    start = items.items[first]
    where = start.key_where.get("heat", start.where) if isinstance(start, Mapping) else start.where
    ctx.report(
        where,
        f"{item_path('steps', first)}.heat",
        f"heat would stay on for {format_time(seconds)} in a row ({steps}); "
        "a heat pack goes on for at most 20 minutes (15 is usual): shorten the step, "
        "or put a step without heat between",
    )


def _step(ctx: _Context, value: Value, path: str) -> Step | None:
    if not isinstance(value, Mapping):
        ctx.report(
            value.where,
            path,
            "a step must be a mapping of keys, such as 'title: Chin tuck' and 'reps: 10', "
            "each on its own line under the dash",
        )
        return None
    before = len(ctx.problems)
    f = _Fields(ctx, value, path, STEP_KEYS)
    items = value.items  # most keys are absent from a step: tested here, not converted

    def get(key: str, convert: Callable[[object], T]) -> T | None:
        return f.scalar(key, convert) if key in items else None

    title = f.scalar("title", fields.title, required=True)
    duration = get("duration", fields.time)
    reps = get("reps", fields.reps)
    timed, counted = "duration" in items, "reps" in items
    if timed and counted:
        ctx.report(
            f.where("reps"),
            path,
            "a step has either a duration (a timed step) or reps (a counted step), not both",
        )
    elif not timed and not counted:
        ctx.report(
            value.where,
            path,
            "a step needs a duration (a timed step, such as 'duration: 30s') "
            "or reps (a counted step, such as 'reps: 10')",
        )
    hold = get("hold", fields.time)
    rest_between_reps = get("rest_between_reps", fields.time)
    sets = get("sets", fields.sets)
    rest = get("rest", fields.time)
    sides = _sides(ctx, f) if "sides" in items else ()
    _needs(ctx, f, "hold", counted, "hold is how long each repetition is held; it needs reps")
    _needs(
        ctx,
        f,
        "rest_between_reps",
        counted and "hold" in items,
        "rest_between_reps is the pause after each held repetition; it needs reps and hold",
    )
    sets_known_to_be_one = sets == 1 or "sets" not in items
    if "rest" in items and sets_known_to_be_one:
        ctx.report(
            f.where("rest"),
            f.at("rest"),
            "rest is the pause between sets, and this step has one set; "
            "add 'sets: 2' or more, or remove rest",
        )
    prompts = _prompts(ctx, f, duration) if "prompts" in items else ()
    _needs(ctx, f, "prompts", timed, "prompts are said during a timed step; they need a duration")
    images, image_paths = _images(ctx, f)
    side_drawn = _side_drawn(ctx, f, sides, images)
    seated = _seated(ctx, f, duration, sides)
    pressure = get("pressure", fields.boolean)
    heat = get("heat", fields.boolean)
    _needs(
        ctx,
        f,
        "heat",
        timed or not heat,
        "heat is a timed step (a heat pack on for its duration); give it a duration, not reps",
    )
    pain_check = get("pain_check", fields.pain_check)
    step = Step(
        title=title or "",
        duration=duration,
        reps=reps,
        hold=hold,
        rest_between_reps=rest_between_reps,
        sets=sets or 1,
        rest=rest,
        sides=sides,
        position=get("position", fields.short_text),
        cue=get("cue", fields.long_text),
        say=get("say", fields.long_text),
        prompts=prompts,
        images=images,
        image_paths=image_paths,
        side_drawn=side_drawn,
        seated=seated,
        pressure=bool(pressure),
        heat=bool(heat),
        pain_check=pain_check,
    )
    if len(ctx.problems) > before:
        return None
    longest = step.seconds_range()[1]
    if longest > MAX_STEP_SECONDS or not math.isfinite(longest):
        ctx.report(
            value.where,
            path,
            f"this step lasts {format_time(longest)} in all (sides, sets, repetitions and rests); "
            "a step may last at most 2 hours: split it, or check the times",
        )
        return None
    return step


def _needs(ctx: _Context, f: _Fields, key: str, allowed: bool, message: str) -> None:
    if not allowed and key in f.mapping.items:
        ctx.report(f.where(key), f.at(key), message)


def _sides(ctx: _Context, f: _Fields) -> tuple[str, ...]:
    if f.sequence("sides") is None:
        return ()
    sides = f.text_list("sides", max_items=fields.MAX_SIDES)
    try:
        return fields.sides(sides)
    except FieldError as error:
        ctx.report(f.where("sides"), f.at("sides"), str(error))
        return ()


def _prompts(ctx: _Context, f: _Fields, duration: float | None) -> tuple[Prompt, ...]:
    items = f.sequence("prompts")
    if items is None:
        return ()
    prompts = []
    for index, item in enumerate(items.items):
        path = item_path(f.at("prompts"), index)
        if not isinstance(item, Mapping):
            ctx.report(item.where, path, "a prompt is a mapping: 'at: 5m' and 'text: ...'")
            continue
        pf = _Fields(ctx, item, path, PROMPT_KEYS)
        at = pf.scalar("at", fields.time, required=True)
        text = pf.scalar("text", fields.long_text, required=True)
        if at is not None and duration is not None and at >= duration:
            ctx.report(
                pf.where("at"),
                pf.at("at"),
                f"the prompt comes at {format_time(at)}, but the step lasts "
                f"{format_time(duration)}; make it earlier",
            )
            continue
        if at is not None and text is not None:
            prompts.append(Prompt(at, text))
    return tuple(sorted(prompts, key=lambda prompt: prompt.at))


def _images(ctx: _Context, f: _Fields) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """``image``: one picture, or a list of frames; each found and checked (``pictures``)."""
    value = f.mapping.items.get("image")
    if value is None:
        return (), ()
    if isinstance(value, Sequence):
        if not value.items:
            ctx.report(value.where, f.at("image"), "image is empty; name a picture or remove it")
            return (), ()
        if len(value.items) > pictures.MAX_FRAMES:
            ctx.report(
                value.where,
                f.at("image"),
                f"image lists {len(value.items)} pictures; a step shows at most "
                f"{pictures.MAX_FRAMES} in turn: keep the ones that show the movement",
            )
            return (), ()
        names = f.text_list("image", max_items=pictures.MAX_FRAMES)
        if len(names) != len(value.items):
            return (), ()
        places = [(item.where, item_path(f.at("image"), n)) for n, item in enumerate(value.items)]
    else:
        name = f.scalar("image", fields.text)
        if name is None:
            return (), ()
        names = (name,)
        places = [(value.where, f.at("image"))]
    paths = []
    for name, (where, path) in zip(names, places, strict=True):
        try:
            paths.append(pictures.find_picture(name, ctx.routine_dir, ctx.assets_dir))
        except FieldError as error:
            ctx.report(where, path, str(error))
    return (names, tuple(paths)) if len(paths) == len(names) else ((), ())


def _side_drawn(
    ctx: _Context, f: _Fields, sides: tuple[str, ...], images: tuple[str, ...]
) -> str | None:
    """``side_drawn``: which of the step's sides its pictures show; the others mirror them."""
    side = f.scalar("side_drawn", fields.short_text)
    if side is None:
        return None
    if not sides:
        ctx.report(
            f.where("side_drawn"),
            f.at("side_drawn"),
            "side_drawn says which side the picture shows, so the other sides see it "
            "mirrored; it needs sides, such as 'sides: [left, right]'",
        )
        return None
    if side not in sides:
        ctx.report(
            f.where("side_drawn"),
            f.at("side_drawn"),
            f"side_drawn must be one of the step's sides ({', '.join(sides)}), not {side!r}",
        )
        return None
    if not images and not f.has("image"):
        ctx.report(
            f.where("side_drawn"),
            f.at("side_drawn"),
            "side_drawn says which side the picture shows; give the step an image too",
        )
        return None
    return side


def _seated(
    ctx: _Context, f: _Fields, duration: float | None, sides: tuple[str, ...]
) -> Seated | None:
    """``seated``: the step's seated version (see :class:`Seated` for what it inherits)."""
    value = f.mapping.items.get("seated")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        ctx.report(
            value.where,
            f.at("seated"),
            "seated must be a mapping of keys under it: position and cue, and if needed "
            "title, say, image, side_drawn and prompts",
        )
        return None
    before = len(ctx.problems)
    sf = _Fields(ctx, value, f.at("seated"), SEATED_KEYS)
    position = sf.scalar("position", fields.short_text, required=True)
    if position is not None and "lying" in position.lower():
        ctx.report(
            sf.where("position"),
            sf.at("position"),
            f"the seated version is done sitting, but its position says {position!r}; "
            "describe the seated position, such as 'sitting tall in a high-backed chair'",
        )
    cue = sf.scalar("cue", fields.long_text, required=True)
    title = sf.scalar("title", fields.title)
    say = sf.scalar("say", fields.long_text)
    images, image_paths = _images(ctx, sf)
    side_drawn = _side_drawn(ctx, sf, sides, images)
    prompts = _prompts(ctx, sf, duration) if sf.has("prompts") else None
    _needs(
        ctx,
        sf,
        "prompts",
        duration is not None,
        "prompts are said during a timed step; they need a duration",
    )
    if len(ctx.problems) > before or position is None or cue is None:
        return None
    return Seated(
        position=position,
        cue=cue,
        title=title,
        say=say,
        images=images,
        image_paths=image_paths,
        side_drawn=side_drawn,
        prompts=prompts,
    )


__all__ = [
    "PROMPT_KEYS",
    "ROUTINE_KEYS",
    "SEATED_KEYS",
    "STEP_KEYS",
    "CountRange",
    "PainCheck",
    "parse_routine",
]
