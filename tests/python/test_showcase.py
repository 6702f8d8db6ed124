"""scripts/run's showcase poster against the real local stack (scripts/run --then sets MAPPOSTER_WEB_URL): it is
centred inside the map data and at most 5 % of its map is blank, where the old showcase (the gazetteer's Helsinki,
on the extract's west edge) was about half blank; a poster outside the data fails in words."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import showcase  # noqa: E402  (scripts/showcase.py)

WEB_URL = os.environ.get("MAPPOSTER_WEB_URL", "").rstrip("/")
# What scripts/run's showcase made (scripts/showcase.py --record), when the test runs under scripts/run --then.
RECORD = os.environ.get("MAPPOSTER_SHOWCASE", "")
pytestmark = pytest.mark.skipif(not WEB_URL, reason="needs the real stack (scripts/run --then)")


def coverage() -> dict:
    return showcase.get_json(WEB_URL + "/api/coverage")


def test_showcase_poster_is_full():
    if coverage()["world"]:
        pytest.skip("the stack uses Overpass: the showcase is geocoded, not fitted to an extract")
    if RECORD and Path(RECORD).is_file():
        # The very poster scripts/run made, downloaded again through the gateway.
        record = json.loads(Path(RECORD).read_text(encoding="utf-8"))
        request, result = record["request"], record["result"]
        url = result["file_url"]
        with urllib.request.urlopen(WEB_URL + url if url.startswith("/") else url, timeout=60) as response:
            poster = response.read()
    else:
        request = showcase.showcase_request(WEB_URL, "Helsinki", "Finland", "noir", 1000, "png", 150)
        result, poster = showcase.make_poster(WEB_URL, request, log=lambda _: None)
    assert "lat" in request and "lon" in request
    assert not result.get("warnings"), result
    blank = showcase.blank_fraction(poster, showcase.theme_background(WEB_URL, "noir"))
    print(f"showcase: {request['distance']} m at {request['lat']}, {request['lon']}: {blank:.1%} blank")
    assert blank <= 0.05


def test_the_old_showcase_was_half_blank_and_says_so():
    """The measure sees blank maps: the previous showcase (geocoded, 1000 m) is mostly empty, with a warning."""
    if coverage()["world"]:
        pytest.skip("the stack uses Overpass")
    request = {"city": "Helsinki", "country": "Finland", "style": "noir", "distance": 1000, "width": 12.0,
               "height": 16.0, "format": "png", "dpi": 150, "paper_size": "12x16"}
    result, poster = showcase.make_poster(WEB_URL, request, log=lambda _: None)
    blank = showcase.blank_fraction(poster, showcase.theme_background(WEB_URL, "noir"))
    print(f"old showcase: {blank:.1%} blank; warnings {result.get('warnings')}")
    assert blank > 0.3
    assert len(result["warnings"]) == 1 and result["warnings"][0].startswith("Only ")


def test_a_poster_outside_the_data_fails_in_words():
    if coverage()["world"]:
        pytest.skip("the stack uses Overpass")
    request = {"city": "Paris", "country": "France", "distance": 2000, "dpi": 50, "lat": 48.8566, "lon": 2.3522}
    with pytest.raises(RuntimeError) as failure:
        try:
            showcase.make_poster(WEB_URL, request, log=lambda _: None, timeout=120)
        except urllib.error.HTTPError as error:
            pytest.fail(f"{error.code}: {error.read()!r}")
    assert str(failure.value).startswith("FAILURE: No map data for this area: the map data covers ")
