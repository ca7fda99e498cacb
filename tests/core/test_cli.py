"""``python -m unknot validate`` as an author runs it: exit codes, output lines, no tracebacks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILTIN_ROUTINES = sorted(path.stem for path in (ROOT / "routines").glob("*.yaml"))
ROUTINE_LINE = re.compile(r"^[a-z0-9-]+: .+ \(\d+ steps?, [\d:-]+\)$")
GOOD = "title: Good one\nsteps:\n  - title: Rest\n    duration: 1m30s\n"
BAD = "title: Bad one\nsteps:\n  - title: Rest\n    duraton: 30s\n"


def validate(*args: str | Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Runs the validator in a fresh interpreter and checks it never shows a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "unknot", *(str(arg) for arg in args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def test_the_built_in_routines_are_all_valid() -> None:
    result = validate("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == BUILTIN_ROUTINES
    for line in lines:
        assert ROUTINE_LINE.match(line), line
    assert f"{len(BUILTIN_ROUTINES)} valid routines, 0 files with problems" in result.stderr


def test_a_valid_file_prints_its_id_title_steps_and_total_time(tmp_path: Path) -> None:
    path = tmp_path / "good-one.yaml"
    path.write_text(GOOD + "  - title: Tuck\n    reps: 8-12\n    hold: 5s\n")
    result = validate("validate", path)
    assert result.returncode == 0
    assert result.stdout == "good-one: Good one (2 steps, 2:10-2:30)\n"


def test_one_step_is_written_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "single.yaml"
    path.write_text(GOOD)
    result = validate("validate", path)
    assert result.stdout == "single: Good one (1 step, 1:30)\n"


def test_a_folder_with_a_bad_file_exits_1_and_still_lists_the_good_one(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text(GOOD)
    bad = tmp_path / "b-bad.yaml"
    bad.write_text(BAD)
    result = validate("validate", tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "a-good: Good one (1 step, 1:30)"
    assert lines[1:] == [
        f"{bad}:3:5: steps[1]: a step needs a duration (a timed step, such as 'duration: 30s') "
        "or reps (a counted step, such as 'reps: 10')",
        f"{bad}:4:5: steps[1].duraton: unknown key 'duraton'; did you mean 'duration'?",
    ]
    assert "1 valid routine, 1 file with problems" in result.stderr


def test_problem_lines_have_the_path_line_column_field_message_form(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsteps:\n  - title: A\n    reps: 0\n  - title: B\n    reps: 12-8\n")
    result = validate("validate", bad)
    assert result.returncode == 1
    pattern = re.compile(rf"^{re.escape(str(bad))}:(\d+):(\d+): (steps\[\d+\]\.reps): .+$")
    matches = [pattern.match(line) for line in result.stdout.splitlines()]
    assert all(matches), result.stdout
    assert [m.groups() for m in matches if m] == [
        ("4", "11", "steps[1].reps"),
        ("6", "11", "steps[2].reps"),
    ]


def test_files_and_folders_can_be_mixed(tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "two.yml").write_text(GOOD.replace("Good one", "Two"))
    one = tmp_path / "one.yaml"
    one.write_text(GOOD.replace("Good one", "One"))
    result = validate("validate", one, folder)
    assert result.returncode == 0
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["one", "two"]


def test_a_path_that_does_not_exist_exits_2_with_the_usage(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = validate("validate", missing)
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()
    assert f"no such file or folder: {missing}" in result.stderr
    assert result.stdout == ""


def test_an_unknown_option_exits_2_with_the_usage() -> None:
    result = validate("validate", "--frobnicate")
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()
    assert "--frobnicate" in result.stderr


def test_no_command_exits_2_with_the_usage() -> None:
    result = validate()
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()


def test_an_unknown_command_exits_2_with_the_usage() -> None:
    result = validate("check")
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_in_a_folder_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text(GOOD)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = validate("validate", tmp_path, timeout=10)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "a-good: Good one (1 step, 1:30)",
        f"{fifo}: (file): not a regular file; name a .yaml file",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_on_the_command_line_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = validate("validate", fifo, timeout=10)
    assert result.returncode == 1
    assert f"{fifo}: (file): not a regular file" in result.stdout


def test_binary_garbage_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    result = validate("validate", path)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:")


def test_an_alias_bomb_is_refused_promptly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = validate("validate", path, timeout=10)
    assert result.returncode == 1
    assert "anchors and aliases" in result.stdout


def test_an_internal_error_is_reported_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("title: T\nsteps:\n  - title: A\n    duration: 1" + "0" * 400 + "\n")
    result = validate("validate", path)
    assert result.returncode != 0


def test_an_enormous_number_is_a_problem_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text(GOOD)
    (tmp_path / "b-huge.yaml").write_text(
        "title: T\nsteps:\n  - title: A\n    duration: 1" + "0" * 400 + "\n"
    )
    result = validate("validate", tmp_path)
    assert result.returncode == 1
    assert "a-good: Good one (1 step, 1:30)" in result.stdout


def test_a_folder_named_like_a_routine_file_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    (folder / "inside.yaml").write_text(GOOD)
    result = validate("validate", folder)
    assert result.returncode == 1
    assert result.stdout == (
        f"{folder}: (file): this is a folder, not a routine file; "
        "name a .yaml file, or a folder of them\n"
    )
    assert "0 valid routines, 1 file with problems" in result.stderr


def test_a_folder_without_routine_files_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a routine")
    result = validate("validate", tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        f"{tmp_path}: (file): this folder holds no routine files (.yaml or .yml); "
        "nothing was checked\n"
    )


def test_a_folder_named_like_a_routine_file_inside_a_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").mkdir()
    result = validate("validate", tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path / 'b.yaml'}: (file): not a regular file" in result.stdout


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ('"\\e[2J\\e[31mRed"', "\\x1b[2J\\x1b[31mRed"),
        ('"\\e]0;pwned\\a"', "\\x1b]0;pwned\\x07"),
        ('"right-to-left \\u202e"', "right-to-left \\u202e"),
    ],
    ids=["clear screen", "window title", "direction override"],
)
def test_escape_sequences_in_a_file_are_never_printed_raw(
    tmp_path: Path, title: str, shown: str
) -> None:
    path = tmp_path / "escapes.yaml"
    path.write_text(
        f"title: {title}\n{title}: x\nsteps:\n  - title: A\n    duration: 30s\n", encoding="utf-8"
    )
    result = validate("validate", path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x07" not in result.stdout + result.stderr
    assert "\u202e" not in result.stdout + result.stderr
    assert f"unknown key '{shown}'" in result.stdout


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[31m.yaml"
    path.write_text(BAD)
    result = validate("validate", tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert "bad\\x1b[31m.yaml:" in result.stdout


def test_a_routine_with_thousands_of_steps_is_refused_at_step_201(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("title: Many\nsteps:\n" + "  - {title: A, duration: 1}\n" * 35_700)
    assert path.stat().st_size < 1_000_000
    result = validate("validate", path)
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}:203:5: steps: a routine may have at most 200 steps, and this is step 201; "
        "split it into several routines\n"
    )


def test_a_valid_title_with_a_direction_override_is_printed_escaped(tmp_path: Path) -> None:
    """Right-to-left marks are allowed in text, but a terminal would reorder the line."""
    path = tmp_path / "rtl.yaml"
    path.write_text(GOOD.replace("Good one", '"Good \\u202eone"'), encoding="utf-8")
    result = validate("validate", path)
    assert result.returncode == 0
    assert result.stdout == "rtl: Good \\u202eone (1 step, 1:30)\n"
