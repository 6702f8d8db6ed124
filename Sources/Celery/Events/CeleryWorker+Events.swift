import Foundation
import JSON
import Logging

extension CeleryWorker {
    /// `task-received`, with Celery's fields.
    func sendReceived(_ message: TaskMessage) {
        events.send(
            "task-received",
            [
                ("uuid", .string(message.id)), ("name", .string(message.name)),
                ("args", .string(message.argsRepr)), ("kwargs", .string(message.kwargsRepr)),
                ("root_id", message.rootID.map(JSONValue.string) ?? .null),
                ("parent_id", message.parentID.map(JSONValue.string) ?? .null),
                ("retries", .int(message.retries)),
                ("eta", message.headers["eta"] ?? .null), ("expires", message.headers["expires"] ?? .null),
            ])
    }

    /// Celery's `Request._announce_revoked`: a `task-revoked` event, REVOKED stored with
    /// `TaskRevokedError(reason)`, and the message acknowledged (`acknowledgement`) in the same atomic step; a chord header
    /// task's part is returned as revoked, which fails the chord.
    func announceRevoked(
        _ message: TaskMessage,
        reason: String,
        terminated: Bool = false,
        signal: String? = nil,
        expired: Bool = false,
        acknowledging acknowledgement: MessageAcknowledgement?,
        logger: Logger
    ) async {
        events.send(
            "task-revoked",
            [
                ("uuid", .string(message.id)), ("terminated", .bool(terminated)),
                ("signum", signal.map(JSONValue.string) ?? .null), ("expired", .bool(expired)),
            ])
        await store(
            meta(message, .revoked, TaskFailure.revoked(reason).json), acknowledging: acknowledgement, logger: logger)
        await returnChordParts(of: message, .revoked, TaskFailure.revoked(reason).json, logger: logger)
    }

    /// `worker-online`, then `worker-heartbeat` every ``WorkerConfiguration/heartbeatInterval``, then
    /// `worker-offline` once `stop` is raised. Runs on its own task, so a busy worker still beats.
    func heartbeatLoop(until stop: StopSignal) async {
        guard events.workerEventsEnabled else { return }
        let frequency = configuration.heartbeatInterval.seconds
        events.sendWorkerEvent(
            "worker-online", active: state.activeCount, processed: state.processedTotal,
            frequency: frequency)
        var last = ContinuousClock.now
        while !stop.isRaised {
            await controlExecutor.sleep(for: .milliseconds(100))
            guard ContinuousClock.now - last >= configuration.heartbeatInterval else { continue }
            last = ContinuousClock.now
            events.sendWorkerEvent(
                "worker-heartbeat", active: state.activeCount, processed: state.processedTotal,
                frequency: frequency)
        }
        events.sendWorkerEvent(
            "worker-offline", active: state.activeCount, processed: state.processedTotal,
            frequency: frequency)
    }
}
