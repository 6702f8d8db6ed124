import Foundation
import JSON
public import Logging
import Redis
public import ServiceLifecycle

/// A Celery worker: consumes protocol v2/v1 messages from Redis exactly as a Python worker does and
/// stores results in Celery's Redis result backend.
///
/// ## Running
/// Create it with the tasks it serves and run it in a `ServiceGroup`. A graceful shutdown (SIGTERM,
/// a first SIGINT) is Celery's warm shutdown: no new messages are taken, running tasks finish,
/// and every message held but not started goes back to its queue. ``terminate()`` is the cold
/// shutdown: running tasks are cancelled and their messages restored too, so none is lost.
///
/// ## Bad messages
/// A message that cannot be decoded, or names an unknown task, is logged with the reason and moved
/// to the dead-letter list `<queue>.deadletter` (see ``KombuNames/deadLetterList(queue:)``); the
/// worker goes on.
public final class CeleryWorker: Service, Sendable {
    public let configuration: WorkerConfiguration
    public let registry: TaskRegistry
    public let broker: RedisBroker
    public let backend: RedisResultBackend
    let producer: CeleryProducer
    let logger: Logger
    let state: WorkerState
    private let retryPolicy = RetryPolicy()

    public init(
        configuration: WorkerConfiguration,
        registry: TaskRegistry,
        broker: RedisBroker,
        backend: RedisResultBackend,
        logger: Logger
    ) {
        self.configuration = configuration
        self.registry = registry
        self.broker = broker
        self.backend = backend
        self.producer = CeleryProducer(broker: broker, backend: backend, origin: configuration.nodeName)
        self.logger = logger
        self.state = WorkerState(prefetchCount: configuration.prefetchCount)
    }

    public func run() async throws {
        logger.info(
            "Worker starting",
            metadata: [
                "celery.node": "\(configuration.nodeName)", "celery.queues": "\(configuration.queues)",
                "celery.concurrency": "\(configuration.concurrency)", "celery.tasks": "\(registry.names)",
            ]
        )
        try await retryPolicy.run(logger: logger) {
            for queue in self.configuration.queues { try await self.broker.declare(queue: queue) }
            try await self.broker.restoreVisible()
        }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.fetchLoop() }
                group.addTask { await self.scheduleLoop() }
                group.addTask { await self.maintenanceLoop() }
                for _ in 0..<configuration.concurrency {
                    group.addTask { await self.executeLoop() }
                }
            }
        } onGracefulShutdown: {
            Task { await self.state.beginStopping() }
        }
        await restoreUnstarted()
        logger.info("Worker stopped", metadata: ["celery.node": "\(configuration.nodeName)"])
    }

    /// Cold shutdown: cancels running tasks (their messages are restored) and stops.
    public func terminate() async {
        logger.warning("Cold shutdown: cancelling running tasks")
        await state.beginCold()
    }

    // MARK: - Loops

    private func fetchLoop() async {
        while !Task.isCancelled {
            let allowance = await state.fetchAllowance()
            guard allowance > 0 else { return }
            do {
                let deliveries = try await retryPolicy.run(logger: logger) {
                    try await self.broker.fetch(
                        queues: self.configuration.queues, limit: allowance, timeout: .seconds(1),
                        worker: self.configuration.nodeName
                    )
                }
                for delivery in deliveries { await receive(delivery) }
            } catch {
                if !(error is CancellationError) {
                    logger.error("Fetch failed", metadata: [CeleryLogKey.error: "\(error)"])
                }
                return
            }
        }
    }

    private func scheduleLoop() async {
        while !Task.isCancelled, !(await state.isStopping) {
            let next = await state.releaseDue(now: Date())
            let wait = next.map { min(max($0.timeIntervalSinceNow, 0.001), 0.1) } ?? 0.1
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    /// Periodically restores messages lost by dead workers, and refreshes the visibility of the
    /// messages this worker holds so that no sweep (ours or a Python worker's) duplicates them.
    private func maintenanceLoop() async {
        let tick = min(configuration.restoreInterval, broker.visibilityTimeout / 4, .seconds(10))
        var lastRefresh = ContinuousClock.now
        var lastSweep = ContinuousClock.now
        while !(await state.isStopping) {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            do {
                if now - lastRefresh >= tick {
                    lastRefresh = now
                    try await broker.refresh(await state.heldTags)
                }
                if now - lastSweep >= configuration.restoreInterval {
                    lastSweep = now
                    try await broker.restoreVisible()
                }
            } catch {
                logger.warning("Maintenance failed", metadata: [CeleryLogKey.error: "\(error)"])
            }
        }
    }

    private func executeLoop() async {
        while let request = await state.nextReady() {
            let tag = request.delivery.deliveryTag ?? request.message.id
            let execution = Task { await self.execute(request) }
            await state.startRunning(tag, task: execution)
            await execution.value
            await state.finish(tag, name: request.message.name)
        }
    }

    // MARK: - Receiving

    private func receive(_ delivery: Delivery) async {
        if let reason = delivery.deadLetterReason {
            logger.error(
                "Malformed message set aside in the dead-letter list",
                metadata: [CeleryLogKey.reason: "\(reason)", CeleryLogKey.queue: "\(delivery.queue)"]
            )
            return
        }
        let envelope: KombuEnvelope
        let message: TaskMessage
        do {
            envelope = try KombuEnvelope(parsing: delivery.raw)
            message = try TaskMessage(envelope: envelope)
        } catch {
            await deadLetter(delivery, reason: error.reason)
            return
        }
        var logger = logger
        logger[metadataKey: CeleryLogKey.taskID] = "\(message.id)"
        logger[metadataKey: CeleryLogKey.taskName] = "\(message.name)"
        guard let definition = registry[message.name] else {
            logger.error("Received unregistered task; result set to NotRegistered")
            await store(
                TaskResultMeta(
                    taskID: message.id, status: .failure, result: TaskFailure.notRegistered(message.name).json),
                logger: logger
            )
            await deadLetter(delivery, reason: "unregistered task \(message.name)")
            return
        }
        logger.debug("Received task")
        let request = HeldRequest(delivery: delivery, envelope: envelope, message: message, definition: definition)
        let tag = delivery.deliveryTag ?? message.id
        await state.hold(request)
        if let eta = message.eta, eta > Date() {
            await state.schedule(tag, at: eta)
        } else {
            await state.makeReady(tag)
        }
    }

    private func deadLetter(_ delivery: Delivery, reason: String) async {
        logger.error(
            "Message set aside in the dead-letter list",
            metadata: [CeleryLogKey.reason: "\(reason)", CeleryLogKey.queue: "\(delivery.queue)"]
        )
        do {
            try await retryPolicy.run(logger: logger) {
                try await self.broker.deadLetter(delivery, reason: reason, worker: self.configuration.nodeName)
            }
        } catch {
            logger.error(
                "Dead-lettering failed; the message stays unacknowledged", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }

    // MARK: - Shutdown

    private func restoreUnstarted() async {
        let unstarted = await state.takeUnstarted()
        guard !unstarted.isEmpty else { return }
        logger.info("Restoring unacknowledged messages", metadata: ["celery.count": "\(unstarted.count)"])
        for request in unstarted { await giveBack(request) }
    }

    /// Returns a message to its queue: restored from `unacked` when still there, republished from
    /// memory when it was acknowledged early.
    func giveBack(_ request: HeldRequest) async {
        do {
            if let tag = request.delivery.deliveryTag, !request.acknowledged {
                try await broker.restore(deliveryTag: tag)
            } else {
                var envelope = request.envelope
                envelope.headers["redelivered"] = true
                try await broker.client.execute(
                    [
                        "RPUSH", broker.names.list(queue: request.delivery.queue, priority: envelope.priority),
                        envelope.text,
                    ]
                )
            }
        } catch {
            logger.error(
                "Could not give a message back; it is restored after the visibility timeout",
                metadata: [CeleryLogKey.taskID: "\(request.message.id)", CeleryLogKey.error: "\(error)"]
            )
        }
    }

    func store(_ meta: TaskResultMeta, alsoRun: [[String]] = [], logger: Logger) async {
        do {
            try await retryPolicy.run(logger: logger) { try await self.backend.store(meta, alsoRun: alsoRun) }
        } catch {
            logger.error("Storing the result failed", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }
}
