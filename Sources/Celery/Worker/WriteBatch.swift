import Synchronization

/// Writes sent together: while one batch is on its way to Redis, the items submitted meanwhile wait and go in the
/// next one. A busy worker sends one script call for many tasks; an idle one waits for nothing. Each caller returns
/// once the batch holding its item has been applied, with that item's reply.
final class WriteBatch<Item: Sendable, Reply: Sendable>: Sendable {
    private typealias Waiter = (item: Item, continuation: CheckedContinuation<Reply, any Error>)
    private struct State {
        var waiting: [Waiter] = []
        var isSending = false
    }

    private let state = Mutex(State())
    private let send: @Sendable ([Item]) async throws -> [Reply]

    /// - Parameter send: applies one batch and returns one reply per item, in order.
    init(send: @escaping @Sendable ([Item]) async throws -> [Reply]) {
        self.send = send
    }

    /// Sends `item` in the next batch; returns its reply, or throws what applying that batch threw.
    func submit(_ item: Item) async throws -> Reply {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Reply, any Error>) in
            let leads = state.withLock { state in
                state.waiting.append((item, continuation))
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
                let replies = try await send(batch.map(\.item))
                precondition(replies.count == batch.count, "a batch needs one reply per item")
                for (waiter, reply) in zip(batch, replies) { waiter.continuation.resume(returning: reply) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
