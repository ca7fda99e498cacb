"""What the person must be told about their data: one channel for every store.

A damaged file set aside, a file that could not be read, a save that did not
reach the disk, another window's change merged over this one's: each store
meets these on its own, but the person should hear of them in one place, on
whichever screen is open, once each, in words. Stores ``tell`` a notice under
a key of their own; the UI lists what is ``pending`` and the person dismisses
it. A save that failed leaves a ``retry`` with its notice: the UI calls
:meth:`Notices.retry` now and then, and a retry that succeeds withdraws the
notice (the data is safe now, so there is nothing left to say).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("unknot.core.storage.notices")

Retry = Callable[[], bool]
"""Tries a failed save again; True when it succeeded (the notice is then withdrawn)."""


class SaveError(OSError):
    """A save that did not reach the disk; ``str()`` is a sentence for the person.

    An ``OSError`` so that code written before it (``except OSError``) still
    catches it; ``sentence`` says what was not saved and what happens now.
    """

    def __init__(self, sentence: str, cause: OSError | None = None) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.cause = cause

    def __str__(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class Notice:
    key: str
    """Whose notice: one per key is kept (``"settings.save"``, ``"history.open"``...)."""
    text: str
    """One or two plain sentences: what happened to what, and what it means now."""
    action: str = ""
    """A button's words for what the person can do about it ("" for none)."""


class Notices:
    """The notices not yet dismissed, in the order they came; listeners redraw on change."""

    def __init__(self) -> None:
        self._notices: dict[str, Notice] = {}
        self._retries: dict[str, Retry] = {}
        self._actions: dict[str, tuple[str, Callable[[], None]]] = {}
        self._dismissed: set[tuple[str, str]] = set()
        self._listeners: list[Callable[[], None]] = []

    @property
    def pending(self) -> tuple[Notice, ...]:
        return tuple(self._notices.values())

    def on_changed(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def tell(self, key: str, text: str, retry: Retry | None = None) -> None:
        """Shows ``text`` under ``key`` (replacing that key's earlier one); said once.

        The same text under the same key, once dismissed, is not shown again in
        this run: a save that keeps failing is said once, not at every attempt.
        Its retry is kept either way.
        """
        if retry is not None:
            self._retries[key] = retry
        if (key, text) in self._dismissed:
            return
        label = self._actions.get(key, ("", None))[0]
        if self._notices.get(key) == Notice(key, text, label):
            return
        log.warning("%s", text)
        self._notices[key] = Notice(key, text, label)
        self._changed()

    def offer(self, key: str, label: str, action: Callable[[], None]) -> None:
        """Gives the notice under ``key`` a button: ``label``, doing ``action`` then dismissing.

        For a trouble only the person can settle (start a file that cannot be read
        afresh); offered before or after the notice is told.
        """
        self._actions[key] = (label, action)
        notice = self._notices.get(key)
        if notice is not None:
            self._notices[key] = Notice(key, notice.text, label)
            self._changed()

    def act(self, key: str) -> None:
        """The person tapped the notice's button: does its action, then the notice goes."""
        label_action = self._actions.pop(key, None)
        if label_action is not None:
            label_action[1]()
        self.dismiss(key)

    def withdraw(self, key: str) -> None:
        """The trouble under ``key`` is over (the save went through): stop showing it."""
        self._retries.pop(key, None)
        self._actions.pop(key, None)
        if self._notices.pop(key, None) is not None:
            self._changed()

    def dismiss(self, key: str) -> None:
        """The person has read it; a retry stays, so the data is still saved later."""
        notice = self._notices.pop(key, None)
        if notice is not None:
            self._dismissed.add((notice.key, notice.text))
            self._changed()

    def retry(self) -> None:
        """Tries every failed save again; those that succeed are withdrawn."""
        for key, attempt in list(self._retries.items()):
            try:
                done = attempt()
            except Exception:  # a retry must never stop the others, nor the app
                log.exception("Retrying %s failed", key)
                done = False
            if done:
                self.withdraw(key)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()
