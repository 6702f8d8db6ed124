#!/usr/bin/env python3
"""Writes the seed corpus of the map data decoder fuzzer (scripts/fuzz, Sources/MapDataFuzzing) from the Helsinki
fixture: a small part of it cut by osmium (raw blobs), its header and data blocks, and the tile bodies that
`mapposter import` makes of it. Each seed's first byte names its decoder: 0 a tile body, 1 a PBF data block, 2 a
PBF header block.

    python3 Fuzz/make_map_corpus.py FIXTURE.osm.pbf PATH/TO/mapposter Fuzz/map-corpus
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

fixture, mapposter, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
MAX_SEED = 60_000  # scripts/fuzz runs with -max_len=65536


def varint(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def fields(message):
    """(number, value) of a protobuf message's length-delimited and varint fields."""
    at = 0
    while at < len(message):
        key, at = varint(message, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = varint(message, at)
        elif wire == 2:
            length, at = varint(message, at)
            value, at = message[at:at + length], at + length
        else:
            raise ValueError(f"wire type {wire}")
        yield number, value


def write(name, decoder, body):
    if len(body) + 1 <= MAX_SEED:
        with open(os.path.join(out, name), "wb") as seed:
            seed.write(bytes([decoder]) + body)


with tempfile.TemporaryDirectory() as work:
    small = os.path.join(work, "small.osm.pbf")
    subprocess.run(["osmium", "extract", "--bbox", "24.943,60.169,24.947,60.171", "--overwrite", "-f",
                    "pbf,pbf_compression=none", "-o", small, fixture], check=True)
    data = open(small, "rb").read()
    at = index = 0
    while at < len(data):
        (size,) = struct.unpack(">I", data[at:at + 4])
        header = dict(fields(data[at + 4:at + 4 + size]))
        blob = dict(fields(data[at + 4 + size:at + 4 + size + header[3]]))
        raw = blob[1] if 1 in blob else zlib.decompress(blob[3])
        if header[1] == b"OSMHeader":
            write("pbf-header", 2, raw)
        else:
            write(f"pbf-block-{index}", 1, raw)
            index += 1
        at += 4 + size + header[3]
    store = os.path.join(work, "store")
    subprocess.run([mapposter, "import", small, "--output", store, "--tile-size", "0.002"], check=True,
                   stdout=subprocess.DEVNULL)
    for folder, _, names in sorted(os.walk(os.path.join(store, "tiles"))):
        for name in sorted(names):
            tile = open(os.path.join(folder, name), "rb").read()
            assert tile[:4] == b"MPT2", name
            size, start = varint(tile, 4)
            body = zlib.decompress(tile[start:])
            assert len(body) == size
            column = os.path.basename(folder)
            write(f"tile-{column}-{name.removesuffix('.tile')}", 0, body)
