#!/usr/bin/env bash
# OSM data benchmark: load + select + assemble the Helsinki fixture with the Swift code and with
# OSMnx (graph_from_xml + features_from_xml) side by side, then stream a >= 100 MB PBF made by
# tiling the fixture and report time and peak RSS. Big files go to $BENCH_TMP (default /tmp).
# Needs: osmium-tool, python3 with osmnx, /usr/bin/time. Usage: bench/osm.sh [REPEAT] [COPIES]
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-5}
COPIES=${2:-74}
TMP=${BENCH_TMP:-/tmp}/mapposter-osm-bench
mkdir -p "$TMP"
FIXTURE=${MAPPOSTER_FIXTURES:-../shared/fixtures}/osm/helsinki-center.osm.pbf
[ -f "$FIXTURE" ] || FIXTURE=/work/shared/fixtures/osm/helsinki-center.osm.pbf
BASELINE=$(dirname "$FIXTURE")/../../bench

swift build -c release --product OSMBench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/OSMBench

echo "== fixture: $FIXTURE"
SWIFT_OUT=$("$BENCH" select "$FIXTURE" "$REPEAT")
echo "$SWIFT_OUT"

osmium tags-filter -f osm -o "$TMP/roads.osm.raw" --overwrite "$FIXTURE" w/highway
osmium cat -f osm -o "$TMP/all.osm.raw" --overwrite "$FIXTURE"
for f in roads all; do python3 "$BASELINE/clean_osm.py" "$TMP/$f.osm.raw" "$TMP/$f.osm"; done
PY_OUT=$(python3 bench/osmnx_load.py "$TMP/roads.osm" "$TMP/all.osm" "$REPEAT")
echo "$PY_OUT"

SWIFT_T=$(echo "$SWIFT_OUT" | awk '/^swift_load_select_assemble/ {print $2}')
PY_T=$(echo "$PY_OUT" | awk '/^osmnx_load_select_assemble/ {print $2}')
python3 -c "print(f'ratio_osmnx_over_swift {float($PY_T)/float($SWIFT_T):.1f}x (goal >= 20x)')"

echo "== streaming a tiled extract ($COPIES copies of the fixture)"
BIG="$TMP/tiled.osm.pbf"
[ -f "$BIG" ] || python3 bench/tile_pbf.py "$FIXTURE" "$BIG" "$COPIES"
/usr/bin/time -f "stream_wall_seconds %e\nstream_max_rss_kb %M" "$BENCH" stream "$BIG"
# Select one tile's box out of the big file (three streamed reads).
/usr/bin/time -f "select_wall_seconds %e\nselect_max_rss_kb %M" \
    "$BENCH" select "$BIG" 1 60.1641551 24.9351766 60.1791074 24.9534132 | grep -E 'swift_|^roads |peak'
echo "big files left in $TMP (delete when done)"
