public import BlockingWork

extension CurlEasyHandle {
    /// Runs `request` on a fresh handle on a thread of `pool`, off the Swift cooperative pool.
    ///
    /// The transfer holds one of the pool's threads for its duration (bounded by the request's timeouts).
    /// Cancelling the task does not abort a transfer that has started.
    /// - Throws: ``CurlError``; what ``BlockingWork/BlockingPool/perform(_:)`` throws.
    public static func transfer(_ request: CurlRequest, on pool: BlockingPool) async throws -> CurlResponse {
        try await pool.perform { try CurlEasyHandle().perform(request) }
    }
}
