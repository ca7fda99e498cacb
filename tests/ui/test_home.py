"""The home screen lists the routines, and shows a broken one with its problem."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import StartApp
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routines
from unknot.ui.screens.home import RoutineRow


def test_home_lists_every_builtin_routine(start_app: StartApp) -> None:
    pilot = start_app()
    rows = pilot.find_all(lambda widget: isinstance(widget, RoutineRow))
    expected = [routine.title for routine in load_routines([BUILTIN_ROUTINES_DIR]).routines]
    assert [row.title for row in rows] == expected
    assert len(expected) >= 4


def test_each_row_shows_total_time_and_tags(start_app: StartApp) -> None:
    pilot = start_app()
    chin = next(
        row
        for row in pilot.find_all(lambda widget: isinstance(widget, RoutineRow))
        if row.routine_id == "chin-tucks-1"
    )
    assert "min" in chin.details
    assert "neck" in chin.details


def test_rows_are_on_screen_and_big_enough_to_tap(start_app: StartApp) -> None:
    pilot = start_app()
    rows = pilot.find_all(lambda widget: isinstance(widget, RoutineRow))
    from kivy.metrics import dp

    for row in rows[:3]:
        assert row.height >= dp(48)
        x, _ = row.to_window(*row.pos)
        assert x >= 0
        assert row.right <= pilot.root.width


def test_a_broken_routine_is_listed_with_its_problem(
    start_app: StartApp, routines_dir: Path
) -> None:
    (routines_dir / "good.yaml").write_text(
        "title: Good one\nsteps:\n  - title: Rest\n    duration: 1m\n", encoding="utf-8"
    )
    (routines_dir / "bad.yaml").write_text(
        "title: Bad one\nsteps:\n  - title: Rest\n    duraton: 1m\n", encoding="utf-8"
    )
    pilot = start_app(routine_dirs=[routines_dir])
    rows = pilot.find_all(lambda widget: isinstance(widget, RoutineRow))
    assert [row.title for row in rows] == ["Good one"]
    texts = "\n".join(pilot.texts())
    assert "Routines that could not be loaded" in texts
    assert (
        "bad.yaml:4:5: steps[1].duraton: unknown key 'duraton'; did you mean 'duration'?" in texts
    )


def test_cards_in_two_columns_line_up(start_app: StartApp, tmp_path: Path) -> None:
    """Before: the two-column cards had uneven heights and tops on a tablet."""
    from kivy.core.window import Window

    from unknot.ui.screens.home import RoutineRow

    folder = tmp_path / "routines"
    folder.mkdir()
    titles = ["Short", "A much longer routine title that wraps onto two lines on a tablet"]
    for number, title in enumerate(titles * 2):
        (folder / f"r{number}.yaml").write_text(
            f"title: {title} {number}\nid: r{number}\nsteps:\n  - title: Rest\n    duration: 1m\n"
        )
    before = Window.size
    Window.size = (900, 800)  # two columns, each too narrow for the long title
    try:
        pilot = start_app(routine_dirs=[folder])
        pilot.frames(6)
        cards = [w for w in pilot.walk(pilot.current_screen) if isinstance(w, RoutineRow)]
        assert len(cards) >= 4
        assert len({round(card.height) for card in cards}) == 1
        tops = sorted({round(card.top) for card in cards})
        assert len(tops) == (len(cards) + 1) // 2  # one top a row of two
    finally:
        Window.size = before
