import Celery
import Logging
import MapPosterTesting
import Redis
import ServiceLifecycle

/// Runs a ``CeleryWorker`` serving `registry` on `server` in a `ServiceGroup` in this process, as a Swift service
/// embeds one, for the length of `body`; then shuts the group down gracefully and waits for it.
///
/// - Throws: what `body` threw, or what the group's run threw.
func withInProcessWorker<Result: Sendable>(
    _ server: RedisServer,
    registry: TaskRegistry,
    configuration: WorkerConfiguration = WorkerConfiguration(nodeName: "typed@test", concurrency: 2, mingle: false),
    _ body: (CeleryWorker, ServiceGroup) async throws -> Result
) async throws -> Result {
    try await withTearDown(try RedisClient(configuration: try RedisConfiguration(url: server.url()))) { client in
        let logger = Logger(label: "in-process-worker")
        let worker = CeleryWorker(
            configuration: configuration, registry: registry,
            broker: RedisBroker(client: client, names: KombuNames(), logger: logger),
            backend: RedisResultBackend(client: client), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: worker)], logger: logger))
        // The group's own failure (a service that threw, or returned early) fails the caller.
        let outcome = try await withThrowingTaskGroup(of: Void.self) { tasks -> Swift.Result<Result, any Error> in
            tasks.addTask { try await group.run() }
            let outcome: Swift.Result<Result, any Error>
            do {
                outcome = .success(try await body(worker, group))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return outcome
        }
        return try outcome.get()
    }
}
