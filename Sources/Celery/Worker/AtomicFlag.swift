import Synchronization

/// A flag that can be raised once, shared between tasks.
final class AtomicFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Raises the flag; returns `true` only for the first caller.
    func raise() -> Bool { !raised.exchange(true, ordering: .acquiringAndReleasing) }

    var isRaised: Bool { raised.load(ordering: .acquiring) }
}
