#!/usr/bin/env python3
"""scripts/run's showcase poster: asks the gateway for a poster like the web page does, follows its progress,
downloads it and measures how much of its map is blank.

  scripts/showcase.py BASE_URL [--city C --country K --theme T --distance M --format F --dpi D] [--storage DIR]

Where the stack has map data only inside a box (GET /api/coverage: a local extract), the poster is centred in that
box (lat/lon) at the largest distance, at most --distance and in 50 m steps, whose crop fits inside it, so that the
whole map has data; with Overpass (the whole world) the city is geocoded as usual. tests/python/test_showcase.py
imports this module to check the same poster.

Blank, as measured here: the map box is cut into square cells of 1/12 of its width (about a city block: 81 m on
the showcase, 125 m on a 1000 m poster); a cell is blank when every
pixel in it is exactly the theme's background colour (no road, water, park or text drawn there). The fraction of
blank cells is printed, and is what the test bounds.
"""
from __future__ import annotations

import argparse
import json
import struct
import sys
import time
import urllib.request
import zlib

PAPER = (12.0, 16.0)  # inches, margins 0: the map box is the whole page
STEP = 50  # metres: the showcase distance is a multiple of it
METRES_PER_DEGREE = 6_371_009 * 3.141592653589793 / 180  # the worker's sphere


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def fitting_distance(coverage: dict, wanted: int) -> int:
    """The largest distance (a multiple of STEP, at most `wanted`, at least 500 m) whose crop around the
    coverage's centre stays inside its box, for the showcase's paper (portrait: ±d north–south, ±d·w/h east–west)."""
    import math

    bounds, centre = coverage["bounds"], coverage["center"]
    half_height = min(bounds["north"] - centre["lat"], centre["lat"] - bounds["south"]) * METRES_PER_DEGREE
    half_width = (min(bounds["east"] - centre["lon"], centre["lon"] - bounds["west"]) * METRES_PER_DEGREE
                  * math.cos(math.radians(centre["lat"])))
    aspect = PAPER[0] / PAPER[1]
    fits = min(half_height, half_width / aspect) if aspect <= 1 else min(half_width, half_height * aspect)
    return max(500, min(wanted, int(fits // STEP) * STEP))


def showcase_request(base: str, city: str, country: str, theme: str, distance: int, fmt: str, dpi: int) -> dict:
    """The request the showcase posts: the web page's fields, centred inside the data when the data is bounded."""
    request = {"city": city, "country": country, "style": theme, "distance": distance, "width": PAPER[0],
               "height": PAPER[1], "format": fmt, "dpi": dpi, "paper_size": "12x16"}
    coverage = get_json(base + "/api/coverage")
    if not coverage["world"] and coverage.get("center"):
        request["distance"] = fitting_distance(coverage, distance)
        request["lat"] = round(coverage["center"]["lat"], 6)
        request["lon"] = round(coverage["center"]["lon"], 6)
    return request


def make_poster(base: str, request: dict, log=print, timeout: float = 600) -> tuple[dict, bytes]:
    """Posts `request`, follows the task until it ends, and returns (its result, the poster's bytes)."""
    post = urllib.request.Request(base + "/api/generate", data=json.dumps(request).encode(),
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(post, timeout=30) as response:
        task_id = json.load(response)["task_id"]
    log(f"task {task_id}")
    deadline, last = time.time() + timeout, None
    while time.time() < deadline:
        state = get_json(f"{base}/api/tasks/{task_id}")
        progress = state.get("progress") or {}
        line = f"{state['status']:<9} {progress.get('current', '')!s:>3}% {progress.get('status', '')}"
        if line != last:
            log(line)
            last = line
        if state["status"] == "SUCCESS":
            url = state["result"]["file_url"]
            if url.startswith("/"):
                url = base + url
            with urllib.request.urlopen(url, timeout=60) as response:
                return state["result"], response.read()
        if state["status"] in ("FAILURE", "REVOKED"):
            raise RuntimeError(f"{state['status']}: {state.get('error')}")
        time.sleep(0.5)
    raise TimeoutError(f"task {task_id} not done after {timeout} s")


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows) of an 8-bit RGB or RGBA PNG, unfiltered (all five filters)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, idat, header = 8, bytearray(), None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("only 8-bit RGB/RGBA non-interlaced PNGs")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = rows[-1]
    return width, height, bpp, rows


def blank_fraction(png: bytes, background: str, cells_across: int = 12) -> float:
    """The share of the map's cells (the whole page: the showcase has no margins) that are only background."""
    width, height, bpp, rows = decode_png(png)
    colour = bytes.fromhex(background.lstrip("#")[:6])
    pixel = colour + (b"\xff" if bpp == 4 else b"")
    cell = max(1, width // cells_across)
    columns, lines = width // cell, height // cell
    blank = 0
    for row in range(lines):
        for column in range(columns):
            run = pixel * cell
            left = column * cell * bpp
            if all(rows[y][left:left + cell * bpp] == run for y in range(row * cell, (row + 1) * cell)):
                blank += 1
    return blank / (columns * lines)


def theme_background(base: str, theme: str) -> str:
    themes = get_json(base + "/api/themes")["themes"]
    return next(t["colors"]["bg"] for t in themes if t["id"] == theme)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("--city", default="Helsinki")
    parser.add_argument("--country", default="Finland")
    parser.add_argument("--theme", default="noir")
    parser.add_argument("--distance", type=int, default=1000)
    parser.add_argument("--format", default="png")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--storage", default="")
    parser.add_argument("--record", default="", help="write the request, result and blank share here as JSON")
    options = parser.parse_args()
    base = options.base.rstrip("/")
    request = showcase_request(base, options.city, options.country, options.theme, options.distance,
                               options.format, options.dpi)
    where = f"centred at {request['lat']}, {request['lon']}" if "lat" in request else "geocoded"
    print(f"request: {options.city}, {options.country}, {request['distance']} m, {where}")
    try:
        result, poster = make_poster(base, request)
    except (RuntimeError, TimeoutError) as error:
        sys.exit(f"failed: {error}")
    name = result["file_url"].rsplit("/", 1)[-1]
    print(f"\nposter: {result['file_url']}")
    print(f"        {len(poster):,} bytes through the gateway" + (f"; stored as {options.storage}/posters/{name}"
                                                                   if options.storage else ""))
    for warning in result.get("warnings") or []:
        print(f"warning: {warning}")
    blank = None
    if options.format == "png":
        blank = blank_fraction(poster, theme_background(base, options.theme))
        print(f"blank:  {blank:.1%} of the map (cells with nothing drawn)")
    if options.record:
        with open(options.record, "w", encoding="utf-8") as record:
            json.dump({"request": request, "result": result, "blank": blank}, record)


if __name__ == "__main__":
    main()
