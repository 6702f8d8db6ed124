import Dispatch

/// Runs CPU-bound rendering off the Swift cooperative pool, on a Dispatch queue the task owns.
///
/// A render takes from a tenth of a second to many seconds and a PNG already spreads its painting
/// over every core (`DispatchQueue.concurrentPerform`), so by default one render runs at a time:
/// more would only compete for the same cores. Heartbeats, progress writes and other tasks' I/O stay
/// on the cooperative pool and are never starved.
public struct RenderQueue: Sendable {
    private let queue: DispatchQueue

    /// Creates a queue.
    ///
    /// - Parameter label: the Dispatch label, shown in debuggers. Defaults to `mapposter.render`.
    public init(label: String = "mapposter.render") {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `work` on the queue and returns its result. Cancelling the caller does not stop `work`
    /// once it has started.
    public func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}
