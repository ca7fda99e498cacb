"""Importing a routine from a .yaml file (or a .zip of one with its pictures): pick it,
see its problems, or answer a clash.

On a desktop the picker is a list of the folder's routine files and sub-folders
as large buttons: Kivy's FileChooser rows are 24 dp, too small to tap, and a
routine file is all there is to pick. A bad file shows the validator's lines and
changes nothing; a routine whose id is taken asks before anything is replaced.
"""

from __future__ import annotations

from pathlib import Path

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from unknot.ui.folder_listing import folder_entries
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)
from unknot.ui.widgets.common import BigButton, ToggleAction

ROUTINE_SUFFIXES = (".yaml", ".yml", ".zip")
"""What can be imported: a routine file, or a bundle of one with its pictures."""


class ImportScreen(Screen):
    folder = StringProperty()
    chosen = StringProperty()
    problem = StringProperty()
    asking = BooleanProperty(False)
    can_replace = BooleanProperty(False)
    known_bad = BooleanProperty(False)
    """The chosen file was checked and has problems: Import waits for another choice."""
    empty = BooleanProperty(False)

    __events__ = (
        "on_import",
        "on_cancel",
        "on_red_flags",
    )

    def open_at(self, folder: Path) -> None:
        self.chosen = ""
        self.clear()
        self.show_folder(folder)

    def show_folder(self, folder: Path) -> None:
        self.folder = str(folder)
        self.chosen = ""
        self.clear()
        folders, files = folder_entries(folder, ROUTINE_SUFFIXES)
        holder = self.ids.entries
        holder.clear_widgets()
        if folder.parent != folder:
            holder.add_widget(
                self._entry(
                    "Up: " + (folder.parent.name or str(folder.parent)),
                    lambda *_: self.show_folder(folder.parent),
                )
            )
        for sub in folders:
            holder.add_widget(self._entry(sub.name + "/", lambda *_, f=sub: self.show_folder(f)))
        for file in files:
            button = ToggleAction(text=file.name, group="import_file")
            button.bind(
                on_release=lambda b, f=file: self.selected([str(f)] if b.state == "down" else [])
            )
            holder.add_widget(button)
        self.empty = not files

    def _entry(self, text: str, action: object) -> BigButton:
        button = BigButton(text=text, halign="left")
        button.bind(on_release=action)
        return button

    def clear(self) -> None:
        self.problem = ""
        self.asking = False
        self.can_replace = False
        self.known_bad = False

    def selected(self, selection: list[str]) -> None:
        self.chosen = selection[0] if selection else ""
        self.clear()

    def ask(self, question: str, *, can_replace: bool) -> None:
        """The id is taken: offer Replace (the person's own only) or Keep both."""
        self.problem = question
        self.asking = True
        self.can_replace = can_replace

    def show_problems(self, text: str) -> None:
        self.problem = text
        self.asking = False
        self.known_bad = True

    def on_import(self, path: str, how: str) -> None:
        """``how`` is "new", "replace" or "copy"."""

    def on_cancel(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
