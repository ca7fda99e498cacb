"""A few hundred seeded damages of a realistic history: none stops the app, none takes a session.

Every page of the history is damaged alone (random bytes, garbage, zeros), and each
other kind of :mod:`tests.fuzz.sqlite_damage` is drawn a dozen times. For each,
:func:`tests.fuzz.history_examine.examine` opens the file as the app does, makes
every read the History screen, the start check, the routine screen and the exports
make, records a new session and judges what it finds. ``bench/history_damage.py``
runs thousands of the same cases and times them.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuzz.history_examine import KEPT, READ_FINE, SET_ASIDE, Outcome, examine, routines
from tests.fuzz.sqlite_damage import KINDS, PAGE_KINDS, Templates, cases, make_templates

SEED = 20261201
PER_KIND = 12
TEMPLATE_DAYS = 30
"""A month of sessions: every page is visited, and the rules stay quick to run."""


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return make_templates(tmp_path_factory.mktemp("templates"), SEED, days=TEMPLATE_DAYS)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """In memory where there is a RAM file system: a case is damage, not durability, and
    each of its fsyncs on a busy disk costs more than the rest of the case."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        yield tmp_path
        return
    made = Path(tempfile.mkdtemp(prefix="unknot-damage-", dir=shm))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def run(kind: str, count: int, templates: Templates, folder: Path) -> list[Outcome]:
    series = routines()
    logging.disable(logging.WARNING)  # a few hundred set-aside warnings say nothing here
    try:
        return [
            examine(case, templates, folder / str(case.number), series)
            for case in cases(SEED + KINDS.index(kind), count, templates, (kind,))
        ]
    finally:
        logging.disable(logging.NOTSET)


def failures(outcomes: list[Outcome]) -> list[str]:
    return [
        f"case {o.case.number} ({o.case.kind}: {o.case.detail}): {o.result}: {failure}"
        for o in outcomes
        for failure in o.failures
    ]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_damage_to_any_one_page_is_set_aside_or_read_around(
    kind: str, templates: Templates, folder: Path
) -> None:
    outcomes = run(kind, templates.pages, templates, folder)
    assert not failures(outcomes), "\n".join(failures(outcomes))
    results = Counter(o.result for o in outcomes)
    assert set(results) <= {SET_ASIDE, READ_FINE}
    if kind != "page bytes":  # a few random bytes may fall where nothing is read
        # Page 1 holds the header and the table descriptions: without it nothing reads.
        assert outcomes[0].result == SET_ASIDE


MUST = {
    "not a file": {SET_ASIDE},
    "extra table": {SET_ASIDE},
    "dropped index": {SET_ASIDE},
    "page 1 bytes": {SET_ASIDE, READ_FINE},
    # The file is sound; SQLite passes over a companion that does not match it.
    "wal garbage": {READ_FINE},
    "shm garbage": {READ_FINE},
    "journal garbage": {READ_FINE},
    "grown": {READ_FINE},
    "value": {READ_FINE},
    "null": {READ_FINE},
    "format number": {SET_ASIDE, KEPT},
}


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in PAGE_KINDS])
def test_each_kind_of_damage_is_set_aside_read_around_or_kept(
    kind: str, templates: Templates, folder: Path
) -> None:
    outcomes = run(kind, PER_KIND, templates, folder)
    assert not failures(outcomes), "\n".join(failures(outcomes))
    results = {o.result for o in outcomes}
    assert results <= MUST.get(kind, {SET_ASIDE, READ_FINE}), results
    unsaid = [o.case.detail for o in outcomes if o.case.said and not o.left_out]
    assert not unsaid, f"rows left out or read as unknown without a word: {unsaid}"
