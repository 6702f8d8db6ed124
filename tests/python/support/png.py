"""A small, dependency-free PNG writer that draws a poster-like picture (roads on a dark ground)."""

import math
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def poster_png(width: int = 300, height: int = 400) -> bytes:
    """Returns a valid RGB PNG of the given size: a black poster with grey 'streets' and a white title bar."""
    rows = []
    cx, cy = width / 2, height * 0.42
    for y in range(height):
        row = bytearray([0])  # filter type 0 for every scanline
        for x in range(width):
            value = 0
            if x % 37 in (0, 1) or y % 29 in (0, 1):
                value = 110
            if abs((x - cx) * 0.6 + (y - cy)) < 1.6 or abs(math.hypot(x - cx, y - cy) - width * 0.3) < 1.2:
                value = 235
            if height * 0.82 < y < height * 0.84 and width * 0.3 < x < width * 0.7:
                value = 255
            if y > height * 0.78:
                value = min(value, 40) if not (height * 0.82 < y < height * 0.84 and width * 0.3 < x < width * 0.7) else 255
            row += bytes((value, value, value))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; raises ValueError if `data` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])
