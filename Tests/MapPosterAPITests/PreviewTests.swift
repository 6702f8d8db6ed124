import Celery
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import MapPosterTesting
import Redis
import Testing

@testable import MapPosterAPI

/// `POST /preview`: the page's live preview, a task of its own (`mapposter.preview_poster`) with a limit of its own.
@Suite("POST /preview: a small PNG of the poster, through the queue", .serialized)
struct PreviewTests {
    static let body =
        #"{"city":"Helsinki","country":"Finland","style":"noir","distance":650,"lat":60.1716,"lon":24.9443}"#

    @Test func enqueuesThePreviewTaskWithItsOwnLimit() async throws {
        try await withAPI(environment: ["GENERATE_RATE_LIMIT": "1/minute", "PREVIEW_RATE_LIMIT": "2/minute"]) {
            client, fixture in
            for _ in 0..<2 { #expect(try await client.send(.post, "/preview", body: Self.body).status == .ok) }
            let third = try await client.send(.post, "/preview", body: Self.body)
            #expect(third.status == .tooManyRequests)
            #expect(third.text == #"{"error":"Rate limit exceeded: 2 per 1 minute"}"#)
            // Previews spend nothing of the posters' quota.
            #expect(try await client.send(.post, "/generate", body: Self.body).status == .ok)
            let invalid = try await client.send(.post, "/preview", body: #"{"city":"x","country":"y","lat":1}"#)
            #expect(invalid.status == .unprocessableContent)
            let configuration = try RedisConfiguration(url: fixture.redis.url())
            try await withTearDown(try RedisClient(configuration: configuration)) { redis in
                let items = try await redis.execute(["LRANGE", "celery", "0", "-1"]).array ?? []
                let names = try items.reversed().compactMap(\.string).map {
                    try TaskMessage(envelope: KombuEnvelope(parsing: $0)).name
                }
                #expect(names == ["mapposter.preview_poster", "mapposter.preview_poster", GenerateController.taskName])
            }
        }
    }

    @Test func theWorkerAnswersWithAPNGDataURL() async throws {
        let extract = try Fixtures.helsinkiPBF
        try await withAPI { client, fixture in
            let worker = try ChildProcess(
                try BuiltProducts.executable("mapposter-worker"), ["--loglevel", "info", "-c", "1"],
                environment: [
                    "REDIS_URL": fixture.redis.url(), "OSM_PBF_PATH": extract.path, "GEOCODER": "offline",
                    "MAPPOSTER_STORAGE_DIR": fixture.storage.path,
                ])
            try await withTearDown(worker) { worker in
                let started = ContinuousClock.now
                let posted = try await client.send(.post, "/preview", body: Self.body)
                let id = try #require(posted.json?["task_id"]?.string, "\(posted.text)")
                var task: JSONValue = nil
                while ContinuousClock.now < started + .seconds(60) {
                    task = try #require(try await client.send(.get, "/tasks/\(id)").json)
                    if task["status"] != "PENDING" && task["status"] != "PROGRESS" { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(task["status"] == "SUCCESS", "\(task)\n\(worker.output)")
                let result = try #require(task["result"])
                #expect(keys(result) == ["preview", "width", "height", "warnings"])
                #expect(result["width"] == 600 && result["height"] == 800)
                #expect(result["warnings"] == [])
                let url = try #require(result["preview"]?.string)
                #expect(url.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
                // Nothing is stored: previews are not posters.
                let stored = try FileManager.default.contentsOfDirectory(
                    atPath: fixture.storage.appendingPathComponent("posters").path)
                #expect(stored.isEmpty)
                await worker.stop()
            }
        }
    }
}
