"""Rounded corners drawn from one small texture, instead of Kivy's ``RoundedRectangle``.

Kivy draws a ``RoundedRectangle`` as a fan of long thin triangles from its
centre, and a renderer pays for a thin triangle far beyond its few pixels: with
Mesa's software renderer, 40 buttons' fans cost 16 ms a frame against 9 ms for
the same 40 plain rectangles (``python bench/frame_parts.py``). The player
redraws once a second for as long as a routine plays, with six rounded buttons
on it. A ``BorderImage`` of a small white rounded square,
its edges stretched (nine quads), draws the same shape for about a rectangle's
cost, and its corners are smoothed where the fan's were jagged.

In kv, under a ``Color`` that gives the fill (the import registers it)::

    #:import rounded unknot.ui.rounded
    RoundedFill:
        pos: self.pos
        size: self.size
        radius: dp(12)
"""

from __future__ import annotations

import math
from functools import lru_cache

from kivy.factory import Factory
from kivy.graphics import BorderImage
from kivy.graphics.texture import Texture


def corner(radius: float) -> int:
    """The corner's size in texture pixels: the radius, whole."""
    return max(1, math.ceil(radius))


def rounded_square(radius: float) -> tuple[int, bytes]:
    """A white square with rounded corners, RGBA rows from the bottom: its side and bytes.

    The side is two corners and two pixels of flat middle, which the ``BorderImage``
    stretches. Each pixel's alpha is how much of it the rounded shape covers, to about
    a pixel (distance to the corner's arc), so the curve is smooth at any density. One
    corner is worked out and mirrored into the others: at a phone's density a corner is
    some 36 pixels a side, and this runs as the first button is built.
    """
    edge = corner(radius)
    side = 2 * edge + 2
    # The bottom-left corner's alpha, row by row: how far each pixel's centre is past
    # the arc, whose centre is ``radius`` in from both edges.
    rows = []
    for y in range(edge):
        uy = max(0.0, radius - (y + 0.5))
        row = []
        for x in range(edge):
            ux = max(0.0, radius - (x + 0.5))
            beyond = math.hypot(ux, uy) - radius if ux and uy else -1.0
            row.append(round(min(1.0, max(0.0, 0.5 - beyond)) * 255))
        rows.append(row)
    middle = [255] * edge
    lines = [*rows, middle, middle, *reversed(rows)]
    alpha = bytes(value for line in lines for value in (*line, 255, 255, *reversed(line)))
    pixels = bytearray(b"\xff" * (side * side * 4))
    pixels[3::4] = alpha
    return side, bytes(pixels)


@lru_cache(maxsize=8)
def texture(radius: float) -> Texture:
    """The rounded square for ``radius`` pixels, made once per radius (and remade after the
    GL context is lost, as Android can, through Kivy's reload observer)."""
    side, pixels = rounded_square(radius)
    made = Texture.create(size=(side, side), colorfmt="rgba")

    def fill(tex: Texture) -> None:
        tex.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")

    fill(made)
    made.add_reload_observer(fill)
    return made


def border(radius: float) -> tuple[int, int, int, int]:
    """``BorderImage.border`` (bottom, right, top, left) for :func:`texture`'s corners."""
    edge = corner(radius)
    return edge, edge, edge, edge


class RoundedFill(BorderImage):
    """A ``BorderImage`` of :func:`texture`'s rounded square, set by its ``radius`` alone.

    Its corners shrink on a widget smaller than two of them (``auto_scale``): a button
    folded to nothing would otherwise still show its four corners as a small blob.
    """

    def __init__(self, radius: float = 0.0, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.auto_scale = "both_lower"
        self._radius = 0.0
        if radius:
            self.radius = radius

    @property
    def radius(self) -> float:
        return self._radius

    @radius.setter
    def radius(self, radius: float) -> None:
        self._radius = radius
        self.texture = texture(radius)
        self.border = border(radius)


Factory.register("RoundedFill", cls=RoundedFill)
