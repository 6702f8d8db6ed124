import Foundation
public import JSON
public import Redis

/// Publishes task messages exactly as a Python producer's `send_task`/`apply_async` does, so that a
/// Python worker or a Swift worker can run them.
///
/// Each queue is declared once per producer (`_kombu.binding.*`) before its first message, as kombu does.
/// A producer is safe to share between tasks; keep one per process.
public final class CeleryProducer: Sendable {
    /// Where messages are published.
    public let broker: RedisBroker
    /// Where the handles it returns read results; `nil` when results are not read (``AsyncResult/get(timeout:)``
    /// then throws `configuration`).
    public let backend: RedisResultBackend?
    /// The sender's node name written to `headers.origin`, `gen<pid>@<host>` like Python's.
    public var origin: String { publisher.origin }
    private let publisher: TaskPublisher

    /// A producer publishing through `broker`.
    ///
    /// - Parameters:
    ///   - broker: where messages go.
    ///   - backend: where results are read; `nil` for none.
    ///   - origin: the `origin` header; defaults to `gen<pid>@<host>`, as Python's.
    public init(broker: RedisBroker, backend: RedisResultBackend?, origin: String? = nil) {
        self.broker = broker
        self.backend = backend
        publisher = TaskPublisher(transport: broker, origin: origin)
    }

    /// Sends task `name` with `args` and `kwargs`, as Python's `app.send_task(name, args, kwargs, **options)`.
    ///
    /// - Parameters:
    ///   - name: the task's registered name, e.g. `tasks.add`.
    ///   - args: its positional arguments.
    ///   - kwargs: its keyword arguments.
    ///   - options: `apply_async`'s options: queue, countdown, priority, id….
    /// - Returns: a handle to read the result with.
    /// - Throws: `RedisError` when the message could not be published.
    @discardableResult
    public func send(
        _ name: String,
        args: [JSONValue] = [],
        kwargs: JSONObject = JSONObject(),
        options: TaskOptions = TaskOptions()
    ) async throws -> AsyncResult {
        try await publish(name, args: args, kwargs: kwargs, embed: nil, options: options)
    }

    /// Sends a task with an explicit embed (callbacks, errbacks, chain, chord), the third element of a protocol v2
    /// body, for canvases built by hand.
    ///
    /// - Parameters:
    ///   - name: the task's registered name.
    ///   - args: its positional arguments.
    ///   - kwargs: its keyword arguments.
    ///   - embed: `{"callbacks", "errbacks", "chain", "chord"}` as Python writes them; `nil` for none.
    ///   - options: `apply_async`'s options.
    /// - Returns: a handle to read the result with.
    /// - Throws: `RedisError` when the message could not be published.
    @discardableResult
    public func publish(
        _ name: String,
        args: [JSONValue],
        kwargs: JSONObject,
        embed: JSONObject?,
        options: TaskOptions
    ) async throws -> AsyncResult {
        let id = try await publisher.publish(name, args: args, kwargs: kwargs, embed: embed, options: options)
        return AsyncResult(id: id, backend: backend)
    }

    /// Sends task `name` only if `gate` admits it, deciding and publishing in one round trip.
    ///
    /// - Parameters:
    ///   - name: the task's registered name.
    ///   - args: its positional arguments.
    ///   - kwargs: its keyword arguments.
    ///   - options: `apply_async`'s options.
    ///   - gate: the condition for the task with the given id (a condition may record the id, say to give a
    ///     quota back when the task is cancelled).
    /// - Returns: the handle when the task was sent, `nil` when the gate refused it, and the gate's reply.
    public func send(
        _ name: String,
        args: [JSONValue] = [],
        kwargs: JSONObject = JSONObject(),
        options: TaskOptions = TaskOptions(),
        admittedBy gate: (_ taskID: String) -> PublishGate
    ) async throws -> (sent: AsyncResult?, verdict: [RedisValue]) {
        let id = options.taskID ?? newIdentifier()
        let envelope = publisher.envelope(name, id: id, args: args, kwargs: kwargs, embed: nil, options: options)
        let gate = gate(id)
        let names = broker.names
        let reply = try await broker.client.run(
            gate.condition.script,
            keys: gate.keys + [
                names.bindingSet(exchange: options.queue), names.permanentBindingSet(exchange: options.queue),
                names.list(queue: options.queue, priority: envelope.priority),
            ],
            arguments: [String(gate.keys.count)] + gate.arguments + [
                KombuNames.bindingMember(routingKey: options.queue, queue: options.queue), envelope.text,
            ])
        let verdict = reply.array ?? []
        return (verdict.first == .integer(1) ? AsyncResult(id: id, backend: backend) : nil, verdict)
    }
}

/// A handle on a task's result, like Python's `AsyncResult`.
///
/// For a typed task, ``TypedAsyncResult`` decodes the result too.
public struct AsyncResult: Sendable {
    /// The task id.
    public let id: String
    /// Where the result is read; `nil` when none is configured.
    public let backend: RedisResultBackend?

    /// A handle on task `id`'s result in `backend`, as Python's `AsyncResult(id)`.
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
