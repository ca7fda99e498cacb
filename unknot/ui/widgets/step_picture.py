"""A step's picture as every screen shows it: whole, never stretched, mirrored for the other side.

The bundled pictures show one side (``side_drawn``); the other side is the
same picture flipped left to right, done here in the canvas so that no second
file and no second texture is needed. The flip is about the widget's centre,
so the widget still takes touches where it is drawn.

Which frame shows, and whether it is mirrored, is the caller's: the player
knows the session's clock and side (``pictures.frame_index``,
``pictures.mirrored``); a list of steps shows the first frame.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty
from kivy.uix.image import Image

from unknot.ui.kv import load_kv_beside


class StepPicture(Image):
    mirrored = BooleanProperty(False)
    """Shown flipped left to right: the side the picture does not draw."""


load_kv_beside(__file__)
