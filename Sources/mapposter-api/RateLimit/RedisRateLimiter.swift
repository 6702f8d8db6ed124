import Redis

/// A fixed-window counter per client in Redis, so that every API replica shares the same limit.
///
/// One `EVALSHA` per request: `INCR` the client's key, set its expiry on the first hit of a window, and
/// read back the count and the seconds left.
struct RedisRateLimiter: Sendable {
    /// The outcome of one hit.
    struct Decision: Sendable, Equatable {
        /// Whether the request may go on.
        var allowed: Bool
        /// Seconds until the window ends (the `Retry-After` value).
        var retryAfter: Int
    }

    let client: RedisClient
    let limit: RateLimit
    /// Prefix of the counter keys. Defaults to `mapposter:ratelimit:<name>:`.
    let keyPrefix: String

    init(client: RedisClient, limit: RateLimit, name: String) {
        self.client = client
        self.limit = limit
        self.keyPrefix = "mapposter:ratelimit:\(name):"
    }

    /// Counts one request from `clientAddress`.
    func hit(_ clientAddress: String) async throws -> Decision {
        let reply = try await client.run(
            Self.script, keys: [keyPrefix + clientAddress], arguments: [String(limit.windowSeconds)])
        guard let values = reply.array, values.count == 2, let count = values[0].int, let ttl = values[1].int else {
            throw RedisError(code: .protocolError, message: "unexpected rate limit reply \(reply)", command: "EVALSHA")
        }
        return Decision(allowed: count <= limit.count, retryAfter: max(1, ttl))
    }

    /// KEYS: the counter. ARGV: window seconds. Returns {count, seconds left}.
    static let script = RedisScript(
        """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('TTL', KEYS[1])
        if count == 1 or ttl < 0 then
          redis.call('EXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """
    )
}
