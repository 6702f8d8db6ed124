/// A Celery task state name as stored in `celery-task-meta-<id>` (celery-protocol.md §3.3).
///
/// Custom states such as `PROGRESS` are any other string.
public struct TaskState: Sendable, Hashable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// Never stored: a missing result key reads as pending.
    public static let pending: TaskState = "PENDING"
    public static let started: TaskState = "STARTED"
    public static let success: TaskState = "SUCCESS"
    public static let failure: TaskState = "FAILURE"
    public static let retry: TaskState = "RETRY"
    public static let revoked: TaskState = "REVOKED"
    /// The custom state the Python original reports while it works.
    public static let progress: TaskState = "PROGRESS"

    /// SUCCESS, FAILURE and REVOKED: the task will not change state again.
    public var isReady: Bool { [.success, .failure, .revoked].contains(self) }
    /// States whose `result` is an exception dict.
    public var isException: Bool { [.failure, .retry, .revoked].contains(self) }

    public var description: String { rawValue }
}
