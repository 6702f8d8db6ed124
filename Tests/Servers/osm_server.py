#!/usr/bin/env python3
"""A local stand-in for Overpass and Nominatim, answering from a real .osm.pbf fixture.

Usage: osm_server.py FIXTURE.osm.pbf   (binds 127.0.0.1 on a free port and prints it on stdout)

The fixture is converted with `osmium cat -f osm` and held in memory. Paths:
  /<scenario>/api/interpreter   Overpass (POST form `data=` or GET `?data=`): evaluates the subset of
                                Overpass QL MapPoster sends: `[out:json][timeout:N]`, union of
                                node/way/relation["k"], ["k"="v"], ["k"~"re"], ["k"!~"re"] with a
                                (s,w,n,e) bbox, then `>`/`(._;>;)` recursion.
  /<scenario>/search?q=city, country&format=json&limit=1   Nominatim: places whose name is `city`.
  /echo                         Any method: JSON {method, path, headers, body}.
  /bytes?n=N                    N bytes of 'x'.
Scenarios: `ok`; `fail-<id>-<status>-<n>` answers <status> to the first n requests of <id>, then
normally; `always-<status>`; `slow-<seconds>` sleeps first. Nominatim refuses (403) requests
without a real User-Agent, as the public service does.
"""
import json, re, subprocess, sys, threading, time, urllib.parse, xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NODES, WAYS, RELATIONS = {}, {}, {}
COUNTERS, LOCK = {}, threading.Lock()


def load(path):
    xml = subprocess.run(["osmium", "cat", "-f", "osm", path], check=True, capture_output=True).stdout
    for element in ET.fromstring(xml):
        if element.get("id") is None:
            continue
        tags = {t.get("k"): t.get("v") for t in element.findall("tag")}
        ident = int(element.get("id"))
        if element.tag == "node":
            NODES[ident] = {"type": "node", "id": ident, "lat": float(element.get("lat")),
                            "lon": float(element.get("lon")), **({"tags": tags} if tags else {})}
        elif element.tag == "way":
            WAYS[ident] = {"type": "way", "id": ident, "nodes": [int(n.get("ref")) for n in element.findall("nd")],
                           **({"tags": tags} if tags else {})}
        elif element.tag == "relation":
            RELATIONS[ident] = {"type": "relation", "id": ident, "tags": tags, "members": [
                {"type": m.get("type"), "ref": int(m.get("ref")), "role": m.get("role")}
                for m in element.findall("member")]}


STATEMENT = re.compile(r'(node|way|relation)((?:\[[^\]]*\])+)\((-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)\)')
FILTER = re.compile(r'\["([^"]+)"(?:(=|!=|~|!~)"([^"]*)")?\]')


def matches(tags, filters):
    for key, op, value in filters:
        have = tags.get(key)
        if not op:
            if have is None: return False
        elif op == "=":
            if have != value: return False
        elif op == "!=":
            if have == value: return False
        elif op == "~":
            if have is None or not re.search(value, have): return False
        elif op == "!~":
            if have is not None and re.search(value, have): return False
    return True


def overpass(query):
    if "[out:json]" not in query or "[timeout:" not in query:
        return 400, {"remark": "MapPoster always sends [out:json][timeout:N]"}
    found = {}
    for kind, filters, s, w, n, e in STATEMENT.findall(query):
        s, w, n, e = map(float, (s, w, n, e))
        inside = lambda node: node is not None and s <= node["lat"] <= n and w <= node["lon"] <= e
        filters = FILTER.findall(filters)
        if kind == "node":
            for node in NODES.values():
                if matches(node.get("tags", {}), filters) and inside(node): found[("node", node["id"])] = node
        elif kind == "way":
            for way in WAYS.values():
                if matches(way.get("tags", {}), filters) and any(inside(NODES.get(r)) for r in way["nodes"]):
                    found[("way", way["id"])] = way
        else:
            for rel in RELATIONS.values():
                if not matches(rel["tags"], filters): continue
                if any(m["type"] == "way" and m["ref"] in WAYS and any(inside(NODES.get(r)) for r in WAYS[m["ref"]]["nodes"])
                       for m in rel["members"]):
                    found[("relation", rel["id"])] = rel
    if ">" in query:  # recurse down: relation members, then way nodes
        for (kind, _), element in list(found.items()):
            if kind == "relation":
                for m in element["members"]:
                    if m["type"] == "way" and m["ref"] in WAYS: found[("way", m["ref"])] = WAYS[m["ref"]]
        for (kind, _), element in list(found.items()):
            if kind == "way":
                for r in element["nodes"]:
                    if r in NODES: found[("node", r)] = NODES[r]
    order = {"node": 0, "way": 1, "relation": 2}
    elements = [v for _, v in sorted(found.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))]
    return 200, {"version": 0.6, "generator": "MapPoster test server", "elements": elements}


def nominatim(query):
    city = query.split(",")[0].strip().lower()
    for node in NODES.values():
        if node.get("tags", {}).get("name", "").lower() == city:
            return [{"lat": str(node["lat"]), "lon": str(node["lon"]), "display_name": query}]
    for way in WAYS.values():
        if way.get("tags", {}).get("name", "").lower() == city:
            points = [NODES[r] for r in way["nodes"] if r in NODES]
            if points:
                lat = sum(p["lat"] for p in points) / len(points)
                lon = sum(p["lon"] for p in points) / len(points)
                return [{"lat": str(lat), "lon": str(lon), "display_name": query}]
    return []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, payload, content_type="application/json"):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path == "/echo":
            return self.send(200, {"method": self.command, "path": self.path, "headers": dict(self.headers),
                                   "body": body.decode("utf-8", "replace")})
        if url.path == "/bytes":
            return self.send(200, b"x" * int(params.get("n", "0")), "application/octet-stream")
        parts = url.path.strip("/").split("/", 1)
        scenario, rest = (parts[0], parts[1]) if len(parts) == 2 else ("ok", parts[0])
        if scenario.startswith("slow-"):
            time.sleep(float(scenario[5:]))
        elif scenario.startswith("always-"):
            return self.send(int(scenario[7:]), {"remark": "scenario " + scenario})
        elif scenario.startswith("fail-"):
            _, ident, status, count = scenario.split("-")
            with LOCK:
                COUNTERS[ident] = COUNTERS.get(ident, 0) + 1
                seen = COUNTERS[ident]
            if seen <= int(count):
                return self.send(int(status), {"remark": f"scenario {scenario}, request {seen}"})
        if rest == "api/interpreter":
            query = params.get("data") or dict(urllib.parse.parse_qsl(body.decode())).get("data", "")
            status, payload = overpass(query)
            return self.send(status, payload)
        if rest == "search":
            agent = self.headers.get("User-Agent", "")
            if not agent or agent.startswith("curl/") or agent.startswith("python-"):
                return self.send(403, {"error": "Access blocked: provide a real User-Agent"})
            return self.send(200, nominatim(params.get("q", "")))
        return self.send(404, {"error": "not found: " + url.path})

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = handle_any


def main():
    if len(sys.argv) > 1:
        load(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()
