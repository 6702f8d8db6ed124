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

/// A Swift producer and result backend on `server`.
func swiftClient(_ server: RedisServer) throws -> (RedisClient, CeleryProducer) {
    let client = try RedisClient(configuration: try RedisConfiguration(url: server.url()))
    let logger = Logger(label: "test")
    let broker = RedisBroker(client: client, names: KombuNames(), logger: logger)
    return (client, CeleryProducer(broker: broker, backend: RedisResultBackend(client: client)))
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
