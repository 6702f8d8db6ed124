import Synchronization

/// A flag raised once to stop loops that block on Redis and cannot see task cancellation.
public final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Raises the flag; loops stop at their next check.
    public func raise() { raised.store(true, ordering: .releasing) }

    /// Whether ``raise()`` was called.
    public var isRaised: Bool { raised.load(ordering: .acquiring) }
}
