"""The one channel through which stores tell the person about their data."""

from __future__ import annotations

from unknot.core.storage.notices import Notice, Notices, SaveError


def test_a_notice_is_kept_per_key_and_replaced() -> None:
    notices = Notices()
    notices.tell("settings.save", "first")
    notices.tell("history.open", "other")
    notices.tell("settings.save", "second")
    assert notices.pending == (Notice("settings.save", "second"), Notice("history.open", "other"))


def test_a_dismissed_text_is_not_said_again_but_its_retry_stays() -> None:
    notices = Notices()
    attempts: list[int] = []

    def retry() -> bool:
        attempts.append(1)
        return len(attempts) >= 2

    notices.tell("settings.save", "Your settings could not be saved.", retry)
    notices.dismiss("settings.save")
    notices.tell("settings.save", "Your settings could not be saved.", retry)
    assert notices.pending == ()
    notices.retry()
    notices.retry()
    assert len(attempts) == 2
    notices.retry()
    assert len(attempts) == 2, "a retry that succeeded is not tried again"


def test_a_successful_retry_withdraws_the_notice() -> None:
    notices = Notices()
    changes: list[int] = []
    notices.on_changed(lambda: changes.append(len(notices.pending)))
    notices.tell("reminders.save", "Not saved.", lambda: True)
    notices.retry()
    assert notices.pending == ()
    assert changes == [1, 0]


def test_a_retry_that_raises_does_not_stop_the_others() -> None:
    notices = Notices()

    def broken() -> bool:
        raise RuntimeError("bug")

    notices.tell("a", "A", broken)
    notices.tell("b", "B", lambda: True)
    notices.retry()
    assert [n.key for n in notices.pending] == ["a"]


def test_a_save_error_reads_as_its_sentence_and_is_an_os_error() -> None:
    cause = OSError(28, "No space left on device")
    error = SaveError("Your settings could not be saved.", cause)
    assert isinstance(error, OSError)
    assert str(error) == "Your settings could not be saved."
    assert error.cause is cause
