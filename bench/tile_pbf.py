#!/usr/bin/env python3
"""Makes a big .osm.pbf by tiling a small one: copies shifted in longitude/latitude, ids offset per copy.

Usage: tile_pbf.py IN.osm.pbf OUT.osm.pbf COPIES
Streams OPL from `osmium cat` and back into `osmium cat` (uncompressed blobs, like the fixture),
writing all nodes, then all ways, then all relations, so the output stays sorted by type then id.
"""
import math, re, subprocess, sys

src, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = subprocess.run(["osmium", "cat", "-f", "opl", src], check=True, capture_output=True, text=True).stdout.splitlines()
side = math.ceil(math.sqrt(copies))
OFFSET = 10_000_000_000
ref = re.compile(r"([nwr])(\d+)")
writer = subprocess.Popen(["osmium", "cat", "-F", "opl", "-f", "pbf,pbf_compression=none", "--overwrite", "-o", out],
                          stdin=subprocess.PIPE, text=True)
for kind in "nwr":
    group = [l for l in lines if l.startswith(kind)]
    for k in range(copies):
        dx, dy, shift = (k % side) * 0.02, (k // side) * 0.016, k * OFFSET
        for line in group:
            fields = line.split(" ")
            fields[0] = kind + str(int(fields[0][1:]) + shift)
            for i, f in enumerate(fields[1:], 1):
                if f.startswith("x") and kind == "n":
                    fields[i] = "x%.7f" % (float(f[1:]) + dx)
                elif f.startswith("y") and kind == "n":
                    fields[i] = "y%.7f" % (float(f[1:]) + dy)
                elif f.startswith("N") or f.startswith("M"):
                    fields[i] = f[0] + ref.sub(lambda m: m.group(1) + str(int(m.group(2)) + shift), f[1:])
            writer.stdin.write(" ".join(fields) + "\n")
writer.stdin.close()
sys.exit(writer.wait())
