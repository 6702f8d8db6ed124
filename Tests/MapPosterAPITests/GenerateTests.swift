import Celery
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import MapPosterTesting
import NIOCore
import Redis
import Settings
import Testing

@testable import MapPosterAPI

@Suite("POST /generate: validation, enqueueing, rate limit per client")
struct GenerateTests {
    static let paris = #"{"city":"Paris","country":"France"}"#

    /// The messages waiting on the `celery` list, oldest first, decoded.
    func queued(_ fixture: APIFixture) async throws -> [TaskMessage] {
        let configuration = try RedisConfiguration(url: fixture.redis.url())
        return try await withTearDown(try RedisClient(configuration: configuration)) { client in
            let items = try await client.execute(["LRANGE", "celery", "0", "-1"]).array ?? []
            return try items.reversed().compactMap(\.string).map {
                try TaskMessage(envelope: KombuEnvelope(parsing: $0))
            }
        }
    }

    @Test func enqueuesThePythonTaskWithTheDumpedRequest() async throws {
        try await withAPI { client, fixture in
            let response = try await client.send(.post, "/generate", body: Self.paris)
            #expect(response.status == .ok)
            #expect(keys(response.json) == ["task_id"])
            let id = try #require(response.json?["task_id"]?.string)
            #expect(UUID(uuidString: id) != nil)
            let messages = try await queued(fixture)
            #expect(messages.count == 1)
            #expect(messages[0].id == id)
            #expect(messages[0].name == "backend.tasks.generate_poster_task")
            #expect(messages[0].kwargs.isEmpty)
            let request = try #require(messages[0].args.first)
            #expect(
                keys(request) == [
                    "city", "country", "style", "all_themes", "distance", "width", "height", "country_label",
                    "name_label", "custom_layers", "custom_colors", "format", "dpi", "margins", "paper_size",
                ])
            #expect(request["city"] == "Paris")
            #expect(request["style"] == "feature_based")
        }
    }

    @Test func invalidBodiesAre422AndEnqueueNothing() async throws {
        try await withAPI { client, fixture in
            let missing = try await client.send(.post, "/generate", body: #"{"city":"Paris"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(
                missing.text
                    == #"{"detail":[{"type":"missing","loc":["body","country"],"msg":"Field required","input":{"city":"Paris"}}]}"#
            )
            let notJSON = try await client.send(.post, "/generate", body: "{city")
            #expect(notJSON.status == .unprocessableContent)
            #expect(notJSON.json?["detail"]?.array?.first?["type"] == "json_invalid")
            #expect(notJSON.json?["detail"]?.array?.first?["loc"] == ["body", 1])
            let empty = try await client.send(.post, "/generate", body: "")
            #expect(empty.json?["detail"]?.array?.first?["type"] == "missing")
            let list = try await client.send(.post, "/generate", body: "[1]")
            #expect(list.json?["detail"]?.array?.first?["type"] == "model_attributes_type")
            #expect(try await queued(fixture).isEmpty)
        }
    }

    @Test func optionsTheWorkerRefusesAre422BeforeTheQueueAndTheLimit() async throws {
        try await withAPI(environment: ["GENERATE_RATE_LIMIT": "1/minute"]) { client, fixture in
            let refused: [(String, JSONValue)] = [
                (#""style":"neon""#, ["body", "style"]),
                (#""format":"gif""#, ["body", "format"]),
                (#""distance":-5"#, ["body", "distance"]),
                (#""dpi":0"#, ["body", "dpi"]),
                (#""width":0"#, ["body"]),
                (#""margins":-1"#, ["body", "margins"]),
                (#""margins":7,"width":12,"height":16"#, ["body", "margins"]),
                (#""custom_colors":{"bg":"red"}"#, ["body", "custom_colors"]),
                (#""text":"loud""#, ["body", "text"]),
                (#""fade":"left""#, ["body", "fade"]),
                (#""line_scale":0"#, ["body", "line_scale"]),
                (#""rotation":999"#, ["body", "rotation"]),
                (#""markers":[{"lat":95,"lon":24}]"#, ["body", "markers"]),
                (#""gpx":"<gpx><trk>""#, ["body", "gpx"]),
            ]
            for (fields, loc) in refused {
                let response = try await client.send(
                    .post, "/generate", body: #"{"city":"Paris","country":"France",\#(fields)}"#)
                #expect(response.status == .unprocessableContent, "\(fields)")
                let issues = try #require(response.json?["detail"]?.array, "\(fields): \(response.text)")
                #expect(issues.count == 1)
                #expect(keys(issues.first) == ["type", "loc", "msg", "input"])
                #expect(issues.first?["type"] == "value_error")
                #expect(issues.first?["loc"] == loc, "\(fields)")
                #expect(issues.first?["msg"]?.string?.hasPrefix("Value error, ") == true)
            }
            let dpi = try await client.send(.post, "/generate", body: #"{"city":"Paris","country":"France","dpi":0}"#)
            #expect(
                dpi.text
                    == #"{"detail":[{"type":"value_error","loc":["body","dpi"],"msg":"Value error, Invalid dpi 0: must be between 10 and 1200.","input":0}]}"#
            )
            // A bad GPX upload says what is wrong with the file, and does not echo it.
            let gpx = try await client.send(
                .post, "/generate", body: #"{"city":"Paris","country":"France","gpx":"<kml><Placemark/></kml>"}"#)
            #expect(
                gpx.text
                    == #"{"detail":[{"type":"value_error","loc":["body","gpx"],"msg":"Value error, The file is XML but not GPX: its root element is <kml>, not <gpx>.","input":null}]}"#
            )
            // The all-themes ZIP ignores the style, as the worker does.
            let zip = #"{"city":"Paris","country":"France","style":"neon","all_themes":true}"#
            #expect(try await client.send(.post, "/generate", body: zip).status == .ok)
            #expect(try await queued(fixture).count == 1)
        }
    }

    @Test func centreIsEnqueuedAfterTheOriginalsFields() async throws {
        try await withAPI { client, fixture in
            let body = #"{"city":"Helsinki","country":"Finland","lat":60.1716,"lon":"24.9443"}"#
            let response = try await client.send(.post, "/generate", body: body)
            #expect(response.status == .ok, "\(response.text)")
            let request = try #require(try await queued(fixture).first?.args.first)
            #expect(
                keys(request) == [
                    "city", "country", "style", "all_themes", "distance", "width", "height", "country_label",
                    "name_label", "custom_layers", "custom_colors", "format", "dpi", "margins", "paper_size", "lat",
                    "lon",
                ])
            #expect(request["lat"] == 60.1716)
            #expect(request["lon"] == 24.9443)
            // Null is no centre: the original's 15 keys.
            let none = try await client.send(
                .post, "/generate", body: #"{"city":"Helsinki","country":"Finland","lat":null,"lon":null}"#)
            #expect(none.status == .ok)
            #expect(try await queued(fixture).last?.args.first.map(keys)?.count == 15)
        }
    }

    @Test func centreMustBeBothOrNeitherAndInRange() async throws {
        try await withAPI(environment: ["GENERATE_RATE_LIMIT": "1/minute"]) { client, fixture in
            let refused: [(String, JSONValue, JSONValue)] = [
                (#""lat":60.17"#, ["body", "lat"], "value_error"),
                (#""lon":24.94"#, ["body", "lon"], "value_error"),
                (#""lat":90.01,"lon":0"#, ["body", "lat"], "value_error"),
                (#""lat":-90.5,"lon":0"#, ["body", "lat"], "value_error"),
                (#""lat":0,"lon":180.5"#, ["body", "lon"], "value_error"),
                (#""lat":0,"lon":"nan""#, ["body", "lon"], "value_error"),
                (#""lat":"north","lon":0"#, ["body", "lat"], "float_parsing"),
            ]
            for (fields, loc, type) in refused {
                let response = try await client.send(
                    .post, "/generate", body: #"{"city":"Paris","country":"France",\#(fields)}"#)
                #expect(response.status == .unprocessableContent, "\(fields)")
                let issues = try #require(response.json?["detail"]?.array, "\(fields): \(response.text)")
                #expect(issues.count == 1, "\(fields): \(response.text)")
                #expect(issues.first?["type"] == type, "\(fields)")
                #expect(issues.first?["loc"] == loc, "\(fields)")
            }
            #expect(try await queued(fixture).isEmpty)
            // The refusals spent no quota: the one request of the minute still goes through.
            let edge = #"{"city":"Paris","country":"France","lat":-90,"lon":180}"#
            #expect(try await client.send(.post, "/generate", body: edge).status == .ok)
        }
    }

    @Test func bodiesThatAreNotJSONAre415() async throws {
        try await withAPI { client, fixture in
            for contentType in [
                "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/js",
                "application/jsonp", "application/json+x; charset=utf-8",
            ] {
                let response = try await client.send(
                    .post, "/generate", body: Self.paris, headers: [.contentType: contentType])
                #expect(response.status == .unsupportedMediaType, "\(contentType)")
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.text == #"{"detail":"Unsupported Media Type"}"#)
            }
            let untyped = try await client.execute(
                uri: "/generate", method: .post, body: ByteBuffer(string: Self.paris)
            ) { $0.status }
            #expect(untyped == .unsupportedMediaType)
            #expect(try await queued(fixture).isEmpty)
            for contentType in [
                "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", " application/json ",
            ] {
                let response = try await client.send(
                    .post, "/generate", body: Self.paris, headers: [.contentType: contentType])
                #expect(response.status == .ok, "\(contentType)")
            }
        }
    }

    @Test func limitIsPerForwardedClientBehindTrustedProxy() async throws {
        // Default TRUSTED_PROXIES is loopback, where the test client connects from: X-Forwarded-For counts.
        try await withAPI { client, fixture in
            let alice: HTTPFields = [.xForwardedFor: "203.0.113.7"]
            for _ in 0..<5 {
                #expect(try await client.send(.post, "/generate", body: Self.paris, headers: alice).status == .ok)
            }
            // 422s do not count, before or after the limit.
            #expect(
                try await client.send(.post, "/generate", body: "{}", headers: alice).status == .unprocessableContent)
            let limited = try await client.send(.post, "/generate", body: Self.paris, headers: alice)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text == #"{"error":"Rate limit exceeded: 5 per 1 minute"}"#)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            // Another user behind the same proxy is not affected; X-Real-IP is used without X-Forwarded-For.
            let bob = try await client.send(.post, "/generate", body: Self.paris, headers: [.xRealIP: "198.51.100.9"])
            #expect(bob.status == .ok)
            // A client-supplied entry before the proxy's own does not reset the count.
            let spoofed = try await client.send(
                .post, "/generate", body: Self.paris, headers: [.xForwardedFor: "192.0.2.1, 203.0.113.7"])
            #expect(spoofed.status == .tooManyRequests)
            #expect(try await queued(fixture).count == 6)
        }
    }

    @Test func forwardedHeadersIgnoredFromUntrustedPeers() async throws {
        try await withAPI(environment: ["TRUSTED_PROXIES": "10.0.0.0/8", "GENERATE_RATE_LIMIT": "2/minute"]) {
            client, _ in
            for index in 0..<2 {
                let headers: HTTPFields = [.xForwardedFor: "203.0.113.\(index)"]
                #expect(try await client.send(.post, "/generate", body: Self.paris, headers: headers).status == .ok)
            }
            let third = try await client.send(
                .post, "/generate", body: Self.paris, headers: [.xForwardedFor: "203.0.113.99"])
            #expect(third.status == .tooManyRequests)
            #expect(third.json?["error"] == "Rate limit exceeded: 2 per 1 minute")
        }
    }

    @Test func limitIsSharedByReplicas() async throws {
        try await withAPI(environment: ["GENERATE_RATE_LIMIT": "3/hour"]) { client, fixture in
            var settings = try APISettings(environment: [
                "REDIS_URL": fixture.redis.url(), "GEOCODER": "offline", "GENERATE_RATE_LIMIT": "3/hour",
                "MAPPOSTER_STORAGE_DIR": fixture.storage.path,
            ])
            settings.port = 0
            let replica = try await buildApplication(settings)
            let headers: HTTPFields = [.xForwardedFor: "203.0.113.50"]
            #expect(try await client.send(.post, "/generate", body: Self.paris, headers: headers).status == .ok)
            #expect(try await client.send(.post, "/generate", body: Self.paris, headers: headers).status == .ok)
            try await replica.test(.live) { other in
                #expect(try await other.send(.post, "/generate", body: Self.paris, headers: headers).status == .ok)
                let limited = try await other.send(.post, "/generate", body: Self.paris, headers: headers)
                #expect(limited.status == .tooManyRequests)
                #expect(limited.json?["error"] == "Rate limit exceeded: 3 per 1 hour")
                #expect(try #require(limited.headers[.retryAfter].flatMap { Int($0) }) > 60)
            }
        }
    }
}
