public import JSON

/// A handle on a typed task's result, like Python's `AsyncResult`: its return value decodes as `Output`.
///
/// Made by ``CeleryProducer/delay(_:_:)`` and ``CeleryProducer/applyAsync(_:_:options:)``; ``untyped`` is the
/// `JSONValue` form of the same handle.
public struct TypedAsyncResult<Output: Decodable & Sendable>: Sendable {
    /// The same result, read as JSON.
    public let untyped: AsyncResult
    /// The task's registered name, for error messages.
    public let taskName: String
    private let broker: RedisBroker

    /// - Parameters:
    ///   - untyped: the handle of the task's result.
    ///   - taskName: the task's registered name.
    ///   - broker: where ``revoke(terminate:signal:replyWindow:)`` broadcasts.
    public init(_ untyped: AsyncResult, taskName: String, broker: RedisBroker) {
        self.untyped = untyped
        self.taskName = taskName
        self.broker = broker
    }

    /// The task id.
    public var id: String { untyped.id }

    /// The current state; `PENDING` while nothing is stored.
    public func state() async throws -> TaskState { try await untyped.state() }

    /// What is stored now, as Python's `AsyncResult.info`: the result, the exception dict, or a custom state's meta
    /// (a `PROGRESS` task's `{"current": …}`); `nil` while pending.
    public func info() async throws -> JSONValue? { try await untyped.info() }

    /// Waits for the task to finish and returns its result decoded as `Output`.
    ///
    /// - Throws: ``CeleryError`` `taskFailed` carrying the task's exception (what Python's `get()` raises),
    ///   `timeout`, or `invalidResult` when the result does not decode as `Output`.
    public func get(timeout: Duration = .seconds(30)) async throws -> Output {
        let value = try await untyped.get(timeout: timeout)
        do {
            return try value.decode(Output.self)
        } catch let error as DecodingError {
            throw CeleryError(
                code: .invalidResult,
                message: "the result of \(taskName) (\(id)) is not a \(Output.self): \(error.explanation(of: "result"))"
            )
        }
    }

    /// Revokes the task, as Python's `AsyncResult.revoke()`: every worker, Swift or Python, is told through the
    /// `revoke` remote-control broadcast to discard it, and the id joins the Swift workers' revoked set in Redis,
    /// so a Swift worker that starts later skips it too.
    ///
    /// A task not yet started ends REVOKED when a worker meets it; a running one is stopped only with `terminate`.
    ///
    /// - Parameters:
    ///   - terminate: also stop the task if it is running (a Python prefork worker sends `signal` to its process).
    ///   - signal: the signal's name for `terminate`. Defaults to `SIGTERM`.
    ///   - replyWindow: how long to collect the workers' replies; zero (the default) does not wait, as Python's
    ///     `revoke()` without `reply=True`.
    /// - Returns: the node names that replied within `replyWindow`.
    @discardableResult
    public func revoke(terminate: Bool = false, signal: String = "SIGTERM", replyWindow: Duration = .zero)
        async throws -> [String]
    {
        let pidbox = Pidbox(client: broker.client, names: broker.names, nodeName: "revoke@\(id)", logger: broker.logger)
        let replies = try await pidbox.call(
            "revoke",
            arguments: JSONObject([
                ("task_id", .string(id)), ("terminate", .bool(terminate)), ("signal", .string(signal)),
            ]),
            clock: 0, timeout: replyWindow)
        try await RevokedStore(client: broker.client, keyPrefix: broker.names.keyPrefix).add([id])
        return replies.flatMap(\.orderedKeys)
    }
}
