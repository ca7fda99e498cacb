"""routine_to_yaml: what the app saves loads back as the same routine, and reads well.

The strategy builds valid routines from the model's limits (``fields.py``) and
the parser's rules, leaning on the values YAML misreads when written plainly.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot import cli
from unknot.core.paths import BUILTIN_ROUTINES_DIR
from unknot.core.routines import fields
from unknot.core.routines.durations import MAX_STEP_SECONDS, parse_time
from unknot.core.routines.loader import load_routine, parse_routine_text
from unknot.core.routines.model import CountRange, PainCheck, Prompt, Routine, Seated, Step
from unknot.core.routines.writer import (
    WIDTH,
    has_other_comments,
    leading_comments,
    routine_to_yaml,
    time_text,
)

BUILTIN_FILES = sorted(BUILTIN_ROUTINES_DIR.glob("*.yaml"))
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=60)

# --- Text the way the loader leaves it ------------------------------------------------------

TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "null",
    "~",
    "1:30",
    "12",
    "2.5",
    "1e3",
    "0x1A",
    ".nan",
    "2024-01-05",
    "- a dash",
    "-",
    "a: b",
    "key:",
    "# hash",
    "a #b",
    "#1",
    "'single'",
    '"double"',
    "[x]",
    "{y}",
    "@at",
    "`tick",
    "%pct",
    "!bang",
    "&amp",
    "*star",
    "|pipe",
    ">gt",
    "? q",
    "---",
    "...",
    "é ü ñ",
    "日本語のテキスト",
    "emoji 😀",
    "tab\there",
    "bell\x07",
    "nul\x00",
    "bom\ufeff",
    "surrogate \ud800",
    "trailing \\",
]
WORD = st.text(
    alphabet=st.characters(codec=None, categories=None) | st.characters(categories=["Cs"]),
    min_size=1,
    max_size=12,
)
RAW_TEXT = st.lists(st.sampled_from(TRICKY) | WORD, min_size=1, max_size=8).map(" ".join)


UNDRAWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def tidy(raw: str, limit: int) -> str:
    """Text ``fields.text`` accepts, made from ``raw``: no control characters or lone
    surrogates (which it refuses), white space folded, within the limit."""
    return " ".join(UNDRAWABLE.sub("", raw).split())[:limit].strip()


def text(limit: int = 120) -> st.SearchStrategy[str]:
    return RAW_TEXT.map(lambda raw: tidy(raw, limit)).filter(bool)


def long_text(limit: int = 300) -> st.SearchStrategy[str]:
    """Text with paragraphs (a blank line between them), as ``fields.long_text`` keeps it."""
    many_words = st.lists(st.sampled_from(TRICKY), min_size=30, max_size=40).map(" ".join)
    paragraph = text(limit) | many_words.map(lambda raw: tidy(raw, limit))
    return (
        st.lists(paragraph, min_size=1, max_size=3)
        .map("\n\n".join)
        .filter(lambda value: len(" ".join(value.split())) <= fields.MAX_LONG_TEXT)
    )


IDENTIFIER = st.sampled_from(
    ["yes", "no", "on", "null", "true", "1", "1e3", "0x10", "2024-01-05"]
) | (st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True))

# --- Times ----------------------------------------------------------------------------

WHOLE_SECONDS = st.integers(min_value=1, max_value=MAX_STEP_SECONDS).map(float)
TENTHS = st.integers(min_value=10, max_value=10 * MAX_STEP_SECONDS).map(lambda tenths: tenths / 10)
"""Any time the format allows: whole seconds or tenths, from 1 second to 2 hours."""
SECONDS = st.one_of(WHOLE_SECONDS, TENTHS, st.sampled_from([1.0, 2.5, 90.0, 3600.0, 5400.0]))

# --- Images: real files, since the loader checks each one exists ------------------------

IMAGE_NAMES = [
    "images/chin-tuck.png",
    "towel roll.png",
    "yes.jpg",
    "#hash.png",
    "pics/a: b.png",
    "- x.png",
    "pictures/chin-tuck-lying-rest.png",
]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
"""A real 1x1 PNG: the loader reads each picture's header."""
JPEG = (
    b"\xff\xd8\xff\xc0\x00\x11\x08\x00\x02\x00\x03\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9"
)
"""The header of a 3x2 JPEG: enough for the loader, which reads no pixels."""


@pytest.fixture(scope="module")
def image_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in IMAGE_NAMES:
            if name.startswith("pictures/"):
                continue  # a bundled picture: found in the app's assets
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(JPEG if name.endswith(".jpg") else PNG)
        yield root


# --- Steps and routines -----------------------------------------------------------------


def counts(high: int) -> st.SearchStrategy[CountRange]:
    return st.tuples(
        st.integers(min_value=1, max_value=high), st.integers(min_value=1, max_value=high)
    ).map(lambda pair: CountRange(min(pair), max(pair)))


@st.composite
def sides(draw: st.DrawFn) -> tuple[str, ...]:
    names = draw(
        st.lists(text(fields.MAX_SHORT_TEXT), max_size=fields.MAX_SIDES, unique_by=str.lower)
        | st.sampled_from([[], ["left", "right"], ["yes", "no"], ["Left side", "right, gently"]])
    )
    return tuple(names)


@st.composite
def steps(draw: st.DrawFn) -> Step:
    timed = draw(st.booleans())
    sets = draw(st.sampled_from([1, 1, 2, 3, fields.MAX_SETS]))
    step_sides = draw(sides())
    rest = draw(st.none() | SECONDS) if sets > 1 else None
    duration = reps = hold = rest_between = None
    prompts: tuple[Prompt, ...] = ()
    if timed:
        duration = draw(SECONDS)
        whole_ats = st.integers(min_value=1, max_value=max(1, int(duration) - 1)).map(float)
        tenth_ats = st.integers(min_value=10, max_value=max(10, round(duration * 10) - 1)).map(
            lambda tenths: tenths / 10
        )
        ats = draw(st.lists(tenth_ats | whole_ats, max_size=3))
        prompt_texts = draw(st.lists(long_text(200), min_size=len(ats), max_size=len(ats)))
        prompts = tuple(
            sorted(
                (
                    Prompt(at, words)
                    for at, words in zip(ats, prompt_texts, strict=True)
                    if 0 < at < duration
                ),
                key=lambda prompt: prompt.at,
            )
        )
    else:
        reps = draw(counts(fields.MAX_REPS))
        hold = draw(st.none() | SECONDS)
        if hold is not None:
            rest_between = draw(st.none() | SECONDS)
    images = tuple(draw(st.lists(st.sampled_from(IMAGE_NAMES), max_size=4)))
    step = Step(
        title=draw(text(fields.MAX_TITLE)),
        duration=duration,
        reps=reps,
        hold=hold,
        rest_between_reps=rest_between,
        sets=sets,
        rest=rest,
        sides=step_sides,
        position=draw(st.none() | text(fields.MAX_SHORT_TEXT)),
        cue=draw(st.none() | long_text()),
        say=draw(st.none() | long_text()),
        prompts=prompts,
        images=images,
        side_drawn=draw(st.none() | st.sampled_from(step_sides)) if images and step_sides else None,
        seated=draw(st.none() | seated_versions(step_sides, prompts if timed else None)),
        pressure=draw(st.booleans()),
        pain_check=draw(st.none() | st.sampled_from(list(PainCheck))),
    )
    _low, high = step.seconds_range()
    if high > MAX_STEP_SECONDS:
        step = Step(title=step.title, duration=draw(WHOLE_SECONDS.filter(lambda s: s <= 600)))
    return step


@st.composite
def seated_versions(
    draw: st.DrawFn, step_sides: tuple[str, ...], prompts: tuple[Prompt, ...] | None
) -> Seated:
    images = tuple(draw(st.lists(st.sampled_from(IMAGE_NAMES), max_size=4)))
    drawn = step_sides if images else ()
    return Seated(
        position=draw(text(fields.MAX_SHORT_TEXT).filter(lambda t: "lying" not in t.lower())),
        cue=draw(long_text()),
        title=draw(st.none() | text(fields.MAX_TITLE)),
        say=draw(st.none() | long_text()),
        images=images,
        side_drawn=draw(st.none() | st.sampled_from(drawn)) if drawn else None,
        # A timed step's own prompts fit its duration; the seated version may say others.
        prompts=draw(
            st.sampled_from([None, (), prompts[1:]]) if prompts is not None else st.none()
        ),
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    routine_steps = tuple(draw(st.lists(steps(), min_size=1, max_size=4)))
    in_series = draw(st.booleans())
    restful_possible = all(s.duration is not None and not s.pressure for s in routine_steps)
    return Routine(
        id=draw(IDENTIFIER),
        title=draw(text(fields.MAX_TITLE)),
        steps=routine_steps,
        summary=draw(st.none() | long_text()),
        tags=tuple(draw(st.lists(text(40), max_size=fields.MAX_TAGS))),
        per_day=draw(st.none() | counts(fields.MAX_PER_DAY)),
        safety=tuple(draw(st.lists(text(300), max_size=4))),
        series=draw(IDENTIFIER) if in_series else None,
        level=draw(st.integers(min_value=1, max_value=fields.MAX_LEVEL)) if in_series else None,
        restful=restful_possible and draw(st.booleans()),
    )


def reload(text_: str, folder: Path) -> Routine:
    return parse_routine_text(text_, "written.yaml", routine_dir=folder)


# --- The properties ---------------------------------------------------------------------


@SETTINGS
@given(routine=routines())
def test_any_valid_routine_loads_back_the_same_and_writes_the_same_text(
    routine: Routine, image_dir: Path
) -> None:
    written = routine_to_yaml(routine)
    loaded = reload(written, image_dir)

    assert loaded == routine
    assert routine_to_yaml(loaded) == written


@FEWER
@given(routine=routines())
def test_written_yaml_is_plain_block_style_without_tags(routine: Routine, image_dir: Path) -> None:
    written = routine_to_yaml(routine)

    tokens = list(yaml.scan(written, Loader=yaml.SafeLoader))
    assert not any(isinstance(token, (yaml.TagToken, yaml.AnchorToken)) for token in tokens)
    assert not written.startswith((" ", "{", "---"))
    nodes = [yaml.compose(written, Loader=yaml.SafeLoader)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            assert not node.flow_style
            nodes += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            nodes += node.value
    document = yaml.safe_load(written)
    assert list(document)[:2] == ["title", "id"]
    assert list(document)[-1] == "steps"
    assert all("\t" not in line and line == line.rstrip() for line in written.splitlines())


@settings(FEWER, max_examples=25)
@given(routine=routines())
def test_the_validator_accepts_what_is_written(routine: Routine, image_dir: Path) -> None:
    path = image_dir / "written.yaml"
    path.write_text(routine_to_yaml(routine), encoding="utf-8")
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = cli.main(["validate", str(path)])
    finally:
        path.unlink()

    assert status == cli.EXIT_OK, out.getvalue()


@given(seconds=SECONDS)
def test_every_time_is_written_exactly(seconds: float) -> None:
    assert parse_time(time_text(seconds)) == seconds


# --- The built-in routines --------------------------------------------------------------


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda path: path.stem)
def test_each_built_in_routine_loads_back_the_same(path: Path) -> None:
    routine = load_routine(path)

    written = routine_to_yaml(routine, header=leading_comments(path.read_text()))

    assert parse_routine_text(written, routine_dir=path.parent) == routine


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda path: path.stem)
def test_each_built_in_routine_written_out_passes_the_validator(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / path.name
    out.write_text(routine_to_yaml(load_routine(path)), encoding="utf-8")

    status = cli.main(["validate", str(out)])

    assert status == cli.EXIT_OK, capsys.readouterr().out
    assert capsys.readouterr().out.startswith(f"{path.stem}: ")


# --- How it reads -----------------------------------------------------------------------


def test_a_routine_is_written_as_an_author_would() -> None:
    routine = parse_routine_text(
        "title: Evening neck reset\nid: evening-neck-reset\nper_day: 1\nrestful: false\n"
        "tags: [neck, evening]\nsteps:\n"
        "  - title: Warm the back of the neck\n    duration: 600\n    sets: 1\n"
        "    prompts:\n      - text: Check your skin.\n        at: 300\n"
        "  - title: Chin tuck\n    reps: 8-12\n    hold: 5\n    rest_between_reps: 90\n"
        "    say: 'No'\n    position: lying on your back\n"
    )

    assert routine_to_yaml(routine) == (
        "title: Evening neck reset\n"
        "id: evening-neck-reset\n"
        "tags: [neck, evening]\n"
        "per_day: 1\n"
        "\n"
        "steps:\n"
        "  - title: Warm the back of the neck\n"
        "    duration: 10m\n"
        "    prompts:\n"
        "      - at: 5m\n"
        "        text: Check your skin.\n"
        "\n"
        "  - title: Chin tuck\n"
        "    position: lying on your back\n"
        "    reps: 8-12\n"
        "    hold: 5s\n"
        "    rest_between_reps: 1m30s\n"
        "    say: 'No'\n"
    )


def test_long_text_is_folded_and_paragraphs_keep_a_blank_line() -> None:
    one = ("Rest the base of your skull on the rolled towel. " * 3).strip()
    two = f"{one}\n\nThen breathe out slowly."
    routine = Routine("towel", "Towel", (Step("Towel", duration=180.0, cue=one, say=two),))

    written = routine_to_yaml(routine)

    assert "    cue: >-\n      Rest the base" in written
    assert "    say: |-\n      Rest the base" in written
    assert "\n\n      Then breathe out slowly.\n" in written
    assert all(len(line) <= WIDTH for line in written.splitlines())


def test_values_yaml_would_misread_are_quoted() -> None:
    routine = Routine(
        "yes",
        "1:30",
        (Step("- stretch", duration=2.5, cue="a: b", say="# not a comment", sides=("no", "on")),),
        series="0x10",
        level=2,
    )

    written = routine_to_yaml(routine)

    assert "id: 'yes'\n" in written
    assert "title: '1:30'\n" in written
    assert "  - title: '- stretch'\n" in written
    assert "    duration: 2.5s\n" in written
    assert "    sides: ['no', 'on']\n" in written
    assert "series: '0x10'\n" in written
    assert reload(written, Path()) == routine


def test_a_header_goes_on_top_as_comments() -> None:
    routine = Routine("rest", "Rest", (Step("Rest", duration=60.0),))

    written = routine_to_yaml(routine, header="# Mine.\n#\n# From my physio")

    assert written.startswith("# Mine.\n#\n# From my physio\n\ntitle: Rest\n")


# --- Comments ---------------------------------------------------------------------------


def test_the_leading_comment_block_is_found() -> None:
    text_ = "\n# One\n#\n# Two\n\n# Three\n\ntitle: T # not this\n# nor this\n"

    assert leading_comments(text_) == "# One\n#\n# Two\n\n# Three"


def test_a_file_without_comments_has_no_leading_block() -> None:
    assert leading_comments("title: T\nsteps: []\n") == ""


@pytest.mark.parametrize(
    ("text_", "expected"),
    [
        ("# header\ntitle: T\n", False),
        ("title: T # said here\n", True),
        ("title: T\n# between\nsteps: []\n", True),
        ("title: 'T # quoted'\n", False),
        ("title: T#1\n", False),
        ("title: T\ncue: >-\n  # in a block\n  text\n", False),
        ("title: [unclosed\n# maybe\n", True),
    ],
)
def test_comments_below_the_header_are_found(text_: str, expected: bool) -> None:
    assert has_other_comments(text_) is expected


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda path: path.stem)
def test_each_built_in_file_keeps_its_header(path: Path) -> None:
    text_ = path.read_text()
    header = leading_comments(text_)

    assert header.startswith("# ")
    assert routine_to_yaml(load_routine(path), header=header).startswith(header + "\n\ntitle: ")


@settings(max_examples=500)
@given(
    value=st.from_regex(
        r"[A-Za-z](?:[A-Za-z0-9 ,.;()'!?/-]*[A-Za-z0-9,.;()'!?/-])?", fullmatch=True
    )
    | st.sampled_from(["Yes", "NO", "y", "n", "Off", "null", "a  b", "No."])
)
def test_text_written_without_quotes_reads_back_as_the_same_text(value: str) -> None:
    routine = Routine("plain", value, (Step(value, duration=1.0),))

    document = yaml.safe_load(routine_to_yaml(routine))

    assert document["title"] == value
