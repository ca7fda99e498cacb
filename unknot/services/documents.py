"""Opening and saving routine files through the platform's own document screens.

On Android an app cannot list the person's files (scoped storage): the system's
open-document screen is the way in, and its create-document screen the way out
(to Downloads, a memory card, Drive...). A desktop has neither need: the app
shows its own file list and writes exports to ~/Downloads itself. So each method
returns False where the platform has no such screen, and the app then does its
own thing; both report their result later, through a callback on Kivy's thread,
because the system screen runs while the app waits in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger("unknot.services")


class Documents(Protocol):
    def pick_routine_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        """Opens the system's picker; False (and no callback) when this platform has none.

        When True, ``on_picked`` is called once, later, on Kivy's thread: with a
        local file holding a copy of the chosen document's bytes (under its own
        name, so the loader's messages name it: a .yaml, or a .zip bundle of a routine
        and its pictures), or None if the person cancelled
        or the document could not be read. The copy is what to hand to
        ``RoutineLibrary.import_file``; it is a cache file, replaced by the next pick.
        """

    def pick_picture_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        """Opens the system's picker for a PNG or JPEG; False (and no callback) without one.

        As :meth:`pick_routine_file`: ``on_picked`` gets a local copy of the chosen
        picture (under its own name, at most one byte over the largest picture
        allowed, so the picture checks can say it is too large), or None. The
        editor checks the copy and copies it beside the routine, as any picture
        file; the copy itself is a cache file, replaced by the next pick.
        """

    def save_file(
        self, source: Path, suggested_name: str, on_done: Callable[[str | None], None]
    ) -> bool:
        """Lets the person save ``source`` where they choose; False when there is no such screen.

        ``source`` is read at once (it may be deleted after the call). When True,
        ``on_done`` is called once, later, on Kivy's thread: with where it went in
        words the person knows (the document's name as the system shows it,
        which may differ from ``suggested_name``), or None if cancelled or failed.
        """


class NullDocuments:
    """For desktops: the app has its own file list, and exports go to ~/Downloads."""

    def pick_routine_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return False

    def pick_picture_file(self, on_picked: Callable[[Path | None], None]) -> bool:
        return False

    def save_file(
        self, source: Path, suggested_name: str, on_done: Callable[[str | None], None]
    ) -> bool:
        return False


def create_documents(platform: str) -> Documents:
    """The documents service for ``platform`` (a ``kivy.utils.platform`` value).

    Never raises: without the Android parts (or anywhere else) the app keeps its
    own file list, which is better than no import at all.
    """
    if platform != "android":
        return NullDocuments()
    try:
        from unknot.services.android.documents import AndroidDocuments

        return AndroidDocuments()
    except Exception as error:
        log.warning(
            "Could not start the system's document screens (%s); carrying on without", error
        )
        return NullDocuments()
