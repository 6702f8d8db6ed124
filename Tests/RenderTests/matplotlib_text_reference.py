#!/usr/bin/env python3
"""Where matplotlib's Agg backend puts each character of a line, as the Python original's posters draw text.

Reads one JSON object a line on stdin, {"text": …, "weight": "light"|"regular"|"bold", "size": points}, and
writes one JSON object a line: {"x": [start of each character, in points]}. The Roboto file is the one
fontconfig picks for the weight, so that matplotlib and Pango draw with the same font; the positions are
those FT2Font.set_text gives Agg at the original's 300 dpi, with matplotlib's default hinting and kerning.
"""
import json, subprocess, sys

from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.ft2font import FT2Font
from matplotlib import rcParams

DPI = 300
STYLES = {"light": "Light", "regular": "Regular", "bold": "Bold"}


def font_file(weight):
    return subprocess.run(["fc-match", "-f", "%{file}", f"Roboto:style={STYLES[weight]}"],
                          check=True, capture_output=True, text=True).stdout


def main():
    fonts = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        weight = request["weight"]
        if weight not in fonts:
            fonts[weight] = FT2Font(font_file(weight), hinting_factor=rcParams["text.hinting_factor"],
                                    _kerning_factor=rcParams["text.kerning_factor"])
        font = fonts[weight]
        font.set_size(request["size"], DPI)
        positions = font.set_text(request["text"], 0.0, flags=get_hinting_flag())
        # set_text gives 26.6 fixed-point pixels at DPI.
        print(json.dumps({"x": [x / 64 * 72 / DPI for x, _ in positions], "file": font.fname}), flush=True)


main()
