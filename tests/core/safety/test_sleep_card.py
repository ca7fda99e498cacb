"""The "Sleep and screens" card says the guide's four habits, plainly, with no claims."""

from __future__ import annotations

import re

from unknot.core.paths import ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.routines.loader import load_routine
from unknot.core.safety.sleep_card import DESK_BREAK_ID, INTRO, OPEN_DESK_BREAK, TIPS, TITLE

CLAIMS = re.compile(
    r"\b(cure[sd]?|curing|heal(s|ed|ing)?|treat(s|ed|ing|ment|ments)?|fix(es)?|prevents?)\b",
    re.IGNORECASE,
)


def words() -> list[str]:
    return [TITLE, INTRO, OPEN_DESK_BREAK, *(tip.text for tip in TIPS)]


def test_the_card_has_the_guides_four_habits_in_order() -> None:
    pillow, face_down, screen, desk = (tip.text for tip in TIPS)
    assert "pillow" in pillow and "neck level with your body" in pillow
    assert "face-down" in face_down and "head turned" in face_down
    assert "screen" in screen and "eye level" in screen
    assert "break every 30 to 45 minutes" in desk and "desk break" in desk
    assert TITLE == "Sleep and screens"


def test_only_the_face_down_picture_is_one_to_avoid() -> None:
    assert [tip.avoid for tip in TIPS] == [False, True, False, False]
    assert TIPS[1].text.startswith("Try not to")


def test_only_the_desk_tip_offers_a_routine_and_it_is_the_built_in_desk_break() -> None:
    assert [tip.routine_id for tip in TIPS] == [None, None, None, DESK_BREAK_ID]
    routine = load_routine(BUILTIN_ROUTINES_DIR / f"{DESK_BREAK_ID}.yaml")
    assert routine.id == DESK_BREAK_ID
    assert routine.title.lower() in OPEN_DESK_BREAK.lower()


def test_every_tip_has_its_own_bundled_picture() -> None:
    pictures = [tip.picture for tip in TIPS]
    assert len(set(pictures)) == len(pictures) == 4
    for name in pictures:
        path = ASSETS_DIR / "pictures" / name
        assert path.is_file() and path.stat().st_size > 0, name


def test_the_words_are_short_plain_and_claim_nothing() -> None:
    for text in words():
        assert not CLAIMS.search(text), text
        assert "!" not in text
    assert all(len(tip.text) <= 120 for tip in TIPS)


def test_the_claim_check_sees_a_claim() -> None:
    assert CLAIMS.search("A good pillow cures headaches.")
    assert CLAIMS.search("Breaks prevent pain")
