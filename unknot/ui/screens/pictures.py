"""Choosing a step's picture in the editor: one of the app's own, or a file of the person's.

The app's pictures are a grid of thumbnails; a tap chooses one and shows what it
shows in words (the index's description: the alt text, since no words are
drawn into a picture). Below, a list of the folder's picture files, as the
import screen lists routine files; where the system has its own picker
(Android, whose scoped storage hides the person's folders from the app), one
button opens it instead, and the picked file is the choice. "Use this picture" makes the choice the
step's picture; "Add as the next frame" appends it to the frames shown in turn.
Copying a file in, and the checks, are the library flow's
(:func:`unknot.core.routines.pictures.copy_picture_in`).
"""

from __future__ import annotations

from pathlib import Path

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from unknot.core.routines.draft import split_commas
from unknot.core.routines.pictures import MAX_FRAMES, PICTURE_SUFFIXES, BundledPicture
from unknot.ui.folder_listing import folder_entries
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import BigButton, ToggleAction

GROUP = "step_picture"
BUNDLED = "bundled"
FILE = "file"


class PictureTile(ToggleButtonBehavior, BoxLayout):
    """One of the app's pictures: its thumbnail, and its name in words under it."""

    source = StringProperty()
    text = StringProperty()
    name = StringProperty()
    description = StringProperty()


def caption(picture: BundledPicture) -> str:
    """``pictures/chin-tuck-lying-rest.png`` as "chin tuck lying rest"."""
    return Path(picture.name).stem.replace("-", " ")


class PictureScreen(Screen):
    current = StringProperty()
    """The step's pictures now, as the step editor has them (frames separated by commas)."""
    chosen = StringProperty()
    """A bundled picture's name, or the path of a file of the person's."""
    kind = StringProperty()
    """What ``chosen`` is: BUNDLED or FILE."""
    description = StringProperty()
    folder = StringProperty()
    problem = StringProperty()
    frames = NumericProperty(0)
    can_add = BooleanProperty(False)

    __events__ = ("on_use", "on_cancel", "on_red_flags", "on_pick_file")

    def open(self, bundled: tuple[BundledPicture, ...], current: str, folder: Path | None) -> None:
        """``folder`` is where to list picture files; None: the system's picker instead."""
        self.current = current
        self.frames = len(split_commas(current))
        self.problem = ""
        self._choose("", "", "")
        grid = self.ids.bundled_grid
        grid.clear_widgets()
        for picture in bundled:
            tile = PictureTile(
                source=str(picture.path),
                text=caption(picture),
                name=picture.name,
                description=picture.description,
                group=GROUP,
            )
            tile.bind(on_release=self._tile_tapped)
            grid.add_widget(tile)
        if folder is None:
            self.show_system_picker()
        else:
            self.show_folder(folder)

    def _tile_tapped(self, tile: PictureTile) -> None:
        if tile.state == "down":
            self._choose(BUNDLED, tile.name, tile.description)
        else:
            self._choose("", "", "")

    def _choose(self, kind: str, chosen: str, description: str) -> None:
        self.kind = kind
        self.chosen = chosen
        self.description = description
        self.problem = ""
        self.can_add = bool(chosen) and 0 < self.frames < MAX_FRAMES

    def show_folder(self, folder: Path) -> None:
        self.folder = str(folder)
        if self.kind == FILE:
            self._choose("", "", "")
        folders, files = folder_entries(folder, PICTURE_SUFFIXES)
        holder = self.ids.file_entries
        holder.clear_widgets()
        if folder.parent != folder:
            up = BigButton(text="Up: " + (folder.parent.name or str(folder.parent)), halign="left")
            up.bind(on_release=lambda *_: self.show_folder(folder.parent))
            holder.add_widget(up)
        for sub in folders:
            button = BigButton(text=sub.name + "/", halign="left")
            button.bind(on_release=lambda *_, f=sub: self.show_folder(f))
            holder.add_widget(button)
        for file in files:
            toggle = ToggleAction(text=file.name, group=GROUP)
            toggle.bind(on_release=lambda b, f=file: self._file_tapped(b, f))
            holder.add_widget(toggle)

    def show_system_picker(self) -> None:
        """One button that opens the system's picker (``on_pick_file``); no folder list."""
        self.folder = ""
        holder = self.ids.file_entries
        holder.clear_widgets()
        button = BigButton(text="Choose a picture file")
        button.bind(on_release=lambda *_: self.dispatch("on_pick_file"))
        holder.add_widget(button)

    def picked_file(self, file: Path) -> None:
        """The system's picker gave ``file`` (a local copy): it is the choice now."""
        for tile in self.ids.bundled_grid.children:
            tile.state = "normal"
        self._choose(FILE, str(file), f"Your picture {file.name}, copied beside your routine.")

    def _file_tapped(self, button: ToggleAction, file: Path) -> None:
        if button.state == "down":
            self._choose(FILE, str(file), f"Your picture {file.name}, copied beside your routine.")
        else:
            self._choose("", "", "")

    def show_problem(self, text: str) -> None:
        self.problem = text

    def on_use(self, kind: str, chosen: str, how: str) -> None:
        """``how`` is "replace", "add" (the next frame) or "clear" (no picture)."""

    def on_cancel(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass

    def on_pick_file(self) -> None:
        pass


load_kv_beside(__file__)
