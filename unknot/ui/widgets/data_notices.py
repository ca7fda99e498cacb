"""The bar that tells the person about their data, above whichever screen is open.

A damaged file set aside, a save that did not reach the disk: the person must
hear of it where they are, not only on the screen of the file concerned (the
damaged safety answers were never shown anywhere). One notice shows at a time,
with how many wait behind it, so a bad day with three files does not push the
screen away; "OK" shows the next.
"""

from __future__ import annotations

from typing import Any

from kivy.core.window import Window
from kivy.properties import NumericProperty, StringProperty

from unknot.core.storage.notices import Notices
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets.common import ShownBox


class DataNotices(ShownBox):
    """Shows ``notices.pending[0]``; its OK dismisses it. With none, it is hidden: no
    height, and its words, scroll view and buttons out of the window (``ShownBox``)."""

    text = StringProperty()
    waiting = NumericProperty(0)
    """How many more notices wait behind the one shown."""
    key = StringProperty()
    max_text_height = NumericProperty(0)
    """A quarter of the window: more of a long notice scrolls."""
    action = StringProperty()
    """The notice's own button ("Start this file afresh"), or "" for none."""

    def __init__(self, notices: Notices, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notices = notices
        notices.on_changed(self.refresh)
        self.refresh()
        Window.bind(height=self._fit)
        self._fit(Window, Window.height)

    def _fit(self, _window: Any, height: float) -> None:
        self.max_text_height = height / 4

    def refresh(self) -> None:
        pending = self.notices.pending
        first = pending[0] if pending else None
        self.key = first.key if first else ""
        self.text = first.text if first else ""
        self.action = first.action if first else ""
        self.waiting = max(0, len(pending) - 1)
        self.shown = first is not None

    def dismiss(self) -> None:
        if self.key:
            self.notices.dismiss(self.key)

    def act(self) -> None:
        if self.key:
            self.notices.act(self.key)


load_kv_beside(__file__)
