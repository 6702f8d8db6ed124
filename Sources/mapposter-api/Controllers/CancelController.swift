import Celery
import Foundation
import Hummingbird
import JSON
import Logging
import Redis

/// `DELETE /tasks/{task_id}`: cancels a poster for real, as `AsyncResult(id).revoke(terminate=True)` does.
///
/// 1. Broadcasts Celery's remote-control `revoke` with `terminate: true` on the `celery.pidbox` fanout, so every
///    worker (Swift or Python) remembers the id and the one running it stops (its pool process is killed, or its
///    task cancelled); the replies that arrive within ``replyWindow`` say which worker had it.
/// 2. Stores `REVOKED` when no worker did (the task was still queued with no worker to hear it, or no worker is
///    up), and adds the id to the Swift workers' shared revoked set, so a worker that starts later skips it.
/// 3. Gives the requester's rate-limit slot back when the task was asked for in the limiter's current window.
///
/// A task that already finished (SUCCESS, FAILURE, REVOKED) is left as it is: 409 `{"detail": …}`.
struct CancelController: Sendable {
    let backend: RedisResultBackend
    let pidbox: Pidbox
    let revoked: RevokedStore
    let quota: QuotaRefund
    /// How long to collect workers' replies to the revoke.
    var replyWindow: Duration = .milliseconds(750)

    func addRoutes(to router: Router<APIRequestContext>) {
        router.delete("tasks/:task_id", use: cancel)
    }

    @Sendable func cancel(request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("task_id")
        let before = try await backend.meta(for: id)?.status ?? .pending
        if before.isReady {
            throw APIError(
                status: .conflict,
                body: [
                    "detail": .string("Task already finished (\(before.rawValue))"), "status": .string(before.rawValue),
                ])
        }
        let replies = try await pidbox.call(
            "revoke", arguments: JSONObject([("task_id", .string(id)), ("terminate", true), ("signal", "SIGTERM")]),
            clock: 0, timeout: replyWindow)
        let terminatedBy = replies.flatMap { reply in
            reply.compactMap { node, answer in answer["ok"]?.string?.contains(id) == true ? node : nil }
        }
        try await revoked.add([id])
        // A worker that terminated the task stores REVOKED itself (after its pool process is gone); for a task no
        // worker had, nobody else will.
        if terminatedBy.isEmpty, try await backend.meta(for: id)?.status.isReady != true {
            try await backend.store(
                TaskResultMeta(taskID: id, status: .revoked, result: TaskFailure.revoked("revoked").json))
        }
        let refunded = try await quota.refund(taskID: id)
        context.logger.info(
            "task revoked",
            metadata: [
                APILogKey.taskID: .string(id), "mapposter.terminated_by": .string(terminatedBy.joined(separator: ",")),
                "mapposter.quota_returned": .stringConvertible(refunded),
            ])
        return .json(
            .object(
                JSONObject([
                    ("task_id", .string(id)), ("status", .string(TaskState.revoked.rawValue)),
                    ("terminated", .bool(!terminatedBy.isEmpty)),
                    ("workers", .array(terminatedBy.map(JSONValue.string))), ("quota_returned", .bool(refunded)),
                ])))
    }
}

/// Gives a cancelled task's rate-limit slot back to whoever spent it, from the record the limiter's gate wrote when it
/// admitted the task: `<limiter prefix>task:<id>` = the client address, expiring with the client's window.
struct QuotaRefund: Sendable {
    let client: RedisClient
    let limiter: RedisRateLimiter

    /// Where the limiter's gate records who spent a slot on `taskID` (see ``RedisRateLimiter/gate(for:recordingOwnerAt:)``).
    func ownerKey(of taskID: String) -> String { limiter.keyPrefix + "task:" + taskID }

    /// Gives the slot of `taskID` back to whoever spent it, once, if its window is still running.
    /// - Returns: whether a slot was given back.
    func refund(taskID: String) async throws -> Bool {
        let reply = try await client.run(Self.script, keys: [ownerKey(of: taskID)], arguments: [limiter.keyPrefix])
        return reply.int == 1
    }

    /// KEYS: the task's owner record. ARGV: the counters' prefix. Returns 1 when a count was given back.
    static let script = RedisScript(
        """
        local owner = redis.call('GET', KEYS[1])
        if not owner then return 0 end
        redis.call('DEL', KEYS[1])
        local counter = ARGV[1] .. owner
        local count = tonumber(redis.call('GET', counter) or '0')
        if count > 0 and redis.call('TTL', counter) > 0 then
          redis.call('DECR', counter)
          return 1
        end
        return 0
        """
    )
}
