import Foundation
import JSON
import Synchronization

/// The `threads` pool: handlers run in the worker's own process, each on a thread of its own
/// (a ``ThreadExecutor`` per slot), never on Swift's shared pool. So the worker's timers, fetching
/// and bookkeeping go on while every slot runs CPU-bound work, and time limits fire on time.
///
/// A handler past its hard limit, or cancelled by a revoke or a cold shutdown, is cancelled and
/// abandoned: its slot gets a new thread at once, and the old one rejoins the idle threads only when
/// the handler ends by itself. A crash (a trap, a fault in C) ends the whole worker: use `prefork`
/// where tasks may crash.
final class ThreadTaskPool: TaskPool {
    private let idle = Mutex<[ThreadExecutor]>([])

    func start() async {}

    var processIdentifiers: [Int32] { [getpid()] }

    func run(_ job: PoolJob) async -> PoolJobEnd {
        let executor = idle.withLock { $0.popLast() } ?? ThreadExecutor(name: "celery-task")
        let context = TaskContext(message: job.request.message, hostname: job.hostname, reportState: job.reportState)
        let handler = job.request.definition.handler
        let work = Task(executorPreference: executor) { try await handler(context) }
        let softFired = AtomicFlag()
        let softTimer = job.softTimeLimit.map { seconds in
            Task {
                try await Task.sleep(for: .clamped(seconds: seconds))
                _ = softFired.raise()
                work.cancel()
            }
        }
        defer { softTimer?.cancel() }

        let end = await race(work, deadline: job.hardTimeLimit)
        switch end {
        case .finished(let result):
            idle.withLock { $0.append(executor) }
            switch result {
            case .success(let value): return .returned(value)
            case .failure(let retry as TaskRetry): return .retry(retry)
            case .failure(let error):
                if softFired.isRaised && (error is CancellationError || work.isCancelled) {
                    return .softTimeLimitExceeded
                }
                return .failed(TaskFailure(error))
            }
        case .deadlinePassed, .cancelled:
            work.cancel()
            Task { [self] in
                _ = await work.result
                idle.withLock { $0.append(executor) }
            }
            if case .deadlinePassed = end { return .hardTimeLimitExceeded(job.hardTimeLimit ?? 0) }
            return .cancelled
        }
    }

    func shutdown() async {}
}
