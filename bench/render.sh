#!/usr/bin/env bash
# Render speed: the Swift renderer against the Python original's renderer, on the same Helsinki features.
#
# Poster: 12 × 16 in, 300 dpi (3600 × 4800 px), theme noir, PNG, centred on central Helsinki, distance 650 m.
# Features: shared/fixtures/osm/helsinki-center.osm.pbf through scripts/osm-to-features.py (MapData JSON);
# both renderers read that same file and time only the render (projection, drawing, PNG encoding in memory).
#   swift   .build/release/mapposter render   (its `render_seconds`)
#   python  bench/render_matplotlib.py        (the web fork's matplotlib renderer; its `render` seconds)
#   python  shared/bench/baseline_matplotlib.py on the PBF (OSMnx graph, every two-way street drawn twice), for reference
# Prints the median of RUNS runs (default 5) for each, the ratio, and each process's peak RSS (/usr/bin/time -v).
# Needs: a release build (done here), pyosmium, matplotlib, geopandas, osmnx (PyPI), osmium-tool (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SHARED=${MAPPOSTER_SHARED:-$(cd .. && pwd)/shared}
[[ -d "$SHARED" ]] || SHARED=$(cd ../.. && pwd)/shared
PBF=$SHARED/fixtures/osm/helsinki-center.osm.pbf
OUT=${OUT:-$(mktemp -d /tmp/mapposter-bench.XXXXXX)}
LAT=60.1716 LON=24.9443 DISTANCE=650

swift build -c release --product mapposter >/dev/null
python3 scripts/osm-to-features.py "$PBF" "$OUT/helsinki.json" 2>/dev/null

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
peak_mb() { awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

swift_times=() python_times=() baseline_times=()
for ((run = 1; run <= RUNS; run++)); do
    /usr/bin/time -v -o "$OUT/swift.time" .build/release/mapposter render --features "$OUT/helsinki.json" \
        --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --theme noir --format png --width 12 --height 16 --dpi 300 \
        --city Helsinki --country Finland --output "$OUT/swift-noir.png" >"$OUT/swift.log"
    swift_times+=("$(awk '{print $NF}' "$OUT/swift.log")")
    /usr/bin/time -v -o "$OUT/python.time" python3 bench/render_matplotlib.py "$OUT/helsinki.json" "$OUT/python-noir.png" \
        --lat "$LAT" --lon "$LON" --distance "$DISTANCE" --dpi 300 >"$OUT/python.log"
    python_times+=("$(awk '/^render/ {print $2}' "$OUT/python.log")")
done
if [[ "${BASELINE:-1}" == 1 ]]; then
    /usr/bin/time -v -o "$OUT/baseline.time" python3 "$SHARED/bench/baseline_matplotlib.py" "$PBF" "$OUT/baseline-noir.png" \
        >"$OUT/baseline.log" 2>/dev/null
    baseline_times+=("$(awk '/^render/ {print $2}' "$OUT/baseline.log")")
fi

swift_s=$(printf '%s\n' "${swift_times[@]}" | median)
python_s=$(printf '%s\n' "${python_times[@]}" | median)
echo "poster            12x16 in @ 300 dpi, noir, PNG, $(python3 -c "import json;d=json.load(open('$OUT/helsinki.json'));print(len(d['roads']),'roads',len(d['water']),'water',len(d['parks']),'parks')")"
echo "swift render      ${swift_s} s  (median of $RUNS: ${swift_times[*]})  peak RSS $(peak_mb "$OUT/swift.time") MB"
echo "python render     ${python_s} s  (median of $RUNS: ${python_times[*]})  peak RSS $(peak_mb "$OUT/python.time") MB"
echo "speed-up          $(awk -v p="$python_s" -v s="$swift_s" 'BEGIN {printf "%.1fx", p / s}')"
if ((${#baseline_times[@]})); then
    echo "baseline render   ${baseline_times[0]} s  (shared/bench/baseline_matplotlib.py, OSMnx graph $(awk '/^edges/ {print $2}' "$OUT/baseline.log") edges)  peak RSS $(peak_mb "$OUT/baseline.time") MB"
    echo "speed-up vs it    $(awk -v p="${baseline_times[0]}" -v s="$swift_s" 'BEGIN {printf "%.1fx", p / s}')"
fi
echo "posters           $OUT/swift-noir.png $OUT/python-noir.png"
echo "cpus $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
