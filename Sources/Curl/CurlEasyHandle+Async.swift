import Dispatch

extension CurlEasyHandle {
    private static let blockingQueue = DispatchQueue(label: "mapposter.curl.blocking", attributes: .concurrent)

    /// Runs `request` on a fresh handle on a Dispatch thread, off the Swift cooperative pool.
    ///
    /// Each call occupies one Dispatch worker thread for the transfer's duration (bounded by the
    /// request's timeouts). Cancelling the task does not abort a transfer that has started.
    public static func transfer(_ request: CurlRequest) async throws -> CurlResponse {
        try await withCheckedThrowingContinuation { continuation in
            blockingQueue.async {
                continuation.resume(with: Result { try CurlEasyHandle().perform(request) })
            }
        }
    }
}
