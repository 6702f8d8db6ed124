import Celery
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import MapPosterTesting
import Redis
import Testing

@testable import MapPosterAPI

@Suite("HTTP endpoints against a real redis-server")
struct EndpointTests {
    /// Stores `meta` as a worker would.
    func store(_ meta: TaskResultMeta, in fixture: APIFixture) async throws {
        let configuration = try RedisConfiguration(url: fixture.redis.url())
        try await withTearDown(try RedisClient(configuration: configuration)) { client -> Void in
            try await RedisResultBackend(client: client).store(meta)
        }
    }

    @Test func taskShapesPerState() async throws {
        try await withAPI { client, fixture in
            let pending = try await client.send(.get, "/tasks/unknown-id")
            #expect(pending.status == .ok)
            #expect(
                pending.text
                    == #"{"task_id":"unknown-id","status":"PENDING","result":null,"error":null,"progress":{"current":0,"total":100,"status":"Pending..."}}"#
            )

            try await store(
                TaskResultMeta(
                    taskID: "p1", status: .progress,
                    result: ["current": 60, "total": 100, "status": "Rendering map..."]), in: fixture)
            let progress = try await client.send(.get, "/tasks/p1")
            #expect(
                progress.text
                    == #"{"task_id":"p1","status":"PROGRESS","result":null,"error":null,"progress":{"current":60,"total":100,"status":"Rendering map..."}}"#
            )

            let result: JSONValue = [
                "success": true, "file_url": "/minio_storage/posters/paris_noir_fc508b37.png", "cached": false,
            ]
            try await store(TaskResultMeta(taskID: "s1", status: .success, result: result), in: fixture)
            let success = try await client.send(.get, "/tasks/s1")
            #expect(keys(success.json) == ["task_id", "status", "result", "error", "progress"])
            #expect(success.json?["result"] == result)
            #expect(success.json?["progress"] == ["current": 100, "total": 100, "status": "Completed"])

            let failure = TaskFailure.valueError("No map data found.")
            try await store(TaskResultMeta(taskID: "f1", status: .failure, result: failure.json), in: fixture)
            let failed = try await client.send(.get, "/tasks/f1")
            #expect(failed.text == #"{"task_id":"f1","status":"FAILURE","result":null,"error":"No map data found."}"#)

            let odd = TaskFailure(type: "NotAnException", module: "os", arguments: ["a", 2])
            try await store(TaskResultMeta(taskID: "f2", status: .failure, result: odd.json), in: fixture)
            let oddFailed = try await client.send(.get, "/tasks/f2")
            #expect(oddFailed.status == .ok)
            #expect(oddFailed.json?["error"] == "('a', 2)")

            try await store(
                TaskResultMeta(taskID: "r1", status: .revoked, result: TaskFailure.revoked("revoked").json), in: fixture
            )
            let revoked = try await client.send(.get, "/tasks/r1")
            #expect(revoked.text == #"{"task_id":"r1","status":"REVOKED","result":null,"error":null}"#)
        }
    }

    @Test func downloadRedirectsOnlyWhenDone() async throws {
        try await withAPI { client, fixture in
            let missing = try await client.send(.get, "/download/nope")
            #expect(missing.status == .notFound)
            #expect(missing.text == #"{"detail":"Result not ready or not found"}"#)
            let url = "/minio_storage/posters/x.png"
            try await store(
                TaskResultMeta(taskID: "d1", status: .success, result: ["success": true, "file_url": .string(url)]),
                in: fixture)
            let found = try await client.send(.get, "/download/d1")
            #expect(found.status == .temporaryRedirect)
            #expect(found.headers[.location] == url)
        }
    }

    /// `/themes` lists the renderer's 17 themes, sorted, each with the colours of its JSON file.
    @Test func themesListsTheRenderersThemesSorted() async throws {
        try await withAPI { client, _ in
            let response = try await client.send(.get, "/themes")
            let themes = try #require(try JSONValue(parsing: response.text)["themes"]?.array)
            #expect(themes.count == 17)
            let ids = themes.compactMap { $0["id"]?.string }
            #expect(ids == ids.sorted())
            #expect(ids.contains("feature_based"))
            let noir = try #require(themes.first { $0["id"] == "noir" })
            #expect(
                noir.serialized()
                    == ##"{"id":"noir","name":"Noir","colors":{"bg":"#000000","road_primary":"#E0E0E0","water":"#0A0A0A"}}"##
            )
        }
    }

    /// Against the Nominatim stand-in answering from the fixture: its answer passes through; when it fails, the
    /// gazetteer answers, and a place the gazetteer does not know gets Nominatim's error status.
    @Test func geocodePassesNominatimThroughAndFallsBackToTheGazetteer() async throws {
        try await ScriptServer.run(
            ScriptServer.script("osm_server.py"), arguments: [try Fixtures.helsinkiPBF.path]
        ) { nominatim in
            try await withAPI(environment: ["GEOCODER": "", "NOMINATIM_URL": "\(nominatim)/ok"]) { client, _ in
                let found = try await client.send(.get, "/geocode?q=Helsinki,%20Finland")
                #expect(found.status == .ok)
                // The fixture's `place` node, as the stand-in answers it (the gazetteer's Helsinki is elsewhere).
                #expect(found.json?.array?.first?["lat"] == "60.1713198")
                #expect(found.json?.array?.first?["lon"] == "24.9414566")
            }
            try await withAPI(environment: ["GEOCODER": "", "NOMINATIM_URL": "\(nominatim)/always-429"]) {
                client, _ in
                let fallback = try await client.send(.get, "/geocode?q=Tampere,%20Finland")
                #expect(fallback.json?.array?.first?["display_name"] == "Tampere, Finland")
                let unknown = try await client.send(.get, "/geocode?q=Qwxzv,%20Nowhere")
                #expect(unknown.status == .tooManyRequests)
                #expect(unknown.text == #"{"detail":"Nominatim error"}"#)
            }
        }
    }

    @Test func geocodeOfflineInNominatimShape() async throws {
        try await withAPI { client, _ in
            let found = try await client.send(.get, "/geocode?q=Helsinki,%20Finland")
            #expect(found.status == .ok)
            let item = found.json?.array?.first
            #expect(item?["lat"]?.string.flatMap(Double.init).map { abs($0 - 60.17) < 0.05 } == true)
            #expect(item?["lon"]?.string != nil)
            #expect(item?["display_name"] == "Helsinki, Finland")
            // `+` is a space in a query string, as Starlette decodes it (the web page's URLSearchParams sends it).
            let plus = try await client.send(.get, "/geocode?q=Helsinki%2C+Finland")
            #expect(plus.json?.array?.first?["display_name"] == "Helsinki, Finland")
            let repeated = try await client.send(.get, "/geocode?q=Oslo&q=Helsinki,+Finland")
            #expect(repeated.json?.array?.first?["display_name"] == "Helsinki, Finland")
            let unknown = try await client.send(.get, "/geocode?q=Qwxzv,%20Nowhere")
            #expect(unknown.text == "[]")
            let missing = try await client.send(.get, "/geocode")
            #expect(missing.status == .unprocessableContent)
            #expect(
                missing.text
                    == #"{"detail":[{"type":"missing","loc":["query","q"],"msg":"Field required","input":null}]}"#)
        }
    }

    @Test func historyNewestFirstWithURLRule() async throws {
        try await withAPI(environment: ["S3_PUBLIC_URL": "/minio_storage"]) { client, fixture in
            let folder = fixture.storage.appendingPathComponent("posters")
            let names = [
                "new_york_noir_11111111.png", "saint-etienne_ALL_THEMES_22222222.zip", "paris_noir_33333333.png",
            ]
            for (index, name) in names.enumerated() {
                let file = folder.appendingPathComponent(name)
                try Data().write(to: file)
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 60)],
                    ofItemAtPath: file.path)
            }
            let response = try await client.send(.get, "/history?limit=2")
            let items = try #require(response.json?.array)
            #expect(items.count == 2)
            #expect(keys(items[0]) == ["url", "filename", "date", "city"])
            #expect(items[0]["filename"] == "paris_noir_33333333.png")
            // A relative S3_PUBLIC_URL is put behind the request's own origin (the Host the gateway forwards).
            let url = try #require(items[0]["url"]?.string)
            #expect(url.hasPrefix("http://localhost"))
            #expect(url.hasSuffix("/minio_storage/posters/paris_noir_33333333.png"))
            // Behind a gateway on another port, the links keep the host and port the user used.
            let proxied = try await client.send(
                .get, "/history?limit=1",
                headers: [.xForwardedHost: "127.0.0.1:8080", .xForwardedProto: "https", .host: "api:8000"])
            #expect(
                proxied.json?.array?.first?["url"]
                    == "https://127.0.0.1:8080/minio_storage/posters/paris_noir_33333333.png")
            #expect(items[0]["date"] == "2023-11-14T22:15:20+00:00")
            #expect(items[1]["city"] == "Saint Etienne")
            let all = try await client.send(.get, "/history")
            #expect(all.json?.array?.last?["city"] == "New")
            let bad = try await client.send(.get, "/history?limit=many")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json?["detail"]?.array?.first?["type"] == "int_parsing")
        }
        try await withAPI(environment: ["S3_PUBLIC_URL": "https://cdn.example.org/"]) { client, fixture in
            try Data().write(to: fixture.storage.appendingPathComponent("posters/oslo_noir_44444444.png"))
            let response = try await client.send(.get, "/history")
            #expect(response.json?.array?.first?["url"] == "https://cdn.example.org/posters/oslo_noir_44444444.png")
        }
    }

    @Test func healthNamesWhatFailed() async throws {
        try await withAPI { client, fixture in
            let healthy = try await client.send(.get, "/health")
            #expect(healthy.status == .ok)
            #expect(healthy.text == #"{"status":"ok","checks":{"redis":"ok","storage":"ok"}}"#)
            try FileManager.default.removeItem(at: fixture.storage)
            let noStorage = try await client.send(.get, "/health")
            #expect(noStorage.status == .serviceUnavailable)
            #expect(noStorage.json?["checks"]?["redis"] == "ok")
            #expect(noStorage.json?["checks"]?["storage"]?.string?.hasPrefix("error: ") == true)
            await fixture.redis.stop()
            let noRedis = try await client.send(.get, "/health")
            #expect(noRedis.status == .serviceUnavailable)
            #expect(noRedis.json?["checks"]?["redis"]?.string?.hasPrefix("error: ") == true)
            let generate = try await client.send(.post, "/generate", body: #"{"city":"Paris","country":"France"}"#)
            #expect(generate.status == .serviceUnavailable)
            #expect(generate.text == #"{"detail":"Service Unavailable"}"#)
        }
    }

    @Test func openAPIIsTheContract() async throws {
        try await withAPI { client, _ in
            let response = try await client.send(.get, "/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(response.json)
            #expect(document["openapi"] == "3.1.0")
            let paths = try #require(document["paths"]?.object?.orderedKeys)
            for path in [
                "/generate", "/tasks/{task_id}", "/download/{task_id}", "/themes", "/geocode", "/history", "/health",
            ] {
                #expect(paths.contains(path))
            }
        }
    }

    @Test func errorsAreFastAPIShaped() async throws {
        try await withAPI(environment: ["MAX_BODY_SIZE": "1024"]) { client, _ in
            let notFound = try await client.send(.get, "/nothing/here")
            #expect(notFound.status == .notFound)
            #expect(notFound.text == #"{"detail":"Not Found"}"#)
            // A known path with a method it does not serve is FastAPI's 405, with Allow.
            for (method, path, allow) in [
                (HTTPRequest.Method.get, "/generate", "POST"), (.post, "/themes", "GET"),
                (.put, "/tasks/t1", "DELETE, GET"),
                (.put, "/history", "GET"),
            ] {
                let wrong = try await client.send(method, path)
                #expect(wrong.status == .methodNotAllowed, "\(method) \(path)")
                #expect(wrong.headers[.allow] == allow)
                #expect(wrong.headers[.contentType] == "application/json")
                #expect(wrong.text == #"{"detail":"Method Not Allowed"}"#)
            }
            let large = #"{"city":"\#(String(repeating: "x", count: 2000))","country":"France"}"#
            let tooLarge = try await client.send(.post, "/generate", body: large)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.json?["detail"] == "Request body too large")
        }
    }

    @Test func metricsCountRequestsAndTasks() async throws {
        try await withAPI { client, _ in
            _ = try await client.send(.post, "/generate", body: #"{"city":"Paris","country":"France"}"#)
            _ = try await client.send(.get, "/themes")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("mapposter_api_tasks_enqueued_total 1"))
            #expect(
                metrics.text.contains(
                    #"mapposter_api_http_requests_total{method="GET",route="/themes",status="200"} 1"#))
        }
    }

    @Test func corsOnlyForConfiguredOrigins() async throws {
        try await withAPI(environment: ["CORS_ORIGINS": "https://app.example"]) { client, _ in
            let allowed = try await client.send(.get, "/themes", headers: [.origin: "https://app.example"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example")
            let other = try await client.send(.get, "/themes", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.send(
                .options, "/generate", headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
        }
        try await withAPI { client, _ in
            let sameOrigin = try await client.send(.get, "/themes", headers: [.origin: "https://app.example"])
            #expect(sameOrigin.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
