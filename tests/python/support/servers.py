"""Stand-in upstreams on loopback: an echo server (proves nginx routing), an S3 stand-in that serves a
real PNG for poster keys, and an API stand-in that speaks the HTTP contract of research/maptoposter-web.md §2."""

from __future__ import annotations

import base64
import io
import json
import socket
import threading
import time
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .png import poster_png


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "StandIn"

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(value).encode(), "application/json", extra)

    def _handle(self) -> None:
        body = self._body()
        self.server.record(self, body)
        self.server.respond(self, body)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _handle


class StandIn(ThreadingHTTPServer):
    """A threaded HTTP server on a free loopback port; subclasses implement `respond`."""

    daemon_threads = True
    name = "standin"

    def __init__(self, host: str = "127.0.0.1"):
        super().__init__((host, free_port(host)), _Handler)
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, name=self.name, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> "StandIn":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def record(self, handler: _Handler, body: bytes) -> None:
        with self._lock:
            self.requests.append(
                {"method": handler.command, "path": handler.path, "headers": dict(handler.headers.items()), "body": body}
            )

    def respond(self, handler: _Handler, body: bytes) -> None:
        raise NotImplementedError


class EchoServer(StandIn):
    """Answers every request with JSON naming itself and echoing the path and headers it received."""

    def __init__(self, name: str, host: str = "127.0.0.1"):
        self.name = name
        super().__init__(host)

    def respond(self, handler: _Handler, body: bytes) -> None:
        payload = {
            "upstream": self.name,
            "method": handler.command,
            "path": handler.path,
            "headers": {key.lower(): value for key, value in handler.headers.items()},
            "body_length": len(body),
            # padding so that gzip applies to proxied JSON as well (gzip_min_length)
            "padding": "mapposter " * 80,
        }
        handler._json(200, payload)


class S3StandIn(StandIn):
    """Path-style anonymous GET of `/<bucket>/<key>`: PNG and ZIP keys of the bucket exist, everything else is 404."""

    name = "s3"

    def __init__(self, bucket: str = "posters", host: str = "127.0.0.1"):
        super().__init__(host)
        self.bucket = bucket
        self.png = poster_png()
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zip_file:
            zip_file.writestr("standin_noir.png", self.png)
        self.zip = archive.getvalue()

    def respond(self, handler: _Handler, body: bytes) -> None:
        path = urlsplit(handler.path).path
        prefix = f"/{self.bucket}/"
        if handler.command in ("GET", "HEAD") and path.startswith(prefix) and path.endswith(".png"):
            handler._send(200, self.png, "image/png", {"ETag": '"standin"', "x-amz-request-id": "STANDIN"})
            return
        if handler.command in ("GET", "HEAD") and path.startswith(prefix) and path.endswith(".zip"):
            handler._send(200, self.zip, "application/zip", {"ETag": '"standinzip"', "x-amz-request-id": "STANDIN"})
            return
        error = b"<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code></Error>"
        handler._send(404, error, "application/xml")


# The contract's themes (research §4.7): id, name, and the three colours /themes exposes.
THEMES = [
    ("autumn", "Autumn", "#FBF7F0", "#B8450A", "#D8CFC0"),
    ("blueprint", "Blueprint", "#1A3A5C", "#C5DCF0", "#0F2840"),
    ("feature_based", "Feature-Based Shading", "#FFFFFF", "#1A1A1A", "#C0C0C0"),
    ("forest", "Forest", "#F0F4F0", "#3D6B55", "#B8D4D4"),
    ("japanese_ink", "Japanese Ink", "#FAF8F5", "#4A4A4A", "#E8E4E0"),
    ("midnight_blue", "Midnight Blue", "#0A1628", "#C9A227", "#061020"),
    ("noir", "Noir", "#000000", "#E0E0E0", "#0A0A0A"),
    ("ocean", "Ocean", "#F0F8FA", "#2A7A9A", "#B8D8E8"),
    ("terracotta", "Terracotta", "#F5EDE4", "#B8653A", "#A8C4C4"),
]

PLACES = {
    "helsinki": {"lat": "60.1698557", "lon": "24.9383791", "display_name": "Helsinki, Uusimaa, Finland"},
    "paris": {"lat": "48.8534951", "lon": "2.3483915", "display_name": "Paris, Île-de-France, France"},
}

# The PROGRESS metas the worker writes (research §1.5), one per poll, then SUCCESS.
PROGRESS_STEPS = [
    (10, "Decoding parameters..."),
    (20, "Fetching map data..."),
    (60, "Rendering map..."),
    (90, "Uploading to cloud..."),
]


# How long each step of a "Slowly" task lasts (PENDING, the four PROGRESS steps, then SUCCESS).
SLOW_STEP_SECONDS = 0.8

WORLD_COVERAGE = {"source": "overpass", "world": True,
                  "bounds": {"south": -90.0, "west": -180.0, "north": 90.0, "east": 180.0},
                  "center": None, "place": None, "name": None, "description": "the whole world"}

# What the real API answers for the Helsinki fixture extract (its header box).
HELSINKI_COVERAGE = {"source": "extract", "world": False,
                     "bounds": {"south": 60.164155, "west": 24.9351762, "north": 60.179113, "east": 24.9534145},
                     "center": {"lat": 60.1716340, "lon": 24.94429535},
                     "place": {"city": "Helsinki", "country": "Finland"}, "name": "helsinki-center.osm.pbf",
                     "description": "60.1642 N–60.1791 N, 24.9352 E–24.9534 E"}


class ContractAPI(StandIn):
    """The HTTP API's shapes: /themes, /geocode, /generate (422 on a missing field), /tasks/{id} going
    PENDING → PROGRESS… → SUCCESS one step per poll, DELETE /tasks/{id} (then REVOKED), /coverage (the whole
    world unless a test sets `coverage`), /history. Special cities: "Nowhere" fails with the worker's "No map data
    found.", "Forever" stays PENDING, "Slowly" takes SLOW_STEP_SECONDS a step whatever the polling, "Busy" gets the
    rate limiter's 429; a request with lat/lon gets a warning."""

    name = "api"

    def __init__(self, s3_public_url: str = "/minio_storage", bucket: str = "posters", host: str = "127.0.0.1"):
        super().__init__(host)
        self.public_base = f"{s3_public_url.rstrip('/')}/{bucket}"
        self.tasks: dict[str, dict] = {}
        self.generated: list[dict] = []
        self.coverage = WORLD_COVERAGE
        # POST /preview answers 404, as the Python original's API does, unless a test turns previews on.
        self.previews = False

    def respond(self, handler: _Handler, body: bytes) -> None:
        url = urlsplit(handler.path)
        path, query = url.path, parse_qs(url.query)
        if handler.command == "GET" and path == "/themes":
            themes = [
                {"id": id_, "name": name, "colors": {"bg": bg, "road_primary": road, "water": water}}
                for id_, name, bg, road, water in THEMES
            ]
            return handler._json(200, {"themes": themes})
        if handler.command == "GET" and path == "/geocode":
            if "q" not in query:
                return handler._json(422, {"detail": [{"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": None}]})
            text = query["q"][0].lower()
            hits = [dict(place, place_id=index) for index, (key, place) in enumerate(PLACES.items()) if key in text]
            return handler._json(200, hits[:1])
        if handler.command == "POST" and path == "/generate":
            return self._generate(handler, body)
        if handler.command == "POST" and path == "/preview" and self.previews:
            task_id = str(uuid.uuid4())
            self.tasks[task_id] = {"request": json.loads(body or b"{}"), "polls": 0, "preview": True}
            return handler._json(200, {"task_id": task_id})
        if handler.command == "GET" and path.startswith("/tasks/"):
            return self._task(handler, path[len("/tasks/"):])
        if handler.command == "DELETE" and path.startswith("/tasks/"):
            task = self.tasks.get(path[len("/tasks/"):])
            if task is not None:
                task["revoked"] = True
            return handler._json(200, {"task_id": path[len("/tasks/"):], "status": "REVOKED", "terminated": False,
                                       "workers": [], "quota_returned": True})
        if handler.command == "GET" and path == "/coverage":
            return handler._json(200, self.coverage)
        if handler.command == "GET" and path == "/history":
            limit = int(query.get("limit", ["10"])[0])
            return handler._json(200, list(reversed(self.generated))[:limit])
        return handler._json(404, {"detail": "Not Found"})

    def _generate(self, handler: _Handler, body: bytes) -> None:
        try:
            request = json.loads(body or b"null")
        except ValueError:
            request = None
        if not isinstance(request, dict):
            return handler._json(422, {"detail": [{"type": "model_attributes_type", "loc": ["body"], "msg": "Input should be a valid dictionary", "input": None}]})
        missing = [field for field in ("city", "country") if not isinstance(request.get(field), str)]
        if missing:
            detail = [{"type": "missing", "loc": ["body", field], "msg": "Field required", "input": request} for field in missing]
            return handler._json(422, {"detail": detail})
        if request["city"].strip().lower() == "busy":
            return handler._json(429, {"error": "Rate limit exceeded: 5 per 1 minute"}, {"Retry-After": "42"})
        task_id = str(uuid.uuid4())
        self.tasks[task_id] = {"request": request, "polls": 0, "created": time.monotonic()}
        handler._json(200, {"task_id": task_id})

    def _task(self, handler: _Handler, task_id: str) -> None:
        task = self.tasks.get(task_id)
        pending = {"task_id": task_id, "status": "PENDING", "result": None, "error": None,
                   "progress": {"current": 0, "total": 100, "status": "Pending..."}}
        if task is None:
            return handler._json(200, pending)
        if task.get("preview"):
            image = base64.b64encode(poster_png(60, 80)).decode()
            return handler._json(200, {"task_id": task_id, "status": "SUCCESS", "error": None,
                                       "result": {"preview": "data:image/png;base64," + image, "width": 60,
                                                  "height": 80, "warnings": []},
                                       "progress": {"current": 100, "total": 100, "status": "Completed"}})
        if task.get("revoked"):
            return handler._json(200, {"task_id": task_id, "status": "REVOKED", "result": None, "error": None})
        task["polls"] += 1
        step = task["polls"] - 2  # first poll: PENDING
        request = task["request"]
        if request["city"].strip().lower() == "slowly":
            step = int((time.monotonic() - task["created"]) / SLOW_STEP_SECONDS) - 1
        if step < 0:
            return handler._json(200, pending)
        if request["city"].strip().lower() == "forever":  # a task no worker ever takes
            return handler._json(200, pending)
        if request["city"].strip().lower() == "nowhere" and step >= 1:
            return handler._json(200, {"task_id": task_id, "status": "FAILURE", "result": None,
                                       "error": "No map data found."})
        if step < len(PROGRESS_STEPS):
            current, text = PROGRESS_STEPS[step]
            return handler._json(200, {"task_id": task_id, "status": "PROGRESS", "result": None, "error": None,
                                       "progress": {"current": current, "total": 100, "status": text}})
        slug = request["city"].lower().replace(" ", "_")
        style = request.get("style", "feature_based")
        if request.get("all_themes"):
            key = f"{slug}_ALL_THEMES_{task_id[:8]}.zip"
        else:
            key = f"{slug}_{style}_{task_id[:8]}.{request.get('format', 'png')}"
        file_url = f"{self.public_base}/{key}"
        if not task.get("recorded"):
            task["recorded"] = True
            self.generated.append({"url": file_url, "filename": key, "date": "2026-01-01T12:00:00+00:00",
                                   "city": request["city"].title()})
        result = {"success": True, "file_url": file_url, "cached": False}
        if "lat" in request:
            result["warnings"] = [f"Stand-in warning for the centre {request['lat']}, {request['lon']}."]
        return handler._json(200, {"task_id": task_id, "status": "SUCCESS",
                                   "result": result,
                                   "error": None, "progress": {"current": 100, "total": 100, "status": "Completed"}})
