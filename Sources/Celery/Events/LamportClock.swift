import Synchronization

/// Celery's logical clock (`app.clock`): advanced on every event sent and control message handled,
/// and moved past the clock of every message received, so monitors can order what they see.
package final class LamportClock: Sendable {
    private let value = Atomic<Int>(0)

    package init() {}

    /// The current value, without advancing it.
    package var current: Int { value.load(ordering: .relaxed) }

    /// Advances the clock and returns the new value.
    @discardableResult
    package func forward() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }

    /// Moves the clock past `other` (`max(current, other) + 1`) and returns the new value.
    @discardableResult
    package func adjust(_ other: Int) -> Int {
        var current = value.load(ordering: .relaxed)
        while true {
            let next = max(current, other) + 1
            let (exchanged, original) = value.compareExchange(
                expected: current, desired: next, ordering: .relaxed)
            if exchanged { return next }
            current = original
        }
    }
}
