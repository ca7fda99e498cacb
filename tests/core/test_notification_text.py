"""A reminder's notification words: the same whether the app or Android's receiver posts it."""

from __future__ import annotations

from datetime import time

from unknot.core.reminders.schedule import EVERY_DAY, Reminder
from unknot.core.reminders.wording import notification_text

TITLES = {"towel-roll": "Towel roll"}


def test_a_named_routine_is_called_by_its_title() -> None:
    reminder = Reminder("morning", time(8, 0), EVERY_DAY, "towel-roll")

    assert notification_text(reminder, TITLES) == (
        "Time for Towel roll",
        "Open Unknot when you are ready.",
    )


def test_whichever_i_choose_invites_the_person_to_pick_one() -> None:
    reminder = Reminder("evening", time(19, 0), EVERY_DAY, None)

    assert notification_text(reminder, TITLES) == (
        "Time for a routine",
        "Open Unknot and choose one when you are ready.",
    )


def test_a_routine_gone_from_the_library_reads_like_whichever_i_choose() -> None:
    reminder = Reminder("noon", time(12, 0), EVERY_DAY, "deleted-routine")

    assert notification_text(reminder, TITLES) == notification_text(
        Reminder("noon", time(12, 0), EVERY_DAY, None), TITLES
    )
