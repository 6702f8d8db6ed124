"""The nginx gateway: `nginx -t`, routing with the prefix stripped, headers, gzip, the per-client limit on
/api/generate, body size, caching, posters through /minio_storage/, the page and Leaflet."""

from __future__ import annotations

import gzip
import http.client
import json
from pathlib import Path

import pytest

from support.gateway import REPO, check_config

STATIC = REPO / "nginx" / "static"
LEAFLET = Path("/usr/share/javascript/leaflet")


def request(gateway, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            source: str = "127.0.0.1") -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_rendered_config_passes_nginx_t(tmp_path):
    result = check_config(tmp_path / "ok", LISTEN_PORT="127.0.0.1:18080", API_UPSTREAM="127.0.0.1:18000",
                          S3_UPSTREAM="127.0.0.1:19000")
    assert result.returncode == 0, result.stderr
    rendered = (tmp_path / "ok" / "mapposter.conf").read_text()
    assert "${" not in rendered
    assert "listen 127.0.0.1:18080;" in rendered
    assert "$binary_remote_addr" in rendered and "$remote_addr" in rendered  # nginx variables survive envsubst


def test_nginx_t_rejects_a_broken_config(tmp_path):
    result = check_config(tmp_path / "bad", LISTEN_PORT="127.0.0.1:not-a-port", API_UPSTREAM="127.0.0.1:18000",
                          S3_UPSTREAM="127.0.0.1:19000")
    assert result.returncode != 0
    assert "not-a-port" in result.stderr


@pytest.mark.parametrize("path, upstream_path", [
    ("/api/themes", "/themes"),
    ("/api/tasks/0b6f-42?x=1", "/tasks/0b6f-42?x=1"),
    ("/api/geocode?q=Paris%2C%20France", "/geocode?q=Paris%2C%20France"),
    ("/api/history?limit=10", "/history?limit=10"),
])
def test_api_paths_reach_the_api_with_the_prefix_stripped(echo_gateway, path, upstream_path):
    response, body = request(echo_gateway, "GET", path)
    assert response.status == 200
    echoed = json.loads(body)
    assert echoed["upstream"] == "api"
    assert echoed["path"] == upstream_path


def test_generate_is_posted_to_the_api(echo_gateway):
    payload = json.dumps({"city": "Paris", "country": "France"}).encode()
    response, body = request(echo_gateway, "POST", "/api/generate", payload,
                             {"Content-Type": "application/json"}, source="127.0.0.10")
    assert response.status == 200
    echoed = json.loads(body)
    assert (echoed["upstream"], echoed["method"], echoed["path"]) == ("api", "POST", "/generate")
    assert echoed["body_length"] == len(payload)


def test_forwarded_headers_carry_the_client_address_and_cannot_be_spoofed(echo_gateway):
    response, body = request(echo_gateway, "GET", "/api/themes",
                             headers={"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"},
                             source="127.0.0.3")
    headers = json.loads(body)["headers"]
    assert headers["x-forwarded-for"] == "127.0.0.3"
    assert headers["x-real-ip"] == "127.0.0.3"
    assert headers["x-forwarded-proto"] == "http"
    # The host the user used, with its port, so the API's /history links point back through this gateway.
    assert headers["host"] == f"127.0.0.1:{echo_gateway.port}"
    assert headers["x-forwarded-host"] == f"127.0.0.1:{echo_gateway.port}"


def test_posters_reach_s3_under_the_bucket_path(echo_gateway):
    response, body = request(echo_gateway, "GET", "/minio_storage/posters/paris_noir_fc508b37.png")
    assert response.status == 200
    echoed = json.loads(body)
    assert (echoed["upstream"], echoed["path"]) == ("s3", "/posters/paris_noir_fc508b37.png")
    assert echoed["headers"]["host"] == f"127.0.0.1:{echo_gateway.settings['S3_UPSTREAM'].split(':')[1]}"
    assert response.getheader("Cache-Control") == "max-age=86400"


def test_posters_are_read_only(echo_gateway):
    response, _ = request(echo_gateway, "PUT", "/minio_storage/posters/x.png", b"data")
    assert response.status == 403


def test_security_headers_on_page_api_posters_and_errors(echo_gateway):
    for path in ("/", "/api/themes", "/minio_storage/posters/a.png", "/does-not-exist.html"):
        response, _ = request(echo_gateway, "GET", path)
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin", path
        assert response.getheader("X-Frame-Options") == "SAMEORIGIN", path
        csp = response.getheader("Content-Security-Policy") or ""
        assert "frame-ancestors 'self'" in csp, path
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "img-src 'self' data: blob: https://tiles.example.test" in csp, path
        assert "nginx/" not in (response.getheader("Server") or ""), path
    response, _ = request(echo_gateway, "GET", "/does-not-exist.html")
    assert response.status == 404


def test_static_files_are_served_gzipped_with_cache_headers(echo_gateway):
    response, body = request(echo_gateway, "GET", "/app.js", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (STATIC / "app.js").read_bytes()
    assert response.getheader("Cache-Control") == "max-age=3600"
    assert "javascript" in response.getheader("Content-Type")

    response, body = request(echo_gateway, "GET", "/app.css")
    assert response.getheader("Content-Encoding") is None
    assert body == (STATIC / "app.css").read_bytes()
    assert response.getheader("Content-Type").startswith("text/css")


def test_the_page_is_served_and_revalidated(echo_gateway):
    response, body = request(echo_gateway, "GET", "/")
    assert response.status == 200
    assert body == (STATIC / "index.html").read_bytes()
    assert response.getheader("Content-Type").startswith("text/html")
    assert response.getheader("Cache-Control") == "no-cache"


def test_api_answers_are_gzipped(echo_gateway):
    response, body = request(echo_gateway, "GET", "/api/themes", headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert json.loads(gzip.decompress(body))["path"] == "/themes"


def test_leaflet_is_served_from_the_debian_package(echo_gateway):
    response, body = request(echo_gateway, "GET", "/vendor/leaflet/leaflet.js")
    assert response.status == 200
    assert body == (LEAFLET / "leaflet.js").read_bytes()
    assert response.getheader("Cache-Control") == "max-age=604800"
    response, _ = request(echo_gateway, "GET", "/vendor/leaflet/leaflet.css")
    assert response.status == 200


def test_config_json_names_the_tile_server(echo_gateway):
    response, body = request(echo_gateway, "GET", "/config.json")
    assert response.status == 200
    config = json.loads(body)
    assert config["apiBase"] == "/api"
    assert config["tileUrl"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert config["tileAttribution"] == "© OpenStreetMap contributors"


def test_healthz(echo_gateway):
    response, body = request(echo_gateway, "GET", "/healthz")
    assert (response.status, body) == (200, b"ok\n")


def test_generate_body_size_is_limited(echo_gateway):
    big = b'{"city":"' + b"x" * 3_000_000 + b'"}'
    response, _ = request(echo_gateway, "POST", "/api/generate", big, {"Content-Type": "application/json"},
                          source="127.0.0.11")
    assert response.status == 413


def test_generate_is_rate_limited_per_client_address(echo_gateway, echo_upstreams):
    api, _ = echo_upstreams
    payload = json.dumps({"city": "Paris", "country": "France"}).encode()
    headers = {"Content-Type": "application/json"}

    def post(source: str, spoof: str | None = None) -> int:
        extra = dict(headers, **({"X-Forwarded-For": spoof} if spoof else {}))
        response, _ = request(echo_gateway, "POST", "/api/generate", payload, extra, source=source)
        return response.status

    before = len(api.requests)
    # One request plus a burst of five go through at once; a spoofed X-Forwarded-For changes nothing.
    first = [post("127.0.0.20", spoof=f"198.51.100.{i}") for i in range(12)]
    assert first[:6] == [200] * 6
    assert 429 in first[6:]
    assert first.count(200) <= 8  # a token or two may be refilled while the loop runs (10 per minute)
    forwarded = len(api.requests) - before
    assert forwarded == first.count(200)  # refused requests never reached the API

    # Another client address is not affected.
    assert post("127.0.0.21") == 200
    # Other API paths are not limited.
    response, _ = request(echo_gateway, "GET", "/api/themes", source="127.0.0.20")
    assert response.status == 200
    assert "limiting requests" in echo_gateway.error_log()


def test_posters_can_be_served_from_a_directory(tmp_path, echo_upstreams):
    """POSTERS_ROOT: the local stack's filesystem store behind the same /minio_storage/ path."""
    from support.gateway import Gateway
    from support.png import poster_png

    api, s3 = echo_upstreams
    (tmp_path / "posters").mkdir()
    png = poster_png(60, 80)
    (tmp_path / "posters" / "helsinki_noir_0123abcd.png").write_bytes(png)
    gateway = Gateway(api.address, s3.address, POSTERS_ROOT=str(tmp_path)).start()
    try:
        before = len(s3.requests)
        response, body = request(gateway, "GET", "/minio_storage/posters/helsinki_noir_0123abcd.png")
        assert (response.status, body) == (200, png)
        assert response.getheader("Content-Type") == "image/png"
        assert response.getheader("Cache-Control") == "max-age=86400"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        response, _ = request(gateway, "GET", "/minio_storage/posters/missing.png")
        assert response.status == 404
        response, _ = request(gateway, "PUT", "/minio_storage/posters/new.png", b"x")
        assert response.status == 403
        assert len(s3.requests) == before  # S3 is not involved
    finally:
        gateway.stop()
