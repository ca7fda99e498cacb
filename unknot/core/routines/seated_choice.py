"""The person's "Lying / Seated" choice for each routine, kept in ``seated.json``.

A routine whose steps offer seated versions (:func:`unknot.core.routines.seated.has_seated`)
has a "Lying / Seated" choice on its screen. Nobody should have to make it again
at every start, so it is kept per routine id, in the data folder beside the
settings, and saved atomically like them. No entry means no choice made: the
safety answers decide (:func:`unknot.core.safety.screening.wants_seated`), so
that someone whom lying down makes dizzy gets the seated form without asking.

A damaged file is set aside and reported, like every state file
(:mod:`unknot.core.storage.json_store`), and every routine goes back to its
usual form: the harmless way to fail, since the dizzy default still holds.
Two windows merge routine by routine, each keeping what the other chose.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from unknot.core.routines.ids import is_identifier
from unknot.core.storage.json_store import (
    JsonFileStore,
    JsonFormat,
    Merged,
    Wording,
    json_reason,
    quoted_value,
)
from unknot.core.storage.notices import Notices

log = logging.getLogger("unknot.core.routines.seated_choice")

SEATED_FILE = "seated.json"

MAX_CHOICES = 1000
"""Far more routines than anyone keeps; a file with more entries is not one this app wrote."""


class ChoiceError(ValueError):
    """The file's content is not choices this version can use; says which entry."""


@dataclass(frozen=True)
class SeatedChoices:
    """For each routine id, True for seated and False for lying; an id not here: no choice."""

    by_routine: Mapping[str, bool] = field(default_factory=dict)

    def get(self, routine_id: str) -> bool | None:
        """The choice made for the routine, or None when the safety answers decide."""
        return self.by_routine.get(routine_id)

    def chosen(self, routine_id: str, seated: bool) -> SeatedChoices:
        """These choices with the routine's set (a new value: this one is shared)."""
        return SeatedChoices({**self.by_routine, routine_id: seated})


class SeatedChoiceStore(JsonFileStore[SeatedChoices, SeatedChoices]):
    """``seated.json`` in the data folder; a damaged file is set aside and no choice holds."""

    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime] = datetime.now,
        *,
        notices: Notices | None = None,
    ) -> None:
        super().__init__(path, SEATED_FORMAT, now, notices=notices)


def merge_choices(
    base: SeatedChoices, mine: SeatedChoices, theirs: SeatedChoices
) -> Merged[SeatedChoices]:
    """Routine by routine: what this window changed from ``base`` wins, the rest is the file's.

    A routine both windows set, differently, keeps this window's (the later
    choice), and the person is told.
    """
    values: dict[str, bool] = {}
    conflict = False
    for routine_id in dict.fromkeys([*theirs.by_routine, *mine.by_routine]):
        before, ours, other = (c.get(routine_id) for c in (base, mine, theirs))
        kept = ours if ours != before else other
        if ours != before and other not in (before, ours):
            conflict = True
        if kept is not None:
            values[routine_id] = kept
    return Merged(SeatedChoices(values), ("the Lying / Seated choice",) if conflict else ())


def choices_to_json(choices: SeatedChoices) -> str:
    return json.dumps({"seated": dict(choices.by_routine)}, indent=2, sort_keys=True) + "\n"


def choices_from_json(raw: bytes | str) -> SeatedChoices:
    """Raises :class:`ChoiceError` naming the first bad entry; other top-level keys are ignored."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise ChoiceError(json_reason(error)) from None
    except RecursionError:
        raise ChoiceError("not valid JSON: values nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("seated"), dict):
        raise ChoiceError("expected an object with 'seated'")
    entries = data["seated"]
    if len(entries) > MAX_CHOICES:
        raise ChoiceError(f"seated has {len(entries)} entries; at most {MAX_CHOICES}")
    values: dict[str, bool] = {}
    for routine_id, seated in entries.items():
        if not is_identifier(routine_id):
            shown = quoted_value(routine_id)
            raise ChoiceError(f"seated has an entry that is not a routine id: {shown}")
        if not isinstance(seated, bool):
            raise ChoiceError(
                f"seated.{routine_id} must be true or false, not {quoted_value(seated)}"
            )
        values[routine_id] = seated
    return SeatedChoices(values)


SEATED_FORMAT: JsonFormat[SeatedChoices, SeatedChoices] = JsonFormat(
    decode=lambda raw, _file: choices_from_json(raw),
    encode=choices_to_json,
    default=SeatedChoices,
    damage=ChoiceError,
    key="seated",
    merge=merge_choices,
    wording=Wording(
        unreadable=(
            "{path} could not be read ({error}); each routine shows its usual form, and "
            "Unknot will not write over that file until it can be read."
        ),
        damaged=(
            "Your Lying / Seated choices in {path} are damaged ({reason}); it was kept as "
            "{aside}, and each routine shows its usual form until you choose again."
        ),
        not_moved=(
            "Your Lying / Seated choices in {path} are damaged ({reason}) and could not be "
            "moved aside ({error}); each routine shows its usual form."
        ),
        not_saved=(
            "Your Lying / Seated choice could not be saved: {reason}. It holds while Unknot "
            "is open, and Unknot will try again."
        ),
        conflict="Another Unknot window changed {items} as well; the choice made here was kept.",
    ),
    log=log,
)
