"""`python main.py --routine ID` is ours; every other argument is left for Kivy."""

from __future__ import annotations

from unknot.launch import LaunchOptions, split_arguments


def test_routine_is_taken_off() -> None:
    options, rest = split_arguments(["main.py", "--routine", "chin-tucks-1"])
    assert options == LaunchOptions(routine="chin-tucks-1")
    assert rest == ["main.py"]


def test_kivy_options_pass_through() -> None:
    argv = ["main.py", "-m", "screen:phone_samsung_galaxy_s5,portrait", "--routine=desk-break"]
    options, rest = split_arguments(argv)
    assert options.routine == "desk-break"
    assert rest == ["main.py", "-m", "screen:phone_samsung_galaxy_s5,portrait"]


def test_no_options() -> None:
    assert split_arguments(["main.py"]) == (LaunchOptions(), ["main.py"])
