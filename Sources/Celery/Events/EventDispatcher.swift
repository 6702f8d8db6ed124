import Foundation
import JSON
import Logging
import Redis
import Synchronization

/// Sends Celery monitoring events (`celery events`, Flower) as a Python worker does: one kombu
/// envelope per event, `PUBLISH`ed on `/{db}.celeryev/<type with dots>` (celery-protocol.md §4.9).
///
/// ## Delivery
/// ``send(_:_:)`` never waits for Redis: events are queued in order and ``run()`` publishes whatever
/// is queued in one pipelined round trip, so a task never waits for a monitor. Pub/sub keeps no
/// history; events sent while nobody listens, or while Redis is down, are lost (as in Python).
///
/// ## Groups
/// Task events (`task-*`) are sent only while ``taskEventsEnabled`` (`-E`, or the `enable_events`
/// control command); worker events (`worker-*`) only when ``workerEventsEnabled`` (not `--without-heartbeat`).
final class EventDispatcher: Sendable {
    /// The exchange of events: `celeryev`.
    static let exchange = "celeryev"
    /// The `sw_ident` of worker events.
    static let softwareIdentity = "swift-celery"
    /// The `sw_ver` of worker events: the Celery version whose protocol the worker speaks.
    static let softwareVersion = "5.7.0"

    /// The node name events carry, e.g. `celery@host`.
    let hostname: String
    /// The clock each event advances (`clock` field).
    let clock: LamportClock
    /// Whether `worker-*` events are sent; fixed at start (`--without-heartbeat` turns them off).
    let workerEventsEnabled: Bool
    /// Where events are published; `nil` drops them (a worker without a control connection).
    private let client: RedisClient?
    private let names: KombuNames
    private let logger: Logger
    private let taskEvents: Atomic<Bool>
    private let pending = Mutex<[(type: String, event: JSONObject)]>([])
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init(
        client: RedisClient?,
        names: KombuNames,
        hostname: String,
        clock: LamportClock,
        taskEvents: Bool,
        workerEvents: Bool,
        logger: Logger
    ) {
        self.client = client
        self.names = names
        self.hostname = hostname
        self.clock = clock
        self.taskEvents = Atomic(taskEvents)
        self.workerEventsEnabled = workerEvents
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Whether `task-*` events are sent.
    var taskEventsEnabled: Bool { taskEvents.load(ordering: .relaxed) }

    /// Turns task events on or off; returns whether this changed anything.
    @discardableResult
    func setTaskEvents(_ enabled: Bool) -> Bool {
        taskEvents.exchange(enabled, ordering: .relaxed) != enabled
    }

    /// Queues event `type` (e.g. `task-succeeded`) with its own `fields`, after the common ones
    /// (`hostname`, `utcoffset`, `pid`, `clock`) and before `timestamp` and `type`, Celery's order.
    /// Events of a disabled group are dropped, their fields never built (a task's result repr costs something).
    func send(_ type: String, _ fields: @autoclosure () -> [(String, JSONValue)]) {
        if type.hasPrefix("task-") && !taskEventsEnabled { return }
        if type.hasPrefix("worker-") && !workerEventsEnabled { return }
        let event = JSONObject(
            [
                ("hostname", .string(hostname)), ("utcoffset", .double(Self.utcOffset)),
                ("pid", .int(Int(getpid()))), ("clock", .int(clock.forward())),
            ] + fields() + [("timestamp", .double(Date().timeIntervalSince1970)), ("type", .string(type))]
        )
        pending.withLock { $0.append((type, event)) }
        signal.yield()
    }

    /// A `worker-online`, `worker-heartbeat` or `worker-offline` event with Celery's fields.
    func sendWorkerEvent(_ type: String, active: Int, processed: Int, frequency: Double = 2.0) {
        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        send(
            type,
            [
                ("freq", .double(frequency)), ("active", .int(active)), ("processed", .int(processed)),
                ("loadavg", .array(load.map { .double(($0 * 100).rounded() / 100) })),
                ("sw_ident", .string(Self.softwareIdentity)), ("sw_ver", .string(Self.softwareVersion)),
                ("sw_sys", .string(Self.system)),
            ]
        )
    }

    /// Publishes queued events until ``finish()`` is called and the queue is empty.
    func run() async {
        for await _ in signals { await flush() }
        await flush()
    }

    /// Publishes what is queued now.
    func flush() async {
        let queued = pending.withLock { queued -> [(type: String, event: JSONObject)] in
            defer { queued.removeAll() }
            return queued
        }
        guard !queued.isEmpty, let client else { return }
        // Serialized here, on the publisher's thread, not on the task that sent the event.
        let batch = queued.map { type, event in
            let routingKey = type.replacingOccurrences(of: "-", with: ".")
            let envelope = KombuEnvelope(
                json: .object(event),
                headers: JSONObject([("hostname", .string(hostname))]),
                properties: JSONObject([
                    ("delivery_mode", JSONValue.int(1)),
                    (
                        "delivery_info",
                        ["exchange": .string(Self.exchange), "routing_key": .string(routingKey)] as JSONValue
                    ),
                    ("priority", JSONValue.int(0)),
                ])
            )
            return ["PUBLISH", names.fanoutChannel(exchange: Self.exchange, routingKey: routingKey), envelope.text]
        }
        do {
            _ = try await client.pipeline(batch)
        } catch {
            logger.warning(
                "Could not publish events",
                metadata: ["celery.events": "\(batch.count)", CeleryLogKey.error: "\(error)"])
        }
    }

    /// Ends ``run()`` once everything queued so far is published.
    func finish() { signal.finish() }

    /// Hours west of UTC, as Celery's `utcoffset()` (positive west of Greenwich).
    static var utcOffset: Double { Double(-TimeZone.current.secondsFromGMT()) / 3600 }

    static let system: String = {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: name.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }()
}
