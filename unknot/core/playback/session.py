"""A session: one routine being played, driven by an injected monotonic clock.

Where the session stands is always computed from deadlines: the current
segment's start time and its duration. When a segment ends, the next one
starts at the old deadline, not at the moment the code noticed, so a late
frame, a two-second freeze or an hour in the background changes nothing about
where the session is; it only decides which cues are too late to play
(``STALE_AFTER``). Nothing here counts ticks.

Going to the background does not pause the session: its steps are real time
on a body (heat must come off after 15 minutes whether or not the screen is
on). Kivy's loop stops in the background, so no cues play there; on return,
``update`` catches up, drops the cues that went stale and says where things
stand. A segment that waits for the person (a tap, a pain check) waits.

Heat has a clock of its own. When a heat step's timed part begins the pack
goes on, and its contact time runs from that moment whatever is tapped: Pause
does not stop it, Back never restarts a heat step, Skip ends the heat (it goes
to "take the heat pack off now", never past it), and when the time runs out
while paused the take-off alert fires anyway and the session stays paused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from unknot.core.clock.monotonic import MonotonicClock
from unknot.core.playback.plan import (
    HEAT_OFF,
    Cue,
    CueKind,
    PainCheckReason,
    Plan,
    Segment,
    SegmentKind,
    build_plan,
)
from unknot.core.routines.durations import until_clock_changes
from unknot.core.routines.model import Routine
from unknot.core.safety.pain_rule import Zone, assess, check_rating

STALE_AFTER = 1.0
"""A cue more than this many seconds late is dropped: a beep for a second long gone misleads."""
BACK_RESTARTS_WITHIN = 3.0
"""'Back' restarts the current step, unless the step began less than this long ago."""


class SessionState(Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class EndReason(Enum):
    COMPLETED = "completed"
    STOPPED_BY_PERSON = "stopped_by_person"
    STOPPED_FOR_PAIN = "stopped_for_pain"
    RED_FLAG = "red_flag"


@dataclass(frozen=True)
class PainAnswer:
    """One pain rating, kept for the history: when, where in the routine, and what it meant."""

    rating: int
    zone: Zone
    reason: PainCheckReason | None
    """``None`` for the baseline before the first step."""
    step_index: int | None
    at: float
    """Seconds since the session started (pauses included)."""
    sharp_on_touch: bool = False


@dataclass(frozen=True)
class FiredCue:
    cue: Cue
    segment_index: int
    due_at: float


@dataclass(frozen=True)
class Snapshot:
    """Everything a screen shows, computed at one instant."""

    state: SessionState
    index: int
    segment: Segment
    remaining: float | None
    elapsed: float
    progress: float
    next_segment: Segment | None
    next_step_title: str | None
    taps: int
    eased: bool

    @property
    def waiting(self) -> bool:
        return self.segment.duration is None


class SessionError(RuntimeError):
    """An action that does not fit the session's state, such as skipping a pain check."""


class HeatError(SessionError):
    """An action that would put heat on again, or for longer: the session refuses it."""


HEAT_CANNOT_RESTART = (
    "The heat step cannot start again: heat stays on only for the time the routine says."
)


class Session:
    def __init__(
        self,
        routine: Routine,
        *,
        clock: MonotonicClock,
        baseline: int,
        stale_after: float = STALE_AFTER,
    ) -> None:
        self.routine = routine
        self.clock = clock
        self.baseline = check_rating(baseline)
        self.stale_after = stale_after
        self.plan: Plan = build_plan(routine)
        self.state = SessionState.READY
        self.end_reason: EndReason | None = None
        self.eased_from_step: int | None = None
        self.answers: list[PainAnswer] = [
            PainAnswer(baseline, Zone.CONTINUE, None, None, 0.0),
        ]
        self._index = 0
        self._segment_start = 0.0
        self._cursor = 0
        """How many of the current segment's cues (in offset order) are already handled."""
        self._taps = 0
        self._started_at = 0.0
        self._paused_at: float | None = None
        self._reorient = False
        self._pending: list[FiredCue] = []
        """Cues found while catching up inside an action; the next update returns them."""
        self._heat_started: dict[int, float] = {}
        """For each heat step whose pack went on: when (on the session's clock)."""
        self._heat_off_said: set[int] = set()
        """Heat steps whose "take the heat pack off" came (its deadline, Skip or End)."""
        self.ended_with_heat_on = False
        """The session ended while a heat pack was on: the end screen says to take it off."""
        self._skipped: set[int] = set()
        """Reps and timed parts skipped (indices into the plan's segments)."""

    # -- reading ---------------------------------------------------------------

    @property
    def segment(self) -> Segment:
        return self.plan.segments[self._index]

    @property
    def index(self) -> int:
        return self._index

    @property
    def eased(self) -> bool:
        return self.eased_from_step is not None

    @property
    def heat_on(self) -> bool:
        """A heat pack is on now: inside a heat step's heat, before its take-off."""
        step = self.segment.step_index
        return (
            self.state in (SessionState.RUNNING, SessionState.PAUSED)
            and self.segment.heat
            and step in self._heat_started
            and step not in self._heat_off_said
        )

    def heat_deadline(self) -> float | None:
        """When the pack on now must come off (the session's clock), or None."""
        if not self.heat_on:
            return None
        step = self.segment.step_index
        return self._heat_started[step] + self._heat_seconds(step)

    def heat_remaining(self, now: float | None = None) -> float | None:
        deadline = self.heat_deadline()
        return None if deadline is None else max(0.0, deadline - self._now(now))

    @property
    def skipped_steps(self) -> frozenset[int]:
        """Steps with a rep or timed part skipped: the history does not count them as done."""
        return frozenset(self.plan.segments[i].step_index for i in self._skipped)

    @property
    def skipped_anything(self) -> bool:
        return bool(self._skipped)

    def what_was_done(self) -> str:
        """What a session with skips did, in a few words: "6 of 10 reps; 1 step skipped".

        "" when nothing was skipped: then the routine was done as planned.
        """
        if not self._skipped:
            return ""
        parts: list[str] = []
        untouched = 0
        for step_index, step in enumerate(self.routine.steps):
            planned = [
                i
                for i, s in enumerate(self.plan.segments)
                if s.step_index == step_index and s.kind in (SegmentKind.WORK, SegmentKind.TAP)
            ]
            done = [i for i in planned if i not in self._skipped and i < self._index]
            if not planned or len(done) == len(planned):
                continue
            if not done:
                untouched += 1
                continue
            unit = "reps" if step.reps is not None and step.hold is not None else "parts"
            parts.append(f"{step.title}: {len(done)} of {len(planned)} {unit}")
        if untouched:
            parts.append(f"{untouched} step{'s' if untouched != 1 else ''} skipped")
        return "; ".join(parts)

    def session_time(self, now: float | None = None) -> float:
        """Seconds since the start, pauses included: what the history records."""
        if self.state is SessionState.READY:
            return 0.0
        current = self._paused_at if self._paused_at is not None else self._now(now)
        return current - self._started_at

    def snapshot(self, now: float | None = None) -> Snapshot:
        at = self._paused_at if self._paused_at is not None else self._now(now)
        segment = self.segment
        elapsed = (
            max(0.0, at - self._segment_start) if self.state is not SessionState.READY else 0.0
        )
        remaining = None
        if segment.duration is not None:
            remaining = max(0.0, segment.duration - elapsed)
        heat_left = self._heat_left_in_segment(now)
        if remaining is not None and heat_left is not None:
            remaining = min(remaining, heat_left)
        return Snapshot(
            state=self.state,
            index=self._index,
            segment=segment,
            remaining=remaining,
            elapsed=elapsed,
            progress=self._progress(elapsed),
            next_segment=self._next_segment(),
            next_step_title=self._next_step_title(),
            taps=self._taps,
            eased=self.eased,
        )

    def next_change(self, now: float | None = None) -> float | None:
        """When, on the session's clock, what it shows or plays next changes by itself.

        The soonest of: the next cue, the segment's end, the heat's deadline, and the
        moment the countdown turns to its next whole second. ``None`` when nothing will
        change until the person acts: a pain check or taps waiting (outside heat), a
        pause (outside heat), or a session not running. A screen that wakes only then
        (ARCHITECTURE.md, practice 14) shows and plays everything within a frame of its
        time: ``update`` at that moment finds the deadline passed, as a per-frame poll
        would have.

        Paused with a heat pack on, the heat's clock goes on (its countdown, and its
        deadline, when the take-off alert comes anyway); nothing else does.
        """
        if self.state not in (SessionState.RUNNING, SessionState.PAUSED):
            return None
        now = self._now(now)
        moments: list[float] = []
        heat = self.heat_deadline()
        if heat is not None:
            moments.append(heat)
        if self.state is SessionState.RUNNING:
            if self._pending:
                return now  # cues found by an action wait for the next update
            segment = self.segment
            offsets = sorted(cue.offset for cue in segment.cues)
            if self._cursor < len(offsets):
                moments.append(self._segment_start + offsets[self._cursor])
            if segment.duration is not None:
                moments.append(self._segment_start + segment.duration)
        shown = self.snapshot(now).remaining
        # Running, the countdown falls with the clock; paused, only the heat's part of it
        # does (the segment's time stands still, and the clock shows the smaller of the two).
        falling = shown if self.state is SessionState.RUNNING else self.heat_remaining(now)
        turn = None if shown is None else until_clock_changes(shown)
        if turn is not None and falling is not None and shown is not None:
            moments.append(now + falling - (shown - turn))
        return min(moments, default=None)

    # -- driving ---------------------------------------------------------------

    def start(self) -> list[FiredCue]:
        if self.state is not SessionState.READY:
            raise SessionError("the session has already started")
        now = self.clock()
        self._started_at = now
        self.state = SessionState.RUNNING
        self._enter(0, now)
        return self.update(now)

    def update(self, now: float | None = None) -> list[FiredCue]:
        """Returns the cues due by now, including any found while an action caught up."""
        fired, self._pending = self._pending, []
        if self.state is SessionState.PAUSED:
            return fired + self._heat_ends_while_paused(self._now(now))
        return fired + self._advance(now)

    def _advance(self, now: float | None = None) -> list[FiredCue]:
        """Catches up with the clock, ending each segment whose deadline passed; fresh cues out."""
        if self.state is not SessionState.RUNNING:
            return []
        now = self._now(now)
        fired: list[FiredCue] = []
        skipped_intro = False
        while True:
            deadline = self.heat_deadline()
            if deadline is not None and now >= deadline:
                # The pack's time is up, whatever a pause stretched: off it comes.
                self._cursor = len(self.segment.cues)  # its ticks and prompts are moot now
                self._enter(self._heat_off_index(self.segment.step_index), deadline)
                skipped_intro = False
                continue
            segment = self.segment
            elapsed = now - self._segment_start
            fresh, stale_intro = self._due_cues(segment, elapsed)
            fired.extend(fresh)
            skipped_intro = skipped_intro or stale_intro
            if segment.duration is None or elapsed < segment.duration:
                break
            self._enter(self._index + 1, self._segment_start + segment.duration)
            skipped_intro = False
        if (skipped_intro or self._reorient) and not any(
            f.cue.kind is CueKind.SPEAK for f in fired
        ):
            fired.append(self._reorientation(now))
        self._reorient = False
        return fired

    def pause(self) -> None:
        if self.state is SessionState.RUNNING:
            self._catch_up()
            self._paused_at = self.clock()
            self.state = SessionState.PAUSED

    def resume(self) -> list[FiredCue]:
        if self.state is not SessionState.PAUSED or self._paused_at is None:
            return []
        now = self.clock()
        self._segment_start += now - self._paused_at
        self._paused_at = None
        self.state = SessionState.RUNNING
        self._reorient = True
        return self.update(now)

    def skip(self) -> None:
        """Moves on one segment: from a get-ready to the first rep, from a rep to its rest or
        the next rep. A pain check cannot be skipped (it is the safety net), and during heat
        Skip goes to taking the pack off, never past it. What is skipped is remembered: the
        session then says what was done, and is not counted as finished.
        """
        self._require_active()
        self._catch_up()
        segment = self.segment
        if segment.kind is SegmentKind.PAIN_CHECK:
            raise SessionError("a pain check cannot be skipped; answer it or stop")
        if segment.kind in (SegmentKind.WORK, SegmentKind.TAP):
            self._skipped.add(self._index)
        if self.heat_on:
            self._jump(self._heat_off_index(segment.step_index))
            return
        self._advance_now()

    def back(self) -> None:
        """Restarts the rep (or timed part) under way; within its first 3 s, goes back to the
        rep before. Heat never starts again, and a rest goes back to the rep it follows."""
        self._require_active()
        self._catch_up()
        segment = self.segment
        now = self._paused_at if self._paused_at is not None else self.clock()
        elapsed = max(0.0, now - self._segment_start)
        if segment.heat and self._heated(segment.step_index):
            raise HeatError(HEAT_CANNOT_RESTART)
        restartable = segment.kind in (SegmentKind.WORK, SegmentKind.TAP, SegmentKind.GET_READY)
        if restartable and elapsed >= BACK_RESTARTS_WITHIN:
            self._jump(self._index)
            return
        previous = self._previous_rep()
        if previous is None:
            self._jump(self._index)
        else:
            self._skipped.discard(previous)
            self._jump(previous)

    def restart_step(self) -> None:
        self._require_active()
        self._catch_up()
        if self._heated(self.segment.step_index):
            raise HeatError(HEAT_CANNOT_RESTART)
        self._jump(self.plan.step_start(self.segment.step_index))

    def tap_rep(self) -> None:
        """Counts one self-paced repetition; the set ends by itself at the top of its range."""
        self._require_running()
        self._catch_up()
        segment = self.segment
        if segment.kind is not SegmentKind.TAP or segment.rep_count is None:
            raise SessionError("this step is not counted by taps")
        self._taps += 1
        if self._taps >= segment.rep_count.high:
            self._advance_now()

    def can_finish_set(self) -> bool:
        """True once a range's lower end is done: '8-12' may end after 8 whole reps.

        During the hold of rep n, n - 1 reps are done; during the rest after it, n.
        """
        segment = self.segment
        if segment.rep_count is None or not segment.rep_count.is_range:
            return False
        if segment.kind is SegmentKind.TAP:
            return self._taps >= segment.rep_count.low
        if segment.rep is None:
            return False
        done = segment.rep if segment.kind is SegmentKind.REST else segment.rep - 1
        return done >= segment.rep_count.low

    def finish_set(self) -> None:
        self._require_running()
        self._catch_up()
        if not self.can_finish_set():
            raise SessionError("the set is not done yet")
        current = self.segment
        index = self._index
        while index + 1 < len(self.plan.segments):
            following = self.plan.segments[index + 1]
            same_set = (
                following.step_index == current.step_index
                and following.side == current.side
                and following.set_number == current.set_number
                and following.kind in (SegmentKind.WORK, SegmentKind.REST)
                and following.rep is not None
            )
            if not same_set:
                break
            index += 1
        self._jump(index + 1)

    def ease_from_start(self) -> None:
        """Plays every step eased (rule 1: a baseline of 4 or 5); only before the start."""
        if self.state is not SessionState.READY:
            raise SessionError("a session can only start eased before its first step")
        self._ease_from(0)

    def answer_pain(self, rating: int, *, sharp_on_touch: bool = False) -> Zone:
        """Applies the pain rule to a check's answer; stop ends the session at once."""
        self._require_active()
        self._catch_up()
        segment = self.segment
        if segment.kind is not SegmentKind.PAIN_CHECK:
            raise SessionError("no pain check is due")
        zone = assess(
            self.baseline, rating, sharp_on_touch=sharp_on_touch, restful=self.routine.restful
        )
        self.answers.append(
            PainAnswer(
                rating,
                zone,
                segment.pain_reason,
                segment.step_index,
                self.session_time(),
                sharp_on_touch,
            )
        )
        if zone is Zone.STOP:
            self._end(EndReason.STOPPED_FOR_PAIN)
            return zone
        if segment.pain_reason is PainCheckReason.FINAL:
            self._end(EndReason.COMPLETED)
            return zone
        if zone is Zone.EASE and not self.eased:
            self._ease_from(segment.step_index + 1)
        if self.state is SessionState.PAUSED:
            self.resume()
        self._advance_now()
        return zone

    def stop(self, reason: EndReason = EndReason.STOPPED_BY_PERSON) -> None:
        """Ends the session now; 'pain is worse' and red flags need no rating first."""
        if self.state in (SessionState.FINISHED, SessionState.STOPPED):
            return
        self._catch_up()
        self._end(reason)

    def heat_off_cues(self) -> list[FiredCue]:
        """The take-off alert, for a session ended while the pack was on."""
        if not self.ended_with_heat_on:
            return []
        now = self.clock()
        return [
            FiredCue(Cue(CueKind.ALERT, 0.0), self._index, now),
            FiredCue(Cue(CueKind.VIBRATE, 0.0), self._index, now),
            FiredCue(Cue(CueKind.SPEAK, 0.0, f"{HEAT_OFF}.", 3), self._index, now),
        ]

    def finishing_cues(self) -> list[FiredCue]:
        """The closing sound and words, for the screen that follows a completed session."""
        now = self.clock()
        return [
            FiredCue(Cue(CueKind.FINISH, 0.0), self._index, now),
            FiredCue(
                Cue(CueKind.SPEAK, 0.0, "That's the end of the routine. Well done.", 1),
                self._index,
                now,
            ),
        ]

    # -- saving ----------------------------------------------------------------

    def checkpoint(self) -> dict[str, Any]:
        """What to save when the app goes to the background (Android may never resume it)."""
        return {
            "routine_id": self.routine.id,
            "baseline": self.baseline,
            "state": self.state.value,
            "index": self._index,
            "segment_start": self._segment_start,
            "started_at": self._started_at,
            "paused_at": self._paused_at,
            "taps": self._taps,
            "cursor": self._cursor,
            "eased_from_step": self.eased_from_step,
            "heat_started": {str(step): at for step, at in self._heat_started.items()},
            "heat_off_said": sorted(self._heat_off_said),
            "skipped": sorted(self._skipped),
            "answers": [
                {
                    "rating": a.rating,
                    "zone": a.zone.value,
                    "reason": a.reason.value if a.reason else None,
                    "step_index": a.step_index,
                    "at": a.at,
                    "sharp_on_touch": a.sharp_on_touch,
                }
                for a in self.answers
            ],
        }

    @classmethod
    def restore(cls, routine: Routine, saved: dict[str, Any], *, clock: MonotonicClock) -> Session:
        """Rebuilds a session from :meth:`checkpoint`, on the same boot's clock."""
        session = cls(routine, clock=clock, baseline=int(saved["baseline"]))
        if saved.get("eased_from_step") is not None:
            session._ease_from(int(saved["eased_from_step"]))
        session.state = SessionState(saved["state"])
        session._index = min(int(saved["index"]), len(session.plan.segments) - 1)
        session._segment_start = float(saved["segment_start"])
        session._started_at = float(saved["started_at"])
        paused_at = saved.get("paused_at")
        session._paused_at = None if paused_at is None else float(paused_at)
        session._taps = int(saved.get("taps", 0))
        session._cursor = int(saved.get("cursor", len(session.segment.cues)))
        session._reorient = True
        session._heat_started = {
            int(step): float(at) for step, at in dict(saved.get("heat_started", {})).items()
        }
        session._heat_off_said = {int(step) for step in saved.get("heat_off_said", [])}
        session._skipped = {int(index) for index in saved.get("skipped", [])}
        session.answers = [
            PainAnswer(
                int(a["rating"]),
                Zone(a["zone"]),
                PainCheckReason(a["reason"]) if a["reason"] else None,
                a["step_index"],
                float(a["at"]),
                bool(a.get("sharp_on_touch", False)),
            )
            for a in saved["answers"]
        ]
        return session

    def load(self, saved: dict[str, Any]) -> None:
        """Puts this session where a :meth:`checkpoint` of its routine says it stood.

        In place, unlike :meth:`restore`: whoever holds this session (the screen's
        controller, the history's recorder) goes on with the same object, for a
        session taken back from the cue service or continued after a kill.
        """
        restored = Session.restore(self.routine, saved, clock=self.clock)
        restored.stale_after = self.stale_after
        vars(self).update(vars(restored))

    # -- inside ----------------------------------------------------------------

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def _enter(self, index: int, start: float) -> None:
        self._index = min(index, len(self.plan.segments) - 1)
        self._segment_start = start
        self._cursor = 0
        self._taps = 0
        segment = self.segment
        if segment.heat:
            self._heat_started.setdefault(segment.step_index, start)
        elif segment.kind is SegmentKind.HEAT_OFF:
            self._heat_off_said.add(segment.step_index)

    def _previous_rep(self) -> int | None:
        """The last rep or timed part before this segment that may be played again."""
        for index in range(self._index - 1, -1, -1):
            earlier = self.plan.segments[index]
            if earlier.kind not in (SegmentKind.WORK, SegmentKind.TAP):
                continue
            return None if self._heated(earlier.step_index) else index
        return None

    # -- heat --------------------------------------------------------------------

    def _heated(self, step: int) -> bool:
        """The step's pack went on already: the step never starts again."""
        return step in self._heat_started

    def _heat_seconds(self, step: int) -> float:
        """The planned heat contact time: from the first heated segment to the take-off."""
        return sum(s.duration or 0.0 for s in self.plan.segments if s.step_index == step and s.heat)

    def _heat_off_index(self, step: int) -> int:
        return next(
            i
            for i, s in enumerate(self.plan.segments)
            if s.step_index == step and s.kind is SegmentKind.HEAT_OFF
        )

    def _heat_left_in_segment(self, now: float | None) -> float | None:
        """What the heat clock allows of the segment on screen (paused or not), or None."""
        if self.state is SessionState.READY:
            return None
        return self.heat_remaining(now)

    def _heat_ends_while_paused(self, now: float) -> list[FiredCue]:
        """Paused past the heat's deadline: the take-off comes now, and the pause holds."""
        deadline = self.heat_deadline()
        if deadline is None or now < deadline or self._paused_at is None:
            return []
        self._enter(self._heat_off_index(self.segment.step_index), self._paused_at)
        fired, _stale = self._due_cues(self.segment, 0.0)
        return fired

    def _jump(self, index: int) -> None:
        now = self.clock()
        self._enter(index, now if self._paused_at is None else self._paused_at)

    def _advance_now(self) -> None:
        self._jump(self._index + 1)

    def _due_cues(self, segment: Segment, elapsed: float) -> tuple[list[FiredCue], bool]:
        """The cues whose time has come, fresh ones to play; and whether the opening went stale.

        A segment that waits for the person (a pain check) never goes stale: however
        late it is reached, its question must still be asked; nor does "take the heat
        pack off now", which matters most when the app was away.
        """
        waits = segment.duration is None or segment.kind is SegmentKind.HEAT_OFF
        cues = sorted(segment.cues, key=lambda cue: cue.offset)
        fresh = []
        stale_intro = False
        while self._cursor < len(cues) and cues[self._cursor].offset <= elapsed:
            cue = cues[self._cursor]
            self._cursor += 1
            if waits or elapsed - cue.offset <= self.stale_after:
                fresh.append(FiredCue(cue, self._index, self._segment_start + cue.offset))
            elif cue.offset == 0.0:
                stale_intro = True
        return fresh, stale_intro

    def _reorientation(self, now: float) -> FiredCue:
        segment = self.segment
        title = segment.title
        words = [title if title.endswith(("?", "!", ".")) else f"{title}."]
        for label in (segment.side_label, segment.set_label, segment.rep_label):
            if label:
                words.append(label[0].upper() + label[1:] + ".")
        return FiredCue(Cue(CueKind.SPEAK, 0.0, " ".join(words), priority=1), self._index, now)

    def _progress(self, elapsed: float) -> float:
        total = self.plan.timed_seconds()
        if total <= 0:
            return 0.0
        done = total - self.plan.timed_seconds(self._index)
        if self.segment.duration is not None:
            done += min(elapsed, self.segment.duration)
        if self.state is SessionState.FINISHED:
            return 1.0
        return max(0.0, min(1.0, done / total))

    def _next_segment(self) -> Segment | None:
        following = self._index + 1
        return self.plan.segments[following] if following < len(self.plan.segments) else None

    def _next_step_title(self) -> str | None:
        following = self.segment.step_index + 1
        steps: Sequence[object] = self.routine.steps
        return self.routine.steps[following].title if following < len(steps) else None

    def _ease_from(self, step_index: int) -> None:
        """Re-plans the steps after this one with fewer reps and more checks; the past stays."""
        self.eased_from_step = step_index
        self.plan = build_plan(self.routine, eased_from_step=step_index)

    def _end(self, reason: EndReason) -> None:
        self.ended_with_heat_on = self.heat_on
        self.end_reason = reason
        self.state = (
            SessionState.FINISHED if reason is EndReason.COMPLETED else SessionState.STOPPED
        )
        self._paused_at = None

    def _require_active(self) -> None:
        if self.state not in (SessionState.RUNNING, SessionState.PAUSED):
            raise SessionError(f"the session is {self.state.value}")

    def _require_running(self) -> None:
        if self.state is not SessionState.RUNNING:
            raise SessionError(f"the session is {self.state.value}; resume it first")

    def _catch_up(self) -> None:
        """Brings the session up to the clock before an action decides on the segment.

        Without it, 'skip' a moment after a deadline (before the next frame) would
        act on a segment that is already over, and could jump a pain check now due.
        """
        if self.state is SessionState.RUNNING:
            self._pending.extend(self._advance())
