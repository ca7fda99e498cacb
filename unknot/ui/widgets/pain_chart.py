"""Pain before and after each session, drawn with Kivy's own graphics.

Two series on a 0-10 scale, one point per session in time order: before
(muted, hollow) and after (the accent colour, filled), joined by lines. No
plotting library: the chart is a few lines and circles, and Kivy's canvas
draws them on every platform the app runs on. ``drawn_points`` says how many
circles were drawn, ``grid`` where the scale's lines went, for the tests.

The scale is labelled (0, 5, 10) on the left and its lines are evenly spaced, every
2 points; the right edge keeps clear of the list's scroll bar.
"""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.metrics import dp, sp
from kivy.properties import ListProperty
from kivy.uix.widget import Widget

from unknot.ui import theme

SCALE_MAX = 10
GRID_STEP = 2
LABELLED = (0, 5, 10)


class PainChart(Widget):
    before = ListProperty()
    """Ratings 0-10, one per session, oldest first."""
    after = ListProperty()
    """Ratings 0-10 or None (a session with no final rating), in the same order."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.drawn_points = 0
        self.grid: list[tuple[int, float]] = []
        """Each scale line's level and its height on screen (window coordinates)."""
        self.labels: list[str] = []
        self.right_edge = 0.0
        """Where the points may go at most: clear of the scroll bar beside the chart."""
        self.bind(pos=self.redraw, size=self.redraw, before=self.redraw, after=self.redraw)

    def redraw(self, *_args: object) -> None:
        self.canvas.clear()
        self.drawn_points = 0
        self.grid, self.labels = [], []
        pad, scale_room, bar_room = dp(12), dp(28), dp(20)
        left, bottom = self.x + scale_room, self.y + pad
        width = max(self.width - scale_room - bar_room, 1)
        height = max(self.height - 2 * pad, 1)
        self.right_edge = left + width
        count = len(self.before)

        def at(index: int, value: float) -> tuple[float, float]:
            x = left + (width * index / (count - 1) if count > 1 else width / 2)
            return x, bottom + height * value / SCALE_MAX

        with self.canvas:
            for level in range(0, SCALE_MAX + 1, GRID_STEP):
                y = bottom + height * level / SCALE_MAX
                Color(*theme.SURFACE_RAISED)
                Line(points=[left, y, left + width, y], width=1)
                self.grid.append((level, y))
            Color(*theme.TEXT_MUTED)
            for level in LABELLED:
                y = bottom + height * level / SCALE_MAX
                label = CoreLabel(text=str(level), font_size=sp(12))
                label.refresh()
                texture = label.texture
                Rectangle(
                    texture=texture,
                    pos=(left - dp(6) - texture.width, y - texture.height / 2),
                    size=texture.size,
                )
                self.labels.append(str(level))
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
