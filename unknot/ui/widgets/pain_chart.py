"""Pain before and after each session, drawn with Kivy's own graphics.

Two series on a 0-10 scale, one point per session in time order: before
(muted, hollow) and after (the accent colour, filled), joined by lines. No
plotting library: the chart is a few lines and circles, and Kivy's canvas
draws them on every platform the app runs on. ``drawn_points`` says how many
circles were drawn, for the tests.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.metrics import dp
from kivy.properties import ListProperty
from kivy.uix.widget import Widget

from unknot.ui import theme

SCALE_MAX = 10


class PainChart(Widget):
    before = ListProperty()
    """Ratings 0-10, one per session, oldest first."""
    after = ListProperty()
    """Ratings 0-10 or None (a session with no final rating), in the same order."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.drawn_points = 0
        self.bind(pos=self.redraw, size=self.redraw, before=self.redraw, after=self.redraw)

    def redraw(self, *_args: object) -> None:
        self.canvas.clear()
        self.drawn_points = 0
        pad = dp(12)
        left, bottom = self.x + pad, self.y + pad
        width, height = max(self.width - 2 * pad, 1), max(self.height - 2 * pad, 1)
        count = len(self.before)

        def at(index: int, value: float) -> tuple[float, float]:
            x = left + (width * index / (count - 1) if count > 1 else width / 2)
            return x, bottom + height * value / SCALE_MAX

        with self.canvas:
            Color(*theme.SURFACE_RAISED)
            for level in (0, 3, 6, 10):  # the pain rule's bands: 0-3 go, 4-5, 6+ stop
                y = bottom + height * level / SCALE_MAX
                Line(points=[left, y, left + width, y], width=1)
            if not count:
                return
            radius = dp(5)
            for series, colour, filled in (
                (self.before, theme.TEXT_MUTED, False),
                (self.after, theme.ACCENT, True),
            ):
                points = [(i, v) for i, v in enumerate(series) if v is not None]
                Color(*colour)
                if len(points) > 1:
                    flat = [c for i, v in points for c in at(i, v)]
                    Line(points=flat, width=dp(1.5))
                for i, v in points:
                    x, y = at(i, v)
                    if filled:
                        Ellipse(pos=(x - radius, y - radius), size=(2 * radius, 2 * radius))
                    else:
                        Line(circle=(x, y, radius), width=dp(1.5))
                    self.drawn_points += 1
