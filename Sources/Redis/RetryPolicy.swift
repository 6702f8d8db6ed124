public import Logging

/// Exponential back-off for calls that must outlive a Redis restart.
public struct RetryPolicy: Sendable {
    /// The first wait. Defaults to 100 ms.
    public var initialDelay: Duration
    /// The longest wait. Defaults to 5 seconds.
    public var maximumDelay: Duration

    /// A policy that waits `initialDelay` after the first failure and twice as long after each next one, up to
    /// `maximumDelay`.
    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// Runs `operation` until it succeeds, waiting longer after each connection failure.
    ///
    /// Only transient errors (``RedisError/isTransient``: a broken connection, a server loading or failing
    /// over) are retried; other error replies and other errors are thrown.
    /// Cancellation ends the waiting with `CancellationError`.
    @discardableResult
    public func run<Result: Sendable>(
        logger: Logger,
        _ operation: @Sendable () async throws -> Result
    ) async throws -> Result {
        var delay = initialDelay
        while true {
            do {
                return try await operation()
            } catch let error as RedisError where error.isTransient {
                logger.warning(
                    "Redis unavailable, retrying", metadata: ["redis.error": "\(error)", "redis.retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, maximumDelay)
            }
        }
    }
}
