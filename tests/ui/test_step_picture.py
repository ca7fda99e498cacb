"""The step picture widget shows the picture whole and flips it for the other side.

Read back from what the GPU drew (``export_as_image``), since the flip is a
canvas transform: a property that says "mirrored" proves nothing on its own.
"""

from __future__ import annotations

from kivy.core.window import Window

from tests.ui.conftest import StartApp
from unknot.core.paths import ASSETS_DIR
from unknot.ui.widgets.step_picture import StepPicture

PICTURE = str(ASSETS_DIR / "pictures" / "side-neck-stretch-left.png")


def drawn(picture: StepPicture) -> list[list[tuple[int, ...]]]:
    """The widget's pixels as rows of RGBA, bottom row first."""
    texture = picture.export_as_image().texture
    width, height = texture.size
    data = texture.pixels
    return [
        [tuple(data[(y * width + x) * 4 : (y * width + x) * 4 + 4]) for x in range(width)]
        for y in range(height)
    ]


def differing(a: list[list[tuple[int, ...]]], b: list[list[tuple[int, ...]]]) -> float:
    """The share of pixels that differ by more than a little in any channel."""
    total = bad = 0
    for row_a, row_b in zip(a, b, strict=True):
        for pa, pb in zip(row_a, row_b, strict=True):
            total += 1
            bad += max(abs(x - y) for x, y in zip(pa, pb, strict=True)) > 8
    return bad / total


def test_a_mirrored_picture_is_the_picture_flipped_left_to_right(start_app: StartApp) -> None:
    pilot = start_app()
    picture = StepPicture(source=PICTURE, size_hint=(None, None), size=(200, 200), pos=(10, 10))
    Window.add_widget(picture)
    try:
        pilot.frames()
        plain = drawn(picture)
        picture.mirrored = True
        pilot.frames()
        flipped = drawn(picture)
    finally:
        Window.remove_widget(picture)
    assert differing(plain, flipped) > 0.01, "the stretch picture is not symmetric: a flip shows"
    assert differing([row[::-1] for row in plain], flipped) < 0.01


def test_the_picture_keeps_its_shape_in_a_wide_place(start_app: StartApp) -> None:
    pilot = start_app()
    picture = StepPicture(source=PICTURE, size_hint=(None, None), size=(400, 100), pos=(0, 0))
    Window.add_widget(picture)
    try:
        pilot.frames()
        shown_width, shown_height = picture.norm_image_size
    finally:
        Window.remove_widget(picture)
    image_width, image_height = picture.texture_size
    assert shown_height == 100
    assert abs(shown_width / shown_height - image_width / image_height) < 0.02


def test_no_source_draws_nothing(start_app: StartApp) -> None:
    pilot = start_app()
    picture = StepPicture(size_hint=(None, None), size=(100, 100))
    Window.add_widget(picture)
    try:
        pilot.frames()
        assert picture.opacity == 0
        picture.source = PICTURE
        pilot.frames()
        assert picture.opacity == 1
        assert picture.texture is not None
    finally:
        Window.remove_widget(picture)
