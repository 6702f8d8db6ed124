#!/usr/bin/env bash
# JSON parse and serialize of the kombu envelopes Celery wrote (Fuzz/corpus), in µs per envelope and MB/s: the
# working tree's Sources/JSON, and beside it, in the same run, Sources/JSON at each REV given (e.g. main~3).
# Usage: bench/json.sh [REV...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # LABEL SOURCES-DIR
    local package="$work/$1"
    mkdir -p "$package/Sources/Bench"
    cp -r "$2" "$package/Sources/JSON"
    cp "$root/bench/json/main.swift" "$package/Sources/Bench/"
    cat >"$package/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "json-bench", targets: [
    .target(name: "JSON"), .executableTarget(name: "Bench", dependencies: ["JSON"]),
])
SWIFT
    swift build -c release --package-path "$package" >"$package/build.log" 2>&1 || { cat "$package/build.log"; exit 1; }
    "$package/.build/release/Bench" "$root/Fuzz/corpus" "$1"
}
echo "$(ls Fuzz/corpus | wc -l) corpus files, the kombu envelopes among them; fastest of 5 runs"
run "working tree" "$root/Sources/JSON"
for rev in "$@"; do
    mkdir -p "$work/src-$rev"
    git archive "$rev" Sources/JSON | tar -x -C "$work/src-$rev"
    run "$rev" "$work/src-$rev/Sources/JSON"
done
