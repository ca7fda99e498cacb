"""What the picture checks cost: reading headers, loading the built-in routines, bundles.

Every picture a routine names is opened and its header read at each load, so this
puts numbers on it: one header check (the 18 bundled PNGs, and a camera-style JPEG
whose size comes after a 3 kB EXIF block), a load of the built-in routines (25
picture references), and the export and import of a routine with 12 pictures of
its own as a .zip. Each figure is the median of ``--repeat`` runs, in milliseconds.
The last line printed is one JSON object with the figures.

    python bench/pictures.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from unknot.core.paths import ASSETS_DIR, BUILTIN_ROUTINES_DIR
from unknot.core.routines.library import RoutineLibrary
from unknot.core.routines.loader import load_routines
from unknot.core.routines.pictures import check_picture

PICTURES = 12


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def camera_jpeg(folder: Path) -> Path:
    """A JPEG laid out as a phone writes one: SOI, a 3 kB EXIF block, then the size."""
    exif = b"Exif\x00\x00" + b"\x00" * 3000
    data = (
        b"\xff\xd8"
        + b"\xff\xe1"
        + (len(exif) + 2).to_bytes(2, "big")
        + exif
        + b"\xff\xc0\x00\x11\x08\x0b\xb8\x0f\xa0\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
        + b"\xff\xd9"
    )
    path = folder / "camera.jpg"
    path.write_bytes(data)
    return path


def routine_with_pictures(folder: Path) -> Path:
    pictures = sorted((ASSETS_DIR / "pictures").glob("*.png"))[:PICTURES]
    (folder / "photos").mkdir()
    lines = ["title: Many pictures", "id: many-pictures", "steps:"]
    for number, source in enumerate(pictures):
        (folder / "photos" / f"p{number}.png").write_bytes(source.read_bytes())
        lines += [
            f"  - title: Step {number}",
            "    duration: 30s",
            f"    image: photos/p{number}.png",
        ]
    path = folder / "many-pictures.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    bundled = sorted((ASSETS_DIR / "pictures").glob("*.png"))
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        jpeg = camera_jpeg(root)
        png_ms = median_ms(lambda: [check_picture(path) for path in bundled], args.repeat)
        jpeg_ms = median_ms(lambda: check_picture(jpeg), args.repeat)
        load_ms = median_ms(lambda: load_routines([BUILTIN_ROUTINES_DIR]), args.repeat)
        source = root / "source"
        source.mkdir()
        library = RoutineLibrary([BUILTIN_ROUTINES_DIR], source.parent / "mine")
        library.import_file(routine_with_pictures(source))
        out = root / "out"
        out.mkdir()
        export_ms = median_ms(
            lambda: library.export("many-pictures", out / "b.zip", overwrite=True), args.repeat
        )
        bundle = out / "b.zip"
        counter = iter(range(10**6))

        def import_once() -> None:
            other = RoutineLibrary([BUILTIN_ROUTINES_DIR], root / f"other-{next(counter)}")
            other.import_file(bundle)

        import_ms = median_ms(import_once, max(3, args.repeat // 3))
        bundle_bytes = bundle.stat().st_size
    references = sum(
        len(step.images) + (len(step.seated.images) if step.seated else 0)
        for routine in load_routines([BUILTIN_ROUTINES_DIR]).routines
        for step in routine.steps
    )
    figures = {
        "bundled_png_headers_ms": round(png_ms, 3),
        "bundled_pngs": len(bundled),
        "camera_jpeg_header_ms": round(jpeg_ms, 4),
        "builtin_load_ms": round(load_ms, 2),
        "builtin_picture_references": references,
        "bundle_export_ms": round(export_ms, 2),
        "bundle_import_ms": round(import_ms, 2),
        "bundle_pictures": PICTURES,
        "bundle_bytes": bundle_bytes,
    }
    out_text = io.StringIO()
    for key, value in figures.items():
        print(f"{key:32} {value}", file=out_text)
    print(out_text.getvalue(), end="")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
