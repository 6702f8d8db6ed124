import Foundation
import JSON
import Redis

extension RedisBroker {
    /// Sets a message aside in the queue's dead-letter list with the reason, and acknowledges it,
    /// in one transaction: it is never dropped and never redelivered.
    package func deadLetter(_ delivery: Delivery, reason: String, worker: String) async throws {
        _ = try await client.pipeline(
            deadLetterCommands(
                message: delivery.raw, queue: delivery.queue, reason: reason, worker: worker,
                deliveryTag: delivery.deliveryTag)
        )
    }

    /// The transaction that pushes the entry of ``deadLetterEntry(message:reason:queue:worker:)`` onto the
    /// queue's dead-letter list and, when the message has a `deliveryTag`, removes it from `unacked`.
    func deadLetterCommands(message: [UInt8], queue: String, reason: String, worker: String, deliveryTag: String?)
        -> [[String]]
    {
        let entry = Self.deadLetterEntry(message: message, reason: reason, queue: queue, worker: worker)
        var commands = [["MULTI"], ["LPUSH", names.deadLetterList(queue: queue), entry]]
        if let tag = deliveryTag {
            commands += [["ZREM", names.unackedIndex, tag], ["HDEL", names.unacked, tag]]
        }
        return commands + [["EXEC"]]
    }

    /// A dead-letter entry, `{"reason", "list", "worker", "time", "message"}` in Python's JSON style.
    ///
    /// `message` is the message's text when it is valid UTF-8; otherwise it is the base64 of its bytes and
    /// `"message_encoding": "base64"` follows, so that the entry always gives back the exact bytes to push.
    static func deadLetterEntry(message: [UInt8], reason: String, queue: String, worker: String) -> String {
        var entry = JSONObject([
            ("reason", .string(reason)), ("list", .string(queue)), ("worker", .string(worker)),
            ("time", .double(Date().timeIntervalSince1970)),
        ])
        if let text = String(validating: message, as: UTF8.self) {
            entry["message"] = .string(text)
        } else {
            entry["message"] = .string(Data(message).base64EncodedString())
            entry["message_encoding"] = "base64"
        }
        return JSONValue.object(entry).serialized(.python)
    }
}
