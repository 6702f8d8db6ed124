import Synchronization

/// One kind of work on a ``BlockingPool``, at most ``width`` pieces at once: renders, say, where one already paints
/// on every core and a second at the same time would only compete for them.
///
/// Work beyond the width waits for its turn in order of arrival, suspended (it holds no pool thread while it
/// waits), so the pool's other work goes on meanwhile. Cancelling a waiting caller takes it out of the line.
public final class BlockingLane: Sendable {
    /// The pool the work runs on.
    public let pool: BlockingPool
    /// How many pieces of this kind of work run at once.
    public let width: Int
    private let admission: Mutex<Admission>

    private struct Admission {
        /// Places free now.
        var free: Int
        /// Callers waiting for a place, first come first served.
        var waiting: [(id: UInt64, turn: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }

    /// How a caller came to the lane.
    private enum Entry {
        case admitted, waiting, cancelled
    }

    /// Creates a lane on `pool`.
    ///
    /// - Parameters:
    ///   - pool: where the work runs.
    ///   - width: how many pieces of this work run at once. Defaults to 1.
    public init(pool: BlockingPool, width: Int = 1) {
        precondition(width > 0, "a lane needs a width of at least 1")
        self.pool = pool
        self.width = width
        admission = Mutex(Admission(free: width))
    }

    /// Waits for a place in the lane, then runs `work` on the pool (``BlockingPool/perform(_:)``).
    ///
    /// - Throws: `CancellationError` when cancelled while waiting; whatever ``BlockingPool/perform(_:)`` throws.
    public func perform<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await enter()
        defer { leave() }
        return try await pool.perform(work)
    }

    /// Takes a place, waiting for one when the lane is full.
    private func enter() async throws {
        let id = admission.withLock { admission in
            defer { admission.nextID += 1 }
            return admission.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (turn: CheckedContinuation<Void, any Error>) in
                let entry = admission.withLock { admission -> Entry in
                    // Cancelled before waiting: the handler below found no one to take out of the line.
                    if Task.isCancelled { return .cancelled }
                    guard admission.free == 0 else {
                        admission.free -= 1
                        return .admitted
                    }
                    admission.waiting.append((id, turn))
                    return .waiting
                }
                switch entry {
                case .admitted: turn.resume()
                case .cancelled: turn.resume(throwing: CancellationError())
                case .waiting: break
                }
            }
        } onCancel: {
            let turn = admission.withLock { admission in
                admission.waiting.firstIndex { $0.id == id }.map { admission.waiting.remove(at: $0).turn }
            }
            turn?.resume(throwing: CancellationError())
        }
    }

    /// Gives a place back, to the first caller waiting if there is one.
    private func leave() {
        let next = admission.withLock { admission -> CheckedContinuation<Void, any Error>? in
            if admission.waiting.isEmpty {
                admission.free += 1
                return nil
            }
            return admission.waiting.removeFirst().turn
        }
        next?.resume()
    }
}
