"""What a second start on the same data folder shows: Unknot is open in another window.

Two windows on one data folder would undo each other's changes and both fire
every reminder (:mod:`unknot.core.storage.instance_lock`). The second start
builds none of the app: no store is opened, nothing is written. It shows one
message and a button to close, in the app's own colours and sizes.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.core.window import Window
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common  # noqa: F401 (its kv rules are used here)

MESSAGE = "Unknot is already open in another window."


class AlreadyOpen(BoxLayout):
    message = StringProperty(MESSAGE)
    detail = StringProperty()


class AlreadyOpenApp(App):
    """The whole app for a second start: the message and Close."""

    title = "Unknot"
    font_scale = NumericProperty(1.0)
    """The text widgets read the app's text size; the person's setting is not read here."""

    def __init__(self, holder_pid: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.holder_pid = holder_pid

    def build(self) -> AlreadyOpen:
        Window.clearcolor = theme.BACKGROUND
        detail = "Use that window: two windows on the same data would undo each other's changes."
        if self.holder_pid is not None:
            detail += f" (It is process {self.holder_pid}.)"
        view = AlreadyOpen(detail=detail)
        view.ids.close.bind(on_release=lambda *_: self.stop())
        return view


load_kv_beside(__file__)
