"""Reads the ZIP file named by the first argument with Python's zipfile and prints one JSON line describing it.

Output: {"bad": <first corrupt member or null>, "entries": [{"name", "method", "size", "head"}]}
where "head" is the first 24 bytes (hex) of each member, enough for a PNG's IHDR size.
"""
import io
import json
import sys
import zipfile

archive = zipfile.ZipFile(io.BytesIO(open(sys.argv[1], "rb").read()))
entries = []
for info in archive.infolist():
    data = archive.read(info)
    entries.append({"name": info.filename, "method": info.compress_type, "size": len(data), "head": data[:24].hex()})
print(json.dumps({"bad": archive.testzip(), "entries": entries}))
