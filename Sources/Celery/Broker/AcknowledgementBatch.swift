import Synchronization

/// Acknowledgements sent together: while one transaction is on its way to Redis, the tags acknowledged
/// meanwhile wait and go in the next one. A busy worker sends one `MULTI … EXEC` for many tasks; an idle one
/// waits for nothing. Each caller returns once the transaction holding its tags has been applied.
final class AcknowledgementBatch: Sendable {
    private typealias Waiter = (tags: [String], continuation: CheckedContinuation<Void, any Error>)
    private struct State {
        var waiting: [Waiter] = []
        var isSending = false
    }

    private let state = Mutex(State())
    private let send: @Sendable ([String]) async throws -> Void

    /// - Parameter send: applies one transaction for all the tags it is given.
    init(send: @escaping @Sendable ([String]) async throws -> Void) {
        self.send = send
    }

    /// Acknowledges `tags` in the next transaction; throws what applying that transaction threw.
    func acknowledge(_ tags: [String]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let leads = state.withLock { state in
                state.waiting.append((tags, continuation))
                defer { state.isSending = true }
                return !state.isSending
            }
            if leads { Task { await self.sendWaiting() } }
        }
    }

    /// Sends batch after batch until nobody waits.
    private func sendWaiting() async {
        while true {
            let batch = state.withLock { state in
                defer { state.waiting = [] }
                if state.waiting.isEmpty { state.isSending = false }
                return state.waiting
            }
            guard !batch.isEmpty else { return }
            do {
                try await send(batch.flatMap(\.tags))
                for waiter in batch { waiter.continuation.resume() }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
