import Foundation
import JSON
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
    private let logger: Logger

    public init(client: RedisClient, names: KombuNames, visibilityTimeout: Duration = .seconds(3600), logger: Logger) {
        self.client = client
        self.names = names
        self.visibilityTimeout = visibilityTimeout
        self.logger = logger
    }

    /// Declares `queue` bound to the direct exchange of the same name, as Python producers and workers do:
    /// `SADD _kombu.binding.<queue>` and, for kombu 5.7 fleets, `_kombu.binding_permanent.<queue>`.
    public func declare(queue: String) async throws {
        try await client.withConnection { try self.declare(queue: queue, on: $0) }
    }

    /// ``declare(queue:)`` on a connection the caller holds (inside ``RedisClient/withConnection(_:)``).
    public func declare(queue: String, on connection: RedisConnection) throws {
        let member = KombuNames.bindingMember(routingKey: queue, queue: queue)
        _ = try connection.pipeline([
            ["SADD", names.bindingSet(exchange: queue), member],
            ["SADD", names.permanentBindingSet(exchange: queue), member],
        ])
    }

    /// `LPUSH`es the envelope onto the list for its queue and priority.
    public func publish(_ envelope: KombuEnvelope, queue: String) async throws {
        try await client.withConnection { try self.publish(envelope, queue: queue, on: $0) }
    }

    /// ``publish(_:queue:)`` on a connection the caller holds (inside ``RedisClient/withConnection(_:)``).
    public func publish(_ envelope: KombuEnvelope, queue: String, on connection: RedisConnection) throws {
        _ = try connection.execute(["LPUSH", names.list(queue: queue, priority: envelope.priority), envelope.text])
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
            func run(popped: (key: String, raw: String)?) throws -> [Delivery] {
                let reply = try Self.fetchScript.run(
                    on: connection,
                    keys: scriptKeys,
                    arguments: [String(limit), Self.now(), worker, popped?.key ?? "", popped?.raw ?? ""]
                )
                return self.deliveries(from: reply)
            }
            let ready = try run(popped: nil)
            if !ready.isEmpty { return ready }
            let reply = try connection.execute(["BRPOP"] + keys + [seconds], extraTimeout: timeout)
            guard let pair = reply.array, pair.count == 2, let key = pair[0].string, let raw = pair[1].string else {
                return []
            }
            return try run(popped: (key, raw))
        }
    }

    private func deliveries(from reply: RedisValue) -> [Delivery] {
        let flat = reply.array ?? []
        return stride(from: 0, to: flat.count - 2, by: 3).map { index in
            let raw = flat[index + 1].string ?? ""
            let status = flat[index + 2].string ?? "ok"
            let dead = status == "ok" ? nil : status
            return Delivery(
                raw: raw,
                queue: names.queue(ofList: flat[index].string ?? ""),
                deliveryTag: dead == nil ? (try? KombuEnvelope(parsing: raw))?.deliveryTag : nil,
                deadLetterReason: dead
            )
        }
    }

    /// Acknowledges messages: `ZREM unacked_index` + `HDEL unacked`, in one transaction.
    public func ack(_ deliveryTags: [String]) async throws {
        guard !deliveryTags.isEmpty else { return }
        _ = try await client.pipeline(ackCommands(deliveryTags))
    }

    /// The commands that acknowledge `deliveryTags`, for callers that pipeline them with other work.
    public func ackCommands(_ deliveryTags: [String]) -> [[String]] {
        [["MULTI"], ["ZREM", names.unackedIndex] + deliveryTags, ["HDEL", names.unacked] + deliveryTags, ["EXEC"]]
    }

    /// Sets a message aside in the queue's dead-letter list with the reason, and acknowledges it,
    /// in one transaction: it is never dropped and never redelivered.
    public func deadLetter(_ delivery: Delivery, reason: String, worker: String) async throws {
        let entry = JSONValue.object(
            JSONObject([
                ("reason", .string(reason)), ("list", .string(delivery.queue)), ("worker", .string(worker)),
                ("time", .double(Date().timeIntervalSince1970)), ("message", .string(delivery.raw)),
            ])
        )
        var commands = [["MULTI"], ["LPUSH", names.deadLetterList(queue: delivery.queue), entry.serialized(.python)]]
        if let tag = delivery.deliveryTag {
            commands += [["ZREM", names.unackedIndex, tag], ["HDEL", names.unacked, tag]]
        }
        _ = try await client.pipeline(commands + [["EXEC"]])
    }

    /// Marks held messages as still being worked on (`ZADD unacked_index XX <now>`), so that no
    /// sweep restores a message this worker holds for a long ETA or a long task.
    public func refresh(_ deliveryTags: [String]) async throws {
        guard !deliveryTags.isEmpty else { return }
        let now = Self.now()
        _ = try await client.execute(["ZADD", names.unackedIndex, "XX"] + deliveryTags.flatMap { [now, $0] })
    }

    /// Puts an unacknowledged message back on its queue with the `redelivered` flags, as kombu does:
    /// at the front (`RPUSH`, popped next) for restores, at the back (`LPUSH`) for `leftmost`.
    ///
    /// - Returns: whether the message was still unacknowledged and has been restored.
    @discardableResult
    public func restore(deliveryTag: String, leftmost: Bool = false) async throws -> Bool {
        try await client.withConnection { connection in
            try self.restore(deliveryTag, leftmost: leftmost, on: connection)
        }
    }

    private func restore(_ tag: String, leftmost: Bool, on connection: RedisConnection) throws -> Bool {
        for _ in 0..<5 {
            _ = try connection.execute(["WATCH", names.unacked])
            guard let stored = try connection.execute(["HGET", names.unacked, tag]).string else {
                _ = try connection.execute(["UNWATCH"])
                return false
            }
            guard let (envelope, exchange, routingKey) = Self.parseUnacked(stored) else {
                // Not restorable as a message: keep it visible in the dead-letter list instead.
                let replies = try connection.pipeline([
                    ["MULTI"], ["LPUSH", names.deadLetterList(queue: "celery"), stored],
                    ["ZREM", names.unackedIndex, tag], ["HDEL", names.unacked, tag], ["EXEC"],
                ])
                if replies.last?.isNull == false { return false }
                continue
            }
            var restored = envelope
            restored.headers["redelivered"] = true
            var info = restored.properties["delivery_info"]?.object ?? JSONObject()
            info["redelivered"] = true
            restored.properties["delivery_info"] = .object(info)
            let queues = try destinationQueues(exchange: exchange, routingKey: routingKey, on: connection)
            let push = leftmost ? "LPUSH" : "RPUSH"
            var commands = [["MULTI"], ["ZREM", names.unackedIndex, tag], ["HDEL", names.unacked, tag]]
            for queue in queues {
                commands.append([push, names.list(queue: queue, priority: restored.priority), restored.text])
            }
            let replies = try connection.pipeline(commands + [["EXEC"]])
            if replies.last?.isNull == false { return true }  // EXEC ran; a null means WATCH aborted it.
        }
        throw RedisError(code: .serverError, message: "restore of \(tag) kept conflicting", command: "EXEC")
    }

    /// kombu's `_lookup`: the anonymous exchange routes to the queue named by the routing key; a named
    /// exchange routes through its binding set.
    private func destinationQueues(exchange: String, routingKey: String, on connection: RedisConnection) throws
        -> [String]
    {
        guard !exchange.isEmpty else { return [routingKey] }
        let members = try connection.execute(["SMEMBERS", names.bindingSet(exchange: exchange)]).array ?? []
        let queues = members.compactMap(\.string).compactMap { member -> String? in
            let parts = member.components(separatedBy: KombuNames.separator)
            guard parts.count == 3, parts[0] == routingKey || parts[1] == "#" else { return nil }
            return parts[2]
        }
        return queues.isEmpty ? [routingKey.isEmpty ? exchange : routingKey] : queues
    }

    /// kombu's `restore_visible`: under `unacked_mutex`, restores every message unacknowledged for
    /// longer than the visibility timeout, whoever took it.
    ///
    /// - Returns: how many messages were restored (0 when another sweeper holds the mutex).
    @discardableResult
    public func restoreVisible() async throws -> Int {
        let token = newIdentifier()
        let cutoff = Date().timeIntervalSince1970 - Double(visibilityTimeout.components.seconds)
        return try await client.withConnection { connection in
            guard
                try connection.execute(["SET", self.names.unackedMutex, token, "NX", "PX", "300000"]) == .status("OK")
            else { return 0 }
            defer {
                _ = try? Self.releaseMutexScript.run(
                    on: connection, keys: [self.names.unackedMutex], arguments: [token])
            }
            let tags =
                try connection.execute(["ZRANGEBYSCORE", self.names.unackedIndex, "-inf", String(cutoff)])
                .array?.compactMap(\.string) ?? []
            var restored = 0
            for tag in tags where try self.restore(tag, leftmost: false, on: connection) {
                restored += 1
            }
            if restored > 0 {
                self.logger.info("Restored unacknowledged messages", metadata: ["celery.restored": "\(restored)"])
            }
            return restored
        }
    }

    private static func parseUnacked(_ stored: String) -> (KombuEnvelope, String, String)? {
        guard let triple = try? JSONValue(parsing: stored).array, triple.count == 3,
            let object = triple[0].object, let envelope = try? KombuEnvelope(object: object)
        else { return nil }
        return (envelope, triple[1].string ?? "", triple[2].string ?? "")
    }

    static func now() -> String { String(format: "%.6f", Date().timeIntervalSince1970) }
}
