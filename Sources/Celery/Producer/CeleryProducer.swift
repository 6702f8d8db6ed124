import Foundation
public import JSON
import Redis
import Synchronization

/// Publishes task messages exactly as a Python producer's `send_task`/`apply_async` does, so that a
/// Python worker or a Swift worker can run them.
///
/// Each queue is declared once per producer (`_kombu.binding.*`) before its first message, as kombu does.
public final class CeleryProducer: Sendable {
    public let broker: RedisBroker
    public let backend: RedisResultBackend?
    /// The sender's node name written to `headers.origin`, `gen<pid>@<host>` like Python's.
    public let origin: String
    private let replyTo = newIdentifier()
    private let declaredQueues = Mutex<Set<String>>([])

    public init(broker: RedisBroker, backend: RedisResultBackend?, origin: String? = nil) {
        self.broker = broker
        self.backend = backend
        self.origin = origin ?? "gen\(getpid())@\(ProcessInfo.processInfo.hostName)"
    }

    /// Sends task `name` with `args` and `kwargs`.
    ///
    /// - Returns: a handle to read the result with.
    @discardableResult
    public func send(
        _ name: String,
        args: [JSONValue] = [],
        kwargs: JSONObject = JSONObject(),
        options: TaskOptions = TaskOptions()
    ) async throws -> AsyncResult {
        try await publish(name, args: args, kwargs: kwargs, embed: nil, options: options)
    }

    /// Sends a task with an explicit embed (callbacks, errbacks, chain, chord).
    @discardableResult
    public func publish(
        _ name: String,
        args: [JSONValue],
        kwargs: JSONObject,
        embed: JSONObject?,
        options: TaskOptions
    ) async throws -> AsyncResult {
        let id = options.taskID ?? newIdentifier()
        let envelope = TaskMessage.envelope(
            name: name, id: id, args: args, kwargs: kwargs, embed: embed,
            options: options, origin: origin, replyTo: replyTo
        )
        // The queue's bindings go in the same write as the first message sent to it.
        let declared = declaredQueues.withLock { $0.contains(options.queue) }
        let declaration = declared ? [] : broker.declareCommands(queue: options.queue)
        try await broker.client.pipeline(declaration + [broker.publishCommand(envelope, queue: options.queue)])
            .throwingFirstError()
        if !declared { declaredQueues.withLock { _ = $0.insert(options.queue) } }
        return AsyncResult(id: id, backend: backend)
    }
}

/// A handle on a task's result, like Python's `AsyncResult`.
public struct AsyncResult: Sendable {
    public let id: String
    public let backend: RedisResultBackend?

    public init(id: String, backend: RedisResultBackend?) {
        self.id = id
        self.backend = backend
    }

    /// The current state; `PENDING` while nothing is stored.
    public func state() async throws -> TaskState {
        try await backend?.meta(for: id)?.status ?? .pending
    }

    /// The stored result or meta (`AsyncResult.info`), `nil` while pending.
    public func info() async throws -> JSONValue? {
        try await backend?.meta(for: id)?.result
    }

    /// Waits for the task to finish and returns its return value.
    ///
    /// - Throws: ``CeleryError`` `taskFailed` carrying the task's exception, or `timeout`.
    public func get(timeout: Duration = .seconds(30)) async throws -> JSONValue {
        guard let backend else { throw CeleryError(code: .configuration, message: "no result backend configured") }
        let meta = try await backend.waitForReady(id, timeout: timeout)
        if meta.status == .success { return meta.result }
        let failure = meta.failure ?? .runtimeError("task ended in \(meta.status)")
        throw CeleryError(code: .taskFailed, message: failure.description, failure: failure)
    }
}
