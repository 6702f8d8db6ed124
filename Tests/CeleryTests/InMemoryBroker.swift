import Foundation
import JSON
import Logging
import Redis
import Synchronization

@testable import Celery

/// A message transport and result store in memory, for running ``CeleryWorker`` without Redis.
///
/// It keeps the contract of the Redis pair: a fetched message stays unacknowledged until a settlement, a
/// dead-letter or a restore takes it out; a stored SUCCESS is never overwritten; results and the
/// acknowledgements given with them are applied in one step, and each such step is logged (``settlements``).
final class InMemoryBroker: MessageTransport, ResultStore {
    /// One settlement call: the task ids whose results it stored and the delivery tags it acknowledged.
    struct Settlement: Equatable {
        var stored: [String]
        var acknowledged: [String]
    }

    private struct Unacknowledged {
        var raw: [UInt8]
        var queue: String
        var since: Date
    }

    private struct State {
        /// Each queue's messages, the next one to take first.
        var queues: [String: [[UInt8]]] = [:]
        var declared: Set<String> = []
        var unacked: [String: Unacknowledged] = [:]
        var deadLetters: [(queue: String, reason: String, raw: [UInt8])] = []
        var results: [String: TaskResultMeta] = [:]
        var settlements: [Settlement] = []
    }

    private let state = Mutex(State())
    let visibilityTimeout: Duration
    let expires: Duration? = .seconds(86400)

    init(visibilityTimeout: Duration = .seconds(3600)) {
        self.visibilityTimeout = visibilityTimeout
    }

    // MARK: - Producing and inspecting

    /// Publishes task `name` as a Python producer would; returns its id.
    @discardableResult
    func send(_ name: String, args: [JSONValue] = [], queue: String = "celery") -> String {
        let id = newIdentifier()
        let envelope = TaskMessage.envelope(
            name: name, id: id, args: args, kwargs: JSONObject(), embed: nil, options: TaskOptions(queue: queue),
            origin: "gen1@test", replyTo: "reply")
        push(Array(envelope.text.utf8), queue: queue)
        return id
    }

    /// Puts raw bytes on `queue`, as `redis-cli LPUSH` would.
    func push(_ raw: [UInt8], queue: String = "celery") {
        state.withLock { $0.queues[queue, default: []].append(raw) }
    }

    func result(_ id: String) -> TaskResultMeta? { state.withLock { $0.results[id] } }
    var unacknowledgedTags: Set<String> { state.withLock { Set($0.unacked.keys) } }
    func queued(_ queue: String = "celery") -> [[UInt8]] { state.withLock { $0.queues[queue] ?? [] } }
    var deadLetters: [(queue: String, reason: String, raw: [UInt8])] { state.withLock { $0.deadLetters } }
    var settlements: [Settlement] { state.withLock { $0.settlements } }

    // MARK: - MessageTransport

    func declare(queue: String) async throws {
        state.withLock { _ = $0.declared.insert(queue) }
    }

    func fetch(queues: [String], limit: Int, timeout: Duration, worker: String) async throws -> [Delivery] {
        let taken = state.withLock { state -> [Delivery] in
            var taken: [Delivery] = []
            for queue in queues {
                while taken.count < limit, let raw = state.queues[queue]?.first {
                    state.queues[queue]?.removeFirst()
                    guard let tag = (try? KombuEnvelope(parsing: raw))?.deliveryTag else {
                        let reason = "envelope has no properties.delivery_tag"
                        state.deadLetters.append((queue, reason, raw))
                        taken.append(Delivery(raw: raw, queue: queue, deliveryTag: nil, deadLetterReason: reason))
                        continue
                    }
                    state.unacked[tag] = Unacknowledged(raw: raw, queue: queue, since: Date())
                    taken.append(Delivery(raw: raw, queue: queue, deliveryTag: tag))
                }
            }
            return taken
        }
        if taken.isEmpty { try await Task.sleep(for: min(timeout, .milliseconds(5))) }
        return taken
    }

    func acknowledgement(of deliveryTag: String) -> MessageAcknowledgement {
        MessageAcknowledgement(unacked: "unacked", unackedIndex: "unacked_index", deliveryTag: deliveryTag)
    }

    func refresh(_ deliveryTags: [String]) async throws {
        state.withLock { state in
            for tag in deliveryTags { state.unacked[tag]?.since = Date() }
        }
    }

    func restore(deliveryTag: String, leftmost: Bool, worker: String) async throws -> Bool {
        state.withLock { state in
            guard let entry = state.unacked.removeValue(forKey: deliveryTag) else { return false }
            if leftmost {
                state.queues[entry.queue, default: []].append(entry.raw)
            } else {
                state.queues[entry.queue, default: []].insert(entry.raw, at: 0)
            }
            return true
        }
    }

    func restoreVisible(worker: String) async throws -> Int {
        let cutoff = Date(timeIntervalSinceNow: -visibilityTimeout.seconds)
        let expired = state.withLock { $0.unacked.filter { $0.value.since < cutoff }.map(\.key) }
        var restored = 0
        for tag in expired where try await restore(deliveryTag: tag, leftmost: false, worker: worker) { restored += 1 }
        return restored
    }

    func deadLetter(_ delivery: Delivery, reason: String, worker: String) async throws {
        state.withLock { state in
            state.deadLetters.append((delivery.queue, reason, delivery.raw))
            if let tag = delivery.deliveryTag { state.unacked[tag] = nil }
        }
    }

    func publish(_ envelope: KombuEnvelope, queue: String, declaring: Bool) async throws {
        state.withLock { state in
            if declaring { state.declared.insert(queue) }
            state.queues[queue, default: []].append(Array(envelope.text.utf8))
        }
    }

    func requeue(_ envelope: KombuEnvelope, queue: String) async throws {
        state.withLock { $0.queues[queue, default: []].insert(Array(envelope.text.utf8), at: 0) }
    }

    // MARK: - ResultStore

    func store(_ metas: [TaskResultMeta], acknowledging acknowledgements: [MessageAcknowledgement]) async throws
        -> [Bool]
    {
        state.withLock { state in
            let written = metas.map { meta in
                guard state.results[meta.taskID]?.status != .success else { return false }
                state.results[meta.taskID] = meta
                return true
            }
            for acknowledgement in acknowledgements { state.unacked[acknowledgement.deliveryTag] = nil }
            state.settlements.append(
                Settlement(stored: metas.map(\.taskID), acknowledged: acknowledgements.map(\.deliveryTag)))
            return written
        }
    }

    func meta(for taskID: String) async throws -> TaskResultMeta? { result(taskID) }

    func chordPartReturned(
        _ part: ChordPart, retryPolicy: RetryPolicy, logger: Logger,
        sendCallback: @Sendable ([JSONValue]) async throws -> Void
    ) async throws -> ChordOutcome {
        throw CeleryError(code: .configuration, message: "chords are joined by the Redis result backend only")
    }
}
