"""What the in-app file choosers list: a folder's sub-folders and files of some kinds.

The import screen (routine files and bundles) and the picture screen (PNG and JPEG)
browse the same way; a folder of thousands of entries is cut short rather than
freezing the screen, and an entry that cannot be looked at is left out.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

MAX_ENTRIES = 300
"""Listed of each kind at most."""


def folder_entries(folder: Path, suffixes: Collection[str]) -> tuple[list[Path], list[Path]]:
    """The sub-folders and the files ending in ``suffixes`` (lower case), sorted, no hidden."""
    folders: list[Path] = []
    files: list[Path] = []
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name.lower())
    except OSError:
        return [], []
    for child in children[: MAX_ENTRIES * 4]:
        if child.name.startswith("."):
            continue
        try:
            if child.is_dir():
                folders.append(child)
            elif child.suffix.lower() in suffixes:
                files.append(child)
        except OSError:
            continue
    return folders[:MAX_ENTRIES], files[:MAX_ENTRIES]
