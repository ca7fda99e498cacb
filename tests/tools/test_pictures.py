"""The committed step pictures are what tools/draw_pictures.py draws, and index.yaml gives
every step of every built-in routine its pictures, as the routine files name them.

The pictures are compared pixel by pixel with a small tolerance rather than byte for
byte: a later Pillow may compress the same pixels differently, or round an edge pixel
another way, and neither changes what a person sees.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from PIL import Image, ImageChops

from unknot.core.paths import APP_DIR, ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.safety.sleep_card import TIPS

SCRIPT = APP_DIR / "tools" / "draw_pictures.py"
PICTURES_DIR = ASSETS_DIR / "pictures"
COMMITTED = sorted(PICTURES_DIR.glob("*.png"))
ROUTINE_FILES = sorted(BUILTIN_ROUTINES_DIR.glob("*.yaml"))
MAX_BYTES = 60_000
SIZE = (800, 600)
THEME_BACKGROUND = (18, 20, 26)  # unknot/ui/theme.py BACKGROUND, 0.07/0.08/0.10
CHANNEL_TOLERANCE = 24
"""A pixel counts as changed when a channel moved by more than this (of 255)."""
CHANGED_SHARE = 0.001
"""At most this share of a picture's pixels may change: a few anti-aliased edge pixels."""


@pytest.fixture(scope="module")
def draw_pictures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draw_pictures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["draw_pictures"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def redrawn(draw_pictures: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every picture drawn again, by the script's own command line, into a new folder."""
    folder = tmp_path_factory.mktemp("pictures")
    assert draw_pictures.main(["--out", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PICTURES_DIR / "index.yaml").read_text("utf-8"))
    return data


def rgb(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def changed_pixels(a: Image.Image, b: Image.Image, tolerance: int) -> int:
    """How many pixels have a channel that differs by more than ``tolerance``."""
    red, green, blue = ImageChops.difference(a, b).split()
    worst = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return sum(worst.histogram()[tolerance + 1 :])


def test_the_script_draws_exactly_the_committed_pictures(redrawn: Path) -> None:
    assert sorted(p.name for p in redrawn.glob("*.png")) == [p.name for p in COMMITTED]
    assert len(COMMITTED) >= 22


def test_each_picture_has_its_thumbnail_drawn_with_it(redrawn: Path) -> None:
    """Home's cards show these (unknot.core.routines.pictures.thumbnail_of)."""
    thumbs = sorted(p.name for p in (PICTURES_DIR / "thumbs").glob("*.png"))
    assert thumbs == [p.name for p in COMMITTED]
    for name in thumbs:
        committed = PICTURES_DIR / "thumbs" / name
        assert rgb(committed).size == (200, 150)
        assert changed_pixels(rgb(committed), rgb(redrawn / "thumbs" / name), 8) <= 20, name


def test_the_sleep_card_pictures_are_drawn_by_the_script_and_listed_in_the_index(
    draw_pictures: ModuleType, index: dict[str, Any]
) -> None:
    """The card's pictures are among those the script draws (so the pixel comparison
    above covers them), and the index lists them for the card, in the card's order."""
    drawn = {f"{picture.name}.png" for picture in draw_pictures.PICTURES}
    names = [tip.picture for tip in TIPS]
    assert len(names) == 4
    assert set(names) <= drawn
    assert set(names) <= {path.name for path in COMMITTED}
    assert index["cards"]["sleep-and-screens"] == names


@pytest.mark.parametrize("path", COMMITTED, ids=lambda path: path.name)
def test_a_committed_picture_is_what_the_script_draws_now(redrawn: Path, path: Path) -> None:
    committed = rgb(path)
    fresh = rgb(redrawn / path.name)
    assert fresh.size == committed.size

    changed = changed_pixels(committed, fresh, CHANNEL_TOLERANCE)

    assert changed <= CHANGED_SHARE * SIZE[0] * SIZE[1], (
        f"{path.name}: {changed} pixels differ from what tools/draw_pictures.py draws; "
        "run python tools/draw_pictures.py"
    )


@pytest.mark.parametrize("path", COMMITTED, ids=lambda path: path.name)
def test_a_picture_is_a_small_png_on_the_dark_theme(path: Path) -> None:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size < MAX_BYTES
    image = rgb(path)
    assert image.size == SIZE
    corners = [(0, 0), (SIZE[0] - 1, 0), (0, SIZE[1] - 1), (SIZE[0] - 1, SIZE[1] - 1)]
    assert [image.getpixel(corner) for corner in corners] == [THEME_BACKGROUND] * 4


def test_the_pictures_differ_from_each_other() -> None:
    contents = {path.read_bytes() for path in COMMITTED}
    assert len(contents) == len(COMMITTED)


def test_the_frames_of_a_movement_differ_where_it_moves() -> None:
    """A rest frame and its hold frame are not the same picture with an arrow added
    somewhere unrelated: the body moved, so many pixels changed."""
    for rest, hold in [
        ("chin-tuck-lying-rest", "chin-tuck-lying-nod"),
        ("chin-tuck-seated-rest", "chin-tuck-seated-nod"),
        ("chin-retraction-rest", "chin-retraction-hold"),
        ("shoulder-squeeze-rest", "shoulder-squeeze-hold"),
    ]:
        changed = changed_pixels(
            rgb(PICTURES_DIR / f"{rest}.png"), rgb(PICTURES_DIR / f"{hold}.png"), 40
        )
        assert changed > 2000, (rest, hold, changed)


def test_the_index_describes_every_picture_and_only_those(index: dict[str, Any]) -> None:
    assert sorted(index["pictures"]) == [path.name for path in COMMITTED]
    assert all(len(text) > 40 for text in index["pictures"].values())


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.name)
def test_the_index_gives_every_step_of_a_built_in_routine_its_pictures(
    index: dict[str, Any], path: Path
) -> None:
    routine = load_routine(path)
    entries = index["routines"][routine.id]

    assert [entry["step"] for entry in entries] == list(range(1, len(routine.steps) + 1))
    for position, (entry, step) in enumerate(zip(entries, routine.steps, strict=True)):
        where = f"{routine.id} step {entry['step']}"
        assert entry["title"] == step.title, where
        names = entry["image"] + entry.get("seated_image", [])
        assert names and all((PICTURES_DIR / name).is_file() for name in names), where
        assert 1 <= len(entry["image"]) <= 2, where
        if len(entry["image"]) == 2:
            assert step.reps is not None and step.hold is not None, f"{where}: [rest, hold]"
        lying = routine.lying_down(position)
        assert ("seated_image" in entry) == lying, f"{where}: a lying step has a seated version"
        if "seated_image" in entry:
            assert len(entry["seated_image"]) == len(entry["image"]), where
        if step.sides:
            assert entry.get("side_drawn") in step.sides, f"{where}: which side is drawn"
        else:
            assert "side_drawn" not in entry, where
        # The routine file says the same as the index: its step shows these pictures.
        assert step.images == tuple(f"pictures/{name}" for name in entry["image"]), where
        assert step.image_paths == tuple(PICTURES_DIR / name for name in entry["image"]), where
        assert step.side_drawn == entry.get("side_drawn"), where
        seated = step.seated.images if step.seated is not None else ()
        assert seated == tuple(f"pictures/{name}" for name in entry.get("seated_image", [])), where


def test_the_index_names_only_built_in_routines(index: dict[str, Any]) -> None:
    assert sorted(index["routines"]) == sorted(path.stem for path in ROUTINE_FILES)


def test_the_licence_is_stated_beside_the_pictures() -> None:
    licence = (PICTURES_DIR / "LICENSE").read_text("utf-8")
    assert "CC BY-SA 4.0" in licence
    assert "tools/draw_pictures.py" in licence


def test_the_app_never_imports_the_drawing_library() -> None:
    """Pillow is in the test extra only: the app and its Android build must not need it."""
    importers = []
    for path in [*sorted((APP_DIR / "unknot").rglob("*.py")), APP_DIR / "main.py"]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "PIL" for name in names):
                importers.append(str(path.relative_to(APP_DIR)))
    assert importers == []


def test_check_mode_reports_a_stale_picture(
    draw_pictures: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One picture is enough to exercise --check; all of them would only cost time.
    one = next(p for p in draw_pictures.PICTURES if p.name == "rest-shoulders")
    monkeypatch.setattr(draw_pictures, "PICTURES", (one,))
    assert draw_pictures.main(["--out", str(tmp_path)]) == 0
    assert draw_pictures.main(["--out", str(tmp_path), "--check"]) == 0

    stale = tmp_path / "rest-shoulders.png"
    stale.write_bytes(stale.read_bytes()[:-20])

    assert draw_pictures.main(["--out", str(tmp_path), "--check"]) == 1
