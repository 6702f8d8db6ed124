#!/usr/bin/env bash
# Render speed: the Swift renderer against the Python original's renderer, on the same Helsinki features.
#
# Poster: 12 × 16 in, 300 dpi (3600 × 4800 px), theme noir, PNG, centred on central Helsinki, distance 650 m.
# Features: shared/fixtures/osm/helsinki-center.osm.pbf through scripts/osm-to-features.py (MapData JSON);
# both renderers read that same file and time only the render (projection, drawing, PNG encoding in memory).
#   swift   .build/release/mapposter render   (its `render_seconds`)
#   python  bench/render_matplotlib.py        (the web fork's matplotlib renderer; its `render` seconds)
#   python  shared/bench/baseline_matplotlib.py on the PBF (OSMnx graph, two-way streets drawn twice), for reference
# Each of RUNS processes (default 5) renders REPEAT times (default 3): "first" is each process's first render
# (cold: fonts, threads and memory set up on the way), "warm" every later one (what a long-lived worker sees).
# Prints medians, the ratios, and peak RSS (/usr/bin/time -v) of the processes.
# Needs: a release build (done here), pyosmium, matplotlib, geopandas (PyPI), osmnx + osmium-tool for the baseline.
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
python3 scripts/osm-to-features.py "$PBF" "$OUT/helsinki.json" 2>/dev/null

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
peak_mb() { awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

: >"$OUT/swift.first" >"$OUT/swift.warm" >"$OUT/python.first" >"$OUT/python.warm" >"$OUT/rss.swift" >"$OUT/rss.python"
for ((run = 1; run <= RUNS; run++)); do
    /usr/bin/time -v -o "$OUT/swift.time" .build/release/mapposter render --features "$OUT/helsinki.json" \
        --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --theme noir --format png --width 12 --height 16 --dpi 300 \
        --city Helsinki --country Finland --output "$OUT/swift-noir.png" --repeat-count "$REPEAT" >"$OUT/swift.log"
    grep -o 'render_seconds [0-9.]*' "$OUT/swift.log" | awk 'NR == 1 {print $2 > "'"$OUT/swift.first"'"; next} {print $2}' >>"$OUT/swift.warm"
    cat "$OUT/swift.first" >>"$OUT/swift.firsts"
    peak_mb "$OUT/swift.time" >>"$OUT/rss.swift"; echo >>"$OUT/rss.swift"
    /usr/bin/time -v -o "$OUT/python.time" python3 bench/render_matplotlib.py "$OUT/helsinki.json" "$OUT/python-noir.png" \
        --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --dpi 300 --repeat "$REPEAT" >"$OUT/python.log"
    awk '/^render/ {print $2}' "$OUT/python.log" | awk 'NR == 1 {print > "'"$OUT/python.first"'"; next} {print}' >>"$OUT/python.warm"
    cat "$OUT/python.first" >>"$OUT/python.firsts"
    peak_mb "$OUT/python.time" >>"$OUT/rss.python"; echo >>"$OUT/rss.python"
done

swift_first=$(median <"$OUT/swift.firsts") swift_warm=$(median <"$OUT/swift.warm")
python_first=$(median <"$OUT/python.firsts") python_warm=$(median <"$OUT/python.warm")
ratio() { awk -v p="$1" -v s="$2" 'BEGIN {printf "%.1fx", p / s}'; }
max_of() { sort -n "$1" | tail -1; }
echo "poster         12x16 in @ 300 dpi (3600x4800), noir, PNG; $(python3 -c "import json;d=json.load(open('$OUT/helsinki.json'));print(len(d['roads']),'roads,',len(d['water']),'water,',len(d['parks']),'parks')")"
echo "runs           $RUNS processes x $REPEAT renders each; medians in seconds"
echo "swift  first   $swift_first   warm $swift_warm   peak RSS $(max_of "$OUT/rss.swift") MB"
echo "python first   $python_first   warm $python_warm   peak RSS $(max_of "$OUT/rss.python") MB"
echo "speed-up       first $(ratio "$python_first" "$swift_first")   warm $(ratio "$python_warm" "$swift_warm")"
if [[ "${BASELINE:-1}" == 1 ]]; then
    /usr/bin/time -v -o "$OUT/baseline.time" python3 "$SHARED/bench/baseline_matplotlib.py" "$PBF" "$OUT/baseline-noir.png" \
        >"$OUT/baseline.log" 2>/dev/null
    baseline=$(awk '/^render/ {print $2}' "$OUT/baseline.log")
    echo "baseline       $baseline (shared/bench/baseline_matplotlib.py, OSMnx graph of $(awk '/^edges/ {print $2}' "$OUT/baseline.log") edges, one run)   peak RSS $(peak_mb "$OUT/baseline.time") MB"
    echo "speed-up       vs baseline, first render: $(ratio "$baseline" "$swift_first")"
fi
echo "posters        $OUT/swift-noir.png $OUT/python-noir.png"
echo "machine        $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
