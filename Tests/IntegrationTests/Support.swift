import Celery
import Foundation
import Logging
import MapPosterTesting
import Redis

/// Paths of the built executables and the Python peer scripts.
enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("python")

    /// A product built next to the test bundle (`swift build` builds every product before `swift test`).
    static func executable(_ name: String) -> String {
        let bundle = Bundle.main.bundleURL
        for folder in [bundle, bundle.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }
}

/// Starts the Swift test worker against `server` with `arguments`.
func startSwiftWorker(_ server: RedisServer, _ arguments: [String] = [], environment: [String: String] = [:]) throws
    -> ChildProcess
{
    try ChildProcess(
        Paths.executable("celery-test-worker"),
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
