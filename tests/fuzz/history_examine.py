"""A damaged history opened as the app opens it, read as every screen reads it, and judged.

For each case, what must hold (each broken rule is a line in ``Outcome.failures``):

- nothing raises: opening, every read the History screen, the start check, the
  routine screen and the exports make, the advisor, and recording a new session;
- the file is **set aside** (kept byte for byte under its aside name, the problem
  said, an empty history in its place), or it **reads fine** (only sessions it
  held, every value in range), or it is **kept** unwritten and said so (a format
  number a newer Unknot could have written);
- a new session goes into a sound file: after it, SQLite's check and the table
  check pass, a new store reads the session back without setting anything aside,
  and the file set aside is unchanged; a kept file is not touched at all.
"""

from __future__ import annotations

import sqlite3
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from tests.core.history_records import BERLIN, session
from tests.fuzz.sqlite_damage import Case, Templates, prepare, record
from unknot.core.clock.days import local_day
from unknot.core.history.advisor import HistoryAdvisor
from unknot.core.history.export import describe_session, history_csv, summary_html
from unknot.core.history.flares import clinician_review
from unknot.core.history.improvement import no_improvement
from unknot.core.history.opening import integrity_problem
from unknot.core.history.progression import progression
from unknot.core.history.records import SessionRecord
from unknot.core.history.schema import CURRENT_VERSION, schema_problems
from unknot.core.history.store import HISTORY_FILE, HistoryReadOnlyError, HistoryStore
from unknot.core.history.week import weekly_check_in
from unknot.core.routines.loader import load_routine
from unknot.core.routines.model import Routine
from unknot.core.safety.morning import morning_flare
from unknot.core.storage.notices import Notices

ROOT = Path(__file__).resolve().parents[2]
ZONE = BERLIN
WEEKS_SHOWN = 5
"""As many weeks as the History screen's calendar (a UI constant the core cannot import)."""
SET_ASIDE, READ_FINE, KEPT, RAISED = "set aside", "read fine", "kept", "raised"


@dataclass
class Outcome:
    case: Case
    result: str
    seconds: float = 0.0
    """Opening and every read, in wall-clock seconds."""
    left_out: bool = False
    """Reading left sessions out, or read details as unknown, and said so."""
    failures: list[str] = field(default_factory=list)


def routines() -> list[Routine]:
    return [load_routine(ROOT / "routines" / f"chin-tucks-{n}.yaml") for n in (1, 2)]


def read_everything(
    store: HistoryStore, folder: Path, series: list[Routine], now: datetime
) -> list[SessionRecord]:
    """Every read the app makes of a history, on the screens and in the rules."""
    records = store.sessions()
    today = local_day(now, ZONE)
    first_shown = today - timedelta(days=today.weekday() + 7 * (WEEKS_SHOWN - 1))
    store.sessions(since=now - timedelta(days=5), until=now)
    store.days_with_sessions(first_shown, today, ZONE)
    if records:
        store.session(records[0].id)
    shown: list[object] = []
    for kept in records[-30:]:
        describe_session(kept, ZONE)
        # What the chart and the exports read of each record:
        shown.append((kept.pain_after, kept.highest_pain, kept.finished, kept.duration))
    weekly_check_in(records, now, ZONE, target_days=3)
    history_csv(records, ZONE)
    summary_html(records, now, ZONE)
    # The rules themselves, which the advisor would quietly excuse:
    clinician_review(records, now, ZONE)
    no_improvement(records, now, ZONE)
    progression(series[0], series, records, now, ZONE)
    morning_flare(records, today, ZONE, 3)
    advisor = HistoryAdvisor(store, ZONE, lambda: now, said_path=folder / "advice.json")
    advisor.review()
    advisor.no_improvement()
    advisor.offer(series[0], 3)
    advisor.next_level(series[0], series)
    shown.append((store.version, store.writable, store.problem))
    return records


def _content(path: Path) -> bytes | list[str] | None:
    """What the damaged file was, to compare with what was set aside."""
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    if path.is_file():
        return path.read_bytes()
    return None


def _asides(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.glob(f"{HISTORY_FILE}.damaged-*")
        if not p.name.endswith(("-wal", "-shm", "-journal"))
    )


def _new_session(now: datetime) -> SessionRecord:
    return session(
        now - timedelta(hours=1), routine_id="quiet-relief", title="After damage", steps_done=1
    )


def examine(case: Case, templates: Templates, folder: Path, series: list[Routine]) -> Outcome:
    path = prepare(case, templates, folder)
    damaged = _content(path)
    notices = Notices()
    outcome = Outcome(case, RAISED)
    store: HistoryStore | None = None
    try:
        started = time.perf_counter()
        store = HistoryStore(path, now=lambda: datetime(2026, 4, 1, 12, 0), notices=notices)
        records = read_everything(store, folder, series, templates.now)
        outcome.seconds = time.perf_counter() - started
        told = {notice.key for notice in notices.pending}
        outcome.left_out = "history.read" in told
        asides = _asides(folder)
        if asides:
            outcome.result = SET_ASIDE
            _judge_set_aside(outcome, store, records, asides, damaged, told)
        elif store.writable:
            outcome.result = READ_FINE
            _judge_read(outcome, records, templates)
        else:
            outcome.result = KEPT
            if store.problem is None or "history.open" not in told:
                outcome.failures.append("kept unwritable without a word")
        _judge_recording(outcome, store, path, folder, templates.now)
    except Exception:
        outcome.result = RAISED
        outcome.failures.append(traceback.format_exc())
    finally:
        if store is not None:
            store.close()
    return outcome


def _judge_set_aside(
    outcome: Outcome,
    store: HistoryStore,
    records: list[SessionRecord],
    asides: list[Path],
    damaged: bytes | list[str] | None,
    told: set[str],
) -> None:
    (aside,) = asides
    if store.problem is None or aside.name not in store.problem:
        outcome.failures.append(f"set aside, but the problem does not say so: {store.problem}")
    if "history.open" not in told:
        outcome.failures.append("set aside, but no notice told the person")
    if records:
        outcome.failures.append(f"the new history is not empty: {len(records)} sessions")
    if damaged is not None and _content(aside) != damaged:
        outcome.failures.append("what was set aside is not the damaged file as it was")
    if not store.writable:
        outcome.failures.append(f"set aside, but no new history could start: {store.problem}")


def _judge_read(outcome: Outcome, records: list[SessionRecord], templates: Templates) -> None:
    unknown = {r.id for r in records} - templates.session_ids
    if unknown:
        outcome.failures.append(f"read sessions the history never held: {sorted(unknown)[:5]}")
    for kept in records:
        ratings = [kept.baseline, *(c.rating for c in kept.checks)]
        if kept.final_rating is not None:
            ratings.append(kept.final_rating)
        if not all(0 <= r <= 10 for r in ratings) or kept.started_at.tzinfo is None:
            outcome.failures.append(f"session {kept.id} read with values out of range")


def _judge_recording(
    outcome: Outcome, store: HistoryStore, path: Path, folder: Path, now: datetime
) -> None:
    asides = {p: _content(p) for p in _asides(folder)}
    if not store.writable:
        before = _content(path)
        try:
            record(store, _new_session(now))
        except HistoryReadOnlyError as error:
            if not str(error).startswith("Sessions cannot be added to your history: "):
                outcome.failures.append(f"a refusal without a sentence: {error}")
        else:
            outcome.failures.append("an unwritable history took a session")
        if _content(path) != before:
            outcome.failures.append("a kept history was written to")
        return
    new_id = record(store, _new_session(now))
    store.close()
    connection = sqlite3.connect(path)
    try:
        found = integrity_problem(connection.execute("PRAGMA integrity_check").fetchall())
        problems = schema_problems(connection, CURRENT_VERSION)
    finally:
        connection.close()
    if found or problems:
        outcome.failures.append(f"the session went into an unsound file: {found} {problems}")
    with HistoryStore(path) as again:
        if _asides(folder) != sorted(asides):
            outcome.failures.append(f"the file recorded into was set aside after: {again.problem}")
        kept = again.session(new_id)
        if kept is None or kept.routine_title != "After damage":
            outcome.failures.append("the new session did not read back")
    for aside, content in asides.items():
        if _content(aside) != content:
            outcome.failures.append(f"{aside.name} changed after it was set aside")
