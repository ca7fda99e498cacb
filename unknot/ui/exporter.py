"""Saving an exported file where the person can find it: one path for every export.

On a desktop the file is written straight to Downloads (or the home folder).
Where the platform has its own save screen (Android's documents), the file is
written to a staging folder in the app's data and handed to that screen, where
the person chooses the place. The routine, history and calendar exports differ
only in what they write and in the sentence that says where it went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from unknot.core.storage.atomic import write_atomic
from unknot.services.documents import Documents

log = logging.getLogger("unknot.exporter")

Tell = Callable[[str], None]


def export_folder(home: Path | None = None) -> Path:
    """Where an exported file goes on a desktop: Downloads when there is one, else home."""
    base = home or Path.home()
    downloads = base / "Downloads"
    return downloads if downloads.is_dir() else base


class Exporter:
    def __init__(
        self,
        documents: Documents,
        staging: Path,
        *,
        through_system: bool,
        folder: Callable[[], Path] = export_folder,
    ) -> None:
        self.documents = documents
        self.staging = staging
        self.through_system = through_system
        self._folder = folder

    def folder(self) -> Path:
        """Where to write: the staging folder before the system's save screen, or Downloads."""
        if not self.through_system:
            return self._folder()
        self.staging.mkdir(parents=True, exist_ok=True)
        return self.staging

    def write(
        self, name: str, data: str | bytes, tell: Tell, *, saved: str, not_saved: str
    ) -> Path | None:
        """Writes ``data`` as ``name`` in one step and delivers it; ``tell`` gets the sentence.

        Atomic: a file a calendar app watches, or last month's export it replaces, is
        never left half written.
        """
        target = self.folder() / name
        try:
            write_atomic(target, data)
        except OSError as error:
            tell(f"Could not write {target} ({error.strerror}).")
            return None
        self.deliver(target, tell, saved=saved, not_saved=not_saved)
        return target

    def deliver(self, path: Path, tell: Tell, *, saved: str, not_saved: str) -> None:
        """After ``path`` was written into :meth:`folder`: says where it is, or asks where.

        ``saved`` is the desktop's sentence, with ``{path}`` where the file's path goes.
        """
        if not self.through_system:
            tell(saved.format(path=path))
            return

        def done(place: str | None) -> None:
            tell(f"Saved as {place}." if place else not_saved)

        if not self.documents.save_file(path, path.name, done):
            tell("This device has no place to save files to.")
