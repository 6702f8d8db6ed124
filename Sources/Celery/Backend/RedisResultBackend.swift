import Foundation
import JSON
public import Redis

/// Celery's Redis result backend: `celery-task-meta-<id>` keys holding JSON, a `PUBLISH` on a channel
/// of the same name for every write, and a time to live (`result_expires`).
///
/// Values are written as Celery's JSON (`result_serializer = "json"`), so Python's `AsyncResult` reads what a Swift
/// worker stores and the other way round. Instances are immutable and safe to share between tasks.
public final class RedisResultBackend: Sendable {
    /// The connections results are read and written on; the worker's broker may share it.
    public let client: RedisClient
    /// Prefix of result keys: `celery-task-meta-` (after any `global_keyprefix`).
    public let keyPrefix: String
    /// Prefix of saved groups and chord bookkeeping: `celery-taskset-meta-` (after any `global_keyprefix`).
    public let groupKeyPrefix: String
    /// Time to live of stored results; `nil` keeps them for ever. Defaults to 1 day, as Celery's `result_expires`.
    public let expires: Duration?

    /// A backend on `client`.
    ///
    /// - Parameters:
    ///   - client: the Redis connections to use.
    ///   - globalKeyPrefix: Celery's `result_backend_transport_options["global_keyprefix"]`, put before every key;
    ///     `_` is added unless it already ends with one of `:`, `_`, `-`, `.`, as Celery does. Defaults to none.
    ///   - expires: the time to live of stored results (`result_expires`); `nil` keeps them for ever. Defaults to
    ///     1 day, as Celery's.
    public init(client: RedisClient, globalKeyPrefix: String = "", expires: Duration? = .seconds(86400)) {
        self.client = client
        // Celery appends "_" unless the prefix already ends with one of ":_-." (§3.1).
        let separator = globalKeyPrefix.isEmpty || ":_-.".contains(globalKeyPrefix.last!) ? "" : "_"
        self.keyPrefix = globalKeyPrefix + separator + "celery-task-meta-"
        self.groupKeyPrefix = globalKeyPrefix + separator + "celery-taskset-meta-"
        self.expires = expires
    }

    /// The key holding a task's result: ``keyPrefix`` followed by the task id.
    public func key(for taskID: String) -> String { keyPrefix + taskID }

    /// The key of a saved group, `celery-taskset-meta-<id>`, or of its chord bookkeeping with `suffix`
    /// (`.j` results, `.t` size adjustment, `.s` size, `.d` recorded parts, `.c` callback claim).
    public func groupKey(for groupID: String, suffix: String = "") -> String { groupKeyPrefix + groupID + suffix }

    /// Writes `meta` and publishes it, atomically, unless a SUCCESS is already stored (a redelivered
    /// task must not overwrite its result).
    ///
    /// - Parameters:
    ///   - meta: the state and result to store.
    ///   - acknowledgement: a message to acknowledge in the same atomic step, once the result is
    ///     stored (or found already stored): a late-acknowledged task is never acknowledged without its result.
    ///     The broker must use the same Redis.
    /// - Returns: whether the meta was written.
    @discardableResult
    public func store(_ meta: TaskResultMeta, acknowledging acknowledgement: MessageAcknowledgement? = nil)
        async throws -> Bool
    {
        try await store([meta], acknowledging: acknowledgement.map { [$0] } ?? [])[0]
    }

    /// Writes and publishes each of `metas` as ``store(_:acknowledging:)`` does, then acknowledges every message of
    /// `acknowledgements`, all in one atomic script call: a worker settles the results and acknowledgements of many
    /// tasks in one round trip.
    ///
    /// - Returns: for each meta, in order, whether it was written.
    public func store(_ metas: [TaskResultMeta], acknowledging acknowledgements: [MessageAcknowledgement])
        async throws -> [Bool]
    {
        guard !metas.isEmpty || !acknowledgements.isEmpty else { return [] }
        let ttl = expires.map { String($0.components.seconds) } ?? "0"
        let keys = metas.map { key(for: $0.taskID) } + acknowledgements.flatMap { [$0.unacked, $0.unackedIndex] }
        let arguments =
            [ttl, String(metas.count)] + metas.map { $0.json.serialized(.python) } + acknowledgements.map(\.deliveryTag)
        let reply = try await client.run(Self.storeScript, keys: keys, arguments: arguments)
        let written = (reply.array ?? []).map { $0 == .integer(1) }
        guard written.count == metas.count else {
            throw RedisError(code: .protocolError, message: "store script answered \(reply)", command: "EVALSHA")
        }
        return written
    }

    /// The stored meta of a task, or `nil` while it is pending (no key).
    public func meta(for taskID: String) async throws -> TaskResultMeta? {
        guard let text = try await client.execute(["GET", key(for: taskID)]).string else { return nil }
        return try TaskResultMeta(json: JSONValue(parsing: text))
    }

    /// Waits until the task reaches a ready state, listening on its channel as Python's
    /// `AsyncResult.get()` does (subscribe, then read once, then wait for publishes).
    ///
    /// - Throws: ``CeleryError`` with code `timeout` when `timeout` passes first.
    public func waitForReady(_ taskID: String, timeout: Duration) async throws -> TaskResultMeta {
        let key = key(for: taskID)
        let deadline = ContinuousClock.now + timeout
        return try await client.withDedicatedConnection { connection in
            try await connection.write(["SUBSCRIBE", key])
            _ = try await connection.read(timeout: .seconds(5))
            if let meta = try await self.meta(for: taskID), meta.status.isReady { return meta }
            while ContinuousClock.now < deadline {
                let remaining = deadline - ContinuousClock.now
                guard let message = try await connection.read(timeout: min(remaining, .milliseconds(500))) else {
                    continue
                }
                guard let parts = message.array, parts.count == 3, let text = parts[2].string,
                    let meta = try TaskResultMeta(json: JSONValue(parsing: text))
                else { continue }
                if meta.status.isReady { return meta }
            }
            throw CeleryError(code: .timeout, message: "task \(taskID) not ready after \(timeout)")
        }
    }

    /// Stores each meta only if no SUCCESS is there and publishes it; then acknowledges messages (`HDEL unacked`,
    /// `ZREM unacked_index`). Returns, per meta, 1 when stored and 0 when skipped.
    /// KEYS: n result keys, then an `unacked`, `unacked_index` pair per acknowledgement.
    /// ARGV: TTL seconds (0 = no expiry), n, the n meta JSON texts, then one delivery tag per acknowledgement.
    static let storeScript = RedisScript(
        """
        local ttl = tonumber(ARGV[1])
        local count = tonumber(ARGV[2])
        local written = {}
        for i = 1, count do
          local stored = 1
          local current = redis.call('GET', KEYS[i])
          if current then
            local ok, meta = pcall(cjson.decode, current)
            if ok and type(meta) == 'table' and meta.status == 'SUCCESS' then stored = 0 end
          end
          if stored == 1 then
            local text = ARGV[2 + i]
            if ttl > 0 then
              redis.call('SETEX', KEYS[i], ttl, text)
            else
              redis.call('SET', KEYS[i], text)
            end
            redis.call('PUBLISH', KEYS[i], text)
          end
          written[i] = stored
        end
        for j = 1, #ARGV - 2 - count do
          local tag = ARGV[2 + count + j]
          redis.call('HDEL', KEYS[count + 2 * j - 1], tag)
          redis.call('ZREM', KEYS[count + 2 * j], tag)
        end
        return written
        """
    )
}
