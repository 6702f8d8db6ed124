import Dispatch

/// Runs blocking work (file reads, libcurl transfers) off the Swift cooperative pool.
///
/// Each call gets a thread from a Dispatch concurrent queue, so a long read or download never
/// occupies one of the pool's few threads (STYLE §8).
package enum BlockingWork {
    private static let queue = DispatchQueue(label: "mapposter.osm.blocking", attributes: .concurrent)

    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
