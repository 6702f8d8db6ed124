#!/usr/bin/env bash
# Render speed: the Swift renderer against the Python original's renderer, on the same Helsinki features.
#
# Poster: 12 × 16 in, 300 dpi (3600 × 4800 px), theme noir, PNG, centred on central Helsinki, distance 650 m.
# Features: shared/fixtures/osm/helsinki-center.osm.pbf read by the Swift OSM module (`mapposter features`: what
# `render --osm` draws, within the poster's fetch distance, sea included) into MapData JSON; both renderers read
# that same file and time only the render (projection, drawing, PNG encoding in memory).
#   swift   .build/release/mapposter render   (its `render_seconds`)
#   python  bench/render_matplotlib.py        (the web fork's matplotlib renderer; its `render` seconds)
#   python  shared/bench/baseline_matplotlib.py on the PBF (OSMnx graph, two-way streets drawn twice), for reference
# Each of RUNS processes (default 5) renders REPEAT times (default 3): "first" is each process's first render
# (cold: fonts, threads and memory set up on the way), "warm" every later one (what a long-lived worker sees).
# Prints medians of wall and CPU time (CPU counts all threads: the fairer figure on a busy machine), the
# ratios, and the processes' peak RSS (/usr/bin/time -v).
# Needs: a release build (done here), matplotlib, geopandas (PyPI), osmnx + osmium-tool for the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
REPEAT=${REPEAT:-3}
SHARED=${MAPPOSTER_SHARED:-$(cd .. && pwd)/shared}
[[ -d "$SHARED" ]] || SHARED=$(cd ../.. && pwd)/shared
PBF=$SHARED/fixtures/osm/helsinki-center.osm.pbf
OUT=${OUT:-$(mktemp -d /tmp/mapposter-bench.XXXXXX)}
LAT=60.1716 LON=24.9443 DISTANCE=650

swift build -c release --product mapposter 2>&1 | grep -v "prohibited flag" >/dev/null || true
test -x .build/release/mapposter
features_start=$(date +%s.%N)
.build/release/mapposter features --osm "$PBF" --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --any-distance --width 12 --height 16 \
    --output "$OUT/helsinki.json" >/dev/null
features_seconds=$(awk -v s="$features_start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.3f", e - s}')

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
peak_mb() { awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

: >"$OUT/swift.times" >"$OUT/python.times" >"$OUT/rss.swift" >"$OUT/rss.python"
for ((run = 1; run <= RUNS; run++)); do
    /usr/bin/time -v -o "$OUT/swift.time" .build/release/mapposter render --features "$OUT/helsinki.json" \
        --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --any-distance --theme noir --format png --width 12 --height 16 --dpi 300 \
        --city Helsinki --country Finland --output "$OUT/swift-noir.png" --repeat-count "$REPEAT" >"$OUT/swift.log"
    # "first|warm wall cpu" per render
    grep -o 'render_cpu_seconds [0-9.]* render_seconds [0-9.]*' "$OUT/swift.log" \
        | awk '{print (NR == 1 ? "first" : "warm"), $4, $2}' >>"$OUT/swift.times"
    peak_mb "$OUT/swift.time" >>"$OUT/rss.swift"
    echo >>"$OUT/rss.swift"
    /usr/bin/time -v -o "$OUT/python.time" python3 bench/render_matplotlib.py "$OUT/helsinki.json" "$OUT/python-noir.png" \
        --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --dpi 300 --repeat "$REPEAT" >"$OUT/python.log"
    awk '/^render/ {print (NR == 1 ? "first" : "warm"), $2, $4}' "$OUT/python.log" >>"$OUT/python.times"
    peak_mb "$OUT/python.time" >>"$OUT/rss.python"
    echo >>"$OUT/rss.python"
done

# pick KIND COLUMN FILE: the median of one column (2 = wall, 3 = cpu) over the renders of one kind.
pick() { awk -v kind="$1" -v column="$2" '$1 == kind {print $column}' "$3" | median; }
ratio() { awk -v p="$1" -v s="$2" 'BEGIN {printf "%.1fx", p / s}'; }
max_of() { sort -n "$1" | tail -1; }
echo "poster         12x16 in @ 300 dpi (3600x4800), noir, PNG; $(python3 -c "import json;d=json.load(open('$OUT/helsinki.json'));print(len(d['roads']),'roads,',len(d['water']),'water,',len(d['parks']),'parks')")"
echo "features       read from the PBF by the Swift OSM module in $features_seconds s (one process, wall)"
echo "runs           $RUNS processes x $REPEAT renders; medians in seconds: wall (cpu, all threads)"
for kind in first warm; do
    sw=$(pick $kind 2 "$OUT/swift.times") sc=$(pick $kind 3 "$OUT/swift.times")
    pw=$(pick $kind 2 "$OUT/python.times") pc=$(pick $kind 3 "$OUT/python.times")
    printf '%-6s render   swift %s (%s)   python %s (%s)   speed-up wall %s, cpu %s\n' \
        "$kind" "$sw" "$sc" "$pw" "$pc" "$(ratio "$pw" "$sw")" "$(ratio "$pc" "$sc")"
done
echo "peak RSS       swift $(max_of "$OUT/rss.swift") MB   python $(max_of "$OUT/rss.python") MB"
if [[ "${BASELINE:-1}" == 1 ]]; then
    /usr/bin/time -v -o "$OUT/baseline.time" python3 "$SHARED/bench/baseline_matplotlib.py" "$PBF" "$OUT/baseline-noir.png" \
        >"$OUT/baseline.log" 2>/dev/null
    baseline=$(awk '/^render/ {print $2}' "$OUT/baseline.log")
    echo "baseline       $baseline (shared/bench/baseline_matplotlib.py, OSMnx graph of $(awk '/^edges/ {print $2}' "$OUT/baseline.log") edges, one run)   peak RSS $(peak_mb "$OUT/baseline.time") MB"
    echo "speed-up       vs baseline, first render wall: $(ratio "$baseline" "$(pick first 2 "$OUT/swift.times")")"
fi
echo "posters        $OUT/swift-noir.png $OUT/python-noir.png"
echo "machine        $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
