import Foundation
import JSON
import Synchronization

/// Builds task messages as Python's `send_task` builds them and publishes them through a transport, declaring each
/// queue once, in the same write as its first message (as kombu declares a queue before its first message).
///
/// Shared by ``CeleryProducer`` and the worker (callbacks, chains, errbacks, `celery.chunks`). Safe to share
/// between tasks.
final class TaskPublisher: Sendable {
    let transport: any MessageTransport
    /// The sender's node name written to `headers.origin`.
    let origin: String
    private let replyTo = newIdentifier()
    private let declaredQueues = Mutex<Set<String>>([])

    /// - Parameter origin: the `origin` header; defaults to `gen<pid>@<host>`, as Python's.
    init(transport: any MessageTransport, origin: String? = nil) {
        self.transport = transport
        self.origin = origin ?? "gen\(getpid())@\(ProcessInfo.processInfo.hostName)"
    }

    /// Publishes task `name`; returns its id (`options.taskID`, or a new one).
    func publish(_ name: String, args: [JSONValue], kwargs: JSONObject, embed: JSONObject?, options: TaskOptions)
        async throws -> String
    {
        let id = options.taskID ?? newIdentifier()
        let envelope = envelope(name, id: id, args: args, kwargs: kwargs, embed: embed, options: options)
        let declared = declaredQueues.withLock { $0.contains(options.queue) }
        try await transport.publish(envelope, queue: options.queue, declaring: !declared)
        if !declared { declaredQueues.withLock { _ = $0.insert(options.queue) } }
        return id
    }

    /// The message of task `name` with id `id`, as Python's `send_task` writes it.
    func envelope(
        _ name: String, id: String, args: [JSONValue], kwargs: JSONObject, embed: JSONObject?, options: TaskOptions
    ) -> KombuEnvelope {
        TaskMessage.envelope(
            name: name, id: id, args: args, kwargs: kwargs, embed: embed, options: options, origin: origin,
            replyTo: replyTo)
    }
}
