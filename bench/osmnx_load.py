#!/usr/bin/env python3
"""OSMnx side of bench/osm.sh: time graph_from_xml + features_from_xml on prepared OSM XML files.

Usage: osmnx_load.py ROADS.osm ALL.osm REPEAT   Prints `osmnx_load_select_assemble SECONDS` (best run)
and the counts. The XML preparation (osmium + clean_osm.py) is done by the caller and not timed,
as in /work/shared/bench/baseline_matplotlib.py.
"""
import sys, time, warnings
warnings.filterwarnings("ignore")
import osmnx as ox

roads, full, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = float("inf")
for _ in range(repeat):
    start = time.perf_counter()
    graph = ox.graph_from_xml(roads, retain_all=True)
    water = ox.features_from_xml(full, tags={"natural": ["water", "bay", "strait"], "waterway": "riverbank"})
    parks = ox.features_from_xml(full, tags={"leisure": "park", "landuse": "grass"})
    best = min(best, time.perf_counter() - start)
print(f"osmnx_load_select_assemble {best:.4f}")
print(f"osmnx_edges {graph.number_of_edges()}")
print(f"osmnx_water {len(water)}")
print(f"osmnx_parks {len(parks)}")
