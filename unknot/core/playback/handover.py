"""Who plays a session's cues, the app or the cue service, and how one hands them to the other.

On Android the cue service runs in a process of its own. The two talk through
three small files in the data folder, each replaced whole
(:func:`~unknot.core.storage.atomic.write_atomic`):

- ``session.json``, the checkpoint (:mod:`unknot.core.playback.checkpoint`):
  where the session stood when the app handed it over;
- ``session-owner.json``, the marker: who plays the cues now, from which cue
  (segment and cue counter of the checkpoint) and from which instant, and the
  number of the hand-over;
- ``session-service.json``, the service's log for that hand-over: every
  moment it brought the session up to the clock (with the cues it played then)
  and every action taken on its notification (pause, resume, stop for pain, end).

Exactly once: the app stops playing when it hands over (its loop is stopped in
the background anyway, and its cues are muted), and the service plays only
what the checkpoint has not handled yet (the session's own cue counter). To
take back, the app marks itself the owner and reads the log *under the lock*
(``session.lock``, an ``flock``): the service holds the same lock while it
checks the marker, plays and writes its log, so no cue can be played between
the app's reading and the app's taking over. The app then replays the log on
its own session (:func:`replay`): the session code is deterministic, so the
same events at the same instants put it exactly where the service's copy
stood, with every cue the service played already behind it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from unknot.core.playback.session import EndReason, Session
from unknot.core.storage.atomic import write_atomic

log = logging.getLogger("unknot.core.playback.handover")

OWNER_FILE = "session-owner.json"
SERVICE_LOG_FILE = "session-service.json"
LOCK_FILE = "session.lock"


class Owner(Enum):
    APP = "app"
    SERVICE = "service"
    ENDED = "ended"
    """The session is over: the service stops itself."""


class EventKind(Enum):
    UPDATE = "update"
    """The service brought the session up to the clock (and played what fell due)."""
    PAUSE = "pause"
    RESUME = "resume"
    STOP_FOR_PAIN = "stop_for_pain"
    END = "end"


ACTION_KINDS = (EventKind.PAUSE, EventKind.RESUME, EventKind.STOP_FOR_PAIN, EventKind.END)
"""What the notification's buttons do."""
ENDINGS = {
    EventKind.STOP_FOR_PAIN: EndReason.STOPPED_FOR_PAIN,
    EventKind.END: EndReason.STOPPED_BY_PERSON,
}


@dataclass(frozen=True)
class Ownership:
    """The marker: who plays the cues, since when, from which cue."""

    owner: Owner
    handover: int
    """Counts the hand-overs of one session; a log of another number is not this one's."""
    at: float = 0.0
    """The session clock's instant of the hand-over."""
    from_index: int = 0
    from_cue: int = 0
    """The checkpoint's segment and its count of cues already handled: the first cue the
    new owner plays is the next one."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "owner": self.owner.value,
                "handover": self.handover,
                "at": self.at,
                "from_index": self.from_index,
                "from_cue": self.from_cue,
            }
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Ownership:
        data = json.loads(text)
        return cls(
            Owner(data["owner"]),
            int(data["handover"]),
            float(data.get("at", 0.0)),
            int(data.get("from_index", 0)),
            int(data.get("from_cue", 0)),
        )


@dataclass(frozen=True)
class Event:
    at: float
    kind: EventKind
    played: tuple[str, ...] = ()
    """For an update: the cues played then, in words ("speak: Rep 4. Hold.", "tick")."""

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "kind": self.kind.value, "played": list(self.played)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            float(data["at"]), EventKind(data["kind"]), tuple(str(p) for p in data["played"])
        )


@dataclass
class ServiceLog:
    """What the service did with one hand-over, in order."""

    handover: int
    events: list[Event] = field(default_factory=list)

    @property
    def played(self) -> list[str]:
        return [cue for event in self.events for cue in event.played]

    @property
    def actions(self) -> list[Event]:
        return [event for event in self.events if event.kind in ACTION_KINDS]

    def to_json(self) -> str:
        return json.dumps(
            {"handover": self.handover, "events": [e.to_dict() for e in self.events]},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> ServiceLog:
        data = json.loads(text)
        return cls(int(data["handover"]), [Event.from_dict(e) for e in data["events"]])


# -- the files --------------------------------------------------------------------------


def read_ownership(folder: Path) -> Ownership | None:
    """The marker, or None when there is none or it cannot be read (then the app owns)."""
    try:
        return Ownership.from_json((folder / OWNER_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("The cue owner marker cannot be read (%s); the app plays the cues", error)
        return None


def write_ownership(folder: Path, ownership: Ownership) -> None:
    write_atomic(folder / OWNER_FILE, ownership.to_json())


def read_service_log(folder: Path, handover: int) -> ServiceLog | None:
    """The service's log of hand-over ``handover``; None if it has none (it played nothing)."""
    try:
        found = ServiceLog.from_json((folder / SERVICE_LOG_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("The cue service's log cannot be read (%s)", error)
        return None
    return found if found.handover == handover else None


def write_service_log(folder: Path, service_log: ServiceLog) -> None:
    write_atomic(folder / SERVICE_LOG_FILE, service_log.to_json())


def clear(folder: Path) -> None:
    """The session ended: the marker says so, the log goes (the checkpoint is the caller's)."""
    with contextlib.suppress(FileNotFoundError):
        (folder / SERVICE_LOG_FILE).unlink()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Holds ``session.lock`` (an exclusive ``flock``) for the block.

    The lock goes with the process: a service killed while holding it never
    blocks the app. Where ``fcntl`` does not exist (Windows) there is no cue
    service to share with, and the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


# -- taking back -------------------------------------------------------------------------


@contextlib.contextmanager
def pinned(session: Session, at: float) -> Iterator[None]:
    """The session's clock reads ``at`` inside the block: an event replayed at its instant."""
    clock = session.clock
    session.clock = lambda: at
    try:
        yield
    finally:
        session.clock = clock


def replay(
    session: Session,
    events: list[Event],
    stop: Callable[[EndReason], None] | None = None,
) -> EndReason | None:
    """Applies the service's events to ``session``, at their instants; how it ended, if so.

    The cues the session returns here were played by the service: they are
    dropped. A stop goes through ``stop`` (the app's own way of ending, which
    shows the end screens and records the history), at its instant, and ends the replay.
    """
    for event in events:
        with pinned(session, event.at):
            if event.kind is EventKind.UPDATE:
                session.update(event.at)
            elif event.kind is EventKind.PAUSE:
                session.pause()
            elif event.kind is EventKind.RESUME:
                session.resume()
            else:
                reason = ENDINGS[event.kind]
                (stop or session.stop)(reason)
                return reason
    if events:
        # Cues an action found while catching up wait in the session for its next
        # update; the service's came right after, so these were played too.
        with pinned(session, events[-1].at):
            session.update(events[-1].at)
    return None
