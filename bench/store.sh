#!/usr/bin/env bash
# Map data store: `mapposter import` of a tiled extract (wall time, peak RSS, sizes), then one poster read from the
# store against the same poster read from the extract itself, each a whole `mapposter render` process.
#
# Extract: COPIES copies of the Helsinki fixture side by side (bench/tile_pbf.py; 1,000 copies ≈ 1.4 GB, 100 ≈ 145 MB).
# Poster: 10 km distance, 12 × 16 in, 300 dpi, noir, PNG, centred on the tiled area.
# Usage: bench/store.sh [COPIES]   (default 1000; big files go to $BENCH_TMP, default /tmp, and stay there)
# Needs: osmium-tool (for tile_pbf.py), /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${1:-1000}
TMP=${BENCH_TMP:-/tmp}/mapposter-store-bench
mkdir -p "$TMP"
FIXTURE=${MAPPOSTER_FIXTURES:-../shared/fixtures}/osm/helsinki-center.osm.pbf
[ -f "$FIXTURE" ] || FIXTURE=/work/shared/fixtures/osm/helsinki-center.osm.pbf
BIG="$TMP/tiled-$COPIES.osm.pbf"
STORE="$TMP/store-$COPIES"
[ -f "$BIG" ] || python3 bench/tile_pbf.py "$FIXTURE" "$BIG" "$COPIES"

swift build -c release --product mapposter 2>&1 | grep -v "prohibited flag" >/dev/null || true
BIN=.build/release/mapposter
test -x "$BIN"
echo "cores $(nproc)"
echo "extract $BIG $(du -m "$BIG" | cut -f1) MB"

rm -rf "$STORE"
/usr/bin/time -f "import_wall_seconds %e\npeak_kb %M" "$BIN" import "$BIG" --output "$STORE" >"$TMP/import.log" 2>&1 || {
    cat "$TMP/import.log"
    exit 1
}
grep -E "^imported|^import_wall" "$TMP/import.log"
awk '/^peak_kb/ {printf "import_max_rss_mb %.0f\n", $2 / 1024}' "$TMP/import.log"
echo "store $STORE $(du -sm "$STORE" | cut -f1) MB, $(find "$STORE" -name '*.tile' | wc -l) tiles"

# The tiled area's centre: copies sit 0.02° apart in longitude and 0.016° in latitude (tile_pbf.py).
SIDE=$(python3 -c "import math; print(math.ceil(math.sqrt($COPIES)))")
LAT=$(python3 -c "print(60.164155 + $SIDE * 0.016 / 2)")
LON=$(python3 -c "print(24.9351762 + $SIDE * 0.02 / 2)")
for source in store pbf; do
    if [ "$source" = store ]; then input=(--data "$STORE"); else input=(--osm "$BIG"); fi
    /usr/bin/time -f "poster_from_${source}_wall_seconds %e\npeak_kb %M" "$BIN" render "${input[@]}" \
        --lat "$LAT" --lon "$LON" --distance 10000 --width 12 --height 16 --dpi 300 --theme noir \
        --city Tiled --country Helsinki --output "$TMP/poster-$source.png" >"$TMP/render-$source.log" 2>&1 || {
        cat "$TMP/render-$source.log"
        exit 1
    }
    grep -E "^read " "$TMP/render-$source.log" | sed "s/^/${source}: /"
    grep -E "^poster_from" "$TMP/render-$source.log"
    awk -v s="$source" '/^peak_kb/ {printf "poster_from_%s_max_rss_mb %.0f\n", s, $2 / 1024}' "$TMP/render-$source.log"
done
if cmp -s "$TMP/poster-store.png" "$TMP/poster-pbf.png"; then echo "posters identical: yes"; else echo "posters identical: NO"; fi
