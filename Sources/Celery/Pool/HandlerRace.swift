import JSON
import Synchronization

/// How waiting for a handler ended: it finished, its hard limit passed, or the waiting task was cancelled.
enum HandlerRaceEnd: Sendable {
    case finished(Result<JSONValue, any Error>)
    case deadlinePassed
    case cancelled
}

/// Waits for `work`, but no longer than `deadline` seconds (if given) and no longer than the calling
/// task stays uncancelled. The work is not awaited past either: a handler that ignores cancellation
/// is abandoned, and goes on until it ends by itself.
func race(_ work: Task<JSONValue, any Error>, deadline: Double?) async -> HandlerRaceEnd {
    let settle = Mutex<(CheckedContinuation<HandlerRaceEnd, Never>?, HandlerRaceEnd?)>((nil, nil))
    // Whichever comes first settles the race; a continuation not created yet is resumed when it is.
    let resolve: @Sendable (HandlerRaceEnd) -> Void = { end in
        let waiting = settle.withLock { state -> CheckedContinuation<HandlerRaceEnd, Never>? in
            guard state.1 == nil else { return nil }
            state.1 = end
            defer { state.0 = nil }
            return state.0
        }
        waiting?.resume(returning: end)
    }
    let waiter = Task { resolve(.finished(await work.result)) }
    let timer = deadline.map { seconds in
        Task {
            try await Task.sleep(for: .clamped(seconds: seconds))
            resolve(.deadlinePassed)
        }
    }
    defer {
        waiter.cancel()
        timer?.cancel()
    }
    return await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            let settled = settle.withLock { state -> HandlerRaceEnd? in
                if state.1 == nil { state.0 = continuation }
                return state.1
            }
            if let settled { continuation.resume(returning: settled) }
        }
    } onCancel: {
        resolve(.cancelled)
    }
}
