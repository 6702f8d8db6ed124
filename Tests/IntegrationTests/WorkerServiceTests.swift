import Celery
import MapPosterTesting
import Redis
import ServiceLifecycle
import Testing

/// ``CeleryWorker`` as a `ServiceLifecycle` service: a graceful shutdown of its `ServiceGroup` is Celery's warm
/// shutdown.
@Suite struct WorkerServiceTests {
    struct Pause: Codable, Sendable {
        var seconds: Double
    }
    static let pause = TypedTask<Pause, String>("typed.pause", parameters: ["seconds"])

    /// The running task finishes and stores its result before the group's run returns; one held for its ETA goes back
    /// to its queue, for the next worker.
    @Test func gracefulShutdownFinishesTheRunningTaskAndRequeuesTheRest() async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, producer in
                let registry = TaskRegistry([
                    TaskDefinition(Self.pause) { arguments, _ in
                        try await Task.sleep(for: .seconds(arguments.seconds))
                        return "slept \(arguments.seconds)"
                    }
                ])
                let configuration = WorkerConfiguration(
                    nodeName: "service@test", concurrency: 1, trackStarted: true, mingle: false)
                let (running, queued) = try await withInProcessWorker(
                    server, registry: registry, configuration: configuration
                ) { _, group in
                    let running = try await producer.delay(Self.pause, Pause(seconds: 2))
                    let queued = try await producer.applyAsync(
                        Self.pause, Pause(seconds: 0), options: TaskOptions(countdown: 60))
                    #expect(try await eventually { try await running.state() == .started })
                    #expect(try await eventually { try await client.execute(["LLEN", "celery"]) == .integer(0) })
                    await group.triggerGracefulShutdown()
                    return (running, queued)
                }
                // The group has returned: what it left is final.
                #expect(try await running.state() == .success)
                #expect(try await running.get(timeout: .seconds(1)) == "slept 2.0")
                #expect(try await queued.state() == .pending)
                #expect(try await client.execute(["LLEN", "celery"]) == .integer(1))
                #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
            }
        }
    }
}
