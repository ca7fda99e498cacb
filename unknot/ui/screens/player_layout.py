"""Where the player puts its countdown, the step's picture and the words, for the window's shape.

Tall (a phone): the picture between the countdown and the words, as wide as the
screen allows, but never at the words' expense: the title, the notice (the heat
keeps counting, ease off), the first lines of the instruction, what comes next
and the tap buttons are measured first, and the picture takes the room left,
down to a size still worth looking at. Wide (a tablet, a desktop): the countdown
over the picture, beside the words, which keep the window's whole height as
before pictures. No picture: the countdown and the words alone, as before, with
no hole where a picture would be.

Nothing here runs each second: the arrangement changes with the window's shape
or a picture's coming or going, and the picture's height with the words' heights,
which change with the step (the countdown is not among them).
"""

from __future__ import annotations

from typing import Any

from kivy.metrics import dp
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

PHONE_CLOCK_SHARE = 0.25
"""A tall window with a picture: the countdown's share of the height."""
PHONE_PICTURE_MOST = 0.4
"""...and the most the picture may take (a 4:3 picture across a phone takes about a third)."""
PICTURE_LEAST_DP = 110
"""The smallest the picture is made for the words' sake: still a picture, not an icon."""
CUE_LINES = 3
"""The instruction's lines the picture never hides (the rest scrolls, as it always did)."""
WIDE_PICTURE_COLUMN = 0.9
"""A wide window with a picture: the countdown-and-picture column's width beside the words' 1."""
WIDE_CLOCK_SHARE = 0.55
"""In that column: the countdown's height beside the picture's 1."""
WITHOUT_PICTURE_WIDE = (0.45, 1)
WITHOUT_PICTURE_TALL = (1, 0.5)
"""Without a picture, the countdown's size hint beside or over the words' (1, 1): the
layout from before pictures."""


class PlayerLayout:
    """Moves the player's three parts between its body and a column, and sizes the picture."""

    def __init__(
        self,
        body: BoxLayout,
        clock: Widget,
        picture: Widget,
        words: BoxLayout,
        *,
        fixed: tuple[Widget, ...],
        notice: Label,
        cue: Label,
    ) -> None:
        self.body = body
        self.clock = clock
        self.picture = picture
        self.words = words
        self.fixed = fixed
        """The words' parts that are seen whole: title, side and rep, next, buttons."""
        self.notice = notice
        self.cue = cue
        self.column = BoxLayout(orientation="vertical", spacing=dp(12))
        """The countdown over the picture, beside the words in a wide window."""
        self.arranged: tuple[bool, bool] | None = None
        for widget in (*fixed, notice, cue):
            widget.bind(height=self.fit)
        cue.bind(font_size=self.fit)
        body.bind(height=self.fit)
        picture.bind(width=self.fit, image_ratio=self.fit)

    @property
    def phone_with_picture(self) -> bool:
        return self.arranged == (False, True)

    def arrange(self, *, wide: bool, shown: bool) -> None:
        """Puts the parts in place for the shape and whether a picture is shown."""
        if (wide, shown) == self.arranged:
            return
        self.arranged = (wide, shown)
        for widget in (self.clock, self.picture, self.words, self.column):
            if widget.parent is not None:
                widget.parent.remove_widget(widget)
        self.body.orientation = "horizontal" if wide else "vertical"
        self.words.size_hint = (1, 1)
        self.picture.size_hint = (1, 1)
        order: tuple[Widget, ...]
        if shown and wide:
            self.clock.size_hint = (1, WIDE_CLOCK_SHARE)
            self.column.size_hint = (WIDE_PICTURE_COLUMN, 1)
            self.column.add_widget(self.clock)
            self.column.add_widget(self.picture)
            order = (self.column, self.words)
        elif shown:
            self.clock.size_hint = (1, None)
            self.picture.size_hint = (1, None)
            order = (self.clock, self.picture, self.words)
        else:
            self.clock.size_hint = WITHOUT_PICTURE_WIDE if wide else WITHOUT_PICTURE_TALL
            order = (self.clock, self.words)
        for widget in order:
            self.body.add_widget(widget)
        self.fit()

    def fit(self, *_args: Any) -> None:
        """On a phone with a picture: the countdown's height, and the picture's from the room
        the words leave it."""
        if not self.phone_with_picture:
            return
        height = self.body.height
        clock = height * PHONE_CLOCK_SHARE
        parts = len(self.words.children)
        words = sum(widget.height for widget in self.fixed)
        words += self.words.spacing * max(0, parts - 1) + self.notice.height + dp(8)
        words += min(self.cue.height, CUE_LINES * self.cue.font_size * 1.25 + dp(4))
        room = height - clock - 2 * self.body.spacing - words
        ratio = self.picture.image_ratio or 1.0
        most = min(height * PHONE_PICTURE_MOST, self.picture.width / ratio)
        picture = max(dp(PICTURE_LEAST_DP), min(most, room))
        self.clock.height = clock
        if abs(self.picture.height - picture) > 1:
            self.picture.height = picture
