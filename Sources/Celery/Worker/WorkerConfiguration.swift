public import Foundation

/// How a ``CeleryWorker`` consumes and runs tasks. Defaults are Celery's.
public struct WorkerConfiguration: Sendable {
    /// The node name, `celery@<host>` by default (`--hostname`).
    public var nodeName: String
    /// Queues to consume, in priority order for fairness. Defaults to `["celery"]`.
    public var queues: [String]
    /// How many tasks run at once. Defaults to the CPU count.
    public var concurrency: Int
    /// Messages reserved per concurrency slot (`worker_prefetch_multiplier`). Defaults to 4.
    public var prefetchMultiplier: Int
    /// Acknowledge after the task finished (`task_acks_late`). Defaults to `false`.
    public var acksLate: Bool
    /// Store a STARTED state when a task starts (`task_track_started`). Defaults to `false`.
    public var trackStarted: Bool
    /// Add `name`, `args`, `kwargs`, `worker`, `retries`, `queue` to results (`result_extended`).
    public var resultExtended: Bool
    /// Default hard and soft time limits in seconds (`task_time_limit`, `task_soft_time_limit`).
    public var timeLimit: Double?
    public var softTimeLimit: Double?
    /// How often the visibility-timeout sweep runs. kombu's effective period is 100 seconds.
    public var restoreInterval: Duration

    public init(
        nodeName: String = "celery@\(ProcessInfo.processInfo.hostName)",
        queues: [String] = ["celery"],
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        prefetchMultiplier: Int = 4,
        acksLate: Bool = false,
        trackStarted: Bool = false,
        resultExtended: Bool = false,
        timeLimit: Double? = nil,
        softTimeLimit: Double? = nil,
        restoreInterval: Duration = .seconds(100)
    ) {
        self.nodeName = nodeName
        self.queues = queues
        self.concurrency = concurrency
        self.prefetchMultiplier = prefetchMultiplier
        self.acksLate = acksLate
        self.trackStarted = trackStarted
        self.resultExtended = resultExtended
        self.timeLimit = timeLimit
        self.softTimeLimit = softTimeLimit
        self.restoreInterval = restoreInterval
    }

    /// `concurrency × prefetchMultiplier`; 0 means unlimited, as in kombu.
    public var prefetchCount: Int { concurrency * prefetchMultiplier }
}
