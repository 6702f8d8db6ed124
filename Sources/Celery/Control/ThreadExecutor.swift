import Foundation

/// A task executor with a thread of its own, for work that must go on while task handlers keep
/// every thread of Swift's shared pool busy (CPU-bound tasks that never suspend): remote-control
/// replies, heartbeats and event publishing.
///
/// Code run with this executor as its preference (`Task(executorPreference:)`) — including the
/// isolated code of default actors it calls — runs on the thread. The thread lives as long as the
/// process: a continuation may resume onto it at any time.
///
/// `Task.sleep` would not do here: its timer fires through the shared pool, so a sleeping task would
/// wait for a free thread there. ``sleep(for:)`` is timed by this executor's thread instead.
final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `timers` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var timers: [(deadline: ContinuousClock.Instant, continuation: CheckedContinuation<Void, Never>)] = []

    init(name: String) {
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Suspends for `duration`, woken by this executor's thread (not cancellable).
    func sleep(for duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        await withCheckedContinuation { continuation in
            condition.lock()
            timers.append((deadline, continuation))
            condition.signal()
            condition.unlock()
        }
    }

    private func runJobs() {
        while true {
            condition.lock()
            var due: [CheckedContinuation<Void, Never>] = []
            while true {
                let now = ContinuousClock.now
                due = timers.filter { $0.deadline <= now }.map(\.continuation)
                timers.removeAll { $0.deadline <= now }
                if !jobs.isEmpty || !due.isEmpty { break }
                if let next = timers.map(\.deadline).min() {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: (next - now).seconds))
                } else {
                    condition.wait()
                }
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for continuation in due { continuation.resume() }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
