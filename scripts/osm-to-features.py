#!/usr/bin/env python3
"""Write the MapData JSON of an .osm.pbf extract: roads, water and parks, as the Python original selects them.

Usage: osm-to-features.py INPUT.osm.pbf OUTPUT.json

A stand-in used by the Render tests and bench until the Swift OSM module reads PBF itself.
- roads: every way with a `highway` tag, minus OSMnx's `network_type="all"` exclusions
  (area=yes; abandoned, construction, no, planned, platform, proposed, raceway, razed, rest_area, services);
- water: natural=water, waterway=riverbank polygons (closed ways and multipolygon relations);
- parks: leisure=park, landuse=grass polygons.
Nodes missing from a clipped extract are dropped from their way; ways left with fewer than 2 nodes are skipped.
Points are [latitude, longitude] pairs (7 decimals, OSM's own precision).
Needs: pyosmium (`pip install osmium`).
"""
import json
import sys

import osmium

EXCLUDED_HIGHWAYS = {"abandoned", "construction", "no", "planned", "platform", "proposed", "raceway", "razed",
                     "rest_area", "services"}


def ring(nodes):
    points = []
    for node in nodes:
        if node.location.valid():
            points.append([round(node.location.lat, 7), round(node.location.lon, 7)])
    return points


class Features(osmium.SimpleHandler):
    def __init__(self):
        super().__init__()
        self.roads, self.water, self.parks = [], [], []

    def way(self, way):
        highway = way.tags.get("highway")
        if highway is None or way.tags.get("area") == "yes" or highway in EXCLUDED_HIGHWAYS:
            return
        points = ring(way.nodes)
        if len(points) >= 2:
            self.roads.append({"highway": highway, "points": points})

    def area(self, area):
        tags = area.tags
        if tags.get("natural") == "water" or tags.get("waterway") == "riverbank":
            target = self.water
        elif tags.get("leisure") == "park" or tags.get("landuse") == "grass":
            target = self.parks
        else:
            return
        for outer in area.outer_rings():
            points = ring(outer)
            if len(points) < 3:
                continue
            holes = [h for h in (ring(inner) for inner in area.inner_rings(outer)) if len(h) >= 3]
            target.append({"outer": points, "holes": holes})


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    handler = Features()
    handler.apply_file(sys.argv[1], locations=True)
    data = {"roads": handler.roads, "water": handler.water, "parks": handler.parks, "layers": []}
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(data, out, separators=(",", ":"))
    print(f"roads {len(handler.roads)} water {len(handler.water)} parks {len(handler.parks)}", file=sys.stderr)


if __name__ == "__main__":
    main()
