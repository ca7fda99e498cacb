"""A new tree of widgets laid out at once, top down, before its first frame.

Kivy lays a new tree out over several passes of its clock, each level after its
parent has given it a size; the labels, whose text wraps at their width, are
rendered again at every width they pass through on the way. Home's first frame
rendered its 29 labels 98 times, measuring some 2,400 glyphs; with every layout
given its final size first, 47 times, about 15 ms less before home is drawn
(bench/startup.py). Kivy still lays the tree out on its own afterwards, as always:
this only gets there first, so nothing it does can differ.
"""

from __future__ import annotations

from kivy.uix.layout import Layout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget


def settle(root: Widget, size: tuple[float, float]) -> None:
    """Gives ``root`` its size and each layout below it its children's, parents first."""
    root.size = size
    for widget in root.walk():  # each parent before its children
        if isinstance(widget, Layout):
            widget.do_layout()
        elif isinstance(widget, ScrollView):
            widget.update_from_scroll()  # its content's width, from its own
