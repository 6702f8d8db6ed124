import Dispatch

/// Runs blocking work (rendering) on a Dispatch thread, off the Swift cooperative pool (STYLE §8).
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
