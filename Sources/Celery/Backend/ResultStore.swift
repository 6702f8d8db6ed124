package import JSON
package import Logging
package import Redis

/// Where a worker stores task results: Celery's Redis result backend (``RedisResultBackend``) in production, an
/// in-memory one in the worker's unit tests.
package protocol ResultStore: Sendable {
    /// Time to live of stored results; `nil` keeps them for ever.
    var expires: Duration? { get }

    /// Stores each of `metas` (unless a SUCCESS is already stored for its task) and publishes it, then carries out
    /// `acknowledgements`, all in one atomic step.
    /// - Returns: for each meta, in order, whether it was written.
    func store(_ metas: [TaskResultMeta], acknowledging acknowledgements: [MessageAcknowledgement]) async throws
        -> [Bool]

    /// The stored meta of a task, or `nil` while it is pending.
    func meta(for taskID: String) async throws -> TaskResultMeta?

    /// Celery's `on_chord_part_return`: counts `part` into its chord, and the part that completes the chord sends
    /// the callback with the header's results (``RedisResultBackend`` documents the join).
    func chordPartReturned(
        _ part: ChordPart, retryPolicy: RetryPolicy, logger: Logger,
        sendCallback: @Sendable ([JSONValue]) async throws -> Void
    ) async throws -> ChordOutcome
}

extension RedisResultBackend: ResultStore {}
