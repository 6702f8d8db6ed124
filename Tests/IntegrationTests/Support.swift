import Celery
import Foundation
import Logging
import MapPosterTesting
import Redis

/// Paths in the repository: its root and the Python peer scripts (built executables: ``BuiltProducts``).
enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("python")
}

/// Starts the Swift test worker against `server` with `arguments`.
func startSwiftWorker(_ server: RedisServer, _ arguments: [String] = [], environment: [String: String] = [:]) throws
    -> ChildProcess
{
    try ChildProcess(
        try BuiltProducts.executable("celery-test-worker"),
        ["--loglevel", "info"] + arguments,
        environment: ["REDIS_URL": server.url()].merging(environment) { $1 }
    )
}

/// Runs `body` with a Redis client on `server` and a Swift producer and result backend on that client, then
/// closes the client, whether `body` returned or threw.
/// - Returns: what `body` returns.
func withSwiftClient<Result>(
    _ server: RedisServer,
    _ body: (RedisClient, CeleryProducer) async throws -> Result
) async throws -> Result {
    try await withTearDown(try RedisClient(configuration: try RedisConfiguration(url: server.url()))) { client in
        let logger = Logger(label: "test")
        let broker = RedisBroker(client: client, names: KombuNames(), logger: logger)
        return try await body(client, CeleryProducer(broker: broker, backend: RedisResultBackend(client: client)))
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
