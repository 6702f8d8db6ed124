#!/usr/bin/env python3
"""The web fork's renderer (backend/renderer.py, as described in research/maptoposter-web.md §4) on a MapData JSON.

Draws exactly the features the Swift renderer draws: UTM projection (GeoPandas), water z1, roads z1 (one
GeoPandas plot with per-road colour and width, as OSMnx's plot_graph does), parks z2, crop ±distance on the
long side, 256-step imshow fades, text in DejaVu Sans Mono (the web fork's effective font), then
print_figure to PNG bytes in memory. Prints `render SECONDS cpu CPU_SECONDS` for projection + drawing + encoding, once per --repeat.
Usage: render_matplotlib.py FEATURES.json OUT.png --lat LAT --lon LON --distance M [--dpi 300 --width 12 --height 16]
Needs: matplotlib, geopandas, shapely, pyproj, numpy (PyPI).
"""
import argparse
import io
import json
import time

import geopandas as gpd
import matplotlib
import numpy as np

matplotlib.use("Agg")
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from shapely.geometry import LineString, Point, Polygon  # noqa: E402

NOIR = dict(bg="#000000", text="#FFFFFF", gradient_color="#000000", water="#0A0A0A", parks="#111111",
            road_motorway="#FFFFFF", road_primary="#E0E0E0", road_secondary="#B0B0B0",
            road_tertiary="#808080", road_residential="#505050", road_default="#808080")


def road_style(highway, theme):
    if highway in ("motorway", "motorway_link"):
        return theme["road_motorway"], 1.2
    if highway in ("trunk", "trunk_link", "primary", "primary_link"):
        return theme["road_primary"], 1.0
    if highway in ("secondary", "secondary_link"):
        return theme["road_secondary"], 0.8
    if highway in ("tertiary", "tertiary_link"):
        return theme["road_tertiary"], 0.6
    if highway in ("residential", "living_street"):
        return theme["road_residential"], 0.4
    return theme["road_default"], 0.4


def polygons(areas):
    return [Polygon([(p[1], p[0]) for p in a["outer"]], [[(p[1], p[0]) for p in h] for h in a.get("holes", [])])
            for a in areas]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("out")
    parser.add_argument("--lat", type=float, required=True)
    parser.add_argument("--lon", type=float, required=True)
    parser.add_argument("--distance", type=float, required=True)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--width", type=float, default=12.0)
    parser.add_argument("--height", type=float, default=16.0)
    parser.add_argument("--repeat", type=int, default=1, help="render this many times in one process")
    args = parser.parse_args()
    with open(args.features, encoding="utf-8") as file:
        data = json.load(file)
    for _ in range(max(1, args.repeat)):
        render(args, data)


def render(args, data):
    theme = NOIR
    start = time.perf_counter()
    cpu_start = time.process_time()
    roads = gpd.GeoSeries([LineString([(p[1], p[0]) for p in r["points"]]) for r in data["roads"]], crs="EPSG:4326")
    crs = roads.estimate_utm_crs()
    roads = roads.to_crs(crs)
    water = gpd.GeoSeries(polygons(data["water"]), crs="EPSG:4326").to_crs(crs)
    parks = gpd.GeoSeries(polygons(data["parks"]), crs="EPSG:4326").to_crs(crs)
    center = gpd.GeoSeries([Point(args.lon, args.lat)], crs="EPSG:4326").to_crs(crs).iloc[0]

    fig = Figure(figsize=(args.width, args.height), facecolor=theme["bg"])
    ax = fig.add_subplot(111)
    ax.set_facecolor(theme["bg"])
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    if len(water):
        water.plot(ax=ax, facecolor=theme["water"], edgecolor="none", zorder=1)
    styles = [road_style(r["highway"], theme) for r in data["roads"]]
    roads.plot(ax=ax, color=[c for c, _ in styles], linewidth=[w for _, w in styles], zorder=1)
    if len(parks):
        parks.plot(ax=ax, facecolor=theme["parks"], edgecolor="none", zorder=2)
    ax.set_axis_off()
    ax.margins(0)
    aspect = args.width / args.height
    half_x, half_y = (args.distance, args.distance / aspect) if aspect > 1 else (args.distance * aspect, args.distance)
    ax.set_xlim(center.x - half_x, center.x + half_x)
    ax.set_ylim(center.y - half_y, center.y + half_y)
    rgb = to_rgba(theme["gradient_color"])[:3]
    for location in ("bottom", "top"):
        values = np.linspace(0, 1, 256)
        image = np.zeros((256, 1, 4))
        image[:, :, :3] = rgb
        image[:, 0, 3] = (1 - values) if location == "bottom" else values
        y0, y1 = ax.get_ylim()
        height = y1 - y0
        extent = list(ax.get_xlim()) + ([y0, y0 + 0.25 * height] if location == "bottom" else [y0 + 0.75 * height, y1])
        ax.imshow(image, extent=extent, aspect="auto", zorder=10, origin="lower")
    scale = args.width / 12
    mono = dict(family="monospace")
    ax.text(0.5, 0.14, "  ".join("HELSINKI"), transform=ax.transAxes, color=theme["text"], ha="center",
            fontsize=60 * scale, weight="bold", zorder=11, **mono)
    ax.text(0.5, 0.10, "FINLAND", transform=ax.transAxes, color=theme["text"], ha="center", fontsize=22 * scale,
            zorder=11, **mono)
    ax.text(0.5, 0.07, f"{args.lat:.4f}° N / {args.lon:.4f}° E", transform=ax.transAxes, color=theme["text"],
            alpha=0.7, ha="center", fontsize=14 * scale, zorder=11, **mono)
    ax.plot([0.4, 0.6], [0.125, 0.125], transform=ax.transAxes, color=theme["text"], linewidth=1 * scale, zorder=11)
    buffer = io.BytesIO()
    fig.canvas.print_figure(buffer, format="png", dpi=args.dpi, facecolor=theme["bg"])
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    with open(args.out, "wb") as file:
        file.write(buffer.getvalue())
    print(f"render {elapsed:.3f} cpu {cpu:.3f}")


if __name__ == "__main__":
    main()
