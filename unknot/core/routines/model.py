"""Routines as the rest of the app sees them: frozen, checked, never raw YAML.

Fields hold what the author wrote (``say``, ``position``, ``pain_check`` may be
``None``), and methods give what the player needs (the spoken text, the body
position in force, when to ask about pain). Keeping the written form lets the
routine editor save a routine back without writing out every default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

SELF_PACED_REP_SECONDS = 3.0
"""What one self-paced repetition counts for in a total time: a slow, careful rep."""


class StepKind(Enum):
    TIMED = "timed"
    COUNTED = "counted"


class PainCheck(Enum):
    """When a step asks "pain now, 0 to 10"."""

    AFTER_STEP = "after_step"
    AFTER_EACH_SET = "after_each_set"
    NONE = "none"


@dataclass(frozen=True)
class CountRange:
    """A count such as ``10`` (low == high) or a range such as ``8-12``."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.high:
            raise ValueError(f"a count range needs 1 <= low <= high, not {self.low}-{self.high}")

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def __str__(self) -> str:
        return f"{self.low}-{self.high}" if self.is_range else str(self.low)


@dataclass(frozen=True)
class Prompt:
    """Something said part-way through a timed step, such as a skin check during heat."""

    at: float
    text: str


@dataclass(frozen=True)
class Seated:
    """A step's seated version, for people whom lying down makes dizzy (or who prefer it).

    It has its own position, instruction and pictures; what it leaves out comes
    from the step (``title``, ``side_drawn``, and ``prompts`` when not given), except
    the pictures and what is said: a lying picture or a lying instruction would
    mislead, so without its own the seated version has no picture, and it says its
    title and cue. :func:`unknot.core.routines.seated.seated_form` makes the routine
    with these in place.
    """

    position: str
    cue: str
    title: str | None = None
    say: str | None = None
    images: tuple[str, ...] = ()
    image_paths: tuple[Path, ...] = field(default=(), compare=False)
    side_drawn: str | None = None
    prompts: tuple[Prompt, ...] | None = None
    """``None``: the step's own prompts; ``()``: none at all."""


@dataclass(frozen=True)
class Step:
    title: str
    duration: float | None = None
    reps: CountRange | None = None
    hold: float | None = None
    rest_between_reps: float | None = None
    sets: int = 1
    rest: float | None = None
    sides: tuple[str, ...] = ()
    position: str | None = None
    cue: str | None = None
    say: str | None = None
    prompts: tuple[Prompt, ...] = ()
    images: tuple[str, ...] = ()
    """The picture, or the frames shown in turn, as written (see ``pictures.frame_index``)."""
    image_paths: tuple[Path, ...] = field(default=(), compare=False)
    """The files of ``images``, resolved and checked."""
    side_drawn: str | None = None
    """The side the pictures show; the other sides see them mirrored."""
    seated: Seated | None = None
    pressure: bool = False
    heat: bool = False
    """A heat pack is on during the step's timed part: its contact time never stretches."""
    pain_check: PainCheck | None = None

    @property
    def image(self) -> str | None:
        """The first picture as written: the only one, or the first frame."""
        return self.images[0] if self.images else None

    @property
    def image_path(self) -> Path | None:
        return self.image_paths[0] if self.image_paths else None

    @property
    def kind(self) -> StepKind:
        return StepKind.TIMED if self.duration is not None else StepKind.COUNTED

    @property
    def self_paced(self) -> bool:
        """A counted step without a hold: the person taps as each repetition is done."""
        return self.kind is StepKind.COUNTED and self.hold is None

    @property
    def spoken(self) -> str:
        """What is said when the step starts: ``say``, or else the title and the cue."""
        if self.say:
            return self.say
        title = self.title.rstrip(".")
        return f"{title}. {self.cue}" if self.cue else f"{title}."

    @property
    def pain_check_when(self) -> PainCheck:
        """The pain check in force: the author's choice, or the pain rule's default."""
        if self.pain_check is not None:
            return self.pain_check
        if self.pressure:
            return PainCheck.AFTER_STEP
        if self.kind is StepKind.COUNTED:
            return PainCheck.AFTER_EACH_SET
        return PainCheck.NONE

    @property
    def side_count(self) -> int:
        return max(1, len(self.sides))

    def set_seconds(self, reps: int) -> float:
        """How long one set lasts with ``reps`` repetitions (or the duration, when timed)."""
        if self.duration is not None:
            return self.duration
        if self.hold is None:
            return reps * SELF_PACED_REP_SECONDS
        return reps * self.hold + (reps - 1) * (self.rest_between_reps or 0.0)

    def seconds_range(self) -> tuple[float, float]:
        """The step's whole length, all sides and sets and rests: shortest and longest."""
        low_reps, high_reps = (self.reps.low, self.reps.high) if self.reps else (1, 1)
        between_sets = (self.sets - 1) * (self.rest or 0.0)
        return (
            self.side_count * (self.sets * self.set_seconds(low_reps) + between_sets),
            self.side_count * (self.sets * self.set_seconds(high_reps) + between_sets),
        )


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    summary: str | None = None
    tags: tuple[str, ...] = ()
    per_day: CountRange | None = None
    safety: tuple[str, ...] = ()
    series: str | None = None
    level: int | None = None
    restful: bool = False
    source: Path | None = field(default=None, compare=False)

    def seconds_range(self) -> tuple[float, float]:
        """The total time, from the shortest to the longest way the routine can go."""
        ranges = [step.seconds_range() for step in self.steps]
        return (sum(low for low, _ in ranges), sum(high for _, high in ranges))

    @property
    def length(self) -> str:
        """The routine's time in words ("2 min", "4-6 min"): the one figure every screen shows."""
        from unknot.core.routines.durations import format_span

        return format_span(*self.seconds_range())

    @property
    def has_pressure(self) -> bool:
        return any(step.pressure for step in self.steps)

    @property
    def has_heat(self) -> bool:
        return any(step.heat for step in self.steps)

    def lying_down(self, index: int) -> bool:
        """Step ``index`` is done lying down (its position, or the last one written down)."""
        position = self.position_at(index)
        return position is not None and "lying" in position.lower()

    def position_at(self, index: int) -> str | None:
        """The body position in force at step ``index``: the last one written down."""
        for step in reversed(self.steps[: index + 1]):
            if step.position:
                return step.position
        return None
