import JSON
import Logging

extension CeleryWorker {
    /// Celery's `on_chord_part_return`, reached as Celery's backend reaches it (`mark_as_done`, `mark_as_failure`,
    /// `mark_as_revoked`): when `message` is a chord header task (its embed names the chord's callback), its
    /// result counts into the chord in Redis, and the part that completes the chord sends the callback with the
    /// header's results, or fails it with `ChordError`. A failure also returns the parts of the chained tasks that
    /// will now never run and belong to a chord (Celery's `_fail_chain`), so that chord does not wait for ever.
    func returnChordParts(of message: TaskMessage, _ state: TaskState, _ result: JSONValue, logger: Logger) async {
        if let callback = message.embed["chord"], callback.object != nil, let groupID = message.groupID {
            let part = ChordPart(
                taskID: message.id, groupID: groupID, groupIndex: message.groupIndex, state: state, result: result)
            await returnChordPart(part, callback: callback, after: message, logger: logger)
        }
        guard state == .failure else { return }
        for step in message.embed["chain"]?.array ?? [] {
            let options = step["options"]?.object ?? JSONObject()
            guard let callback = options["chord"], callback.object != nil, let taskID = options["task_id"]?.string,
                let groupID = options["group_id"]?.string
            else { continue }
            let part = ChordPart(
                taskID: taskID, groupID: groupID, groupIndex: options["group_index"]?.int, state: state, result: result)
            await returnChordPart(part, callback: callback, after: message, logger: logger)
        }
    }

    private func returnChordPart(_ part: ChordPart, callback: JSONValue, after message: TaskMessage, logger: Logger)
        async
    {
        var logger = logger
        logger[metadataKey: "celery.group_id"] = "\(part.groupID)"
        let outcome: ChordOutcome
        do {
            outcome = try await results.chordPartReturned(part, retryPolicy: retryPolicy, logger: logger) { results in
                let embed = Self.embed(of: callback)
                _ = try await self.publish(callback, after: message, leadingArgs: [.array(results)], embed: embed)
            }
        } catch {
            logger.error(
                "Chord bookkeeping in Redis failed; this part is not counted and the chord callback is not sent",
                metadata: [CeleryLogKey.error: "\(error)"])
            return
        }
        switch outcome {
        case .waiting:
            logger.debug("Chord part recorded")
        case .callbackSent:
            logger.info("Chord complete; callback sent", metadata: ["celery.callback": "\(callback["task"] ?? .null)"])
        case .claimLost:
            logger.warning("Chord callback not sent here: its dispatch claim passed to another worker")
        case .failed(let failure):
            logger.error(
                "Chord callback cannot be sent; its result is set to ChordError",
                metadata: [CeleryLogKey.error: "\(failure.message)"])
            await failChordCallback(callback, failure, after: message, logger: logger)
        }
    }

    /// Celery's `chord_error_from_stack`: the callback's result is the `ChordError`, its `link_error` errbacks are
    /// sent with its id and the tasks chained after it fail too.
    private func failChordCallback(
        _ callback: JSONValue, _ failure: TaskFailure, after message: TaskMessage, logger: Logger
    )
        async
    {
        let options = callback["options"]?.object ?? JSONObject()
        let callbackMessage = TaskMessage(
            id: options["task_id"]?.string ?? newIdentifier(), name: callback["task"]?.string ?? "",
            args: callback["args"]?.array ?? [], kwargs: callback["kwargs"]?.object ?? JSONObject(),
            embed: Self.embed(of: callback), retries: 0, eta: nil, expires: nil, hardTimeLimit: nil, softTimeLimit: nil,
            rootID: message.rootID ?? message.id, parentID: message.id, groupID: nil, groupIndex: nil,
            ignoreResult: false, headers: JSONObject(), properties: message.properties)
        let stored = TaskResultMeta(
            taskID: callbackMessage.id, status: .failure, result: failure.json, traceback: failure.traceback)
        await store(stored, logger: logger)
        await propagateFailure(of: callbackMessage, failure, storesResult: true, logger: logger)
    }

    /// The embed a signature's options give its message, as Python's `apply_async` makes it: `link` callbacks,
    /// `link_error` errbacks, the rest of a `chain` and a `chord`.
    static func embed(of signature: JSONValue) -> JSONObject {
        let options = signature["options"]?.object ?? JSONObject()
        func list(_ key: String) -> JSONValue {
            switch options[key] {
            case .object(let single)?: [.object(single)]
            case let value?: value
            case nil: .null
            }
        }
        return JSONObject([
            ("callbacks", list("link")), ("errbacks", list("link_error")), ("chain", options["chain"] ?? .null),
            ("chord", options["chord"] ?? .null),
        ])
    }
}
