import Synchronization

/// Writes sent together: while one batch is on its way to Redis, the items submitted meanwhile wait and go in the
/// next one. A busy worker sends one script call for many tasks; an idle one waits for nothing. Each item's reply
/// arrives once the batch holding it has been applied.
final class WriteBatch<Item: Sendable, Reply: Sendable>: Sendable {
    /// The reply to one submitted item, to wait for when it is needed: the item is on its way already.
    final class Pending: Sendable {
        private enum State {
            case waiting(CheckedContinuation<Reply, any Error>?)
            case done(Result<Reply, any Error>)
        }

        private let state = Mutex(State.waiting(nil))

        fileprivate init() {}

        /// The item's reply, or what applying its batch threw. Wait for it once.
        var reply: Reply {
            get async throws {
                try await withCheckedThrowingContinuation { continuation in
                    let result: Result<Reply, any Error>? = state.withLock { state in
                        guard case .done(let result) = state else {
                            state = .waiting(continuation)
                            return nil
                        }
                        return result
                    }
                    if let result { continuation.resume(with: result) }
                }
            }
        }

        fileprivate func settle(_ result: Result<Reply, any Error>) {
            let waiter = state.withLock { state -> CheckedContinuation<Reply, any Error>? in
                guard case .waiting(let continuation) = state else { return nil }
                state = .done(result)
                return continuation
            }
            waiter?.resume(with: result)
        }
    }

    private struct State {
        var waiting: [(item: Item, pending: Pending)] = []
        var isSending = false
    }

    private let state = Mutex(State())
    private let send: @Sendable ([Item]) async throws -> [Reply]

    /// - Parameter send: applies one batch and returns one reply per item, in order.
    init(send: @escaping @Sendable ([Item]) async throws -> [Reply]) {
        self.send = send
    }

    /// Puts `item` in the next batch and returns at once: the caller goes on while it is written.
    func enqueue(_ item: Item) -> Pending {
        let pending = Pending()
        let leads = state.withLock { state in
            state.waiting.append((item, pending))
            defer { state.isSending = true }
            return !state.isSending
        }
        if leads { Task { await self.sendWaiting() } }
        return pending
    }

    /// Sends `item` in the next batch; returns its reply, or throws what applying that batch threw.
    func submit(_ item: Item) async throws -> Reply {
        try await enqueue(item).reply
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
                for (waiter, reply) in zip(batch, replies) { waiter.pending.settle(.success(reply)) }
            } catch {
                for waiter in batch { waiter.pending.settle(.failure(error)) }
            }
        }
    }
}
