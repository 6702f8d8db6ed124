import Foundation
import JSON
public import Logging
public import Redis
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
/// ## Canvases
/// Chords are joined in Redis as Celery 5.7's Redis backend joins them (`on_chord_part_return`: header results
/// in `celery-taskset-meta-<group>.j`, the callback sent exactly once), and Celery's built-in
/// `celery.starmap` and `celery.chunks` tasks are always registered.
///
/// ## Bad messages
/// A message that cannot be decoded, or names an unknown task, is logged with the reason and moved
/// to the dead-letter list `<queue>.deadletter` (see ``KombuNames/deadLetterList(queue:)``); the
/// worker goes on.
public final class CeleryWorker: Service, Sendable {
    /// How the worker consumes and runs tasks.
    public let configuration: WorkerConfiguration
    /// The tasks served, Celery's built-in `celery.starmap` and `celery.chunks` included.
    public let registry: TaskRegistry
    /// Where messages come from.
    let transport: any MessageTransport
    /// Where results go.
    let results: any ResultStore
    /// Sends callbacks, chain steps and errbacks.
    let publisher: TaskPublisher
    /// The Redis connection of remote control, events and heartbeats, for `stats`; `nil` without one.
    let controlConfiguration: RedisConfiguration?
    let logger: Logger
    let state: WorkerState
    /// Monitoring events (`celeryev`).
    let events: EventDispatcher
    /// The remote-control mailbox (`celery.pidbox`); `nil` without a control connection.
    let pidbox: Pidbox?
    /// Revoked task ids, persisted in Redis when there is a control connection.
    let revoked: RevokedStore
    let clock = LamportClock()
    let overrides = TaskOverrides()
    let startedAt = ContinuousClock.now
    let retryPolicy = RetryPolicy()
    let controlExecutor = ThreadExecutor(name: "celery-control")
    /// Results to store and messages to acknowledge, written to Redis in batches (one script call for what the
    /// executors settle while the previous call is on its way).
    let settlements: WriteBatch<Settlement, Bool>
    let pool: any TaskPool
    private let growRequests: AsyncStream<Int>
    private let grow: AsyncStream<Int>.Continuation

    /// - Parameters:
    ///   - configuration: how to consume and run tasks.
    ///   - registry: the tasks served; Celery's built-in `celery.starmap` and `celery.chunks` are added.
    ///   - broker: where messages come from.
    ///   - backend: where results go.
    ///   - controlClient: the connections used for remote control, events and heartbeats, kept
    ///     apart from the task traffic so that they never wait behind it. Defaults to the broker's client.
    ///   - logger: the worker's logger; each task's lines add its id and name.
    public convenience init(
        configuration: WorkerConfiguration,
        registry: TaskRegistry,
        broker: RedisBroker,
        backend: RedisResultBackend,
        controlClient: RedisClient? = nil,
        logger: Logger
    ) {
        self.init(
            configuration: configuration, registry: registry, transport: broker, results: backend,
            control: (controlClient ?? broker.client, broker.names), logger: logger)
    }

    /// A worker on any transport and result store, such as in-memory ones in unit tests.
    ///
    /// - Parameter control: the Redis connections and names of remote control, events, heartbeats and the persisted
    ///   revoked ids; `nil` for none: events are dropped, revoked ids live in memory and remote control is off.
    package init(
        configuration: WorkerConfiguration,
        registry: TaskRegistry,
        transport: any MessageTransport,
        results: any ResultStore,
        control: (client: RedisClient, names: KombuNames)?,
        logger: Logger
    ) {
        self.configuration = configuration
        self.transport = transport
        self.results = results
        settlements = WriteBatch { batch in
            let written = try await results.store(
                batch.compactMap(\.meta), acknowledging: batch.compactMap(\.acknowledgement))
            var replies = written.makeIterator()
            return batch.map { $0.meta == nil ? true : replies.next()! }
        }
        publisher = TaskPublisher(transport: transport, origin: configuration.nodeName)
        self.registry = registry.withBuiltins(publisher: publisher)
        self.logger = logger
        self.state = WorkerState(
            concurrency: configuration.concurrency, prefetchMultiplier: configuration.prefetchMultiplier,
            queues: configuration.queues
        )
        controlConfiguration = control?.client.configuration
        let names = control?.names ?? KombuNames()
        events = EventDispatcher(
            client: control?.client, names: names, hostname: configuration.nodeName, clock: clock,
            taskEvents: configuration.taskEvents, workerEvents: configuration.workerEvents, logger: logger
        )
        pidbox = control.map {
            Pidbox(client: $0.client, names: $0.names, nodeName: configuration.nodeName, logger: logger)
        }
        revoked = RevokedStore(client: control?.client, keyPrefix: names.keyPrefix)
        (growRequests, grow) = AsyncStream.makeStream(of: Int.self)
        pool =
            configuration.pool == .prefork
            ? ProcessTaskPool(hostname: configuration.nodeName, size: configuration.concurrency, logger: logger)
            : ThreadTaskPool()
    }

    /// Runs the worker until a graceful shutdown, ``stop()`` or ``terminate()``: declares the queues, restores
    /// messages left past the visibility timeout, loads the revoked ids, mingles, then consumes and runs tasks.
    ///
    /// When it returns, running tasks have finished (or were cancelled by ``terminate()``), messages held but not
    /// started are back in their queues, and `worker-offline` was sent (with ``WorkerConfiguration/workerEvents``).
    /// Redis being unreachable is waited out (`RetryPolicy`).
    ///
    /// - Throws: an error of the startup calls to Redis that is not transient (`RedisError.isTransient`), such as a
    ///   refused `AUTH`, or `CancellationError` when cancelled while waiting for Redis at startup.
    public func run() async throws {
        logger.info(
            "Worker starting",
            metadata: [
                "celery.node": "\(configuration.nodeName)", "celery.queues": "\(configuration.queues)",
                "celery.concurrency": "\(configuration.concurrency)", "celery.pool": "\(configuration.pool)",
                "celery.tasks": "\(registry.names)",
            ]
        )
        try await retryPolicy.run(logger: logger) {
            for queue in self.configuration.queues { try await self.transport.declare(queue: queue) }
            try await self.transport.restoreVisible(worker: self.configuration.nodeName)
            try await self.revoked.load()
        }
        if configuration.remoteControl && configuration.mingle { await mingle() }
        await pool.start()
        let stop = StopSignal()
        // Control, heartbeats and events run on a thread of their own, so they go on while task
        // handlers hold every thread of the shared pool.
        let publisher = Task(executorPreference: controlExecutor) { await self.events.run() }
        let control = Task(executorPreference: controlExecutor) { await self.controlLoop(until: stop) }
        let heartbeat = Task(executorPreference: controlExecutor) { await self.heartbeatLoop(until: stop) }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.fetchLoop() }
                group.addTask { await self.scheduleLoop() }
                group.addTask { await self.maintenanceLoop() }
                for _ in 0..<(state.resize(by: 0)) {
                    group.addTask { await self.executeLoop() }
                }
                // `pool_grow` adds executors while the worker runs.
                for await count in growRequests {
                    for _ in 0..<count { group.addTask { await self.executeLoop() } }
                }
            }
            // The executors have ended; the tasks they started store their results and settle before anything stops.
            await self.state.executionsEnded()
        } onGracefulShutdown: {
            Task { await self.stop() }
        }
        stop.raise()
        await heartbeat.value
        await control.value
        events.finish()
        await publisher.value
        await restoreUnstarted()
        await pool.shutdown()
        logger.info("Worker stopped", metadata: ["celery.node": "\(configuration.nodeName)"])
    }

    /// Warm shutdown, as SIGTERM or the `shutdown` control command: no new tasks; running ones finish.
    public func stop() async {
        state.beginStopping()
        grow.finish()
    }

    /// Starts `count` more executors (`pool_grow`).
    func addExecutors(_ count: Int) {
        if count > 0 { grow.yield(count) }
    }

    /// Cold shutdown: cancels running tasks (their messages are restored) and stops.
    public func terminate() async {
        logger.warning("Cold shutdown: cancelling running tasks")
        state.beginCold()
        grow.finish()
    }

    // MARK: - Loops

    /// Takes messages while the prefetch window allows, until shutdown. Failures (Redis down or
    /// restarting) are logged and retried with back-off; the loop only ends when the worker stops.
    private func fetchLoop() async {
        var delay = retryPolicy.initialDelay
        while !Task.isCancelled {
            let allowance = await state.fetchAllowance()
            guard allowance > 0 else { return }
            let queues = await state.consumedQueues()
            guard !queues.isEmpty else { return }
            do {
                let deliveries = try await transport.fetch(
                    queues: queues, limit: allowance, timeout: .seconds(1), worker: configuration.nodeName
                )
                delay = retryPolicy.initialDelay
                for delivery in deliveries { await receive(delivery) }
            } catch is CancellationError {
                return
            } catch {
                logger.warning(
                    "Fetching failed; retrying",
                    metadata: [CeleryLogKey.error: "\(error)", "redis.retry_in": "\(delay)"]
                )
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, retryPolicy.maximumDelay)
            }
        }
    }

    private func scheduleLoop() async {
        while !Task.isCancelled, !(state.isStopping) {
            let next = state.releaseDue(now: Date())
            let wait = next.map { min(max($0.timeIntervalSinceNow, 0.001), 0.1) } ?? 0.1
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    /// Periodically restores messages lost by dead workers, and refreshes the visibility of the
    /// messages this worker holds so that no sweep (ours or a Python worker's) duplicates them.
    private func maintenanceLoop() async {
        let tick = min(configuration.restoreInterval, transport.visibilityTimeout / 4, .seconds(10))
        var lastRefresh = ContinuousClock.now
        var lastSweep = ContinuousClock.now
        while !(state.isStopping) {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            do {
                if now - lastRefresh >= tick {
                    lastRefresh = now
                    try await transport.refresh(state.heldTags)
                }
                if now - lastSweep >= configuration.restoreInterval {
                    lastSweep = now
                    try await transport.restoreVisible(worker: configuration.nodeName)
                }
            } catch {
                logger.warning("Maintenance failed", metadata: [CeleryLogKey.error: "\(error)"])
            }
        }
    }

    /// One execution slot: runs held requests one at a time. The slot is free again once a handler has
    /// returned; storing its result and acknowledging go on beside the next task (the prefetch window still
    /// counts the message until then) and end with `WorkerState.finish`, which ``run()`` waits for at shutdown.
    private func executeLoop() async {
        while let request = await state.nextReady() {
            let tag = request.delivery.deliveryTag ?? request.message.id
            if let wait = overrides.reserveStart(of: request.message.name) {
                try? await Task.sleep(for: wait)
            }
            let slot = SlotRelease()
            state.startRunning(tag, leavesWindow: !acksLate(request))
            // Started on this thread, in this turn of its loop, up to its first wait: the handler's job reaches
            // the pool now, not after whatever the loop has queued meanwhile. (So it may also have finished already.)
            let execution = Task.immediate {
                await self.execute(request, runEnded: slot.release)
                slot.release()
                self.state.finish(tag, name: request.message.name)
            }
            state.attach(execution, to: tag)
            await slot.wait()
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
        let logger = logger.forTask(message)
        if message.expires.map({ $0 <= Date() }) == true || revoked.contains(message.id) {
            let expired = !revoked.contains(message.id)
            logger.info(expired ? "Task expired; revoked without running" : "Task revoked; not run")
            await announceRevoked(
                message, reason: expired ? "expired" : "revoked", expired: expired,
                acknowledging: delivery.deliveryTag.map(transport.acknowledgement(of:)), logger: logger)
            return
        }
        guard let definition = registry[message.name] else {
            logger.error("Received unregistered task; result set to NotRegistered")
            events.send(
                "task-failed",
                [
                    ("uuid", .string(message.id)),
                    ("exception", .string(TaskFailure.notRegistered(message.name).repr)),
                    ("traceback", .string(TaskFailure.notRegistered(message.name).traceback)),
                ])
            await store(
                TaskResultMeta(
                    taskID: message.id, status: .failure, result: TaskFailure.notRegistered(message.name).json),
                logger: logger
            )
            await deadLetter(delivery, reason: "unregistered task \(message.name)")
            return
        }
        logger.debug("Received task")
        sendReceived(message)
        let request = HeldRequest(
            delivery: delivery, envelope: envelope, message: message, definition: definition, logger: logger)
        let tag = delivery.deliveryTag ?? message.id
        state.hold(request)
        if let eta = message.eta, eta > Date() {
            state.schedule(tag, at: eta)
        } else {
            state.makeReady(tag)
        }
    }

    private func deadLetter(_ delivery: Delivery, reason: String) async {
        logger.error(
            "Message set aside in the dead-letter list",
            metadata: [CeleryLogKey.reason: "\(reason)", CeleryLogKey.queue: "\(delivery.queue)"]
        )
        do {
            try await retryPolicy.run(logger: logger) {
                try await self.transport.deadLetter(delivery, reason: reason, worker: self.configuration.nodeName)
            }
        } catch {
            logger.error(
                "Dead-lettering failed; the message stays unacknowledged", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }

    // MARK: - Shutdown

    private func restoreUnstarted() async {
        let unstarted = state.takeUnstarted()
        guard !unstarted.isEmpty else { return }
        logger.info("Restoring unacknowledged messages", metadata: ["celery.count": "\(unstarted.count)"])
        for request in unstarted { await giveBack(request) }
    }

    /// Returns a message to its queue: restored from `unacked` when still there, republished from
    /// memory when it was acknowledged early.
    func giveBack(_ request: HeldRequest) async {
        do {
            if let tag = request.delivery.deliveryTag, !request.acknowledged {
                try await transport.restore(deliveryTag: tag, leftmost: false, worker: configuration.nodeName)
            } else {
                var envelope = request.envelope
                envelope.headers["redelivered"] = true
                try await transport.requeue(envelope, queue: request.delivery.queue)
            }
        } catch {
            logger.error(
                "Could not give a message back; it is restored after the visibility timeout",
                metadata: [CeleryLogKey.taskID: "\(request.message.id)", CeleryLogKey.error: "\(error)"]
            )
        }
    }

    /// Whether `request`'s message is acknowledged after its result is stored: its task's setting, else the worker's.
    func acksLate(_ request: HeldRequest) -> Bool {
        request.definition.acksLate ?? configuration.acksLate
    }

    /// Stores `meta` (and acknowledges the message with it, if given), retrying through Redis restarts,
    /// loading and failovers until it is stored or the worker stops.
    func store(_ meta: TaskResultMeta, acknowledging acknowledgement: MessageAcknowledgement? = nil, logger: Logger)
        async
    {
        do {
            try await retryPolicy.run(logger: logger) {
                _ = try await self.settlements.submit(Settlement(meta: meta, acknowledgement: acknowledgement))
            }
        } catch {
            logger.error("Storing the result failed", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }
}

/// A result to store, a message to acknowledge, or both in one atomic step (a late ack with its result).
struct Settlement: Sendable {
    var meta: TaskResultMeta?
    var acknowledgement: MessageAcknowledgement?
}
