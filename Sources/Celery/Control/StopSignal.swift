import Synchronization

/// A flag raised once to stop loops that block on Redis and cannot see task cancellation.
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)

    init() {}

    /// Raises the flag; loops stop at their next check.
    func raise() { raised.store(true, ordering: .releasing) }

    /// Whether ``raise()`` was called.
    var isRaised: Bool { raised.load(ordering: .acquiring) }
}
