public import Foundation

/// How a ``CeleryWorker`` consumes and runs tasks. Defaults are Celery's.
public struct WorkerConfiguration: Sendable {
    /// The node name, `celery@<host>` by default (`--hostname`).
    public var nodeName: String
    /// Queues to consume, in priority order for fairness. Defaults to `["celery"]`.
    public var queues: [String]
    /// How many tasks run at once. Defaults to the CPU count.
    public var concurrency: Int
    /// Where handlers run. Defaults to ``PoolKind/threads``; ``PoolKind/prefork`` needs an executable
    /// that hands ``PoolChild/environmentKey`` processes to ``PoolChild/serve(registry:broker:hostname:logger:)``
    /// (the worker command line of `WorkerCLI` does).
    public var pool: PoolKind
    /// Messages reserved per concurrency slot (`worker_prefetch_multiplier`). Defaults to 4.
    public var prefetchMultiplier: Int
    /// Acknowledge after the task finished (`task_acks_late`). Defaults to `false`.
    public var acksLate: Bool
    /// Store a STARTED state when a task starts (`task_track_started`). Defaults to `false`.
    public var trackStarted: Bool
    /// Add `name`, `args`, `kwargs`, `worker`, `retries`, `queue` to results (`result_extended`).
    public var resultExtended: Bool
    /// The default hard time limit in seconds (`task_time_limit`): a task still running then is stopped (prefork)
    /// or abandoned (threads) and fails with `TimeLimitExceeded`. Defaults to `nil`, no limit.
    public var timeLimit: Double?
    /// The default soft time limit in seconds (`task_soft_time_limit`): a handler still running then is
    /// cancelled, and fails with `SoftTimeLimitExceeded` if it throws. Defaults to `nil`, no limit.
    public var softTimeLimit: Double?
    /// How often the visibility-timeout sweep runs. kombu's effective period is 100 seconds.
    public var restoreInterval: Duration
    /// Send `task-*` monitoring events (`-E`, `worker_send_task_events`). Defaults to `false`.
    public var taskEvents: Bool
    /// Send `worker-online`/`worker-heartbeat`/`worker-offline` (off with `--without-heartbeat`).
    /// Defaults to `true`.
    public var workerEvents: Bool
    /// Seconds between `worker-heartbeat` events. Celery's is 2.
    public var heartbeatInterval: Duration
    /// Ask the other workers for their revoked ids at startup (off with `--without-mingle`).
    /// Defaults to `true`.
    public var mingle: Bool
    /// Answer remote-control commands (`celery inspect`/`control`, Flower). Defaults to `true`.
    public var remoteControl: Bool

    /// A configuration; every parameter is the property of the same name, with Celery's default.
    public init(
        nodeName: String = "celery@\(ProcessInfo.processInfo.hostName)",
        queues: [String] = ["celery"],
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        pool: PoolKind = .threads,
        prefetchMultiplier: Int = 4,
        acksLate: Bool = false,
        trackStarted: Bool = false,
        resultExtended: Bool = false,
        timeLimit: Double? = nil,
        softTimeLimit: Double? = nil,
        restoreInterval: Duration = .seconds(100),
        taskEvents: Bool = false,
        workerEvents: Bool = true,
        heartbeatInterval: Duration = .seconds(2),
        mingle: Bool = true,
        remoteControl: Bool = true
    ) {
        self.nodeName = nodeName
        self.queues = queues
        self.concurrency = concurrency
        self.pool = pool
        self.prefetchMultiplier = prefetchMultiplier
        self.acksLate = acksLate
        self.trackStarted = trackStarted
        self.resultExtended = resultExtended
        self.timeLimit = timeLimit
        self.softTimeLimit = softTimeLimit
        self.restoreInterval = restoreInterval
        self.taskEvents = taskEvents
        self.workerEvents = workerEvents
        self.heartbeatInterval = heartbeatInterval
        self.mingle = mingle
        self.remoteControl = remoteControl
    }

    /// `concurrency × prefetchMultiplier`; 0 means unlimited, as in kombu.
    public var prefetchCount: Int { concurrency * prefetchMultiplier }
}
