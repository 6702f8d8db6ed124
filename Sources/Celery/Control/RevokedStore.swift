import Foundation
public import Redis
import Synchronization

/// The ids of revoked tasks, in memory for the checks at receive and before running, and in Redis so
/// that they outlive a restart (Celery's `--statedb`, kept in the broker instead of a file). Without a client they
/// live in memory only.
///
/// ## The Redis key
/// A sorted set `swift-celery.revoked` (after any `global_keyprefix`): member = task id, score = the
/// Unix time it was revoked. Like Celery's `LimitedSet` for revokes, entries older than
/// ``expires`` (10,800 s) are dropped and at most ``capacity`` (50,000) are kept, the oldest going
/// first. Every Swift worker on the broker shares the set, so a worker started after a revoke
/// still skips the task.
public final class RevokedStore: Sendable {
    /// Celery's `CELERY_WORKER_REVOKES_MAX`.
    public static let capacity = 50_000
    /// Celery's `CELERY_WORKER_REVOKE_EXPIRES`, in seconds.
    public static let expires: Double = 10_800

    /// The sorted set in Redis: `swift-celery.revoked` after any key prefix.
    public let key: String
    private let client: RedisClient?
    private let ids = Mutex<[String: Double]>([:])

    /// A store in `client`'s Redis under `keyPrefix` (the broker's `global_keyprefix`), or in memory only when
    /// `client` is `nil`. Its memory is empty until ``load()``.
    public init(client: RedisClient?, keyPrefix: String = "") {
        self.client = client
        self.key = keyPrefix + "swift-celery.revoked"
    }

    /// Whether `id` was revoked less than ``expires`` seconds ago.
    public func contains(_ id: String) -> Bool {
        let now = Date().timeIntervalSince1970
        return ids.withLock { $0[id].map { now - $0 < Self.expires } ?? false }
    }

    /// The ids still revoked, oldest first, as Celery lists its `LimitedSet`.
    public var all: [String] {
        let now = Date().timeIntervalSince1970
        return ids.withLock { $0.filter { now - $0.value < Self.expires }.sorted { $0.value < $1.value }.map(\.key) }
    }

    /// Reads the ids persisted in Redis into memory.
    public func load() async throws {
        guard let client else { return }
        let cutoff = Date().timeIntervalSince1970 - Self.expires
        let reply = try await client.execute(["ZRANGEBYSCORE", key, String(cutoff), "+inf", "WITHSCORES"])
        let flat = reply.array ?? []
        let loaded = stride(from: 0, to: flat.count - 1, by: 2).compactMap { index -> (String, Double)? in
            guard let id = flat[index].string, let score = flat[index + 1].string.flatMap(Double.init) else {
                return nil
            }
            return (id, score)
        }
        ids.withLock { current in
            for (id, score) in loaded where current[id] == nil { current[id] = score }
            trim(&current)
        }
    }

    /// Adds ids (revoked here, or learnt from another worker), in memory and in Redis.
    public func add(_ newIDs: some Sequence<String>) async throws {
        let now = Date().timeIntervalSince1970
        let added = ids.withLock { current -> [String] in
            var added: [String] = []
            for id in newIDs where current[id] == nil {
                current[id] = now
                added.append(id)
            }
            trim(&current)
            return added
        }
        guard !added.isEmpty, let client else { return }
        let score = CeleryDate.epochSeconds(Date(timeIntervalSince1970: now))
        _ = try await client.pipeline([
            ["ZADD", key] + added.flatMap { [score, $0] },
            ["ZREMRANGEBYSCORE", key, "-inf", String(now - Self.expires)],
            ["ZREMRANGEBYRANK", key, "0", String(-(Self.capacity + 1))],
        ])
    }

    private func trim(_ current: inout [String: Double]) {
        let now = Date().timeIntervalSince1970
        current = current.filter { now - $0.value < Self.expires }
        if current.count > Self.capacity {
            for (id, _) in current.sorted(by: { $0.value < $1.value }).prefix(current.count - Self.capacity) {
                current[id] = nil
            }
        }
    }
}
