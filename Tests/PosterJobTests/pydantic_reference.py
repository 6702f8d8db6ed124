"""The Python original's request schema (maptoposter-web backend/models.py, as described in
shared/research/maptoposter-web.md §1.4), used by PosterJobTests as the reference.

Reads JSON Lines on stdin: each line is the request as the worker receives it (args[0]).
Writes one JSON line per input: either
  {"ok": true, "json": model_dump_json(), "md5": <hex>, "key": <object key>, "dump": model_dump()}
or
  {"ok": false, "errors": [{"type", "loc", "msg", "input"}, ...]}   (pydantic's ValidationError.errors())

With --centre the model is MapPoster's extension, CentredPosterRequest: the original's fields then optional `lat` and
`lon` floats and the poster options of issue 20 (`text` … `north_arrow`), each dumped only when set (so a request
without them dumps, hashes and keys exactly as the original's).
Without it, `lat`/`lon` are unknown members the original model ignores, as a Python worker does.
"""
import hashlib
import json
import sys
import unicodedata
from typing import Any, Dict, List, Optional

from pydantic import BaseModel, ValidationError


class CustomLayer(BaseModel):
    label: str
    tags: Dict[str, Any]
    color: str
    width: float = 1.0
    enabled: bool = True


class CustomColors(BaseModel):
    bg: Optional[str] = None
    water: Optional[str] = None
    parks: Optional[str] = None
    roads: Optional[str] = None
    text: Optional[str] = None


class PosterRequest(BaseModel):
    city: str
    country: str
    style: str = "feature_based"
    all_themes: bool = False
    distance: int = 10000
    width: float = 12.0
    height: float = 16.0
    country_label: Optional[str] = None
    name_label: Optional[str] = None
    custom_layers: Optional[List[CustomLayer]] = None
    custom_colors: Optional[CustomColors] = None
    format: str = "png"
    dpi: int = 300
    margins: float = 0.0
    paper_size: str = "custom"


class Marker(BaseModel):
    lat: float
    lon: float
    label: str = ""


EXTENSIONS = ("lat", "lon", "text", "line_scale", "frame", "fade", "markers", "legend", "rotation", "north_arrow",
              "green_space", "gpx")


class CentredPosterRequest(PosterRequest):
    lat: Optional[float] = None
    lon: Optional[float] = None
    text: Optional[str] = None
    line_scale: Optional[float] = None
    frame: Optional[bool] = None
    fade: Optional[str] = None
    markers: Optional[List[Marker]] = None
    legend: Optional[bool] = None
    rotation: Optional[float] = None
    north_arrow: Optional[bool] = None
    green_space: Optional[bool] = None
    gpx: Optional[str] = None

    def model_dump_json(self, **kwargs):
        unset = {name for name in EXTENSIONS if getattr(self, name) is None}
        return super().model_dump_json(exclude=unset or None, **kwargs)

    def model_dump(self, **kwargs):
        unset = {name for name in EXTENSIONS if getattr(self, name) is None}
        return super().model_dump(exclude=unset or None, **kwargs)


def slug(city: str) -> str:
    ascii_city = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode("ascii")
    return ascii_city.lower().replace(" ", "_")


def main() -> None:
    model = CentredPosterRequest if "--centre" in sys.argv[1:] else PosterRequest
    for line in sys.stdin:
        if not line.strip():
            continue
        data = json.loads(line)
        try:
            request = model(**data) if isinstance(data, dict) else model.model_validate(data)
        except ValidationError as error:
            errors = [
                {"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"], "input": e["input"]}
                for e in error.errors()
            ]
            print(json.dumps({"ok": False, "errors": errors}, ensure_ascii=False, allow_nan=True))
            continue
        dumped = request.model_dump_json()
        digest = hashlib.md5(dumped.encode("utf-8")).hexdigest()
        if request.all_themes:
            key = f"{slug(request.city)}_ALL_THEMES_{digest[:8]}.zip"
        else:
            key = f"{slug(request.city)}_{request.style}_{digest[:8]}.{request.format.lower()}"
        print(json.dumps({"ok": True, "json": dumped, "md5": digest, "key": key, "dump": request.model_dump()},
                         ensure_ascii=False, allow_nan=True))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
