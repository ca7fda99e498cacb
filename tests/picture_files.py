"""Real picture files for tests: PNGs made here byte by byte, JPEGs by Pillow (the test extra).

Each is a genuine file any viewer opens, so the header checks are tested on what
a person's picture really holds, not on bytes shaped to pass.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png(width: int = 4, height: int = 3, shade: int = 0) -> bytes:
    """A grey PNG of any size; rows of one shade compress to almost nothing."""
    row = b"\x00" + bytes([shade % 256]) * width
    pixels = zlib.compress(row * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and a well-formed header chunk (any size, 0 included), nothing more."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def jpeg(width: int = 6, height: int = 4, *, progressive: bool = False, exif: bool = True) -> bytes:
    """A JPEG from Pillow, with an EXIF block before the size as cameras write one."""
    image = Image.new("RGB", (width, height), (90, 120, 160))
    out = io.BytesIO()
    data = Image.Exif()
    if exif:
        data[0x010F] = "Test camera"  # Make
        data[0x0131] = "x" * 3000  # Software: a long block, so the size comes later
    image.save(out, format="JPEG", quality=80, progressive=progressive, exif=data.tobytes())
    return out.getvalue()


def noise_png(width: int, height: int) -> bytes:
    """A PNG that hardly compresses (random pixels): a large real file."""
    import random

    generator = random.Random(7)
    image = Image.frombytes("RGB", (width, height), generator.randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
