"""A scroll view that clips with the GPU's scissor instead of Kivy's stencil.

Kivy's ``ScrollView`` is a ``StencilView``: at every frame it clears the whole
window's stencil buffer, draws its own rectangle into it, and draws it again to
take it out. The player redraws once a second for as long as a routine plays,
and with a software renderer (Mesa's llvmpipe under Xvfb, bench/player_cpu.py)
the cue list's stencil was about 3 ms of each 29 ms redraw. A scissor is a
rectangle the rasterizer skips outside of: nothing to draw, nothing to clear.

The catch is that a scissor is in window pixels while a widget's position is in
its parent's coordinates (the screen is a ``RelativeLayout``). So the scissor is
set by a canvas ``Callback`` as each frame is drawn, from ``to_window``: it
follows any ancestor that moves, without a binding on each, and it writes
nothing into Kivy's instructions during the draw (which would ask for another
frame). It is not a Kivy ``ScissorPush``, so it does not nest inside one, and
it cannot follow a transformation of the whole window (a soft keyboard panning
it, a rotation by Kivy): use it only where no text is typed, as on the player.
"""

from __future__ import annotations

import math
from typing import Any

from kivy.graphics import Callback
from kivy.graphics.opengl import GL_SCISSOR_TEST, glDisable, glEnable, glScissor
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
        self.canvas.before.add(Callback(self._clip))
        self.canvas.after.add(Callback(self._unclip))

    def _clip(self, _instruction: Any) -> None:
        left, bottom = self.to_window(self.x, self.y)
        right, top = self.to_window(self.right, self.top)
        glEnable(GL_SCISSOR_TEST)
        glScissor(*window_box(left, bottom, right, top))

    def _unclip(self, _instruction: Any) -> None:
        glDisable(GL_SCISSOR_TEST)


load_kv_beside(__file__)
