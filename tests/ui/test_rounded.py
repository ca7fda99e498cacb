"""Rounded fills drawn from one small texture: the shape, and what a button draws with it.

The button is read back from the window's own pixels after a draw: whether the
corners are cut and the middle filled is what a person sees, whatever the canvas
says it holds.
"""

from __future__ import annotations

from kivy.core.window import Window
from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
from kivy.metrics import dp

from tests.ui.conftest import StartApp
from unknot.ui import theme
from unknot.ui.rounded import border, corner, rounded_square
from unknot.ui.widgets.common import BigButton


def alpha(radius: float) -> list[list[int]]:
    side, pixels = rounded_square(radius)
    return [[pixels[(y * side + x) * 4 + 3] for x in range(side)] for y in range(side)]


def test_the_square_is_opaque_but_for_its_cut_corners() -> None:
    for radius in (1, 5, 12.5, 31.5):
        side, pixels = rounded_square(radius)
        grid = alpha(radius)
        edge = corner(radius)
        assert side == 2 * edge + 2 == len(grid)
        assert set(pixels[0::4]) == set(pixels[1::4]) == set(pixels[2::4]) == {255}
        # Symmetric both ways, so every corner is the same shape.
        assert grid == grid[::-1] == [row[::-1] for row in grid]
        # The outermost corner pixel is outside the arc, the middle rows and columns are
        # wholly inside, and no pixel is more opaque than one nearer the middle.
        assert grid[0][0] < (64 if radius >= 5 else 255)
        assert all(grid[y][x] == 255 for y in (edge, edge + 1) for x in range(side))
        assert all(grid[y][x] == 255 for x in (edge, edge + 1) for y in range(side))
        for row in grid[: edge + 1]:
            assert row[: edge + 1] == sorted(row[: edge + 1])
        assert [row[0] for row in grid[: edge + 1]] == sorted(row[0] for row in grid[: edge + 1])
        assert border(radius) == (edge,) * 4


def test_the_curve_is_smoothed() -> None:
    """Some edge pixels are partly covered: a jagged curve would have only 0 and 255."""
    grid = alpha(12)
    assert any(0 < value < 255 for row in grid for value in row)


def window_pixels(points: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """The colours at ``points`` in a frame drawn just now."""
    Window.dispatch("on_draw")
    found = []
    for x, y in points:
        data = glReadPixels(x, y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE)
        found.append(tuple(data[:3]))
    return found


def near(pixel: tuple[int, ...], colour: tuple[float, ...]) -> bool:
    return all(abs(p - round(c * 255)) <= 3 for p, c in zip(pixel, colour[:3], strict=False))


def test_a_button_is_filled_with_its_corners_cut(start_app: StartApp) -> None:
    pilot = start_app()
    inset = int(dp(12)) + 2
    inside = [(150, 128), (101, 128), (298, 128), (200, 101), (200, 154)]
    inside += [(100 + inset, 100 + inset), (299 - inset, 155 - inset)]
    corners = [(100, 100), (299, 100), (100, 155), (299, 155)]
    folded = [(400, 100), (405, 105), (395, 95), (410, 110)]
    pilot.frames()
    before = window_pixels(corners + folded)
    button = BigButton(text="", kind="primary", size_hint=(None, None), width=200)
    button.pos = (100, 100)
    nothing = BigButton(text="", kind="primary", size_hint=(None, None), size=(0, 0))
    nothing.pos = (400, 100)
    Window.add_widget(button)
    Window.add_widget(nothing)
    try:
        pilot.frames()
        assert button.size == [200, 56]  # 48 dp and 8 more, at the tests' density
        for point, pixel in zip(inside, window_pixels(inside), strict=True):
            assert near(pixel, theme.ACCENT), (point, pixel)
        # The corners' outermost pixels, and around a button folded to nothing (which
        # must not draw a blob of its corners), are as they were without the buttons.
        assert window_pixels(corners + folded) == before
    finally:
        Window.remove_widget(button)
        Window.remove_widget(nothing)
