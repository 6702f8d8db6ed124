import Foundation
import JSON
import Logging
import Redis

/// How one run of a task ended.
private enum Outcome: Sendable {
    case success(JSONValue)
    case failure(TaskFailure)
    case retry(TaskRetry)
    /// Cancelled by a cold shutdown: the message goes back to the queue.
    case interrupted
    /// Cancelled by `revoke` with `terminate`.
    case terminated
}

extension CeleryWorker {
    /// Runs one held request to the end: expiry check, ack, time limits, result, retries, callbacks.
    ///
    /// - Parameter runEnded: called as soon as the handler has returned (or will not run), before the result is
    ///   stored: the execution slot is free from then on.
    func execute(_ request: HeldRequest, runEnded: @Sendable () -> Void) async {
        var request = request
        let message = request.message
        let tag = request.delivery.deliveryTag
        let logger = request.logger
        let acksLate = self.acksLate(request)
        let storesResult = !(message.ignoreResult || request.definition.ignoreResult)
        let acknowledgement = tag.map(transport.acknowledgement(of:))

        if let expires = message.expires, expires <= Date() {
            logger.info("Task expired; revoked without running")
            await announceRevoked(
                message, reason: "expired", expired: true, acknowledging: acknowledgement, logger: logger)
            return
        }
        if revoked.contains(message.id) {
            logger.info("Task revoked; not run")
            await announceRevoked(message, reason: "revoked", acknowledging: acknowledgement, logger: logger)
            return
        }
        events.send("task-started", [("uuid", .string(message.id))])
        // An early ack goes out as the task starts and is settled before its outcome is handled, as Celery's
        // `Request.on_accepted` acknowledges once the pool has taken the task: the handler does not wait a round trip.
        let earlyAck = acksLate ? nil : acknowledgement.map { settlements.enqueue(Settlement(acknowledgement: $0)) }
        if configuration.trackStarted && storesResult {
            let started: JSONValue = ["pid": .int(Int(getpid())), "hostname": .string(configuration.nodeName)]
            await store(meta(message, .started, started), logger: logger)
        }

        let startTime = ContinuousClock.now
        let outcome = await run(request, storesResult: storesResult)
        runEnded()
        if let earlyAck, let tag, await settled(earlyAck, tag: tag, logger: logger) {
            request.acknowledged = true
            state.markAcknowledged(tag)
        }
        let runtime = ContinuousClock.now - startTime
        let lateAck = acksLate ? acknowledgement : nil

        switch outcome {
        case .success(let value):
            events.send(
                "task-succeeded",
                [
                    ("uuid", .string(message.id)), ("result", .string(CelerySafeRepr.repr(value))),
                    ("runtime", .double(runtime.seconds)),
                ])
            let children = await dispatchCallbacks(of: message, result: value, logger: logger)
            if storesResult {
                var success = meta(message, .success, value)
                success.children = children
                await store(success, acknowledging: lateAck, logger: logger)
            } else if let lateAck {
                await acknowledge(lateAck, logger: logger)
            }
            await returnChordParts(of: message, .success, value, logger: logger)
            logger.info("Task succeeded", metadata: [CeleryLogKey.runtime: "\(runtime)"])
        case .failure(let failure):
            logger.info(
                "Task failed", metadata: [CeleryLogKey.error: "\(failure)", CeleryLogKey.runtime: "\(runtime)"])
            events.send(
                "task-failed",
                [
                    ("uuid", .string(message.id)), ("exception", .string(failure.repr)),
                    ("traceback", .string(failure.traceback)),
                ])
            if storesResult {
                var stored = meta(message, .failure, failure.json)
                stored.traceback = failure.traceback
                await store(stored, acknowledging: lateAck, logger: logger)
            } else if let lateAck {
                await acknowledge(lateAck, logger: logger)
            }
            await propagateFailure(of: message, failure, storesResult: storesResult, logger: logger)
        case .retry(let retry):
            await handleRetry(request, retry, storesResult: storesResult, lateAck: lateAck, logger: logger)
        case .interrupted:
            logger.warning("Task interrupted by cold shutdown; its message goes back to the queue")
            state.setAsideInterrupted(tag ?? message.id)
        case .terminated:
            logger.info("Task terminated by a revoke")
            // This task is cancelled; the bookkeeping runs on one that is not.
            await Task {
                await announceRevoked(
                    message, reason: "terminated", terminated: true, signal: "15",
                    acknowledging: acksLate ? acknowledgement : nil, logger: logger)
            }.value
        }
    }

    /// Whether an early ack went through: its first write, else a retry that waits out a Redis restart or failover.
    /// When that fails too, the message stays unacknowledged and runs again after the visibility timeout.
    private func settled(_ earlyAck: WriteBatch<Settlement, Bool>.Pending, tag: String, logger: Logger) async -> Bool {
        if (try? await earlyAck.reply) != nil { return true }
        return await acknowledge(
            tag, failure: "Early ack failed; the message runs again after the visibility timeout", level: .warning,
            logger: logger)
    }

    /// Acknowledges `tag`, waiting out a Redis restart or failover (a message left unacknowledged would run again).
    /// When that fails, logs `failure` at `level` and returns `false`.
    @discardableResult
    private func acknowledge(
        _ tag: String, failure: Logger.Message, level: Logger.Level, logger: Logger
    ) async -> Bool {
        do {
            try await retryPolicy.run(logger: logger) {
                _ = try await self.settlements.submit(
                    Settlement(acknowledgement: self.transport.acknowledgement(of: tag)))
            }
            return true
        } catch {
            logger.log(level: level, failure, metadata: [CeleryLogKey.error: "\(error)"])
            return false
        }
    }

    /// Acknowledges a late-ack message whose result was not stored (the task stores none).
    private func acknowledge(_ acknowledgement: MessageAcknowledgement, logger: Logger) async {
        await acknowledge(
            acknowledgement.deliveryTag, failure: "Ack failed; the message will be redelivered", level: .error,
            logger: logger)
    }

    /// Runs the handler in the pool with the task's time limits: the message's, else a `time_limit`
    /// control override, else the task definition's, else the worker's.
    private func run(_ request: HeldRequest, storesResult: Bool) async -> Outcome {
        let message = request.message
        let override = overrides.timeLimits(for: message.name)
        let hard =
            message.hardTimeLimit ?? (override.map(\.hard) ?? request.definition.timeLimit) ?? configuration.timeLimit
        let soft =
            message.softTimeLimit ?? (override.map(\.soft) ?? request.definition.softTimeLimit)
            ?? configuration.softTimeLimit
        // A limit that had passed before the start (a negative one, normalized to 0) fails the task without running
        // it: racing a zero-length timer against the handler decided by which thread ran first.
        if let hard, hard <= 0 { return .failure(.timeLimitExceeded(hard)) }
        let job = PoolJob(request: request, hostname: configuration.nodeName, hardTimeLimit: hard, softTimeLimit: soft)
        {
            state, meta in
            guard storesResult else { return }
            _ = try await self.results.store([self.meta(message, state, meta)], acknowledging: [])
        }
        switch await pool.run(job) {
        case .returned(let value): return .success(value)
        case .failed(let failure): return .failure(failure)
        case .retry(let retry): return .retry(retry)
        case .softTimeLimitExceeded: return .failure(.softTimeLimitExceeded)
        case .hardTimeLimitExceeded(let seconds): return .failure(.timeLimitExceeded(seconds))
        case .workerLost(let failure):
            if state.isCold { return .interrupted }
            return .failure(failure)
        case .cancelled:
            if state.isCold { return .interrupted }
            if state.wasTerminated(request.delivery.deliveryTag ?? message.id) { return .terminated }
            return .failure(.runtimeError("task cancelled"))
        }
    }

    private func handleRetry(
        _ request: HeldRequest,
        _ retry: TaskRetry,
        storesResult: Bool,
        lateAck: MessageAcknowledgement?,
        logger: Logger
    ) async {
        let message = request.message
        if let maximum = request.definition.maxRetries, message.retries >= maximum {
            let failure =
                retry.failure
                ?? TaskFailure(
                    type: "MaxRetriesExceededError", module: "celery.exceptions",
                    arguments: [
                        .string(
                            "Can't retry \(message.name)[\(message.id)] args:\(message.argsRepr) kwargs:\(message.kwargsRepr)"
                        )
                    ]
                )
            logger.info("Retries exhausted", metadata: [CeleryLogKey.error: "\(failure)"])
            var stored = meta(message, .failure, failure.json)
            stored.traceback = failure.traceback
            await store(stored, acknowledging: lateAck, logger: logger)
            await propagateFailure(of: message, failure, storesResult: storesResult, logger: logger)
            return
        }
        let countdown = Duration.clamped(seconds: retry.countdown ?? request.definition.defaultRetryDelay).seconds
        var envelope = request.envelope
        envelope.headers["retries"] = .int(message.retries == .max ? .max : message.retries + 1)
        envelope.headers["eta"] = .string(CeleryDate.format(Date(timeIntervalSinceNow: countdown)))
        envelope.headers["parent_id"] = .string(message.parentID ?? message.id)
        envelope.headers["redelivered"] = nil
        envelope.properties["delivery_tag"] = .string(newIdentifier())
        var info = envelope.properties["delivery_info"]?.object ?? JSONObject()
        info["redelivered"] = nil
        envelope.properties["delivery_info"] = .object(info)
        do {
            try await transport.publish(envelope, queue: request.delivery.queue, declaring: false)
        } catch {
            logger.error("Could not republish the retry", metadata: [CeleryLogKey.error: "\(error)"])
            await store(meta(message, .failure, TaskFailure(error).json), acknowledging: lateAck, logger: logger)
            return
        }
        logger.info("Task retry scheduled", metadata: ["celery.countdown": "\(countdown)"])
        let retryFailure = retry.failure ?? .runtimeError("Retry in \(countdown)s")
        events.send(
            "task-retried",
            [
                ("uuid", .string(message.id)), ("exception", .string(retryFailure.repr)),
                ("traceback", .string(retryFailure.traceback)),
            ])
        let failure = retry.failure?.json ?? .null
        var stored = meta(message, .retry, failure)
        stored.traceback = retry.failure.map { "\($0.traceback)celery.exceptions.Retry: Retry in \(countdown)s\n" }
        if storesResult {
            await store(stored, acknowledging: lateAck, logger: logger)
        } else if let lateAck {
            await acknowledge(lateAck, logger: logger)
        }
    }

    /// Publishes `link` callbacks and the next step of a chain with the result prepended to their
    /// arguments, as Celery's tracer does, and returns the children for the SUCCESS meta.
    private func dispatchCallbacks(of message: TaskMessage, result: JSONValue, logger: Logger) async -> [JSONValue] {
        var signatures = message.embed["callbacks"]?.array ?? []
        var nextChain: [JSONValue]?
        if var chain = message.embed["chain"]?.array, let next = chain.popLast() {
            signatures.append(next)
            nextChain = chain
        }
        var children: [JSONValue] = []
        for (position, signature) in signatures.enumerated() {
            var embed = TaskMessage.emptyEmbed
            if nextChain != nil && position == signatures.count - 1, let rest = nextChain {
                embed["chain"] = .array(rest)
            }
            do {
                if let child = try await publish(signature, after: message, leadingArgs: [result], embed: embed) {
                    children.append([[.string(child), .null], .null])
                }
            } catch {
                logger.error("Could not publish a callback", metadata: [CeleryLogKey.error: "\(error)"])
            }
        }
        return children
    }

    /// What Celery's backend does after a task fails (`mark_as_failure`): its chord part is returned; the chained
    /// tasks that will now never run are stored as failed with the same exception (when results are stored), so that
    /// waiting on the chain raises instead of hanging; then each `link_error` errback is sent as a task with the
    /// failed task's id before its own arguments, in one group, as Celery sends errbacks it does not run in-process.
    func propagateFailure(of message: TaskMessage, _ failure: TaskFailure, storesResult: Bool, logger: Logger) async {
        await returnChordParts(of: message, .failure, failure.json, logger: logger)
        if storesResult {
            for step in message.embed["chain"]?.array ?? [] {
                let options = step["options"]?.object ?? JSONObject()
                guard let id = options["task_id"]?.string else { continue }
                let stored = TaskResultMeta(
                    taskID: id, status: .failure, result: failure.json, traceback: failure.traceback,
                    groupID: options["group_id"]?.string)
                await store(stored, logger: logger)
            }
        }
        let errbacks = message.embed["errbacks"]?.array ?? []
        let groupID = newIdentifier()
        for (index, errback) in errbacks.enumerated() {
            do {
                _ = try await publish(
                    errback, after: message, leadingArgs: [.string(message.id)], embed: nil,
                    groupID: groupID, groupIndex: index)
            } catch {
                logger.error("Could not publish an errback", metadata: [CeleryLogKey.error: "\(error)"])
            }
        }
    }

    /// Sends a signature (the dict form of a `link`, chain step or `link_error`) as a child of `message`:
    /// `leadingArgs` go before the signature's own arguments unless it is immutable, and its options give the
    /// task id, queue and priority. Returns the child's task id; `nil` when the signature names no task.
    func publish(
        _ signature: JSONValue,
        after message: TaskMessage,
        leadingArgs: [JSONValue],
        embed: JSONObject?,
        groupID: String? = nil,
        groupIndex: Int? = nil
    ) async throws -> String? {
        guard let name = signature["task"]?.string else { return nil }
        let immutable = signature["immutable"]?.bool ?? false
        let args = (immutable ? [] : leadingArgs) + (signature["args"]?.array ?? [])
        let options = signature["options"]?.object ?? JSONObject()
        let taskOptions = TaskOptions(
            taskID: options["task_id"]?.string,
            queue: options["queue"]?.string ?? message.routingKey.nonEmpty ?? "celery",
            priority: options["priority"]?.int,
            rootID: message.rootID ?? message.id,
            parentID: message.id,
            groupID: groupID ?? options["group_id"]?.string,
            groupIndex: groupIndex
        )
        return try await publisher.publish(
            name, args: args, kwargs: signature["kwargs"]?.object ?? JSONObject(), embed: embed, options: taskOptions)
    }

    /// The result meta of `message` in `status`, with `result_extended` fields when configured.
    func meta(_ message: TaskMessage, _ status: TaskState, _ result: JSONValue) -> TaskResultMeta {
        var extended: JSONObject?
        if configuration.resultExtended {
            extended = JSONObject([
                ("name", .string(message.name)), ("args", .array(message.args)), ("kwargs", .object(message.kwargs)),
                ("worker", .string(configuration.nodeName)), ("retries", .int(message.retries)),
                ("queue", .string(message.routingKey)),
            ])
        }
        return TaskResultMeta(
            taskID: message.id, status: status, result: result, groupID: message.groupID,
            parentID: message.parentID, extended: extended
        )
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
