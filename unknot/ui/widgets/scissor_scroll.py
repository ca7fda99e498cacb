"""A scroll view that clips with the GPU's scissor instead of Kivy's stencil.

Kivy's ``ScrollView`` is a ``StencilView``: at every frame it clears the whole
window's stencil buffer, draws its own rectangle into it, and draws it again to
take it out. The player redraws once a second for as long as a routine plays,
and with a software renderer (Mesa's llvmpipe under Xvfb, bench/player_cpu.py)
the cue list's stencil was about 3 ms of each 29 ms redraw. A scissor is a
rectangle the rasterizer skips outside of: nothing to draw, nothing to clear.

The catch is that a scissor is in window pixels while a widget's position is in
its parent's coordinates (the screen is a ``RelativeLayout``). So the rectangle
is worked out from ``to_window`` as each frame is drawn, by a canvas
``Callback`` just before the scissor: it follows any ancestor that moves
without a binding on each. Written during the draw, it asks for no further
frame (the draw's end clears Kivy's update flags; a test counts the frames).
What it cannot follow is a transformation of the whole window (a soft keyboard
panning it, a rotation by Kivy): use it only where no text is typed, as on the
player.
"""

from __future__ import annotations

import math
from typing import Any

from kivy.graphics import Callback, ScissorPop, ScissorPush
from kivy.uix.scrollview import ScrollView

from unknot.ui.kv import load_kv_beside


def window_box(x: float, y: float, right: float, top: float) -> tuple[int, int, int, int]:
    """Whole pixels that cover the box, for ``glScissor``: x, y, width, height.

    Rounded outwards, so a box at a fractional place never loses its edge pixels.
    """
    left, bottom = math.floor(x), math.floor(y)
    return left, bottom, max(0, math.ceil(right) - left), max(0, math.ceil(top) - bottom)


class ScissorScrollView(ScrollView):
    """A ``ScrollView`` whose content is clipped by a scissor (kv: ``<-ScissorScrollView>``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas.before:
            Callback(self._place_scissor)
            self._scissor = ScissorPush(x=0, y=0, width=0, height=0)
        with self.canvas.after:
            ScissorPop()

    def _place_scissor(self, _instruction: Any) -> None:
        left, bottom = self.to_window(self.x, self.y)
        right, top = self.to_window(self.right, self.top)
        box = window_box(left, bottom, right, top)
        scissor = self._scissor
        if (scissor.x, scissor.y, scissor.width, scissor.height) != box:
            scissor.pos = box[:2]
            scissor.size = box[2:]


load_kv_beside(__file__)
