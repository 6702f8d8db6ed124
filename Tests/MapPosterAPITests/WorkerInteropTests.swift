import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import MapPosterTesting
import Testing

@testable import MapPosterAPI

/// Tasks enqueued by the API are taken by a real Python Celery worker and by the Swift worker, and their
/// progress and results read back through `GET /tasks/{id}` and `GET /download/{id}`.
@Suite("API-enqueued tasks run on Python and Swift workers", .serialized)
struct WorkerInteropTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent("Tests/IntegrationTests/python")

    /// Posts a request and polls its task until it is no longer PENDING or PROGRESS.
    func runThrough(_ client: any TestClientProtocol, city: String) async throws -> JSONValue {
        let body = #"{"city":"\#(city)","country":"Finland","style":"noir","distance":5000.0}"#
        let generated = try await client.send(.post, "/generate", body: body)
        let id = try #require(generated.json?["task_id"]?.string)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let task = try #require(try await client.send(.get, "/tasks/\(id)").json)
            if task["status"] != "PENDING", task["status"] != "PROGRESS" { return task }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("task \(id) still pending after 60 s")
        return nil
    }

    @Test func pythonCeleryWorkerRunsTheTask() async throws {
        try await withAPI { client, fixture in
            let worker = try PythonCelery(directory: Self.python, redisURL: fixture.redis.url()).worker(["-c", "1"])
            try await withTearDown(worker) { worker in
                let task = try await runThrough(client, city: "Helsinki")
                #expect(task["status"] == "SUCCESS", "worker log:\n\(worker.output)")
                #expect(keys(task) == ["task_id", "status", "result", "error", "progress"])
                let result = try #require(task["result"])
                #expect(result["file_url"] == "/minio_storage/posters/helsinki_noir_python.png")
                // Python received the dumped request: all 15 keys, the int-valued float coerced by pydantic's rules.
                #expect(result["received"]?["distance"] == 5000.0 || result["received"]?["distance"] == 5000)
                #expect(result["received"]?["paper_size"] == "custom")
                let id = try #require(task["task_id"]?.string)
                let download = try await client.send(.get, "/download/\(id)")
                #expect(download.status == .temporaryRedirect)
                #expect(download.headers[.location] == "/minio_storage/posters/helsinki_noir_python.png")
                await worker.stop()
            }
        }
    }

    @Test func swiftWorkerRunsTheTask() async throws {
        try await withAPI { client, fixture in
            let executable = try BuiltProducts.executable("celery-test-worker")
            let worker = try ChildProcess(
                executable, ["--loglevel", "info"], environment: ["REDIS_URL": fixture.redis.url()])
            try await withTearDown(worker) { worker in
                let task = try await runThrough(client, city: "Espoo")
                #expect(task["status"] == "SUCCESS", "worker log:\n\(worker.output)")
                #expect(task["result"]?["file_url"] == "/minio_storage/posters/espoo_noir_swift.png")
                #expect(task["result"]?["received"]?["city"] == "Espoo")
                await worker.stop()
            }
        }
    }
}
