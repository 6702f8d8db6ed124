import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import MapPosterTesting
import Redis
import Testing

@testable import MapPosterAPI

/// `DELETE /tasks/{id}` against real workers: Celery's remote-control `revoke` with `terminate`, the REVOKED state,
/// nothing stored, and the rate-limit slot given back.
@Suite("DELETE /tasks/{id}: revoke with terminate", .serialized)
struct CancelTests {
    /// Polls `GET /tasks/{id}` until `done` accepts the body or `seconds` pass; returns the last body.
    func poll(_ client: any TestClientProtocol, _ id: String, seconds: Int, until done: (JSONValue) -> Bool)
        async throws -> JSONValue
    {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var last: JSONValue = nil
        while ContinuousClock.now < deadline {
            last = try #require(try await client.send(.get, "/tasks/\(id)").json)
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    func postersStored(_ fixture: APIFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.storage.appendingPathComponent("posters").path)
    }

    @Test func terminatesARunningPosterStoresNothingAndGivesTheSlotBack() async throws {
        let extract = try Fixtures.helsinkiPBF
        try await withAPI(environment: ["GENERATE_RATE_LIMIT": "1/minute"]) { client, fixture in
            let worker = try ChildProcess(
                try BuiltProducts.executable("mapposter-worker"), ["--loglevel", "info", "-c", "1"],
                environment: [
                    "REDIS_URL": fixture.redis.url(), "OSM_PBF_PATH": extract.path, "GEOCODER": "offline",
                    "MAPPOSTER_STORAGE_DIR": fixture.storage.path,
                ])
            try await withTearDown(worker) { worker in
                // Every theme on A3 at 300 dpi: many seconds of rendering, so the revoke lands mid-render.
                let body = """
                    {"city":"Helsinki","country":"Finland","all_themes":true,"width":11.69,"height":16.53,"dpi":300,\
                    "distance":800,"lat":60.1716,"lon":24.9443}
                    """
                let generated = try await client.send(.post, "/generate", body: body)
                let id = try #require(generated.json?["task_id"]?.string, "\(generated.text)")
                let rendering = try await poll(client, id, seconds: 90) {
                    $0["progress"]?["status"]?.string?.hasPrefix("Rendering") == true
                        || $0["status"] != "PENDING"
                            && $0["status"] != "PROGRESS"
                }
                try #require(rendering["status"] == "PROGRESS", "\(rendering)\n\(worker.output)")

                let cancelled = try await client.send(.delete, "/tasks/\(id)")
                #expect(cancelled.status == .ok, "\(cancelled.text)")
                #expect(keys(cancelled.json) == ["task_id", "status", "terminated", "workers", "quota_returned"])
                #expect(cancelled.json?["status"] == "REVOKED")
                #expect(cancelled.json?["terminated"] == true, "\(cancelled.text)\n\(worker.output)")
                #expect(cancelled.json?["workers"]?.array?.count == 1)
                #expect(cancelled.json?["quota_returned"] == true)

                let revoked = try await poll(client, id, seconds: 10) { $0["status"] == "REVOKED" }
                #expect(revoked == ["task_id": .string(id), "status": "REVOKED", "result": nil, "error": nil])
                // The render was stopped, not left to finish: a few seconds on, still REVOKED and no ZIP stored.
                try await Task.sleep(for: .seconds(3))
                #expect(try await client.send(.get, "/tasks/\(id)").json?["status"] == "REVOKED")
                #expect(try postersStored(fixture).isEmpty)
                #expect(worker.output.contains("Terminating tasks"), "\(worker.output)")

                // A finished task cannot be cancelled; the slot came back, so one more request fits in the minute.
                let again = try await client.send(.delete, "/tasks/\(id)")
                #expect(again.status == .conflict)
                #expect(again.json?["detail"] == "Task already finished (REVOKED)")
                let small =
                    #"{"city":"Helsinki","country":"Finland","distance":800,"lat":60.1716,"lon":24.9443,"dpi":50}"#
                #expect(try await client.send(.post, "/generate", body: small).status == .ok)
                #expect(try await client.send(.post, "/generate", body: small).status == .tooManyRequests)
                await worker.stop()
            }
        }
    }

    @Test func queuedTaskWithNoWorkerIsRevokedAndSkippedByALaterWorker() async throws {
        try await withAPI { client, fixture in
            let generated = try await client.send(.post, "/generate", body: #"{"city":"Espoo","country":"Finland"}"#)
            let id = try #require(generated.json?["task_id"]?.string)
            let cancelled = try await client.send(.delete, "/tasks/\(id)")
            #expect(cancelled.status == .ok)
            #expect(cancelled.json?["terminated"] == false)
            #expect(cancelled.json?["workers"] == [])
            #expect(try await client.send(.get, "/tasks/\(id)").json?["status"] == "REVOKED")
            // Swift workers share the revoked set: one started now takes the message and drops it unrun.
            let worker = try ChildProcess(
                try BuiltProducts.executable("celery-test-worker"), ["--loglevel", "info"],
                environment: ["REDIS_URL": fixture.redis.url()])
            try await withTearDown(worker) { worker in
                let configuration = try RedisConfiguration(url: fixture.redis.url())
                try await withTearDown(try RedisClient(configuration: configuration)) { redis in
                    let deadline = ContinuousClock.now + .seconds(20)
                    while ContinuousClock.now < deadline, try await redis.execute(["LLEN", "celery"]).int != 0 {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    #expect(try await redis.execute(["LLEN", "celery"]).int == 0, "\(worker.output)")
                    try await Task.sleep(for: .seconds(1))
                    #expect(
                        try await client.send(.get, "/tasks/\(id)").json?["status"] == "REVOKED", "\(worker.output)")
                    #expect(worker.output.contains("revoked"), "\(worker.output)")
                }
                await worker.stop()
            }
        }
    }
}
