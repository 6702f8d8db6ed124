public import ArgumentParser
public import Celery
import Foundation
import Logging
import NIOCore
import NIOPosix
import Redis
public import ServiceLifecycle
import UnixSignals

/// The command-line options and environment of a Celery worker process, shared by every worker
/// executable. Each option has an environment variable with Celery's or the Python original's name;
/// the flag wins over the variable.
public struct WorkerOptions: ParsableArguments {
    @Option(
        name: .customLong("broker"), help: "Redis URL of broker and result backend (env REDIS_URL, CELERY_BROKER_URL).")
    var brokerURL: String?

    @Option(name: [.short, .long], help: "Tasks run at once (env CELERY_WORKER_CONCURRENCY; default: CPU count).")
    var concurrency: Int?

    @Option(
        name: [.customShort("P"), .long],
        help:
            "prefork (a process per slot: a crashing task takes nothing else with it) or threads (env CELERY_WORKER_POOL; default prefork)."
    )
    var pool: String?

    @Option(
        name: [.customShort("Q"), .short, .long],
        help: "Comma-separated queues to consume (env CELERY_QUEUES; default: celery).")
    var queues: String?

    @Option(
        name: [.customShort("n"), .customLong("hostname")], help: "Node name, e.g. worker1@%h (env CELERY_HOSTNAME).")
    var hostname: String?

    @Option(help: "Messages reserved per slot (env CELERY_WORKER_PREFETCH_MULTIPLIER; default 4).")
    var prefetchMultiplier: Int?

    @Flag(inversion: .prefixedNo, help: "Acknowledge after the task finished (env CELERY_TASK_ACKS_LATE).")
    var acksLate: Bool?

    @Option(
        help: "Seconds before an unacknowledged message is redelivered (env CELERY_VISIBILITY_TIMEOUT; default 3600).")
    var visibilityTimeout: Int?

    @Option(help: "Seconds between visibility sweeps (env CELERY_RESTORE_INTERVAL; default 100).")
    var restoreInterval: Int?

    @Option(help: "Hard time limit in seconds (env CELERY_TASK_TIME_LIMIT).")
    var timeLimit: Double?

    @Option(help: "Soft time limit in seconds (env CELERY_TASK_SOFT_TIME_LIMIT).")
    var softTimeLimit: Double?

    @Option(help: "Seconds results are kept (env CELERY_RESULT_EXPIRES; default 86400; 0 keeps them).")
    var resultExpires: Int?

    @Option(
        name: [.short, .customLong("loglevel")], help: "debug, info, warning, error (env LOG_LEVEL; default info).")
    var logLevel: String?

    @Flag(
        name: [.customShort("E"), .customLong("task-events")],
        help: "Send task events for monitors such as Flower (env CELERY_SEND_EVENTS).")
    var taskEvents = false

    @Flag(help: "Send no worker-online/heartbeat/offline events (env CELERY_WITHOUT_HEARTBEAT).")
    var withoutHeartbeat = false

    @Flag(help: "Do not ask other workers for revoked tasks at startup (env CELERY_WITHOUT_MINGLE).")
    var withoutMingle = false

    @Flag(help: "Do not answer remote control: celery inspect/control, Flower (env CELERY_WITHOUT_CONTROL).")
    var withoutControl = false

    @Flag(
        help: "Check that the broker answers PING with the worker's own settings (any URL form), then exit 0.")
    var pingBroker = false

    public init() {}

    /// Runs a worker serving `registry` until SIGTERM/SIGINT (warm shutdown) or a second signal (cold).
    ///
    /// - Parameters:
    ///   - registry: the tasks served.
    ///   - settings: these options read over the environment (``WorkerSettings/init(options:environment:)``).
    ///   - services: what the tasks need running beside the worker (the blocking-work pool): started before it and
    ///     shut down gracefully after it has finished its tasks. A prefork pool process does not run them (its
    ///     tasks start a `BlockingPool` at first use). Defaults to none.
    public func runWorker(registry: TaskRegistry, settings: WorkerSettings, services: [any Service] = []) async throws {
        // Swift concurrency's jobs run on SwiftNIO's event loops, so a Redis reply resumes its caller without a
        // thread switch (the cooperative pool and the event loops would each take a switch per command).
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        if pingBroker {
            // For container healthchecks: the same URL forms (TLS, Sentinel) as the worker itself.
            let client = try RedisClient(configuration: settings.redis)
            let reply: Result<RedisValue, any Error>
            do { reply = .success(try await client.execute(["PING"])) } catch { reply = .failure(error) }
            try await client.close()
            print(try reply.get().string ?? "")
            return
        }
        DeferredMetadataLogHandler.bootstrap(level: settings.logLevel)
        func connect(logger: Logger) throws -> (RedisClient, RedisBroker, RedisResultBackend) {
            let client = try RedisClient(configuration: settings.redis)
            let broker = RedisBroker(
                client: client, names: KombuNames(database: settings.redis.database),
                visibilityTimeout: settings.visibilityTimeout, logger: logger
            )
            return (client, broker, RedisResultBackend(client: client, expires: settings.resultExpires))
        }
        if let hostname = settings.poolParent {
            // This process is one of a prefork worker's pool processes.
            let logger = Logger(label: "mapposter.worker.pool")
            let (client, broker, _) = try connect(logger: logger)
            await PoolChild.serve(registry: registry, broker: broker, hostname: hostname, logger: logger)
            try await client.close()
            return
        }
        let logger = Logger(label: "mapposter.worker")
        let (client, broker, backend) = try connect(logger: logger)
        // Remote control, events and heartbeats get their own connections, so that a worker busy with
        // tasks still answers `celery inspect` and Flower, and still beats.
        let controlClient = try RedisClient(configuration: settings.redis)
        let worker = CeleryWorker(
            configuration: settings.worker, registry: registry, broker: broker, backend: backend,
            controlClient: controlClient, logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }
                    + [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
                logger: logger
            )
        )
        let signals = await UnixSignalsSequence(trapping: [.sigterm, .sigint, .sigquit])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                var count = 0
                for await signal in signals {
                    count += 1
                    if count == 1 && signal != .sigquit {
                        logger.info("Warm shutdown: finishing running tasks (signal again for cold shutdown)")
                        await group.triggerGracefulShutdown()
                    } else {
                        await worker.terminate()
                    }
                }
            }
            try await tasks.next()
            tasks.cancelAll()
        }
        try await controlClient.close()
        try await client.close()
    }
}
