import Foundation
public import Logging
public import Redis

/// kombu's Redis transport, reimplemented: queues as lists with priority sub-lists, binding sets,
/// the `unacked` hash and `unacked_index` zset with visibility-timeout restore, and fanout over pub/sub.
///
/// Python workers and this broker share the same keys, so either can restore the other's lost messages.
public final class RedisBroker: Sendable {
    public let client: RedisClient
    public let names: KombuNames
    /// How long a message may stay unacknowledged before any worker's sweep restores it.
    /// kombu's default is 3600 seconds.
    public let visibilityTimeout: Duration
    let logger: Logger

    public init(client: RedisClient, names: KombuNames, visibilityTimeout: Duration = .seconds(3600), logger: Logger) {
        self.client = client
        self.names = names
        self.visibilityTimeout = visibilityTimeout
        self.logger = logger
    }

    /// Declares `queue` bound to the direct exchange of the same name, as Python producers and workers do:
    /// `SADD _kombu.binding.<queue>` and, for kombu 5.7 fleets, `_kombu.binding_permanent.<queue>`.
    public func declare(queue: String) async throws {
        try Self.check(try await client.pipeline(declareCommands(queue: queue)))
    }

    /// The commands of ``declare(queue:)``, to send in one write with others.
    func declareCommands(queue: String) -> [[String]] {
        let member = KombuNames.bindingMember(routingKey: queue, queue: queue)
        return [
            ["SADD", names.bindingSet(exchange: queue), member],
            ["SADD", names.permanentBindingSet(exchange: queue), member],
        ]
    }

    /// `LPUSH`es the envelope onto the list for its queue and priority.
    public func publish(_ envelope: KombuEnvelope, queue: String) async throws {
        try await client.execute(publishCommand(envelope, queue: queue))
    }

    /// The command of ``publish(_:queue:)``, to send in one write with others.
    func publishCommand(_ envelope: KombuEnvelope, queue: String) -> [String] {
        ["LPUSH", names.list(queue: queue, priority: envelope.priority), envelope.text]
    }

    /// Throws the first error reply among `replies`.
    static func check(_ replies: [RedisValue]) throws(RedisError) {
        for reply in replies {
            if case .error(let message) = reply { throw RedisError(code: .serverError, message: message) }
        }
    }

    /// Takes up to `limit` messages from `queues` (highest priority first), waiting up to `timeout`
    /// for the first one, and records them as unacknowledged.
    ///
    /// - Returns: the deliveries; empty when nothing arrived in time.
    public func fetch(queues: [String], limit: Int, timeout: Duration, worker: String) async throws -> [Delivery] {
        let keys = names.consumeKeys(queues: queues)
        let scriptKeys = [names.unacked, names.unackedIndex, names.deadLetterList(queue: queues[0])] + keys
        let seconds = String(max(1, Int(timeout.components.seconds)))
        return try await client.withConnection { connection in
            func run(popped: (key: String, raw: [UInt8])?) async throws -> [Delivery] {
                let arguments = [String(limit), Self.now(), worker, popped?.key ?? ""].map { Array($0.utf8) }
                let reply = try await Self.fetchScript.run(
                    on: connection, keys: scriptKeys, arguments: arguments + [popped?.raw ?? []]
                )
                return self.deliveries(from: reply)
            }
            let ready = try await run(popped: nil)
            if !ready.isEmpty { return ready }
            let reply = try await connection.execute(["BRPOP"] + keys + [seconds], extraTimeout: timeout)
            guard let pair = reply.array, pair.count == 2, let key = pair[0].string, let raw = pair[1].bytes else {
                return []
            }
            return try await run(popped: (key, raw))
        }
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

    /// Acknowledges messages: `ZREM unacked_index` + `HDEL unacked`, in one transaction.
    public func ack(_ deliveryTags: [String]) async throws {
        guard !deliveryTags.isEmpty else { return }
        _ = try await client.pipeline([
            ["MULTI"], ["ZREM", names.unackedIndex] + deliveryTags, ["HDEL", names.unacked] + deliveryTags, ["EXEC"],
        ])
    }

    /// What acknowledging `deliveryTag` takes, for a result backend on the same Redis that acknowledges
    /// in the same atomic step as it stores the result (``RedisResultBackend/store(_:acknowledging:)``).
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

    static func now() -> String { String(format: "%.6f", Date().timeIntervalSince1970) }
}
