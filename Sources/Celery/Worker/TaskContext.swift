public import JSON

/// What a running task sees of its invocation, and how it reports progress or asks to be retried.
public struct TaskContext: Sendable {
    /// The task message as received: id, arguments, headers.
    public let message: TaskMessage
    /// The worker's node name, e.g. `celery@host`.
    public let hostname: String
    let reportState: @Sendable (TaskState, JSONValue) async throws -> Void

    /// The task id.
    public var id: String { message.id }
    /// The positional arguments.
    public var args: [JSONValue] { message.args }
    /// The keyword arguments, in the order sent.
    public var kwargs: JSONObject { message.kwargs }
    /// How many times this task has been retried so far.
    public var retries: Int { message.retries }

    /// Stores a custom state such as `PROGRESS` with its meta, like Python's `self.update_state`.
    public func updateState(_ state: TaskState, meta: JSONValue) async throws {
        try await reportState(state, meta)
    }

    /// The error to throw to retry this task later: `throw context.retry(countdown: 5, error: failure)`.
    ///
    /// - Parameters:
    ///   - countdown: seconds until the retry; the task's `defaultRetryDelay` when `nil`.
    ///   - error: the exception stored with the RETRY state, and raised once retries run out.
    public func retry(countdown: Double? = nil, error: TaskFailure? = nil) -> TaskRetry {
        TaskRetry(countdown: countdown, failure: error)
    }
}

/// Thrown by a task handler to be run again later (see ``TaskContext/retry(countdown:error:)``).
public struct TaskRetry: Error, Sendable {
    /// Seconds until the retry; the task's `defaultRetryDelay` when `nil`.
    public var countdown: Double?
    /// The exception stored with the RETRY state, and raised once retries run out.
    public var failure: TaskFailure?
}
