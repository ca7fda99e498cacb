"""Who carries a session while the app is away from the screen: the interface, and its files.

On Android a foreground service plays the cues with the screen locked
(``unknot.services.android.cue_service``); everywhere else nothing needs to,
since a desktop keeps running the app's loop in the background
(:class:`NullCarrier`). The UI calls ``start`` when a session begins (while
the app is visible: Android 12+ forbids starting a foreground service from the
background), ``hand_over`` from ``on_pause``, ``take_back`` from ``on_resume``,
and ``end`` when the session is over.

:class:`FileHandover` is the app's half of the hand-over by files
(:mod:`unknot.core.playback.handover`), shared by every carrier that runs in
another process; the Android carrier adds only how to start and wake its
service. The app's own cues are muted meanwhile (``cue_gate.CueGate``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from unknot.core.playback.checkpoint import CHECKPOINT_FILE, SavedSession, write_checkpoint
from unknot.core.playback.handover import (
    Owner,
    Ownership,
    ServiceLog,
    clear,
    locked,
    read_ownership,
    read_service_log,
    write_ownership,
)

log = logging.getLogger("unknot.services")


@dataclass(frozen=True)
class TakeBack:
    """What the carrier did while it had the session."""

    log: ServiceLog | None
    """Its log for this hand-over; None when it played nothing (or never started)."""
    opened: str | None = None
    """"player" or "pain" when the person came back by tapping its notification."""


class SessionCarrier(Protocol):
    @property
    def carries(self) -> bool:
        """True where cues go on with the app off the screen (Android's service)."""
        ...

    def start(self, saved: SavedSession) -> None:
        """A session began, the app on screen: get ready to carry it. Never raises."""
        ...

    def hand_over(self, saved: SavedSession) -> bool:
        """The app leaves the screen, its session at ``saved``: True if the carrier plays now.

        Never raises; False means the cues stop until the app is back.
        """
        ...

    def take_back(self) -> TakeBack | None:
        """The app is back: the carrier stops playing; what it did (None: it had nothing)."""
        ...

    def end(self) -> None:
        """The session is over (or was never continued): the carrier lets go. Never raises."""
        ...


class NullCarrier:
    """Desktops: the app's loop runs in the background, so nobody else needs to play."""

    @property
    def carries(self) -> bool:
        return False

    def start(self, saved: SavedSession) -> None:
        return None

    def hand_over(self, saved: SavedSession) -> bool:
        return False

    def take_back(self) -> TakeBack | None:
        return None

    def end(self) -> None:
        return None


class FileHandover:
    """The app's half of the hand-over by files: marker, checkpoint, the service's log.

    ``wake`` tells the other process to look at the files now (a broadcast on
    Android); it may fail, since the other side also looks now and then.
    ``opened`` says which screen a tap on the carrier's notification asked for.
    """

    def __init__(
        self,
        folder: Path,
        wake: Callable[[], None] = lambda: None,
        opened: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.folder = folder
        self._wake = wake
        self._opened = opened

    def mark_app_owner(self) -> None:
        """At a session's start: the app plays; a marker left by an earlier session is replaced."""
        with locked(self.folder):
            previous = read_ownership(self.folder)
            number = previous.handover + 1 if previous is not None else 1
            write_ownership(self.folder, Ownership(Owner.APP, number))
            clear(self.folder)

    def hand_over(self, saved: SavedSession) -> None:
        """Writes the checkpoint, then marks the service the owner from its next cue on."""
        with locked(self.folder):
            previous = read_ownership(self.folder)
            number = previous.handover + 1 if previous is not None else 1
            write_checkpoint(self.folder / CHECKPOINT_FILE, saved)
            clear(self.folder)
            write_ownership(
                self.folder,
                Ownership(
                    Owner.SERVICE,
                    number,
                    at=saved.stamp.monotonic,
                    from_index=int(saved.session.get("index", 0)),
                    from_cue=int(saved.session.get("cursor", 0)),
                ),
            )
        self.wake()

    def take_back(self) -> TakeBack | None:
        """Marks the app the owner and reads what the service did, under the lock."""
        with locked(self.folder):
            ownership = read_ownership(self.folder)
            if ownership is None or ownership.owner is not Owner.SERVICE:
                return None
            service_log = read_service_log(self.folder, ownership.handover)
            write_ownership(self.folder, replace(ownership, owner=Owner.APP))
        self.wake()
        return TakeBack(service_log, self._opened())

    def end(self) -> None:
        with locked(self.folder):
            ownership = read_ownership(self.folder)
            number = ownership.handover if ownership is not None else 0
            write_ownership(self.folder, Ownership(Owner.ENDED, number))
            clear(self.folder)
        self.wake()

    def wake(self) -> None:
        try:
            self._wake()
        except Exception as error:
            log.warning("Could not wake the cue service (%s); it looks again shortly", error)
