"""Draws the step pictures in assets/pictures/ from code, so they can be changed and reviewed.

    python tools/draw_pictures.py            # writes assets/pictures/*.png
    python tools/draw_pictures.py --check    # exits 1 if a committed picture differs
    python tools/draw_pictures.py --out DIR  # writes somewhere else

A person follows these pictures with a headache, often in a dim room, eyes half
closed, the phone at arm's length: so one calm style on the app's dark background,
plain rounded figures without faces, the part that matters in the accent colour,
a white arrow for each movement, and red hatching for where never to press. No
words are drawn: labels belong to the screen, where they can be translated.

Every shape is geometry (polygons, circles, tapered limbs, Bezier curves) filled
with Pillow at four times the final size and reduced with a box filter, which
anti-aliases the edges; the result is quantised to a small palette and saved
without timestamps. Pillow's fills and its reduction are integer arithmetic, so
the same Pillow version gives the same pixels on any machine (it is pinned in
the test extra; the app never imports it). A test redraws every picture and
compares it with the committed file (tests/tools/test_pictures.py).

The pictures are the project's own work, CC BY-SA 4.0 (assets/pictures/LICENSE);
assets/pictures/index.yaml says which belongs to which step, and which four to the
"Sleep and screens" card (unknot/core/safety/sleep_card.py).
"""

from __future__ import annotations

import argparse
import copy
import io
import itertools
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
PICTURES_DIR = ROOT / "assets" / "pictures"

WIDTH, HEIGHT = 800, 600
SUPERSAMPLE = 4
PALETTE_COLOURS = 48
"""Enough for the flat colours and their anti-aliased edges; keeps each file small."""

Point = tuple[float, float]
Colour = tuple[int, int, int]

# The app's dark theme (unknot/ui/theme.py), as 8-bit colours.
BACKGROUND: Colour = (18, 20, 26)
FURNITURE: Colour = (50, 57, 68)
FURNITURE_EDGE: Colour = (82, 92, 107)
BODY: Colour = (172, 181, 194)
BODY_FAR: Colour = (116, 125, 139)
BODY_SHADE: Colour = (140, 149, 163)
ACCENT: Colour = (115, 199, 189)  # theme.ACCENT
ACCENT_DARK: Colour = (40, 92, 88)
ARROW: Colour = (240, 242, 244)
DANGER: Colour = (237, 92, 92)  # theme.DANGER
DANGER_DARK: Colour = (92, 30, 34)
HEAT: Colour = (255, 160, 80)
HEAT_GLOW: Colour = (255, 200, 130)
HAIR: Colour = (104, 112, 126)
CUSHION: Colour = (96, 110, 138)
CLOTH: Colour = (236, 228, 214)
QUIET: Colour = (92, 101, 116)
"""Points that are not this step's: present, so the row of three reads, but quiet."""

GAP = 3.0
"""The background-coloured rim around each body part, so overlapping parts stay apart."""


# ---------------------------------------------------------------------------
# Geometry


def add(a: Point, b: Point) -> Point:
    return (a[0] + b[0], a[1] + b[1])


def sub(a: Point, b: Point) -> Point:
    return (a[0] - b[0], a[1] - b[1])


def scale(a: Point, k: float) -> Point:
    return (a[0] * k, a[1] * k)


def length(a: Point) -> float:
    return math.hypot(a[0], a[1])


def lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def polar(origin: Point, distance: float, degrees: float) -> Point:
    """The point ``distance`` away at ``degrees`` (0 = right, 90 = down: image axes)."""
    angle = math.radians(degrees)
    return (origin[0] + distance * math.cos(angle), origin[1] + distance * math.sin(angle))


def rotate(point: Point, centre: Point, degrees: float) -> Point:
    angle = math.radians(degrees)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return (
        centre[0] + dx * math.cos(angle) - dy * math.sin(angle),
        centre[1] + dx * math.sin(angle) + dy * math.cos(angle),
    )


def mirror_x(point: Point, axis: float) -> Point:
    return (2 * axis - point[0], point[1])


def arc_points(
    centre: Point, rx: float, ry: float, start: float, end: float, steps: int = 48
) -> list[Point]:
    """Points along an ellipse from ``start`` to ``end`` degrees (image axes)."""
    return [
        (
            centre[0] + rx * math.cos(math.radians(start + (end - start) * i / steps)),
            centre[1] + ry * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def ellipse_points(
    centre: Point, rx: float, ry: float, degrees: float = 0.0, steps: int = 96
) -> list[Point]:
    points = arc_points(centre, rx, ry, 0, 360, steps)[:-1]
    return [rotate(p, centre, degrees) for p in points]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 32) -> list[Point]:
    """A cubic Bezier curve as points, for smooth outlines and curved arrows."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return points


def limb_points(a: Point, b: Point, ra: float, rb: float, steps: int = 24) -> list[Point]:
    """The outline of two circles joined by their outer tangents: an arm, a leg, a torso."""
    d = length(sub(b, a))
    if d < 1e-6:
        return ellipse_points(a, max(ra, rb), max(ra, rb))
    heading = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    # The tangent touches each circle at 90 degrees plus this from the heading.
    spread = math.degrees(math.asin(max(-1.0, min(1.0, (ra - rb) / d))))
    points = arc_points(b, rb, rb, heading - 90 - spread, heading + 90 + spread, steps)
    points += arc_points(a, ra, ra, heading + 90 + spread, heading + 270 - spread, steps)
    return points


# ---------------------------------------------------------------------------
# The canvas


class Canvas:
    """A picture drawn at four times its size in final-pixel coordinates."""

    def __init__(self, background: Colour = BACKGROUND) -> None:
        self.image = Image.new("RGB", (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE), background)
        self.draw = ImageDraw.Draw(self.image)
        self.turn: tuple[Point, float] | None = None

    def turned(self, centre: Point, degrees: float) -> Canvas:
        """The same picture, with every point drawn through it turned ``degrees`` about
        ``centre``: a figure drawn upright, seen from behind, lies down on its side."""
        view = copy.copy(self)
        view.turn = (centre, degrees)
        return view

    def _px(self, points: Iterable[Point]) -> list[tuple[float, float]]:
        if self.turn is not None:
            centre, degrees = self.turn
            points = [rotate(p, centre, degrees) for p in points]
        return [(round(x * SUPERSAMPLE), round(y * SUPERSAMPLE)) for x, y in points]

    def polygon(self, points: Sequence[Point], fill: Colour) -> None:
        self.draw.polygon(self._px(points), fill=fill)

    def circle(self, centre: Point, radius: float, fill: Colour) -> None:
        self.polygon(ellipse_points(centre, radius, radius), fill)

    def ellipse(
        self, centre: Point, rx: float, ry: float, fill: Colour, degrees: float = 0
    ) -> None:
        self.polygon(ellipse_points(centre, rx, ry, degrees), fill)

    def line(self, points: Sequence[Point], width: float, fill: Colour) -> None:
        """A stroke with round ends and joints."""
        pixels = self._px(points)
        w = max(1, round(width * SUPERSAMPLE))
        if len(pixels) > 1:
            self.draw.line(pixels, fill=fill, width=w, joint="curve")
        for x, y in (pixels[0], pixels[-1]):
            r = w / 2
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def limb(
        self, a: Point, b: Point, ra: float, rb: float, fill: Colour, rim: float = GAP
    ) -> None:
        if rim:
            self.polygon(limb_points(a, b, ra + rim, rb + rim), BACKGROUND)
        self.polygon(limb_points(a, b, ra, rb), fill)

    def blob(self, points: Sequence[Point], fill: Colour, rim: float = GAP) -> None:
        """A filled outline with a background rim (any simple polygon)."""
        if rim:
            self.line([*points, points[0]], rim * 2, BACKGROUND)
        self.polygon(points, fill)

    def rounded_rect(
        self, box: tuple[float, float, float, float], radius: float, fill: Colour
    ) -> None:
        x0, y0, x1, y1 = box
        r = min(radius, (x1 - x0) / 2, (y1 - y0) / 2)
        points = (
            arc_points((x1 - r, y0 + r), r, r, -90, 0, 12)
            + arc_points((x1 - r, y1 - r), r, r, 0, 90, 12)
            + arc_points((x0 + r, y1 - r), r, r, 90, 180, 12)
            + arc_points((x0 + r, y0 + r), r, r, 180, 270, 12)
        )
        self.polygon(points, fill)

    def hatch(
        self,
        region: Sequence[Point],
        colour: Colour,
        *,
        base: Colour | None = None,
        spacing: float = 11.0,
        width: float = 3.0,
        cross: bool = False,
        degrees: float = 45.0,
    ) -> None:
        """Diagonal (or crossed) lines clipped to ``region``: the "keep off" mark."""
        if base is not None:
            self.polygon(region, base)
        mask = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(mask).polygon(self._px(region), fill=255)
        layer = Image.new("RGB", self.image.size, colour)
        lines = Image.new("L", self.image.size, 0)
        pen = ImageDraw.Draw(lines)
        xs = [p[0] for p in region]
        ys = [p[1] for p in region]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        reach = max(max(xs) - min(xs), max(ys) - min(ys))
        angles = (degrees, -degrees) if cross else (degrees,)
        for angle in angles:
            steps = int(reach / spacing) + 2
            for i in range(-steps, steps + 1):
                middle = polar((cx, cy), i * spacing, angle + 90)
                a = polar(middle, reach, angle)
                b = polar(middle, reach, angle + 180)
                pen.line(self._px([a, b]), fill=255, width=round(width * SUPERSAMPLE))
        self.image.paste(layer, (0, 0), ImageChops.multiply(mask, lines))

    def arrow(
        self,
        path: Sequence[Point],
        *,
        width: float = 9.0,
        head: float = 26.0,
        colour: Colour = ARROW,
        both: bool = False,
        rim: float = 0.0,
    ) -> None:
        """A stroke along ``path`` ending in a solid head (heads at both ends if ``both``);
        ``rim`` outlines it in the background colour, for an arrow over the body."""
        if rim:
            self.arrow(
                path, width=width + 2 * rim, head=head + 2.5 * rim, colour=BACKGROUND, both=both
            )
        points = list(path)
        shaft = self._arrow_head(points, head, colour)
        if both:
            shaft = self._arrow_head(shaft[::-1], head, colour)[::-1]
        self.line(shaft, width, colour)

    def _arrow_head(self, run: list[Point], head: float, colour: Colour) -> list[Point]:
        """Draws the head at the end of ``run``; returns the shaft, cut short under it."""
        tip = run[-1]
        back = run[0]
        for p in reversed(run[:-1]):
            back = p
            if length(sub(tip, p)) >= head:
                break
        unit = scale(sub(tip, back), 1 / (length(sub(tip, back)) or 1.0))
        base = sub(tip, scale(unit, head))
        normal = (-unit[1], unit[0])
        left = add(base, scale(normal, head * 0.62))
        right = sub(base, scale(normal, head * 0.62))
        self.line([left, tip, right, left], 2.5, colour)
        self.polygon([tip, left, right], colour)
        kept = [p for p in run if length(sub(p, tip)) > head * 0.75]
        return [*kept, sub(tip, scale(unit, head * 0.75))]

    def paste_rounded(
        self, other: Canvas, box: tuple[float, float, float, float], radius: float
    ) -> None:
        """Copies ``other`` inside a rounded box: an inset panel, its drawing clipped to it."""
        mask_canvas = Canvas((0, 0, 0))
        mask_canvas.rounded_rect(box, radius, (255, 255, 255))
        self.image.paste(other.image, (0, 0), mask_canvas.image.convert("L"))

    def magnify(self, source: Point, radius: float, target: Point, zoom: float = 2.0) -> None:
        """A round magnifier: the circle around ``source`` drawn ``zoom`` times larger at
        ``target``, ringed, with a thin line joining the two rings."""
        big = radius * zoom
        s = SUPERSAMPLE
        box = (
            round((source[0] - radius) * s),
            round((source[1] - radius) * s),
            round((source[0] + radius) * s),
            round((source[1] + radius) * s),
        )
        size = round(2 * big * s)
        patch = self.image.crop(box).resize((size, size), Image.Resampling.BICUBIC)
        mask = Image.new("L", (size, size), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
        ring = FURNITURE_EDGE
        joint = sub(target, source)
        unit = scale(joint, 1 / (length(joint) or 1.0))
        self.line([add(source, scale(unit, radius)), sub(target, scale(unit, big))], 3, ring)
        self.circle(target, big + 4, ring)
        self.image.paste(patch, (round((target[0] - big) * s), round((target[1] - big) * s)), mask)
        ring_points = ellipse_points(source, radius, radius)
        self.line([*ring_points, ring_points[0]], 3, ring)

    def finish(self) -> Image.Image:
        """The picture at its final size, quantised to a small fixed palette."""
        small = self.image.reduce(SUPERSAMPLE)
        return small.quantize(
            colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )

    def thumbnail(self) -> Image.Image:
        """The picture at a quarter of its size, for home's cards: a card shows it at
        96 dp, and decoding five full pictures before home's first frame cost more
        than all of home's own start (bench/startup.py)."""
        small = self.image.reduce(SUPERSAMPLE * THUMBNAIL_REDUCTION)
        return small.quantize(
            colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )


THUMBNAIL_REDUCTION = 4
THUMBNAILS = "thumbs"
"""The folder beside the pictures that holds their thumbnails, under the same names."""


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Figures


HEAD_FACE: tuple[Point, ...] = (
    (0.52, -0.86),
    (0.88, -0.46),
    (0.98, -0.18),
    (1.30, 0.10),
    (1.04, 0.24),
    (1.06, 0.42),
    (1.04, 0.66),
    (0.90, 0.92),
    (0.62, 1.04),
    (0.30, 0.96),
    (0.05, 0.70),
    (0.00, 0.00),
)
"""The face side of a head in profile, in head radii, facing right: brow, nose, chin, jaw.

A plain circle cannot show a nod; the chin and nose can."""

SKULL_BASE = 128.0
"""Where the base of the skull is on the head's circle (degrees, facing right, image axes)."""


@dataclass(frozen=True)
class Head:
    """A head in profile: where it is, how big, which way it faces and how far it is nodded."""

    centre: Point
    radius: float
    turn: float = 0.0  # degrees; positive turns the face down (a nod when facing right)
    facing: int = 1  # 1 faces right, -1 faces left

    def at(self, local: Point) -> Point:
        """A point given in head radii (facing right, upright) placed on the picture."""
        x, y = local
        p = (self.centre[0] + self.facing * x * self.radius, self.centre[1] + y * self.radius)
        return rotate(p, self.centre, self.turn * self.facing)

    def on_rim(self, degrees: float, out: float = 1.0) -> Point:
        """A point on (or ``out`` radii from the centre past) the back of the skull's circle."""
        return self.at(polar((0.0, 0.0), out, degrees))

    @property
    def skull_base(self) -> Point:
        return self.on_rim(SKULL_BASE)

    def outline(self) -> tuple[list[Point], list[Point]]:
        cranium = ellipse_points(self.centre, self.radius, self.radius)
        return cranium, [self.at(p) for p in HEAD_FACE]


def draw_head(canvas: Canvas, head: Head, fill: Colour = BODY, ear: bool = True) -> None:
    """The head with darker hair over the back and top, so which way it faces reads at once."""
    cranium, face = head.outline()
    canvas.line([*cranium, cranium[0]], GAP * 2, BACKGROUND)
    canvas.line([*face, face[0]], GAP * 2, BACKGROUND)
    canvas.polygon(cranium, fill)
    canvas.polygon(face, fill)
    hair = [head.on_rim(a) for a in _steps(-62, SKULL_BASE - 360, 40)]
    hair += [head.at(p) for p in ((-0.42, 0.35), (-0.25, -0.25), (0.05, -0.62))]
    canvas.polygon(hair, HAIR)
    if ear:
        canvas.ellipse(
            head.at((-0.08, 0.12)), head.radius * 0.2, head.radius * 0.3, BODY_SHADE, head.turn
        )


@dataclass(frozen=True)
class Limbs:
    """One side's arm and leg, as joints; ``None`` leaves that part out of the picture."""

    shoulder: Point | None = None
    elbow: Point | None = None
    hand: Point | None = None
    hip: Point | None = None
    knee: Point | None = None
    ankle: Point | None = None
    toe: Point | None = None


def draw_arm(canvas: Canvas, limbs: Limbs, r: float, fill: Colour) -> None:
    if limbs.shoulder is None or limbs.elbow is None:
        return
    canvas.limb(limbs.shoulder, limbs.elbow, r * 0.42, r * 0.34, fill)
    if limbs.hand is not None:
        canvas.limb(limbs.elbow, limbs.hand, r * 0.33, r * 0.27, fill)
        canvas.circle(limbs.hand, r * 0.33, fill)


def draw_leg(canvas: Canvas, limbs: Limbs, r: float, fill: Colour) -> None:
    if limbs.hip is None or limbs.knee is None:
        return
    canvas.limb(limbs.hip, limbs.knee, r * 0.62, r * 0.46, fill)
    if limbs.ankle is not None:
        canvas.limb(limbs.knee, limbs.ankle, r * 0.45, r * 0.32, fill)
        if limbs.toe is not None:
            canvas.limb(limbs.ankle, limbs.toe, r * 0.32, r * 0.22, fill)


@dataclass(frozen=True)
class SideFigure:
    """A person seen from the side: the head, the trunk, and near and far limbs."""

    head: Head
    neck: Point  # where the neck meets the shoulders
    hip: Point
    near: Limbs
    far: Limbs
    chest: float = 0.9  # the trunk's half-depth at the shoulders, in head radii
    waist: float = 0.78

    @property
    def r(self) -> float:
        return self.head.radius

    def neck_top(self) -> Point:
        return self.head.at((-0.12, 0.62))


def draw_side_figure(
    canvas: Canvas,
    figure: SideFigure,
    *,
    after_trunk: Callable[[], None] | None = None,
    after_head: Callable[[], None] | None = None,
    arm_behind_head: bool = False,
) -> None:
    """Far limbs, trunk, neck, head, near leg, near arm: the order a side view overlaps in.

    ``after_trunk`` draws what lies between the trunk and the head (a towel, a pack);
    ``after_head`` what lies over the head but under the near arm. ``arm_behind_head``
    draws the near arm before the head, so hands at the back of the head leave the face
    and the front of the neck in view."""
    r = figure.r
    draw_leg(canvas, figure.far, r, BODY_FAR)
    draw_arm(canvas, figure.far, r, BODY_FAR)
    trunk_top = lerp(figure.neck, figure.hip, 0.12)
    canvas.limb(trunk_top, figure.hip, r * figure.chest, r * figure.waist, BODY)
    draw_leg(canvas, figure.near, r, BODY)
    if arm_behind_head:
        draw_arm(canvas, figure.near, r, BODY)
    if after_trunk is not None:
        after_trunk()
    canvas.limb(figure.neck_top(), figure.neck, r * 0.44, r * 0.5, BODY)
    draw_head(canvas, figure.head)
    if after_head is not None:
        after_head()
    if not arm_behind_head:
        draw_arm(canvas, figure.near, r, BODY)


# ---------------------------------------------------------------------------
# Scenes: lying on the back


MAT_TOP = 440.0


def draw_mat(canvas: Canvas, top: float = MAT_TOP, x0: float = 30, x1: float = 770) -> None:
    """A bed or mat: a low slab the figure lies on."""
    canvas.rounded_rect((x0, top, x1, top + 34), 14, FURNITURE)
    canvas.line([(x0 + 14, top + 1.5), (x1 - 14, top + 1.5)], 3, FURNITURE_EDGE)


def lying_figure(head_turn: float = 0.0, r: float = 50.0, head_x: float = 100.0) -> SideFigure:
    """On the back, knees bent, feet flat, arms by the sides; the head to the left.

    ``head_turn`` nods the head (positive: chin towards the chest) about the centre of
    the skull's circle, so the back of the head stays where it is on the surface."""
    head = Head((head_x, MAT_TOP - r), r, turn=-90 + head_turn)
    neck = (head_x + 1.85 * r, MAT_TOP - 0.92 * r)
    hip = (neck[0] + 4.9 * r, MAT_TOP - 0.8 * r)
    knee = polar(hip, 4.1 * r, -52)
    ankle_y = MAT_TOP - 0.36 * r
    shin = 4.0 * r
    ankle = (knee[0] + math.sqrt(max(shin**2 - (ankle_y - knee[1]) ** 2, 0.0)), ankle_y)
    toe = (ankle[0] + 1.6 * r, MAT_TOP - 0.24 * r)
    shoulder = (neck[0] + 0.55 * r, neck[1] - 0.05 * r)
    elbow = (shoulder[0] + 2.7 * r, MAT_TOP - 0.75 * r)
    hand = (elbow[0] + 2.4 * r, MAT_TOP - 0.6 * r)
    near = Limbs(shoulder, elbow, hand, hip, knee, ankle, toe)
    offset = (0.35 * r, -0.1 * r)
    far = Limbs(
        hip=hip,
        knee=add(knee, offset),
        ankle=add(ankle, (0.35 * r, 0)),
        toe=add(toe, (0.35 * r, 0)),
    )
    return SideFigure(head, neck, hip, near, far)


def nod_arrow(canvas: Canvas, head: Head, start: float, end: float, out: float = 1.6) -> None:
    """A curved arrow around the face (picture angles), the way a small "yes" nod goes."""
    path = [polar(head.centre, out * head.radius, a) for a in _steps(start, end, 24)]
    canvas.arrow(path)


def _steps(start: float, end: float, count: int) -> list[float]:
    return [start + (end - start) * i / count for i in range(count + 1)]


def contact_mark(canvas: Canvas, point: Point, along: float = 0.0) -> None:
    """An accent bar where the back of the head rests: it stays there through the nod."""
    a = polar(point, 26, along)
    b = polar(point, -26, along)
    canvas.line([a, b], 9, ACCENT)


def chin_tuck_lying(nodded: bool) -> Canvas:
    canvas = Canvas()
    draw_mat(canvas)
    turn = 16.0 if nodded else 0.0
    figure = lying_figure(turn)
    draw_side_figure(canvas, figure)
    contact_mark(canvas, (figure.head.centre[0], MAT_TOP + 1))
    if nodded:
        nod_arrow(canvas, figure.head, -75, -20)
    canvas.magnify(add(figure.head.centre, (25, -12)), 1.8 * 50, (330, 170), 1.45)
    return canvas


# ---------------------------------------------------------------------------
# Figures seen from behind


@dataclass(frozen=True)
class BackHead:
    """A head seen from behind: hair above the bony ridge at the base of the skull, skin below.

    ``r`` is half the head's width; ``tilt`` turns the head about the top of the neck
    (negative: the figure's left ear, on the picture's left, towards its left shoulder)."""

    centre: Point
    r: float
    tilt: float = 0.0
    pivot: Point | None = None

    @property
    def ry(self) -> float:
        return self.r * 1.18

    def at(self, local: Point) -> Point:
        """A point in head half-widths from the head's centre, tilted with the head."""
        p = (self.centre[0] + local[0] * self.r, self.centre[1] + local[1] * self.r)
        return rotate(p, self.pivot or self.centre, self.tilt)

    def outline(self) -> list[Point]:
        upper = [
            (math.cos(math.radians(a)), 1.18 * math.sin(math.radians(a)))
            for a in _steps(180, 360, 48)
        ]
        return [self.at(p) for p in upper[:-1] + _skull_lower(_steps(1, -1, 48))[:-1]]

    def ridge(self, x: float) -> Point:
        """The bony ridge at ``x`` half-widths from the middle: highest in the middle."""
        return self.at((x, 0.40 + 0.15 * x * x))

    def point(self, x: float) -> Point:
        """A fingertip point just under the ridge."""
        return self.at((x, 0.40 + 0.15 * x * x + 0.15))


RIDGE_END = 0.95
POINTS = {"middle": 0.3, "halfway": 0.53, "behind-ear": 0.76}
"""Where the three holds are, in head half-widths from the middle (both sides)."""


def draw_back_head(canvas: Canvas, head: BackHead, nape: bool = True) -> None:
    """The back of the head; without ``nape`` (the head bowed and turned to its left) the
    left ear is out of sight and the ridge is hidden under the hair."""
    for side in (-1, 1) if nape else (1,):
        ear = head.at((side * 0.97, 0.2))
        canvas.ellipse(ear, head.r * 0.2, head.r * 0.36, BACKGROUND, head.tilt)
        canvas.ellipse(ear, head.r * 0.17, head.r * 0.33, BODY, head.tilt)
    canvas.blob(head.outline(), HAIR)
    if not nape:
        return
    # The nape: skin from the ridge down to the neck.
    ridge = [head.ridge(x) for x in _steps(-RIDGE_END, RIDGE_END, 40)]
    lower = [head.at(p) for p in _skull_lower(_steps(RIDGE_END, -RIDGE_END, 40))]
    canvas.polygon(ridge + lower, BODY)
    canvas.line(ridge, 3, BODY_SHADE)


def _skull_lower(xs: Iterable[float]) -> list[Point]:
    """The lower half of the skull from behind: squarer than an ellipse, as the bony
    bumps behind the ears make it."""
    return [(x, 1.18 * (1 - abs(x) ** 2.6) ** (1 / 2.6)) for x in xs]


def back_torso_points(
    cx: float, neck_y: float, r: float, shoulders: float, bottom: float, drop: float = 0.0
) -> list[Point]:
    """Shoulders and back seen from behind; ``drop`` lowers the shoulder tips (relaxed)."""
    half_neck = 0.6 * r
    tip_y = neck_y + 0.75 * r + drop
    right = bezier(
        (cx + half_neck, neck_y),
        (cx + half_neck + 0.5 * r, neck_y + 0.45 * r + drop * 0.5),
        (cx + shoulders - 0.9 * r, tip_y - 0.1 * r),
        (cx + shoulders - 0.35 * r, tip_y),
        16,
    )
    right += arc_points(
        (cx + shoulders - 0.35 * r, tip_y + 0.35 * r), 0.35 * r, 0.35 * r, -90, 0, 8
    )
    right += [(cx + shoulders - 0.1 * r, bottom)]
    left = [mirror_x(p, cx) for p in reversed(right)]
    return [*left, *right]


def draw_neck_back(canvas: Canvas, head: BackHead, base_y: float) -> None:
    top = head.at((0, 0.5))
    canvas.polygon(
        [
            add(top, (-0.6 * head.r, 0)),
            add(top, (0.6 * head.r, 0)),
            (top[0] + 0.64 * head.r, base_y),
            (top[0] - 0.64 * head.r, base_y),
        ],
        BODY,
    )


def keep_off_midline(canvas: Canvas, head: BackHead, bottom: float) -> None:
    """The middle of the spine, from the ridge down: a red-hatched strip (keep off)."""
    top = head.ridge(0)
    half = 0.11 * head.r
    strip = [
        (top[0] - half, top[1] + 4),
        (top[0] + half, top[1] + 4),
        (top[0] + half, bottom),
        (top[0] - half, bottom),
    ]
    canvas.hatch(strip, DANGER, base=DANGER_DARK, spacing=9, width=3.2)


def never_press_neck_sides(canvas: Canvas, head: BackHead, base_y: float) -> None:
    """The sides of the neck seen from behind: red cross-hatched strips (never press)."""
    top_y = head.at((0, 1.02))[1]
    for side in (-1, 1):
        outer0 = head.centre[0] + side * 0.6 * head.r
        outer1 = head.centre[0] + side * 0.64 * head.r
        inner = 0.24 * head.r
        strip = [
            (outer0, top_y - 0.2 * head.r),
            (outer0 - side * inner, top_y - 0.2 * head.r),
            (outer1 - side * inner, base_y),
            (outer1, base_y),
        ]
        canvas.hatch(strip, DANGER, base=DANGER_DARK, spacing=9, width=3.0, cross=True)


def draw_points(canvas: Canvas, head: BackHead, active: str | None) -> None:
    """The three points on each side; this step's pair large, in the accent colour."""
    for name, x in POINTS.items():
        for side in (-1, 1):
            p = head.point(side * x)
            if name == active:
                canvas.circle(p, head.r * 0.135, BACKGROUND)
                canvas.circle(p, head.r * 0.11, ACCENT)
            else:
                canvas.circle(p, head.r * 0.085, BACKGROUND)
                canvas.circle(p, head.r * 0.06, QUIET)


# ---------------------------------------------------------------------------
# Scenes: the holds at the base of the skull


def never_press_neck_front(canvas: Canvas, figure: SideFigure) -> None:
    """The front and side of the neck in a side view: red cross-hatched (never press)."""
    top = figure.neck_top()
    base = figure.neck
    along = sub(base, top)
    unit = scale(along, 1 / (length(along) or 1.0))
    front = (unit[1], -unit[0]) if figure.head.facing == 1 else (-unit[1], unit[0])
    r = figure.r
    zone = [
        add(top, scale(front, 0.44 * r)),
        add(add(top, scale(unit, -0.1 * r)), scale(front, -0.12 * r)),
        add(base, scale(front, -0.12 * r)),
        add(base, scale(front, 0.6 * r)),
    ]
    canvas.hatch(zone, DANGER, base=DANGER_DARK, spacing=7, width=2.4, cross=True)


def table(canvas: Canvas, x0: float, x1: float, top: float, floor: float) -> None:
    canvas.rounded_rect((x0, top, x1, top + 16), 6, FURNITURE_EDGE)
    canvas.rounded_rect((x0 + 14, top + 10, x0 + 30, floor), 4, FURNITURE)


def chair(
    canvas: Canvas,
    seat: Point,
    depth: float,
    floor: float,
    back_top: float | None = None,
    lean: float = 0.0,
    facing: int = 1,
) -> None:
    """A chair in profile; ``seat`` is the back end of the seat's top, ``back_top`` makes
    it high-backed (a back up to that height), ``lean`` reclines the back (degrees)."""
    x, y = seat
    front = x + facing * depth
    canvas.rounded_rect((min(x, front), y, max(x, front), y + 16), 6, FURNITURE_EDGE)
    for leg_x in (x + facing * 10, front - facing * 10):
        canvas.rounded_rect((leg_x - 7, y + 10, leg_x + 7, floor), 4, FURNITURE)
    if back_top is not None:
        bottom = (x - facing * 8, y + 12)
        top = polar(bottom, y - back_top, -90 - facing * lean)
        canvas.limb(bottom, top, 9, 9, FURNITURE_EDGE, rim=0)


def seated_holds_figure(r: float, hip: Point, table_top: float) -> SideFigure:
    """Sitting at a table, leaning a little forward, elbows on it, fingertips at the base
    of the skull (facing right)."""
    lean = 14.0
    neck = polar(hip, 5.0 * r, -90 + lean)
    head = Head(polar(neck, 1.55 * r, -90 + lean + 8), r, turn=10)
    shoulder = polar(neck, 0.55 * r, 90 + lean)
    elbow = (neck[0] + 2.0 * r, table_top - 0.36 * r)
    hand = add(head.skull_base, polar((0, 0), 0.25 * r, 200))
    knee = (hip[0] + 4.0 * r, hip[1] - 0.1 * r)
    ankle = (knee[0] - 0.3 * r, hip[1] + 3.9 * r)
    toe = (ankle[0] + 1.5 * r, ankle[1] + 0.1 * r)
    near = Limbs(shoulder, elbow, hand, hip, knee, ankle, toe)
    far = Limbs(
        add(shoulder, (0.2 * r, -0.1 * r)),
        add(elbow, (0.5 * r, -0.05 * r)),
        add(hand, (0.3 * r, -0.25 * r)),
    )
    return SideFigure(head, neck, hip, near, far)


def draw_seated_holds(canvas: Canvas, r: float, hip: Point, floor: float) -> SideFigure:
    table_top = hip[1] - 2.7 * r
    figure = seated_holds_figure(r, hip, table_top)
    chair(canvas, (hip[0] - 1.0 * r, hip[1] + 0.75 * r), 2.6 * r, floor, hip[1] - 4.2 * r)
    draw_side_figure(
        canvas,
        figure,
        after_head=lambda: never_press_neck_front(canvas, figure),
        arm_behind_head=True,
    )
    table(
        canvas,
        figure.near.elbow[0] - 1.2 * r if figure.near.elbow else 0,
        WIDTH + 20,
        table_top,
        floor,
    )
    # Fingertips on the base of the skull, in the accent colour.
    tip = figure.head.skull_base
    canvas.circle(tip, r * 0.3, BACKGROUND)
    canvas.circle(tip, r * 0.24, ACCENT)
    return figure


def holds(active: str) -> Canvas:
    """Where the fingertips go (from behind) and how to sit for it (from the side)."""
    canvas = Canvas()
    r = 98.0
    cx = 250.0
    head = BackHead((cx, 215.0), r)
    shoulder_y = 445.0
    canvas.polygon(back_torso_points(cx, shoulder_y - 0.2 * r, r, 2.15 * r, HEIGHT + 10), BODY)
    draw_neck_back(canvas, head, shoulder_y)
    never_press_neck_sides(canvas, head, shoulder_y + 0.1 * r)
    draw_back_head(canvas, head)
    # A divider, then the side view.
    keep_off_midline(canvas, head, HEIGHT + 10)
    draw_points(canvas, head, active)
    canvas.line([(508, 70), (508, 530)], 2, FURNITURE)
    draw_seated_holds(canvas, 40.0, (590.0, 560.0), 700.0)
    return canvas


# ---------------------------------------------------------------------------
# Scenes: the towel roll


def towel_roll(canvas: Canvas, centre: Point, radius: float) -> None:
    """A rolled towel seen end-on: an accent disc with its spiral."""
    canvas.circle(centre, radius + GAP, BACKGROUND)
    canvas.circle(centre, radius, ACCENT)
    turns = 2.6
    spiral = [
        polar(centre, radius * 0.92 * (i / 80), 360 * turns * (i / 80) - 90) for i in range(81)
    ]
    canvas.line(spiral, max(2.0, radius * 0.09), ACCENT_DARK)


def dashed(
    canvas: Canvas, a: Point, b: Point, dash: float = 12, width: float = 3, colour: Colour = ARROW
) -> None:
    total = length(sub(b, a))
    count = int(total // (dash * 2))
    for i in range(count + 1):
        t0 = i * dash * 2 / total
        t1 = min(1.0, (i * dash * 2 + dash) / total)
        canvas.line([lerp(a, b, t0), lerp(a, b, t1)], width, colour)


def dashed_path(canvas: Canvas, points: Sequence[Point], colour: Colour, dash: float = 7) -> None:
    """A dashed line along ``points``: where something was before it moved."""
    run: list[Point] = [points[0]]
    travelled = 0.0
    on = True
    for a, b in itertools.pairwise(points):
        travelled += length(sub(b, a))
        run.append(b)
        if travelled >= dash:
            if on:
                canvas.line(run, 3, colour)
            run, travelled, on = [b], 0.0, not on
    if on and len(run) > 1:
        canvas.line(run, 3, colour)


def wrist_gauge(canvas: Canvas, box: tuple[float, float, float, float]) -> None:
    """A panel comparing the roll with a wrist: the same thickness, between two dashed lines."""
    x0, y0, x1, y1 = box
    panel = Canvas((30, 34, 42))
    cy = (y0 + y1) / 2
    rr = (y1 - y0) * 0.24
    wrist = (x0 + (x1 - x0) * 0.36, cy)
    panel.limb((x0 - 60, cy + rr * 0.1), wrist, rr * 1.3, rr, BODY, rim=0)
    fist = add(wrist, (rr * 1.15, -rr * 0.05))
    panel.blob(ellipse_points(fist, rr * 1.1, rr * 1.15), BODY)
    panel.limb(
        add(fist, (-rr * 0.45, -rr * 0.6)),
        add(fist, (rr * 0.45, -rr * 0.95)),
        rr * 0.3,
        rr * 0.28,
        BODY_SHADE,
    )
    roll = (x1 - rr - 36, cy)
    towel_roll(panel, roll, rr)
    for y in (cy - rr, cy + rr):
        dashed(panel, (x0 + 14, y), (x1 - 14, y), dash=10, width=3)
    canvas.paste_rounded(panel, box, 22)


def no_turn_arrow(canvas: Canvas, centre: Point, rx: float, ry: float = 0.0) -> None:
    """A small double-headed arc: tiny, slow "no" turns of the head."""
    ry = ry or rx * 0.36
    path = arc_points(centre, rx, ry, 200, 340, 30)
    canvas.arrow(path, both=True, width=7, head=20)


def towel_lying() -> Canvas:
    canvas = Canvas()
    draw_mat(canvas)
    r = 50.0
    rr = 0.36 * r
    base = lying_figure(0.0, r)
    turn = -4.0
    angle = SKULL_BASE - 90 + turn  # where the base of the skull points, on the picture
    head_y = MAT_TOP - rr - (r + rr) * math.sin(math.radians(angle))
    roll = (base.head.centre[0] + (r + rr) * math.cos(math.radians(angle)), MAT_TOP - rr)
    head = Head((roll[0] - (r + rr) * math.cos(math.radians(angle)), head_y), r, -90 + turn)
    figure = SideFigure(head, base.neck, base.hip, base.near, base.far)
    draw_side_figure(canvas, figure, after_trunk=lambda: None)
    towel_roll(canvas, roll, rr)
    no_turn_arrow(canvas, add(head.centre, (4, -1.75 * r)), 0.95 * r)
    wrist_gauge(canvas, (40, 40, 440, 210))
    return canvas


# ---------------------------------------------------------------------------
# Scenes: sitting


FLOOR = 572.0
SIT_R = 38.0


def seated_figure(
    r: float, hip: Point, head: Head, *, lean: float = 0.0, hands: str = "lap"
) -> SideFigure:
    """Sitting (facing right), the trunk ``lean`` degrees back from upright, hands on the
    thighs (``hands="lap"``) or hanging by the sides (``hands="down"``)."""
    neck = polar(hip, 4.9 * r, -90 - lean)
    shoulder = polar(neck, 0.6 * r, 90 - lean)
    knee = (hip[0] + 4.0 * r, hip[1] - 0.15 * r)
    ankle = (knee[0] + 0.2 * r, FLOOR - 0.35 * r)
    toe = (ankle[0] + 1.5 * r, FLOOR - 0.22 * r)
    if hands == "lap":
        elbow = polar(shoulder, 2.9 * r, 100 - lean * 0.5)
        hand = (elbow[0] + 2.2 * r, hip[1] - 0.9 * r)
    else:
        elbow = polar(shoulder, 2.9 * r, 94)
        hand = polar(elbow, 2.5 * r, 92)
    near = Limbs(shoulder, elbow, hand, hip, knee, ankle, toe)
    far = Limbs(
        add(shoulder, (0.15 * r, -0.1 * r)),
        add(elbow, (0.35 * r, 0)),
        add(hand, (0.35 * r, 0)),
        hip,
        add(knee, (0.3 * r, -0.1 * r)),
        add(ankle, (0.3 * r, 0)),
        add(toe, (0.3 * r, 0)),
    )
    return SideFigure(head, neck, hip, near, far)


def high_chair(canvas: Canvas, back_x: float, seat_y: float, top_y: float, depth: float) -> None:
    """A high-backed chair in profile; ``back_x`` is the front face of its back."""
    canvas.rounded_rect((back_x - 22, top_y, back_x, seat_y + 12), 10, FURNITURE_EDGE)
    canvas.rounded_rect((back_x - 22, seat_y, back_x + depth, seat_y + 18), 7, FURNITURE_EDGE)
    for leg_x in (back_x - 12, back_x + depth - 14):
        canvas.rounded_rect((leg_x - 7, seat_y + 12, leg_x + 7, FLOOR + 8), 4, FURNITURE)
    canvas.rounded_rect((20, FLOOR + 8, WIDTH - 20, FLOOR + 14), 3, FURNITURE)


SEAT_Y = FLOOR - 4.3 * SIT_R
CHAIR_BACK_X = 200.0


def towel_seated() -> Canvas:
    """The towel roll sitting: between the base of the skull and a high chair back."""
    canvas = Canvas()
    r = SIT_R
    rr = 0.36 * r
    high_chair(canvas, CHAIR_BACK_X, SEAT_Y, 28.0, 4.6 * r)
    hip = (CHAIR_BACK_X + 0.95 * r, SEAT_Y - 0.72 * r)
    trial = seated_figure(r, hip, Head((0, 0), r), lean=6)
    roll_y = trial.neck[1] - 1.05 * r
    roll = (CHAIR_BACK_X + rr, roll_y)
    centre = sub(roll, polar((0, 0), r + rr, SKULL_BASE))
    figure = seated_figure(r, hip, Head(centre, r, turn=-3), lean=6)
    draw_side_figure(canvas, figure)
    towel_roll(canvas, roll, rr)
    no_turn_arrow(canvas, add(centre, (10, -1.75 * r)), 0.95 * r)
    canvas.magnify(add(centre, (-2, -0.25 * r)), 2.15 * r, (610, 270), 2.0)
    return canvas


def chin_tuck_seated(nodded: bool) -> Canvas:
    """The chin tuck sitting tall, the back of the head against a high chair back."""
    canvas = Canvas()
    r = SIT_R
    high_chair(canvas, CHAIR_BACK_X, SEAT_Y, 28.0, 4.6 * r)
    hip = (CHAIR_BACK_X + 0.95 * r, SEAT_Y - 0.72 * r)
    trial = seated_figure(r, hip, Head((0, 0), r), lean=4)
    centre = (CHAIR_BACK_X + r + 1, trial.neck[1] - 1.45 * r)
    head = Head(centre, r, turn=16.0 if nodded else 0.0)
    figure = seated_figure(r, hip, head, lean=4)
    draw_side_figure(canvas, figure)
    contact_mark(canvas, (CHAIR_BACK_X - 2, centre[1]), along=90)
    if nodded:
        nod_arrow(canvas, head, -25, 30)
    canvas.magnify(add(centre, (12, 0.2 * r)), 2.0 * r, (610, 270), 2.1)
    return canvas


def chin_retraction(held: bool) -> Canvas:
    """Sitting tall, eyes level; the chin slides straight back (no tip of the head)."""
    canvas = Canvas()
    r = SIT_R
    chair(canvas, (CHAIR_BACK_X, SEAT_Y), 4.6 * r, FLOOR + 8, SEAT_Y - 3.2 * r)
    canvas.rounded_rect((20, FLOOR + 8, WIDTH - 20, FLOOR + 14), 3, FURNITURE)
    hip = (CHAIR_BACK_X + 0.95 * r, SEAT_Y - 0.72 * r)
    trial = seated_figure(r, hip, Head((0, 0), r))
    forward = 0.0 if held else 0.42 * r
    centre = (trial.neck[0] + 0.15 * r + forward, trial.neck[1] - 1.5 * r)
    head = Head(centre, r)
    figure = seated_figure(r, hip, head)
    if held:
        ghost = Head(add(centre, (0.42 * r, 0)), r)
        face = [ghost.at(p) for p in HEAD_FACE[:10]]
        dashed_path(canvas, face, QUIET)
    draw_side_figure(canvas, figure)
    eye_y = head.at((0.6, -0.2))[1]
    dashed(
        canvas,
        (centre[0] - 1.3 * r, eye_y),
        (centre[0] + 2.6 * r, eye_y),
        dash=8,
        width=3,
        colour=QUIET,
    )
    if held:
        chin = head.at((1.25, 0.75))
        canvas.arrow([add(chin, (1.05 * r, 0)), add(chin, (0.2 * r, 0))], width=7, head=18)
    canvas.magnify(add(centre, (0.5 * r, 0.2 * r)), 1.9 * r, (610, 270), 2.1)
    return canvas


# ---------------------------------------------------------------------------
# Scenes: reclined, for heat and rest


def heat_pack(canvas: Canvas, at: Point, axis: Point, r: float) -> None:
    """A heat pack along the back of the neck: warm orange with wavy lines, and a pale
    cloth on the side towards the skin."""
    degrees = math.degrees(math.atan2(axis[1], axis[0]))
    half_long, half_thick = 0.7 * r, 0.3 * r
    normal = (-axis[1], axis[0])
    if normal[0] < 0:
        normal = scale(normal, -1)  # towards the neck (the figure faces right)
    corners = []
    for sx, sy, start in ((1, 1, 0), (-1, 1, 90), (-1, -1, 180), (1, -1, 270)):
        c = add(
            at,
            add(
                scale(axis, sx * (half_long - 0.18 * r)),
                scale(normal, sy * (half_thick - 0.18 * r)),
            ),
        )
        corners += [polar(c, 0.18 * r, a + degrees) for a in _steps(start, start + 90, 6)]
    canvas.blob(corners, HEAT)
    for k in (-0.3, 0.3):
        line = [
            add(
                add(at, scale(axis, t * r)), scale(normal, k * r * 0.8 + 0.06 * r * math.sin(t * 9))
            )
            for t in _steps(-0.55, 0.55, 20)
        ]
        canvas.line(line, 3.5, (190, 95, 40))
    cloth = add(at, scale(normal, half_thick + 3))
    canvas.line([add(cloth, scale(axis, 0.6 * r)), add(cloth, scale(axis, -0.6 * r))], 6, CLOTH)


def reclined(heat: bool) -> Canvas:
    """Reclined in a chair, the head on a cushion; with ``heat``, the pack against the back
    of the neck, below the cushion, so the head's weight is never on it."""
    canvas = Canvas()
    r = 40.0
    lean = 30.0
    seat_y = FLOOR - 4.0 * r
    hip = (250.0, seat_y - 0.7 * r)
    axis = polar((0, 0), 1, -90 - lean)  # from the hip towards the head
    back_normal = (axis[1], -axis[0])  # towards the chair's back (left and down)
    if back_normal[0] > 0:
        back_normal = scale(back_normal, -1)
    neck = polar(hip, 4.9 * r, -90 - lean)
    cushion_depth = 0.5 * r
    centre = add(polar(neck, 1.5 * r, -90 - lean + 4), scale(back_normal, -0.12 * r))
    head = Head(centre, r, turn=-lean * 0.55)
    figure = seated_figure(r, hip, head, lean=lean)
    # The chair: a seat, and a back reclined behind the trunk, up past the head.
    chair_back = scale(back_normal, 1.05 * r + 14)
    low = add(add(hip, chair_back), scale(axis, -0.6 * r))
    high = add(
        add(centre, chair_back), add(scale(axis, 1.3 * r), scale(back_normal, cushion_depth))
    )
    canvas.rounded_rect((low[0] - 10, seat_y, hip[0] + 4.6 * r, seat_y + 22), 9, FURNITURE_EDGE)
    for x in (low[0] + 6, hip[0] + 4.2 * r):
        canvas.rounded_rect((x - 8, seat_y + 14, x + 8, FLOOR + 8), 4, FURNITURE)
    canvas.limb(low, high, 13, 13, FURNITURE_EDGE, rim=0)
    canvas.rounded_rect((20, FLOOR + 8, WIDTH - 20, FLOOR + 14), 3, FURNITURE)
    # The cushion behind the head.
    cushion = add(add(centre, scale(back_normal, r + cushion_depth * 0.55)), scale(axis, 0.05 * r))
    canvas.blob(ellipse_points(cushion, cushion_depth * 0.78, 1.2 * r, -lean), CUSHION)

    def pack() -> None:
        if heat:
            heat_pack(canvas, pack_at, axis, r)

    pack_at = add(lerp(figure.neck_top(), figure.neck, 0.4), scale(back_normal, 0.66 * r))
    draw_side_figure(canvas, figure, after_trunk=pack)
    if heat:
        canvas.magnify(add(centre, (-0.35 * r, 0.6 * r)), 1.9 * r, (600, 250), 2.0)
    else:
        belly = add(lerp(hip, neck, 0.35), scale(back_normal, -1.3 * r))
        canvas.arrow(
            [add(belly, scale(back_normal, -1.9 * r)), add(belly, scale(back_normal, 0.2 * r))],
            width=8,
            head=22,
            both=True,
        )
    return canvas


# ---------------------------------------------------------------------------
# Scenes: sitting, seen from behind (the picture's left is the person's left)


BACK_CX = 400.0
BACK_R = 60.0
BACK_SHOULDER_Y = 268.0
BACK_SEAT_Y = BACK_SHOULDER_Y + 3.85 * BACK_R


@dataclass(frozen=True)
class BackPose:
    """How the seated figure seen from behind stands: head tilt and bow, shoulder drop,
    shoulder blades drawn in, and which hand holds the seat."""

    tilt: float = 0.0
    bow: float = 0.0  # 0 upright, 1 nose down towards the armpit
    drop: float = 0.0
    squeeze: float = 0.0
    holding: str | None = None  # "left" or "right": that hand grips the chair seat


def back_head(pose: BackPose) -> BackHead:
    r = BACK_R
    pivot = (BACK_CX, BACK_SHOULDER_Y - 0.45 * r)
    centre = (BACK_CX, BACK_SHOULDER_Y - 2.25 * r + pose.bow * 0.55 * r)
    return BackHead(centre, r, pose.tilt, pivot)


def draw_back_figure(canvas: Canvas, pose: BackPose) -> BackHead:
    r = BACK_R
    cx = BACK_CX
    # A stool: a seat and legs (a chair back would hide the person's back).
    canvas.rounded_rect(
        (cx - 2.6 * r, BACK_SEAT_Y, cx + 2.6 * r, BACK_SEAT_Y + 20), 8, FURNITURE_EDGE
    )
    for x in (cx - 2.3 * r, cx + 2.3 * r):
        canvas.rounded_rect((x - 8, BACK_SEAT_Y + 14, x + 8, FLOOR + 8), 4, FURNITURE)
    canvas.rounded_rect((20, FLOOR + 8, WIDTH - 20, FLOOR + 14), 3, FURNITURE)
    drop = pose.drop * r
    torso = back_torso_points(cx, BACK_SHOULDER_Y - 0.2 * r, r, 2.2 * r, BACK_SEAT_Y + 6, drop=drop)
    torso = [(x if y < BACK_SEAT_Y - 2.4 * r else cx + (x - cx) * 0.86, y) for x, y in torso]
    # Arms first, so the trunk's edge overlaps where they join.
    for side in (-1, 1):
        shoulder = (cx + side * 1.95 * r, BACK_SHOULDER_Y + 0.55 * r + drop)
        elbow = (cx + side * 2.25 * r, BACK_SHOULDER_Y + 2.75 * r)
        name = "left" if side == -1 else "right"
        hand = (cx + side * 2.3 * r, BACK_SEAT_Y + 0.1 * r)
        colour = BODY_SHADE
        canvas.limb(shoulder, elbow, 0.42 * r, 0.36 * r, colour)
        canvas.limb(elbow, hand, 0.34 * r, 0.28 * r, colour)
        if pose.holding == name:
            grip = (hand[0], BACK_SEAT_Y + 0.2 * r)
            canvas.circle(grip, 0.38 * r, BACKGROUND)
            canvas.circle(grip, 0.33 * r, ACCENT)
        else:
            canvas.circle(hand, 0.32 * r, colour)
    canvas.blob(torso, BODY)
    head = back_head(pose)
    neck_top = head.at((0, 0.55))
    canvas.limb(neck_top, (cx, BACK_SHOULDER_Y + 0.1 * r), 0.6 * r, 0.64 * r, BODY, rim=0)
    if pose.squeeze or pose.drop or pose.holding is None:
        shoulder_blades(canvas, pose)
    draw_back_head(canvas, head, nape=not pose.bow)
    if pose.bow:
        # The nose, peeking out past the cheek: the head is turned, not only tilted.
        nose = [head.at(p) for p in ((-0.78, 0.62), (-1.22, 1.02), (-0.62, 0.98))]
        canvas.blob(nose, BODY)
    return head


def shoulder_blades(canvas: Canvas, pose: BackPose) -> None:
    """The shoulder blades: accent when they are what moves, quiet otherwise."""
    r = BACK_R
    colour = ACCENT if pose.squeeze else BODY_SHADE
    for side in (-1, 1):
        inner = 0.55 * r - pose.squeeze * 0.28 * r
        down = pose.squeeze * 0.2 * r + pose.drop * r
        top = BACK_SHOULDER_Y + 0.75 * r + down
        blade = [
            (BACK_CX + side * inner, top),
            (BACK_CX + side * (inner + 1.05 * r), top - 0.12 * r),
            (BACK_CX + side * (inner + 0.75 * r), top + 1.9 * r),
        ]
        rounded = []
        for i, p in enumerate(blade):
            a, b = blade[i - 1], blade[(i + 1) % 3]
            rounded += bezier(lerp(p, a, 0.25), p, p, lerp(p, b, 0.25), 6)
        canvas.polygon(rounded, colour)


def stretch_band(canvas: Canvas, points: Sequence[Point]) -> None:
    """Where the stretch is felt: a soft accent band."""
    canvas.line(points, 0.3 * BACK_R + 2 * GAP, BACKGROUND)
    canvas.line(points, 0.3 * BACK_R, ACCENT)


def rest_shoulders() -> Canvas:
    """Sitting, hands down, shoulders soft: arrows show them letting go downwards."""
    canvas = Canvas()
    draw_back_figure(canvas, BackPose(drop=0.0))
    for side in (-1, 1):
        x = BACK_CX + side * 1.55 * BACK_R
        top = BACK_SHOULDER_Y - 0.8 * BACK_R
        canvas.arrow([(x, top - 0.9 * BACK_R), (x, top + 0.35 * BACK_R)], width=8, head=22)
    return canvas


def shoulder_squeeze(held: bool) -> Canvas:
    canvas = Canvas()
    pose = BackPose(squeeze=1.0 if held else 0.0, drop=0.12 if held else 0.0)
    draw_back_figure(canvas, pose)
    if held:
        r = BACK_R
        for side in (-1, 1):
            start = (BACK_CX + side * 2.05 * r, BACK_SHOULDER_Y + 0.85 * r)
            end = (BACK_CX + side * 1.2 * r, BACK_SHOULDER_Y + 1.45 * r)
            canvas.arrow([start, end], width=8, head=22, rim=3)
    else:
        shoulder_blades(canvas, BackPose(squeeze=0.001))
    return canvas


def side_neck_stretch() -> Canvas:
    """Left side: the left ear towards the left shoulder, the right hand holding the seat;
    the stretch along the right side of the neck."""
    canvas = Canvas()
    pose = BackPose(tilt=-24.0, holding="right")
    head = draw_back_figure(canvas, pose)
    r = BACK_R
    band = bezier(
        head.at((0.55, 0.7)),
        head.at((0.75, 1.3)),
        (BACK_CX + 1.1 * r, BACK_SHOULDER_Y + 0.15 * r),
        (BACK_CX + 1.75 * r, BACK_SHOULDER_Y + 0.5 * r),
        20,
    )
    stretch_band(canvas, band)
    pivot = (BACK_CX, BACK_SHOULDER_Y - 0.45 * r)
    path = arc_points(pivot, 3.35 * r, 3.35 * r, -62, -118, 30)
    canvas.arrow(path, width=8, head=24)
    return canvas


def nose_to_armpit_stretch() -> Canvas:
    """Left side: the head turned halfway left, then the nose down towards the left armpit,
    the right hand holding the seat; the stretch at the back of the neck on the right."""
    canvas = Canvas()
    pose = BackPose(tilt=-30.0, bow=1.0, holding="right")
    head = draw_back_figure(canvas, pose)
    r = BACK_R
    band = bezier(
        head.at((0.45, 0.75)),
        head.at((0.55, 1.4)),
        (BACK_CX + 0.6 * r, BACK_SHOULDER_Y + 0.6 * r),
        (BACK_CX + 0.85 * r, BACK_SHOULDER_Y + 1.2 * r),
        20,
    )
    stretch_band(canvas, band)
    armpit = (BACK_CX - 1.8 * r, BACK_SHOULDER_Y + 0.95 * r)
    start = head.at((-1.25, -0.6))
    path = bezier(
        start,
        add(start, (-1.1 * r, 0.3 * r)),
        add(armpit, (-1.4 * r, -0.9 * r)),
        add(armpit, (-0.5 * r, -0.2 * r)),
        30,
    )
    canvas.arrow(path, width=8, head=24)
    return canvas


# ---------------------------------------------------------------------------
# Scenes: sleep and screens (the "Sleep and screens" card, not a routine's steps)


LYING_CENTRE: Point = (400.0, 300.0)
"""The lying figures are drawn upright, seen from behind, then turned about this point a
quarter turn anticlockwise: the head to the picture's left, the person's left side down."""
LYING_R = 44.0


def lying_back_figure(
    canvas: Canvas, *, head: bool = True, arms: bool = False
) -> tuple[float, float]:
    """A person seen from behind, drawn upright into a turned canvas: the back and the
    legs; with ``arms``, the arms along the sides (seen from above: lying on the side, the
    upper arm rests in front, out of sight); with ``head``, the back of the head on the
    neck. Returns the (upright) heights of the head's centre and of the shoulders."""
    r = LYING_R
    cx = LYING_CENTRE[0]
    head_y = -40.0 + 1.18 * r
    shoulder_y = head_y + 2.25 * r
    hip_y = shoulder_y + 4.0 * r
    neck_y = shoulder_y - 0.2 * r
    # The back: the shoulders of a seated back view, then a waist and the hips.
    upper = [
        p
        for p in back_torso_points(cx, neck_y, r, 1.85 * r, hip_y)
        if p[1] < shoulder_y + 1.3 * r and p[0] > cx
    ]
    lower = bezier(
        (cx + 1.82 * r, shoulder_y + 1.3 * r),
        (cx + 1.6 * r, shoulder_y + 2.6 * r),
        (cx + 1.35 * r, shoulder_y + 3.0 * r),
        (cx + 1.7 * r, hip_y),
        16,
    )
    lower += bezier(
        (cx + 1.7 * r, hip_y),
        (cx + 1.85 * r, hip_y + 0.9 * r),
        (cx + 1.1 * r, hip_y + 1.6 * r),
        (cx + 0.1 * r, hip_y + 1.35 * r),
        14,
    )
    right = upper + lower
    torso = [*(mirror_x(p, cx) for p in reversed(right)), *right]
    # Legs, stacked: the lower (left) leg first, so the upper one lies over it.
    for side, fill in ((-1, BODY_FAR), (1, BODY)):
        hip = (cx + side * 0.9 * r, hip_y + 0.3 * r)
        knee = (cx + side * 0.95 * r, hip_y + 3.6 * r)
        ankle = (cx + side * 0.8 * r, hip_y + 6.6 * r)
        canvas.limb(hip, knee, 0.8 * r, 0.5 * r, fill)
        canvas.limb(knee, ankle, 0.5 * r, 0.34 * r, fill)
        canvas.limb(ankle, add(ankle, (side * 0.25 * r, 0.9 * r)), 0.34 * r, 0.26 * r, fill)
    canvas.blob(torso, BODY)
    for side in (-1, 1) if arms else ():
        shoulder = (cx + side * 1.5 * r, shoulder_y + 0.6 * r)
        elbow = (cx + side * 2.0 * r, shoulder_y + 2.7 * r)
        hand = (cx + side * 1.95 * r, shoulder_y + 4.7 * r)
        canvas.limb(shoulder, elbow, 0.42 * r, 0.36 * r, BODY_SHADE)
        canvas.limb(elbow, hand, 0.34 * r, 0.28 * r, BODY_SHADE)
        canvas.circle(hand, 0.3 * r, BODY_SHADE)
    if head:
        back = BackHead((cx, head_y), r)
        draw_neck_back(canvas, back, shoulder_y)
        draw_back_head(canvas, back)
    return head_y, shoulder_y


def avoid_mark(canvas: Canvas, centre: Point = (712.0, 88.0), radius: float = 46.0) -> None:
    """What not to do: a calm red ring with a cross, in a corner, with no words."""
    canvas.circle(centre, radius + GAP, BACKGROUND)
    canvas.circle(centre, radius, DANGER)
    canvas.circle(centre, radius - 8, DANGER_DARK)
    arm = radius * 0.42
    for sign in (-1, 1):
        canvas.line([add(centre, (-arm, -sign * arm)), add(centre, (arm, sign * arm))], 10, DANGER)


def sleep_side_pillow() -> Canvas:
    """Lying on the side, seen from behind: a pillow as deep as the shoulder, so the middle
    of the head, the neck and the spine lie on one straight line (accent, dashed)."""
    canvas = Canvas()
    r = LYING_R
    mid_y = LYING_CENTRE[1]
    mattress = mid_y + 1.72 * r
    draw_mat(canvas, mattress, 30, 770)
    canvas.rounded_rect((36, mid_y + 0.95 * r, 236, mattress + 10), 24, CUSHION)
    turned = canvas.turned(LYING_CENTRE, -90)
    lying_back_figure(turned)
    dashed(canvas, (40, mid_y), (470, mid_y), dash=12, width=5, colour=ACCENT)
    return canvas


def sleep_face_down_turned() -> Canvas:
    """Seen from above: lying face-down on a bed, the head turned a quarter to one side on
    the pillow, the neck twisted (red); a red ring with a cross says not this way."""
    canvas = Canvas()
    r = LYING_R
    canvas.rounded_rect((24, 120, 776, 500), 26, FURNITURE)
    canvas.rounded_rect((40, 170, 230, 430), 30, CUSHION)
    turned = canvas.turned(LYING_CENTRE, -90)
    _, shoulder_y = lying_back_figure(turned, head=False, arms=True)
    # Upright, the neck runs from the shoulders up; turned, from the shoulders leftwards.
    neck_base = (shoulder_y + 100.0 + 0.2 * r, LYING_CENTRE[1])
    hr = 1.1 * r
    head = Head((neck_base[0] - 1.55 * hr, LYING_CENTRE[1] + 0.05 * hr), hr, turn=90, facing=-1)
    neck_top = head.at((-0.12, 0.62))
    canvas.limb(neck_top, neck_base, 0.5 * hr, 0.6 * r, BODY)
    draw_head(canvas, head)
    # The neck, twisted a quarter turn for the night: in red.
    band = [lerp(neck_top, neck_base, t) for t in (0.15, 0.85)]
    canvas.line(band, 0.42 * r + 2 * GAP, BACKGROUND)
    canvas.line(band, 0.42 * r, DANGER)
    twist = arc_points(head.centre, 1.65 * hr, 1.65 * hr, 215, 125, 24)
    canvas.arrow(twist, width=7, head=20)
    avoid_mark(canvas)
    return canvas


DESK_R = 38.0


def desk_scene(canvas: Canvas, *, typing: bool, lean: float = 0.0) -> SideFigure:
    """Sitting on a chair at a desk (facing right), the screen on a riser with its top part
    at eye level; hands on the keyboard when ``typing``, else resting in the lap."""
    r = DESK_R
    seat_y = FLOOR - 4.3 * r
    back_x = 150.0
    chair(canvas, (back_x, seat_y), 4.6 * r, FLOOR + 8, seat_y - 3.2 * r)
    canvas.rounded_rect((20, FLOOR + 8, WIDTH - 20, FLOOR + 14), 3, FURNITURE)
    hip = (back_x + 0.95 * r, seat_y - 0.72 * r)
    trial = seated_figure(r, hip, Head((0, 0), r), lean=lean)
    centre = (trial.neck[0] + 0.15 * r, trial.neck[1] - 1.5 * r)
    figure = seated_figure(r, hip, Head(centre, r), lean=lean)
    desk_top = figure.neck[1] + 3.35 * r
    desk_x = hip[0] + 3.3 * r
    if typing:
        shoulder = figure.near.shoulder or figure.neck
        elbow = polar(shoulder, 2.8 * r, 84)
        hand = (elbow[0] + 2.3 * r, desk_top - 0.36 * r)
        near = Limbs(shoulder, elbow, hand, *_legs(figure.near))
        far = Limbs(
            add(shoulder, (0.15 * r, -0.1 * r)),
            add(elbow, (0.35 * r, 0)),
            add(hand, (0.35 * r, 0)),
            *_legs(figure.far),
        )
        figure = SideFigure(figure.head, figure.neck, figure.hip, near, far)
    # The desk: its top, a leg at the far end, and the keyboard.
    canvas.rounded_rect((desk_x, desk_top, WIDTH - 30, desk_top + 16), 6, FURNITURE_EDGE)
    canvas.rounded_rect((WIDTH - 70, desk_top + 10, WIDTH - 54, FLOOR + 8), 4, FURNITURE)
    canvas.rounded_rect((desk_x + 0.6 * r, desk_top - 8, desk_x + 3.4 * r, desk_top + 2), 4, QUIET)
    # The screen, side on, on a stack of two books: its top part at eye level.
    eye = figure.head.at((0.6, -0.2))
    screen_x = 600.0
    screen_top = eye[1] - 0.9 * r
    screen_bottom = eye[1] + 2.2 * r
    books = (desk_top - 1.4 * r, desk_top - 0.7 * r)
    canvas.rounded_rect((screen_x - 40, books[0], screen_x + 70, books[1] - 3), 5, CUSHION)
    canvas.rounded_rect((screen_x - 34, books[1], screen_x + 64, desk_top - 2), 5, HAIR)
    canvas.rounded_rect((screen_x + 2, screen_bottom, screen_x + 16, books[0] + 2), 4, FURNITURE)
    canvas.rounded_rect((screen_x - 30, books[0] - 8, screen_x + 46, books[0] + 1), 4, FURNITURE)
    canvas.rounded_rect((screen_x - 6, screen_top, screen_x + 18, screen_bottom), 7, FURNITURE_EDGE)
    canvas.rounded_rect((screen_x - 6, screen_top + 6, screen_x, screen_bottom - 6), 3, ACCENT)
    draw_side_figure(canvas, figure)
    return figure


def _legs(limbs: Limbs) -> tuple[Point | None, Point | None, Point | None, Point | None]:
    return (limbs.hip, limbs.knee, limbs.ankle, limbs.toe)


def screen_eye_level() -> Canvas:
    """Sitting at a desk, head level: the line of sight runs straight to the top part of
    the screen (accent, dashed), which stands on books to reach that height."""
    canvas = Canvas()
    figure = desk_scene(canvas, typing=True)
    eye = figure.head.at((0.75, -0.2))
    dashed(canvas, add(eye, (0.35 * DESK_R, 0)), (590, eye[1]), dash=12, width=5, colour=ACCENT)
    return canvas


def break_clock(canvas: Canvas, centre: Point, radius: float) -> None:
    """A clock face: the first half hour filled in the accent colour, on to three quarters
    in its darker shade (a break every 30 to 45 minutes), hands at the three quarters."""
    canvas.circle(centre, radius + 6, FURNITURE_EDGE)
    canvas.circle(centre, radius, (30, 34, 42))
    inner = radius - 10
    canvas.polygon([centre, *arc_points(centre, inner, inner, -90, 90, 36)], ACCENT)
    canvas.polygon([centre, *arc_points(centre, inner, inner, 90, 180, 18)], ACCENT_DARK)
    for hour in range(12):
        angle = hour * 30 - 90
        canvas.line([polar(centre, radius - 4, angle), polar(centre, radius - 14, angle)], 4, ARROW)
    canvas.line([centre, polar(centre, inner * 0.9, 180)], 7, ARROW)
    canvas.line([centre, polar(centre, inner * 0.55, -60)], 9, ARROW)
    canvas.circle(centre, 9, ARROW)
    path = arc_points(centre, radius + 26, radius + 26, -80, 170, 40)
    canvas.arrow(path, width=7, head=20)


def desk_break_clock() -> Canvas:
    """Sitting back from the desk, hands in the lap: a break; a clock on the wall shows a
    break every 30 to 45 minutes."""
    canvas = Canvas()
    desk_scene(canvas, typing=False, lean=6)
    break_clock(canvas, (400.0, 116.0), 74.0)
    return canvas


# ---------------------------------------------------------------------------
# The set


@dataclass(frozen=True)
class Picture:
    name: str
    draw: Callable[[], Canvas]


PICTURES: tuple[Picture, ...] = (
    Picture("towel-roll-lying", towel_lying),
    Picture("towel-roll-seated", towel_seated),
    Picture("holds-near-middle", lambda: holds("middle")),
    Picture("holds-halfway-out", lambda: holds("halfway")),
    Picture("holds-behind-ear", lambda: holds("behind-ear")),
    Picture("rest-shoulders", rest_shoulders),
    Picture("chin-tuck-lying-rest", lambda: chin_tuck_lying(False)),
    Picture("chin-tuck-lying-nod", lambda: chin_tuck_lying(True)),
    Picture("chin-tuck-seated-rest", lambda: chin_tuck_seated(False)),
    Picture("chin-tuck-seated-nod", lambda: chin_tuck_seated(True)),
    Picture("heat-pack-reclined", lambda: reclined(True)),
    Picture("rest-reclined", lambda: reclined(False)),
    Picture("chin-retraction-rest", lambda: chin_retraction(False)),
    Picture("chin-retraction-hold", lambda: chin_retraction(True)),
    Picture("shoulder-squeeze-rest", lambda: shoulder_squeeze(False)),
    Picture("shoulder-squeeze-hold", lambda: shoulder_squeeze(True)),
    Picture("side-neck-stretch-left", side_neck_stretch),
    Picture("nose-to-armpit-stretch-left", nose_to_armpit_stretch),
    Picture("sleep-side-pillow", sleep_side_pillow),
    Picture("sleep-face-down-turned", sleep_face_down_turned),
    Picture("screen-eye-level", screen_eye_level),
    Picture("desk-break-clock", desk_break_clock),
)
"""Every picture the script makes, by file name without ``.png``."""


def render_all() -> dict[str, bytes]:
    """Every picture and its thumbnail as PNG bytes, by path inside the pictures folder."""
    drawn: dict[str, bytes] = {}
    for picture in PICTURES:
        canvas = picture.draw()
        drawn[f"{picture.name}.png"] = png_bytes(canvas.finish())
        drawn[f"{THUMBNAILS}/{picture.name}.png"] = png_bytes(canvas.thumbnail())
    return drawn


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PICTURES_DIR, help="folder to write to")
    parser.add_argument(
        "--check", action="store_true", help="compare with the files there; write nothing"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, data in render_all().items():
        path = args.out / name
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path} ({len(data):,} bytes)")
    if stale:
        print("stale, run python tools/draw_pictures.py: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
