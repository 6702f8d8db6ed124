/// A Celery task state name as stored in `celery-task-meta-<id>` (celery-protocol.md §3.3).
///
/// Custom states such as `PROGRESS` are any other string.
public struct TaskState: Sendable, Hashable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The state's name as stored, e.g. `SUCCESS`.
    public var rawValue: String
    /// The state named `rawValue`; any name is accepted, so custom states work.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The state named by a string literal, e.g. `let state: TaskState = "PROGRESS"`.
    public init(stringLiteral value: String) { rawValue = value }

    /// Never stored: a missing result key reads as pending.
    public static let pending: TaskState = "PENDING"
    /// The task has started (stored only with `task_track_started`, ``WorkerConfiguration/trackStarted``).
    public static let started: TaskState = "STARTED"
    /// The task returned; `result` is its return value.
    public static let success: TaskState = "SUCCESS"
    /// The task raised; `result` is the exception dict.
    public static let failure: TaskState = "FAILURE"
    /// The task is to be retried; `result` is the exception that caused the retry.
    public static let retry: TaskState = "RETRY"
    /// The task was revoked (or expired) and did not run to its end.
    public static let revoked: TaskState = "REVOKED"
    /// The custom state the Python original reports while it works.
    public static let progress: TaskState = "PROGRESS"

    /// SUCCESS, FAILURE and REVOKED: the task will not change state again.
    public var isReady: Bool { [.success, .failure, .revoked].contains(self) }
    /// States whose `result` is an exception dict.
    public var isException: Bool { [.failure, .retry, .revoked].contains(self) }

    /// The state's name, as ``rawValue``.
    public var description: String { rawValue }
}
