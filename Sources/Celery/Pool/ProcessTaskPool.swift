import Foundation
import JSON
import Logging
import Synchronization

/// The `prefork` pool, as Celery's: every concurrency slot runs its tasks in a process of its own
/// (``PoolProcess``), one task at a time.
///
/// What it buys: a task that traps or crashes in C ends FAILURE with `WorkerLostError` and takes no
/// other task with it; a hard time limit kills the process, so even a handler that never yields stops
/// on time; revoke with terminate signals the process. A lost process is replaced at once.
/// What it costs: a process per slot (each with its own caches) and a pipe round trip per task.
final class ProcessTaskPool: TaskPool {
    private let hostname: String
    private let size: Int
    private let logger: Logger
    private let idle = Mutex<[PoolProcess]>([])
    private let live = Mutex<Set<pid_t>>([])
    private let jobs = Atomic<Int>(0)

    init(hostname: String, size: Int, logger: Logger) {
        self.hostname = hostname
        self.size = size
        self.logger = logger
    }

    func start() async {
        // Writing to a pipe whose process died must be an error, not a signal that ends the worker.
        signal(SIGPIPE, SIG_IGN)
        for _ in 0..<size {
            guard let process = await spawn() else { return }
            idle.withLock { $0.append(process) }
        }
    }

    func run(_ job: PoolJob) async -> PoolJobEnd {
        guard let process = await idleOrNewProcess() else {
            return .failed(.runtimeError("the worker could not start a pool process"))
        }
        let number = jobs.add(1, ordering: .relaxed).newValue
        let settlement = JobSettlement()
        var timers: [Task<Void, any Error>] = []
        defer { for timer in timers { timer.cancel() } }
        if let soft = job.softTimeLimit {
            timers.append(
                Task {
                    try await Task.sleep(for: .clamped(seconds: soft))
                    _ = settlement.softFired.raise()
                    try? process.send(["soft": .int(number)])
                })
        }
        if let hard = job.hardTimeLimit {
            timers.append(
                Task {
                    try await Task.sleep(for: .clamped(seconds: hard))
                    if settlement.settle(.hardTimeLimit) { process.kill(SIGKILL) }
                })
        }
        let followed = await withTaskCancellationHandler {
            await follow(job, number: number, on: process, settlement: settlement)
        } onCancel: {
            if settlement.settle(.cancelled) { process.kill(SIGTERM) }
        }
        let exit: PoolExitStatus
        switch followed {
        case .done(let frame): return Self.end(of: frame, softFired: settlement.softFired.isRaised)
        case .exited(let status): exit = status
        }
        live.withLock { _ = $0.remove(process.pid) }
        await replaceLostProcess()
        switch settlement.outcome {
        case .hardTimeLimit: return .hardTimeLimitExceeded(job.hardTimeLimit ?? 0)
        case .cancelled: return .cancelled
        default:
            logger.error(
                "Pool process exited prematurely",
                metadata: [
                    "celery.pid": "\(process.pid)", "celery.exit": "\(exit)",
                    CeleryLogKey.taskID: "\(job.request.message.id)",
                ])
            return .workerLost(.workerLost("Worker exited prematurely: \(exit) Job: \(number)."))
        }
    }

    private enum Followed {
        case done(JSONValue)
        case exited(PoolExitStatus)
    }

    /// Sends the job and reads the process's frames until its `done` frame (the process goes back to
    /// the idle list) or its exit.
    private func follow(_ job: PoolJob, number: Int, on process: PoolProcess, settlement: JobSettlement) async
        -> Followed
    {
        if (try? process.send(["run": .int(number)], payload: job.request.delivery.raw)) == nil {
            process.kill(SIGKILL)  // Its pipe is broken: make sure it is gone, then read its exit.
        }
        for await event in process.events {
            switch event {
            case .frame(let frame) where frame["state"] != nil:
                try? await job.reportState(
                    TaskState(rawValue: frame["status"]?.string ?? "PROGRESS"), frame["meta"] ?? .null)
            case .frame(let frame) where frame["done"]?.int == number:
                // A done frame that loses to a kill is ignored: the exit follows.
                if settlement.settle(.done) {
                    idle.withLock { $0.append(process) }
                    return .done(frame)
                }
            case .frame(let frame):
                logger.warning("Unexpected frame from a pool process", metadata: ["celery.frame": "\(frame)"])
            case .exited(let status):
                return .exited(status)
            }
        }
        return .exited(PoolExitStatus(signal: nil, exitCode: 0))  // Not reached: the events end with the exit.
    }

    /// The outcome a `done` frame reports.
    private static func end(of frame: JSONValue, softFired: Bool) -> PoolJobEnd {
        if let result = frame["result"] { return .returned(result) }
        if let retry = frame["retry"] {
            return .retry(
                TaskRetry(
                    countdown: retry["countdown"]?.double, failure: retry["failure"].flatMap(TaskFailure.init(json:))))
        }
        if frame["cancelled"] != nil {
            return softFired ? .softTimeLimitExceeded : .failed(.runtimeError("task cancelled"))
        }
        return .failed(frame["failure"].flatMap(TaskFailure.init(json:)) ?? .runtimeError("pool process sent \(frame)"))
    }

    func shutdown() async {
        for process in idle.withLock({ processes in
            defer { processes.removeAll() }
            return processes
        }) {
            process.close()
            for await _ in process.events {}
            live.withLock { _ = $0.remove(process.pid) }
        }
    }

    var processIdentifiers: [Int32] { live.withLock { $0.sorted() } }

    private func idleOrNewProcess() async -> PoolProcess? {
        if let process = idle.withLock({ $0.popLast() }) { return process }
        return await spawn()
    }

    private func spawn() async -> PoolProcess? {
        do {
            let process = try await PoolProcess(hostname: hostname, logger: logger)
            live.withLock { _ = $0.insert(process.pid) }
            return process
        } catch {
            logger.error("Cannot start a pool process", metadata: [CeleryLogKey.error: "\(error)"])
            return nil
        }
    }

    private func replaceLostProcess() async {
        guard let process = await spawn() else { return }
        idle.withLock { $0.append(process) }
    }
}

/// Who settled a pool job first: its `done` frame, its hard time limit, or its cancellation.
/// The first one wins; the others do nothing (no kill of a process already back in the idle list).
private final class JobSettlement: Sendable {
    enum Outcome: Int {
        case open, done, hardTimeLimit, cancelled
    }

    private let state = Atomic<Int>(Outcome.open.rawValue)
    let softFired = AtomicFlag()

    /// Settles the job as `outcome`; `true` only for the first caller.
    func settle(_ outcome: Outcome) -> Bool {
        state.compareExchange(
            expected: Outcome.open.rawValue, desired: outcome.rawValue, ordering: .acquiringAndReleasing
        )
        .exchanged
    }

    var outcome: Outcome { Outcome(rawValue: state.load(ordering: .acquiring)) ?? .open }
}
