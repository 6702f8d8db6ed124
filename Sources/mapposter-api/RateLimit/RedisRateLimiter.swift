import Celery
import Redis

/// A fixed-window counter per client in Redis, so that every API replica shares the same limit.
///
/// The limit is checked by Redis in the same script that publishes the task (a ``Celery/PublishGate``): one round
/// trip per request counts the hit, sets the window's expiry on its first hit, records who spent the slot, and
/// sends the task only within the limit.
struct RedisRateLimiter: Sendable {
    /// The outcome of one hit.
    struct Decision: Sendable, Equatable {
        /// Whether the request may go on.
        var allowed: Bool
        /// Seconds until the window ends (the `Retry-After` value).
        var retryAfter: Int
    }

    let limit: RateLimit
    /// Prefix of the counter keys. Defaults to `mapposter:ratelimit:<name>:`.
    let keyPrefix: String

    init(limit: RateLimit, name: String) {
        self.limit = limit
        self.keyPrefix = "mapposter:ratelimit:\(name):"
    }

    /// The gate that counts one request from `clientAddress` and admits it within the limit; when admitted,
    /// `ownerKey` (if given) records the client until its window ends.
    func gate(for clientAddress: String, recordingOwnerAt ownerKey: String?) -> PublishGate {
        PublishGate(
            Self.admission, keys: [keyPrefix + clientAddress] + (ownerKey.map { [$0] } ?? []),
            arguments: [String(limit.windowSeconds), String(limit.count), clientAddress])
    }

    /// The decision in a gate's reply.
    func decision(from verdict: [RedisValue]) throws -> Decision {
        guard verdict.count == 3, let admitted = verdict[0].int, let ttl = verdict[2].int else {
            throw RedisError(
                code: .protocolError, message: "unexpected rate limit reply \(verdict)", command: "EVALSHA")
        }
        return Decision(allowed: admitted == 1, retryAfter: max(1, ttl))
    }

    /// KEYS: the counter[, the owner record]. ARGV: window seconds, limit, client address.
    /// Returns {1 when admitted else 0, count, seconds left}.
    static let admission = PublishGate.Condition(
        lua: """
            local count = redis.call('INCR', KEYS[1])
            local ttl = redis.call('TTL', KEYS[1])
            if count == 1 or ttl < 0 then
              redis.call('EXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            if count > tonumber(ARGV[2]) then return {0, count, ttl} end
            if KEYS[2] then redis.call('SET', KEYS[2], ARGV[3], 'EX', math.max(1, ttl)) end
            return {1, count, ttl}
            """)
}
