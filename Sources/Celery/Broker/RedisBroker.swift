import Foundation
import JSON
public import Logging
public import Redis

/// kombu's Redis transport, reimplemented: queues as lists with priority sub-lists, binding sets,
/// the `unacked` hash and `unacked_index` zset with visibility-timeout restore, and fanout over pub/sub.
///
/// Python workers and this broker share the same keys, so either can restore the other's lost messages.
/// A ``CeleryWorker`` consumes through it and a ``CeleryProducer`` publishes through it. Instances are immutable and
/// safe to share between tasks.
public final class RedisBroker: Sendable {
    /// The connections messages travel on.
    public let client: RedisClient
    /// The key and channel names, with any `global_keyprefix`.
    public let names: KombuNames
    /// How long a message may stay unacknowledged before any worker's sweep restores it.
    /// kombu's default is 3600 seconds.
    public let visibilityTimeout: Duration
    let logger: Logger

    /// A broker on `client`.
    ///
    /// - Parameters:
    ///   - client: the Redis connections to use.
    ///   - names: the key and channel names; `KombuNames(database:)` with the database of the URL, as kombu names
    ///     its fanout channels after it.
    ///   - visibilityTimeout: kombu's `visibility_timeout`: how long a message may stay unacknowledged before a
    ///     sweep gives it back to its queue. Defaults to 3600 seconds, as kombu's.
    ///   - logger: where restores and dead-lettered messages are logged.
    public init(client: RedisClient, names: KombuNames, visibilityTimeout: Duration = .seconds(3600), logger: Logger) {
        self.client = client
        self.names = names
        self.visibilityTimeout = visibilityTimeout
        self.logger = logger
    }

    /// Declares `queue` bound to the direct exchange of the same name, as Python producers and workers do:
    /// `SADD _kombu.binding.<queue>` and, for kombu 5.7 fleets, `_kombu.binding_permanent.<queue>`.
    public func declare(queue: String) async throws {
        try await client.pipeline(declareCommands(queue: queue)).throwingFirstError()
    }

    private func declareCommands(queue: String) -> [[String]] {
        let member = KombuNames.bindingMember(routingKey: queue, queue: queue)
        return [
            ["SADD", names.bindingSet(exchange: queue), member],
            ["SADD", names.permanentBindingSet(exchange: queue), member],
        ]
    }

    /// `LPUSH`es the envelope onto the list for its queue and priority; with `declaring`, declares the queue
    /// (``declare(queue:)``) in the same write.
    public func publish(_ envelope: KombuEnvelope, queue: String, declaring: Bool = false) async throws {
        let push = ["LPUSH", names.list(queue: queue, priority: envelope.priority), envelope.text]
        try await client.pipeline((declaring ? declareCommands(queue: queue) : []) + [push]).throwingFirstError()
    }

    /// `RPUSH`es the envelope onto the list for its queue and priority: it is taken next.
    package func requeue(_ envelope: KombuEnvelope, queue: String) async throws {
        try await client.execute(["RPUSH", names.list(queue: queue, priority: envelope.priority), envelope.text])
    }

    /// Takes up to `limit` messages from `queues` (highest priority first), waiting up to `timeout`
    /// for the first one, and records them as unacknowledged.
    ///
    /// Nothing is lost if the connection breaks at any moment: the wait is a `BLMOVE` from the first
    /// queue's main list into the worker's landing list (``KombuNames/landingList(worker:)``), and the
    /// fetch script takes messages from there and from every list, recording each in `unacked` in the same
    /// atomic step. (kombu's `BRPOP` loses the message it popped when its reply never arrives.) Messages
    /// of the other lists (priorities, further queues) are seen at the next script run, at most `timeout`
    /// later when the worker was idle.
    ///
    /// - Returns: the deliveries; empty when nothing arrived in time.
    package func fetch(queues: [String], limit: Int, timeout: Duration, worker: String) async throws -> [Delivery] {
        let lists = names.consumeKeys(queues: queues)
        let landing = names.landingList(worker: worker)
        let scriptKeys = [names.unacked, names.unackedIndex, names.deadLetterList(queue: queues[0]), landing] + lists
        func take() async throws -> [Delivery] {
            deliveries(
                from: try await client.run(
                    Self.fetchScript, keys: scriptKeys, arguments: [String(limit), Self.now(), worker]))
        }
        let ready = try await take()
        if !ready.isEmpty { return ready }
        // The landing table notes when this worker last waited, in the same write as the wait: a sweep gives back
        // only the landing lists of workers that have not waited for longer than it allows.
        let landingEntry: JSONValue = ["source": .string(lists[0]), "seen": .double(Date().timeIntervalSince1970)]
        let moved = try await client.withConnection { connection in
            let replies = try await connection.pipeline(
                [
                    ["HSET", names.landingTable, landing, landingEntry.serialized(.compact)],
                    ["BLMOVE", lists[0], landing, "RIGHT", "LEFT", String(format: "%.3f", timeout.seconds)],
                ], extraTimeout: timeout)
            try replies.throwingFirstError()
            return replies[1]
        }
        return moved.isNull ? [] : try await take()
    }

    /// The deliveries in the fetch script's reply: list key, message, status and tag per message.
    private func deliveries(from reply: RedisValue) -> [Delivery] {
        let flat = reply.array ?? []
        return stride(from: 0, to: flat.count - 3, by: 4).map { index in
            let status = flat[index + 2].string ?? "ok"
            let tag = flat[index + 3].string ?? ""
            return Delivery(
                raw: flat[index + 1].bytes ?? [],
                queue: names.queue(ofList: flat[index].string ?? ""),
                deliveryTag: tag.isEmpty ? nil : tag,
                deadLetterReason: status == "ok" ? nil : status
            )
        }
    }

    /// What acknowledging `deliveryTag` takes, for a result backend on the same Redis that acknowledges
    /// in the same atomic step as it stores results (``RedisResultBackend/store(_:acknowledging:)-(TaskResultMeta,_)``).
    public func acknowledgement(of deliveryTag: String) -> MessageAcknowledgement {
        MessageAcknowledgement(unacked: names.unacked, unackedIndex: names.unackedIndex, deliveryTag: deliveryTag)
    }

    /// Marks held messages as still being worked on (`ZADD unacked_index XX <now>`), so that no
    /// sweep restores a message this worker holds for a long ETA or a long task.
    public func refresh(_ deliveryTags: [String]) async throws {
        guard !deliveryTags.isEmpty else { return }
        let now = Self.now()
        _ = try await client.execute(["ZADD", names.unackedIndex, "XX"] + deliveryTags.flatMap { [now, $0] })
    }

    static func now() -> String { CeleryDate.epochSeconds(Date()) }
}
