import Foundation
import JSON
import Logging
import Redis

extension RedisBroker {
    /// Puts an unacknowledged message back on its queue with the `redelivered` flags, as kombu does:
    /// at the front (`RPUSH`, popped next) for restores, at the back (`LPUSH`) for `leftmost`.
    ///
    /// A message that is not a kombu envelope cannot be restored: it goes to its queue's dead-letter list
    /// instead, in the dead-letter entry format (see ``KombuNames/deadLetterList(queue:)``), naming `worker` and
    /// the reason.
    ///
    /// - Returns: whether the message was still unacknowledged and has been restored.
    @discardableResult
    public func restore(deliveryTag: String, leftmost: Bool = false, worker: String) async throws -> Bool {
        try await client.withConnection { connection in
            try await self.restore(deliveryTag, leftmost: leftmost, worker: worker, on: connection)
        }
    }

    private func restore(_ tag: String, leftmost: Bool, worker: String, on connection: RedisConnection) async throws
        -> Bool
    {
        for _ in 0..<5 {
            _ = try await connection.execute(["WATCH", names.unacked])
            guard let stored = try await connection.execute(["HGET", names.unacked, tag]).bytes else {
                _ = try await connection.execute(["UNWATCH"])
                return false
            }
            let entry = UnackedEntry(stored)
            let restoration = Result { () throws(MessageDecodingError) -> (UnackedEntry, KombuEnvelope) in
                guard let entry else {
                    throw MessageDecodingError("unacked entry is not [message, exchange, routing key]")
                }
                return (entry, try KombuEnvelope(parsing: entry.message))
            }
            let commands =
                switch restoration {
                case .success(let (entry, envelope)):
                    try await restoreCommands(envelope, routedBy: entry, tag: tag, leftmost: leftmost, on: connection)
                case .failure(let error):
                    deadLetterCommands(
                        message: entry?.message ?? stored, queue: entry?.queue ?? "celery",
                        reason: "not restorable: \(error.reason)", worker: worker, deliveryTag: tag)
                }
            // A null EXEC reply means that WATCH aborted the transaction.
            guard try await connection.pipeline(commands).last?.isNull == false else { continue }
            guard case .failure(let error) = restoration else { return true }
            logger.info(
                "Unrestorable message set aside in the dead-letter list",
                metadata: [CeleryLogKey.reason: "\(error.reason)", CeleryLogKey.deliveryTag: "\(tag)"])
            return false
        }
        throw RedisError(code: .serverError, message: "restore of \(tag) kept conflicting", command: "EXEC")
    }

    /// The transaction that moves a message from `unacked` back to the queues its entry routes to.
    private func restoreCommands(
        _ envelope: KombuEnvelope, routedBy entry: UnackedEntry, tag: String, leftmost: Bool,
        on connection: RedisConnection
    ) async throws -> [[String]] {
        var restored = envelope
        restored.headers["redelivered"] = true
        var info = restored.properties["delivery_info"]?.object ?? JSONObject()
        info["redelivered"] = true
        restored.properties["delivery_info"] = .object(info)
        let queues = try await destinationQueues(exchange: entry.exchange, routingKey: entry.routingKey, on: connection)
        let push = leftmost ? "LPUSH" : "RPUSH"
        let pushes = queues.map { [push, names.list(queue: $0, priority: restored.priority), restored.text] }
        return [["MULTI"], ["ZREM", names.unackedIndex, tag], ["HDEL", names.unacked, tag]] + pushes + [["EXEC"]]
    }

    /// kombu's `_lookup`: the anonymous exchange routes to the queue named by the routing key; a named
    /// exchange routes through its binding set.
    private func destinationQueues(exchange: String, routingKey: String, on connection: RedisConnection)
        async throws -> [String]
    {
        guard !exchange.isEmpty else { return [routingKey] }
        let members = try await connection.execute(["SMEMBERS", names.bindingSet(exchange: exchange)]).array ?? []
        let queues = members.compactMap(\.string).compactMap { member -> String? in
            let parts = member.components(separatedBy: KombuNames.separator)
            guard parts.count == 3, parts[0] == routingKey || parts[1] == "#" else { return nil }
            return parts[2]
        }
        return queues.isEmpty ? [routingKey.isEmpty ? exchange : routingKey] : queues
    }

    /// kombu's `restore_visible`: under `unacked_mutex`, restores every message unacknowledged for
    /// longer than the visibility timeout, whoever took it (unrestorable ones are dead-lettered in the
    /// name of `worker`).
    ///
    /// - Returns: how many messages were restored (0 when another sweeper holds the mutex).
    @discardableResult
    public func restoreVisible(worker: String) async throws -> Int {
        let token = newIdentifier()
        let cutoff = Date().timeIntervalSince1970 - Double(visibilityTimeout.components.seconds)
        return try await client.withConnection { connection in
            guard
                try await connection.execute(["SET", self.names.unackedMutex, token, "NX", "PX", "300000"])
                    == .status("OK")
            else { return 0 }
            let outcome: Result<Int, any Error>
            do {
                outcome = .success(try await self.restoreExpired(before: cutoff, worker: worker, on: connection))
            } catch {
                outcome = .failure(error)
            }
            _ = try? await Self.releaseMutexScript.run(
                on: connection, keys: [self.names.unackedMutex], arguments: [token])
            let restored = try outcome.get() + (try await self.restoreAbandonedLandings(before: cutoff))
            if restored > 0 {
                self.logger.info("Restored unacknowledged messages", metadata: ["celery.restored": "\(restored)"])
            }
            return restored
        }
    }

    /// Gives back what lies in the landing lists of workers that have not waited on a queue for longer than the
    /// visibility timeout (they died between their `BLMOVE` and their fetch script, and never came back).
    private func restoreAbandonedLandings(before cutoff: Double) async throws -> Int {
        let table = try await client.execute(["HGETALL", names.landingTable]).array ?? []
        var restored = 0
        for index in stride(from: 0, to: table.count - 1, by: 2) {
            guard let landing = table[index].string, let text = table[index + 1].string,
                let entry = try? JSONValue(parsing: text), let seen = entry["seen"]?.double, seen < cutoff,
                let source = entry["source"]?.string
            else { continue }
            let moved = try await client.run(
                Self.restoreLandingScript, keys: [names.landingTable, landing, source],
                arguments: [landing, String(cutoff)])
            restored += moved.int ?? 0
        }
        return restored
    }

    private func restoreExpired(before cutoff: Double, worker: String, on connection: RedisConnection) async throws
        -> Int
    {
        let tags =
            try await connection.execute(["ZRANGEBYSCORE", names.unackedIndex, "-inf", String(cutoff)])
            .array?.compactMap(\.string) ?? []
        var restored = 0
        for tag in tags where try await restore(tag, leftmost: false, worker: worker, on: connection) {
            restored += 1
        }
        return restored
    }
}
