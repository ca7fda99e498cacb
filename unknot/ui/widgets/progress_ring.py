"""A ring around the countdown that fills as the session goes: progress readable at a glance."""

from __future__ import annotations

from kivy.properties import NumericProperty
from kivy.uix.widget import Widget

from unknot.ui.kv import load_kv_beside


class ProgressRing(Widget):
    progress = NumericProperty(0.0)
    """From 0 to 1."""
    thickness = NumericProperty(10)


load_kv_beside(__file__)
