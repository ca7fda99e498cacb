"""Step pictures in the format: where ``image`` may point, what a picture file must be,
frames, mirroring, and the app's own pictures. Every case uses real files on the disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.picture_files import jpeg, noise_png, png, png_header_only
from unknot.core.paths import ASSETS_DIR
from unknot.core.routines import pictures
from unknot.core.routines.loader import load_routine, parse_routine_text
from unknot.core.routines.model import Routine, Step
from unknot.core.routines.pictures import (
    FRAME_SECONDS,
    MAX_FRAMES,
    MAX_PICTURE_BYTES,
    PictureError,
    bundled_pictures,
    check_picture,
    copy_picture_in,
    frame_index,
    mirrored,
    own_pictures,
)
from unknot.core.routines.problems import Problem, RoutineError

BUNDLED = ASSETS_DIR / "pictures"


def step_with(image: str, extra: str = "") -> str:
    return f"title: T\nsteps:\n  - title: A\n    duration: 30s\n    image: {image}\n{extra}"


def load(text: str, folder: Path | None, assets_dir: Path | None = ASSETS_DIR) -> Routine:
    return parse_routine_text(
        text, "r.yaml", default_id="r", routine_dir=folder, assets_dir=assets_dir
    )


def problems(text: str, folder: Path | None, assets_dir: Path | None = ASSETS_DIR) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        load(text, folder, assets_dir)
    return list(caught.value.problems)


def one(text: str, folder: Path | None, assets_dir: Path | None = ASSETS_DIR) -> Problem:
    found = problems(text, folder, assets_dir)
    assert len(found) == 1, found
    return found[0]


# --- Where a picture may be ---------------------------------------------------------------


def test_a_bundled_picture_is_named_under_pictures(tmp_path: Path) -> None:
    step = load(step_with("pictures/rest-shoulders.png"), tmp_path).steps[0]
    assert step.images == ("pictures/rest-shoulders.png",)
    assert step.image_paths == ((BUNDLED / "rest-shoulders.png").resolve(),)
    assert step.image == "pictures/rest-shoulders.png"


def test_a_picture_beside_the_routine_is_found_there(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "tuck.jpg").write_bytes(jpeg())
    step = load(step_with("photos/tuck.jpg"), tmp_path).steps[0]
    assert step.image_path == (tmp_path / "photos" / "tuck.jpg").resolve()


def test_a_windows_style_relative_path_is_found(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "x.png").write_bytes(png())
    step = load(step_with("'photos\\x.png'"), tmp_path).steps[0]
    assert step.image_path == (tmp_path / "photos" / "x.png").resolve()


def test_a_file_beside_the_routine_never_stands_in_for_a_bundled_picture(tmp_path: Path) -> None:
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "rest-shoulders.png").write_bytes(png(shade=9))
    step = load(step_with("pictures/rest-shoulders.png"), tmp_path).steps[0]
    assert step.image_path == (BUNDLED / "rest-shoulders.png").resolve()


def test_a_missing_picture_says_where_it_was_looked_for_and_what_to_do(tmp_path: Path) -> None:
    problem = one(step_with("pictures/x.png"), tmp_path)
    assert (problem.field, problem.line, problem.column) == ("steps[1].image", 5, 12)
    assert problem.message == (
        f"pictures/x.png does not exist next to the routine (in {tmp_path}); put the picture "
        "in the routine's folder or choose one of the bundled pictures"
    )
    assert str(problem).startswith("r.yaml:5:12: steps[1].image: pictures/x.png does not exist")


def test_without_a_folder_only_the_bundled_pictures_can_be_named() -> None:
    problem = one(step_with("mine.png"), None)
    assert "is not one of the bundled pictures" in problem.message


@pytest.mark.parametrize(
    "image",
    ["/etc/passwd.png", "C:\\x.png", "C:/x.png", "c:x.png", "~/x.png", "\\\\server\\share\\x.png"],
)
def test_an_absolute_path_is_refused(image: str, tmp_path: Path) -> None:
    problem = one(step_with(f"'{image}'"), tmp_path)
    assert problem.field == "steps[1].image"
    assert problem.message.startswith(f"{image} is an absolute path")


@pytest.mark.parametrize("image", ["../x.png", "a/../../x.png", "..\\x.png", "a/../x.png"])
def test_a_path_with_dot_dot_is_refused_even_when_it_would_stay_inside(
    image: str, tmp_path: Path
) -> None:
    folder = tmp_path / "routines"
    (folder / "a").mkdir(parents=True)
    (folder / "x.png").write_bytes(png())
    (tmp_path / "x.png").write_bytes(png())
    problem = one(step_with(f"'{image}'"), folder)
    assert "leaves the routine's folder (..)" in problem.message


def test_a_link_to_a_picture_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(png())
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    problem = one(step_with("link.png"), folder)
    assert problem.message.startswith("link.png leads outside the routine's folder")


def test_a_linked_folder_that_leads_outside_is_refused(tmp_path: Path) -> None:
    folder, outside = tmp_path / "routines", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "x.png").write_bytes(png())
    (folder / "photos").symlink_to(outside, target_is_directory=True)
    problem = one(step_with("photos/x.png"), folder)
    assert "leads outside the routine's folder" in problem.message


def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.png").write_bytes(png())
    (tmp_path / "alias.png").symlink_to(tmp_path / "real.png")
    step = load(step_with("alias.png"), tmp_path).steps[0]
    assert step.image_path == (tmp_path / "real.png").resolve()


def test_a_link_out_of_the_bundled_pictures_is_not_a_bundled_picture(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    (assets / "pictures").mkdir(parents=True)
    (tmp_path / "elsewhere.png").write_bytes(png())
    (assets / "pictures" / "sneaky.png").symlink_to(tmp_path / "elsewhere.png")
    folder = tmp_path / "routines"
    folder.mkdir()
    problem = one(step_with("pictures/sneaky.png"), folder, assets)
    assert "does not exist next to the routine" in problem.message


@pytest.mark.parametrize(
    ("image", "words"),
    [
        ("photo.gif", "is not a .png or .jpg file"),
        ("photos", "is not a .png or .jpg file"),
        ("'a,b.png'", "has a comma in its name"),
    ],
)
def test_names_a_picture_cannot_have(image: str, words: str, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photo.gif").write_bytes(b"GIF89a")
    (tmp_path / "a,b.png").write_bytes(png())
    assert words in one(step_with(image), tmp_path).message


def test_a_folder_named_like_a_picture_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "x.png").mkdir()
    assert one(step_with("x.png"), tmp_path).message == (
        "x.png is a folder, not a picture file; choose a .png or .jpg file"
    )


def test_names_no_file_system_holds_are_routine_errors(tmp_path: Path) -> None:
    assert one(step_with("a" * 300 + ".png"), tmp_path).field == "steps[1].image"
    assert one(step_with('"a\\0b.png"'), tmp_path).field == "steps[1].image"


def test_a_routine_file_finds_its_pictures_beside_it(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(png())
    path = tmp_path / "with-picture.yaml"
    path.write_text(step_with("x.png"), encoding="utf-8")
    assert load_routine(path).steps[0].image_path == (tmp_path / "x.png").resolve()


# --- What a picture file must be ----------------------------------------------------------


def test_real_pngs_and_jpegs_pass_with_their_size(tmp_path: Path) -> None:
    cases = {
        "a.png": (png(40, 30), "PNG", 40, 30),
        "b.jpg": (jpeg(60, 45), "JPEG", 60, 45),
        "c.jpeg": (jpeg(33, 17, progressive=True), "JPEG", 33, 17),
        "d.jpg": (jpeg(8, 9, exif=False), "JPEG", 8, 9),
    }
    for name, (data, kind, width, height) in cases.items():
        (tmp_path / name).write_bytes(data)
        info = check_picture(tmp_path / name)
        assert (info.kind, info.width, info.height, info.size) == (kind, width, height, len(data))


def test_every_bundled_picture_passes() -> None:
    for picture in bundled_pictures():
        info = check_picture(picture.path)
        assert (info.kind, info.width, info.height) == ("PNG", 800, 600)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            b"These are not the pixels you are looking for.\n",
            "not a PNG or JPEG picture (it is text)",
        ),
        (b"", "not a PNG or JPEG picture (the file is empty)"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "not a PNG or JPEG picture (it is a GIF)"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "(it is an SVG drawing)"),
        (b"\x00\x01\x02\x03\x04\x05", "not a PNG or JPEG picture; save it as .png or .jpg"),
    ],
    ids=["text", "empty", "gif", "svg", "binary"],
)
def test_a_file_that_is_not_a_picture_is_refused(
    content: bytes, words: str, tmp_path: Path
) -> None:
    (tmp_path / "x.png").write_bytes(content)
    problem = one(step_with("x.png"), tmp_path)
    assert problem.field == "steps[1].image"
    assert words in problem.message
    assert problem.message.startswith("x.png is not")


def test_a_png_cut_short_in_its_header_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(png()[:20])
    assert one(step_with("x.png"), tmp_path).message == (
        "x.png is cut short: its PNG header is incomplete"
    )


def test_a_png_whose_header_fails_its_checksum_is_refused(tmp_path: Path) -> None:
    data = bytearray(png())
    data[19] ^= 0x40  # a bit of the width
    (tmp_path / "x.png").write_bytes(bytes(data))
    assert "fails its checksum" in one(step_with("x.png"), tmp_path).message


def test_a_png_without_its_header_chunk_is_refused(tmp_path: Path) -> None:
    data = bytearray(png())
    data[12:16] = b"IDAT"
    (tmp_path / "x.png").write_bytes(bytes(data))
    assert "header chunk is missing" in one(step_with("x.png"), tmp_path).message


@pytest.mark.parametrize("keep", [3, 6, 40, 200])
def test_a_jpeg_cut_short_before_its_size_is_refused(keep: int, tmp_path: Path) -> None:
    data = jpeg()
    assert keep < data.index(b"\xff\xc0")
    (tmp_path / "x.jpg").write_bytes(data[:keep])
    assert "x.jpg is cut short" in one(step_with("x.jpg"), tmp_path).message


def test_a_jpeg_whose_image_data_comes_before_any_size_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 40 + b"\xff\xd9")
    assert "no size before its image data" in one(step_with("x.jpg"), tmp_path).message


def test_a_jpeg_with_garbage_between_segments_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x04ab" + b"junk" * 10)
    assert "is not where it belongs" in one(step_with("x.jpg"), tmp_path).message


def test_a_picture_of_zero_pixels_is_damaged(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(png_header_only(0, 10) + b"\x00" * 20)
    assert "says it is 0 x 10 pixels; it is damaged" in one(step_with("x.png"), tmp_path).message


def test_a_picture_over_the_file_size_limit_is_refused(tmp_path: Path) -> None:
    data = noise_png(900, 900)
    assert len(data) > MAX_PICTURE_BYTES
    (tmp_path / "big.png").write_bytes(data)
    problem = one(step_with("big.png"), tmp_path)
    assert problem.message.startswith(f"big.png is {len(data) / 1_000_000:.1f} MB; a picture")
    assert "at most 2.0 MB: save it smaller" in problem.message


def test_a_picture_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "wide.png").write_bytes(png(5000, 2))
    assert "is 5000 x 2 pixels; a picture may be at most 4096" in (
        one(step_with("wide.png"), tmp_path).message
    )


def test_a_picture_of_too_many_pixels_is_refused(tmp_path: Path) -> None:
    (tmp_path / "many.png").write_bytes(png(4000, 3500))
    assert (tmp_path / "many.png").stat().st_size < MAX_PICTURE_BYTES
    message = one(step_with("many.png"), tmp_path).message
    assert "4000 x 3500 pixels (14.0 megapixels); a picture may have at most 12" in message


def test_a_large_jpeg_is_measured_from_its_header(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(jpeg(4000, 3000))  # a 12-megapixel camera's
    info = check_picture(tmp_path / "photo.jpg")
    assert (info.width, info.height) == (4000, 3000)
    (tmp_path / "photo.jpg").write_bytes(jpeg(4000, 3008))
    with pytest.raises(PictureError, match="4000 x 3008 pixels"):
        check_picture(tmp_path / "photo.jpg")


def test_an_unreadable_picture_is_a_picture_error(tmp_path: Path) -> None:
    with pytest.raises(PictureError, match="cannot be read"):
        check_picture(tmp_path / "nowhere.png")


# --- Frames and sides ----------------------------------------------------------------------


def test_frames_are_a_list_each_found_and_checked(tmp_path: Path) -> None:
    (tmp_path / "rest.png").write_bytes(png())
    (tmp_path / "hold.jpg").write_bytes(jpeg())
    step = load(step_with("[rest.png, hold.jpg]"), tmp_path).steps[0]
    assert step.images == ("rest.png", "hold.jpg")
    assert step.image_paths == (
        (tmp_path / "rest.png").resolve(),
        (tmp_path / "hold.jpg").resolve(),
    )


def test_a_bad_frame_is_named_by_its_place_in_the_list(tmp_path: Path) -> None:
    (tmp_path / "rest.png").write_bytes(png())
    (tmp_path / "hold.png").write_text("not a picture")
    problem = one(step_with("\n      - rest.png\n      - hold.png"), tmp_path)
    assert (problem.field, problem.line) == ("steps[1].image[2]", 7)
    assert problem.message.startswith("hold.png is not a PNG or JPEG picture")


def test_more_frames_than_the_limit_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png())
    frames = ", ".join(["a.png"] * (MAX_FRAMES + 1))
    problem = one(step_with(f"[{frames}]"), tmp_path)
    assert problem.field == "steps[1].image"
    assert problem.message.startswith(
        f"image lists {MAX_FRAMES + 1} pictures; a step shows at most 4"
    )
    assert (
        len(load(step_with(f"[{', '.join(['a.png'] * MAX_FRAMES)}]"), tmp_path).steps[0].images)
        == 4
    )


def test_an_empty_list_of_frames_is_refused(tmp_path: Path) -> None:
    assert one(step_with("[]"), tmp_path).message == "image is empty; name a picture or remove it"


def test_frames_take_turns_or_follow_the_hold() -> None:
    assert [frame_index(1, t) for t in (0, 5, 100)] == [0, 0, 0]
    assert [frame_index(2, t) for t in (0, 1.9, 2.0, 3.9, 4.0)] == [0, 0, 1, 1, 0]
    assert [frame_index(3, t * FRAME_SECONDS) for t in range(4)] == [0, 1, 2, 0]
    assert frame_index(2, 0.0, holding=True) == 1
    assert frame_index(2, 9.0, holding=False) == 0
    assert frame_index(2, -1.0) == 0


def test_side_drawn_says_which_side_the_picture_shows(tmp_path: Path) -> None:
    text = step_with(
        "pictures/side-neck-stretch-left.png", "    sides: [left, right]\n    side_drawn: left\n"
    )
    step = load(text, tmp_path).steps[0]
    assert step.side_drawn == "left"
    assert not mirrored(step, "left")
    assert mirrored(step, "right")
    assert not mirrored(step, None)
    assert not mirrored(Step(title="x", duration=1.0, sides=("left", "right")), "right")


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("    side_drawn: left\n", "it needs sides"),
        (
            "    sides: [left, right]\n    side_drawn: middle\n",
            "one of the step's sides (left, right)",
        ),
    ],
)
def test_side_drawn_must_name_one_of_the_sides(extra: str, words: str, tmp_path: Path) -> None:
    problem = one(step_with("pictures/rest-shoulders.png", extra), tmp_path)
    assert problem.field == "steps[1].side_drawn"
    assert words in problem.message


def test_side_drawn_needs_a_picture(tmp_path: Path) -> None:
    text = (
        "title: T\nsteps:\n  - title: A\n    duration: 30s\n"
        "    sides: [left, right]\n    side_drawn: left\n"
    )
    assert "give the step an image too" in one(text, tmp_path).message


# --- The app's own pictures, and the person's ---------------------------------------------


def test_the_bundled_pictures_come_with_their_descriptions() -> None:
    listed = bundled_pictures()
    files = sorted(path.name for path in BUNDLED.glob("*.png"))
    assert sorted(p.name.removeprefix("pictures/") for p in listed) == files
    towel = next(p for p in listed if p.name == "pictures/towel-roll-lying.png")
    assert towel.path == BUNDLED / "towel-roll-lying.png"
    assert towel.description.startswith("Lying on the back on a mat, knees bent, a rolled towel")
    assert "\n" not in towel.description


def test_a_picture_the_index_does_not_describe_is_still_offered(tmp_path: Path) -> None:
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "new-stretch.png").write_bytes(png())
    (tmp_path / "pictures" / "index.yaml").write_text("pictures: [this is not a mapping")
    (listed,) = bundled_pictures(tmp_path)
    assert (listed.name, listed.description) == ("pictures/new-stretch.png", "new stretch")
    assert bundled_pictures(tmp_path / "nowhere") == ()
    assert bundled_pictures(None) == ()


def test_a_chosen_picture_is_copied_next_to_the_persons_routines(tmp_path: Path) -> None:
    user_dir = tmp_path / "routines"
    chosen = tmp_path / "Downloads" / "My Tuck (1).JPG"
    chosen.parent.mkdir()
    chosen.write_bytes(jpeg())

    name = copy_picture_in(chosen, user_dir, "evening")

    assert name == "pictures/evening/my-tuck-1.jpg"
    assert (user_dir / name).read_bytes() == chosen.read_bytes()
    step = load(step_with(name), user_dir).steps[0]
    assert step.image_path == (user_dir / name).resolve()
    assert copy_picture_in(chosen, user_dir, "evening") == name  # the same bytes: used again


def test_a_chosen_picture_never_replaces_another(tmp_path: Path) -> None:
    user_dir = tmp_path / "routines"
    first, second = tmp_path / "a" / "tuck.png", tmp_path / "b" / "tuck.png"
    for path, shade in ((first, 1), (second, 2)):
        path.parent.mkdir()
        path.write_bytes(png(shade=shade))

    assert copy_picture_in(first, user_dir, "evening") == "pictures/evening/tuck.png"
    assert copy_picture_in(second, user_dir, "evening") == "pictures/evening/tuck-2.png"
    assert copy_picture_in(second, user_dir, "morning") == "pictures/morning/tuck.png"
    assert (user_dir / "pictures/evening/tuck.png").read_bytes() == png(shade=1)
    assert (user_dir / "pictures/evening/tuck-2.png").read_bytes() == png(shade=2)


def test_a_jpeg_named_png_is_copied_with_the_right_suffix(tmp_path: Path) -> None:
    chosen = tmp_path / "photo.png"
    chosen.write_bytes(jpeg())
    assert copy_picture_in(chosen, tmp_path / "routines", "r") == "pictures/r/photo.jpg"


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"hello", "is not a PNG or JPEG"), (b"\x89PNG\r\n\x1a\n\x00", "cut short")],
)
def test_a_chosen_file_that_is_no_picture_writes_nothing(
    content: bytes, words: str, tmp_path: Path
) -> None:
    chosen = tmp_path / "x.png"
    chosen.write_bytes(content)
    user_dir = tmp_path / "routines"
    with pytest.raises(PictureError, match=words):
        copy_picture_in(chosen, user_dir, "r")
    assert not user_dir.exists()


def test_a_picture_that_cannot_be_written_is_a_picture_error(tmp_path: Path) -> None:
    chosen = tmp_path / "x.png"
    chosen.write_bytes(png())
    blocked = tmp_path / "routines"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(PictureError, match="could not be copied into your routines folder"):
        copy_picture_in(chosen, blocked, "r")


def test_own_pictures_are_those_not_bundled_each_once(tmp_path: Path) -> None:
    (tmp_path / "mine.png").write_bytes(png())
    text = (
        "title: T\nsteps:\n"
        "  - title: A\n    duration: 30s\n    image: [mine.png, pictures/rest-shoulders.png]\n"
        "  - title: B\n    duration: 30s\n    image: mine.png\n"
    )
    routine = load(text, tmp_path)
    assert own_pictures(routine) == [("mine.png", (tmp_path / "mine.png").resolve())]
    assert pictures.is_bundled((BUNDLED / "rest-shoulders.png").resolve())
    assert not pictures.is_bundled((BUNDLED / "rest-shoulders.png").resolve(), None)


def test_a_bundled_picture_has_a_thumbnail_and_a_persons_own_has_none(tmp_path: Path) -> None:
    bundled = (BUNDLED / "rest-shoulders.png").resolve()
    assert pictures.thumbnail_of(bundled) == bundled.parent / "thumbs" / "rest-shoulders.png"
    # A person's folder with a "thumbs" folder of its own: never trusted, its files unchecked.
    own = tmp_path / "mine.png"
    own.write_bytes(png(40, 30))
    (tmp_path / "thumbs").mkdir()
    (tmp_path / "thumbs" / "mine.png").write_bytes(b"not checked")
    assert pictures.thumbnail_of(own.resolve()) == own.resolve()
    # A bundled picture whose thumbnail is missing is shown whole.
    assets = tmp_path / "assets"
    (assets / "pictures").mkdir(parents=True)
    lone = assets / "pictures" / "lone.png"
    lone.write_bytes(png(40, 30))
    assert pictures.thumbnail_of(lone.resolve(), assets) == lone.resolve()
