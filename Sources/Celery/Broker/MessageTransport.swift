/// Where a worker's messages come from and go back to: kombu's Redis transport (``RedisBroker``) in production,
/// an in-memory one in the worker's unit tests.
///
/// Every message a worker holds was taken by ``fetch(queues:limit:timeout:worker:)`` and stays recorded as
/// unacknowledged until it is acknowledged (through ``ResultStore/store(_:acknowledging:)``, atomically with any
/// result), dead-lettered, or restored: a transport loses no message a worker dies holding.
package protocol MessageTransport: Sendable {
    /// How long a message may stay unacknowledged before a sweep restores it.
    var visibilityTimeout: Duration { get }

    /// Declares `queue` so that producers' and workers' bindings find it.
    func declare(queue: String) async throws

    /// Takes up to `limit` messages from `queues` (highest priority first), waiting up to `timeout` for the first,
    /// and records them as unacknowledged. Messages too broken to record are returned dead-lettered.
    func fetch(queues: [String], limit: Int, timeout: Duration, worker: String) async throws -> [Delivery]

    /// What acknowledging `deliveryTag` takes, for the result store to carry out.
    func acknowledgement(of deliveryTag: String) -> MessageAcknowledgement

    /// Marks held messages as still being worked on, so that no sweep restores them.
    func refresh(_ deliveryTags: [String]) async throws

    /// Puts an unacknowledged message back on its queue (at the front, or the back for `leftmost`) as redelivered.
    /// - Returns: whether it was still unacknowledged.
    @discardableResult
    func restore(deliveryTag: String, leftmost: Bool, worker: String) async throws -> Bool

    /// Restores every message left unacknowledged past the visibility timeout.
    /// - Returns: how many were restored.
    @discardableResult
    func restoreVisible(worker: String) async throws -> Int

    /// Sets a message aside in its queue's dead-letter list with `reason`, and acknowledges it, atomically.
    func deadLetter(_ delivery: Delivery, reason: String, worker: String) async throws

    /// Publishes `envelope` to `queue`, behind the messages already there; with `declaring`, declares the queue in
    /// the same step.
    func publish(_ envelope: KombuEnvelope, queue: String, declaring: Bool) async throws

    /// Puts `envelope` at the front of `queue` (taken next): a message acknowledged early, given back at shutdown.
    func requeue(_ envelope: KombuEnvelope, queue: String) async throws
}

extension RedisBroker: MessageTransport {}
