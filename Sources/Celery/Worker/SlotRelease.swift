import Synchronization

/// A one-time signal from a running task to its execution slot: "the handler is done, take the next task".
final class SlotRelease: Sendable {
    private struct State {
        var isReleased = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Frees the slot; later calls do nothing.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.isReleased else { return nil }
            state.isReleased = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once ``release()`` has been called.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isReleased = state.withLock { state in
                if !state.isReleased { state.waiter = continuation }
                return state.isReleased
            }
            if isReleased { continuation.resume() }
        }
    }
}
