import Celery
import Foundation
import JSON
import Redis

/// Feeds one input to the parser of Redis replies (hiredis's reader and the copy into ``RedisValue``), to every
/// decoder that reads what producers and monitors put in Redis, and to what
/// the worker derives from a decoded message before running it (reprs, dates, time limits, priority,
/// routing, the envelope written back for a retry or a restore). Used by the libFuzzer target
/// (`scripts/fuzz`) and by the unit test that replays the fuzzing corpus.
///
/// An input may be refused with an error; it must never trap, hang or exhaust memory. JSON that parses must
/// serialize back to text that parses to the same value.
public enum DecoderExercise {
    public static func run(_ bytes: some Collection<UInt8>) {
        for reply in (try? RedisValue.replies(parsing: Array(bytes))) ?? [] {
            _ = (reply.string, reply.int, reply.bytes, reply.array?.count)
        }
        if let value = try? JSONValue(parsing: bytes) {
            for style in [JSONStyle.python, .compact] {
                // What the serializer writes parses back to the same value: its text is a fixed point.
                let text = value.serialized(style)
                precondition(
                    (try? JSONValue(parsing: text))?.serialized(style) == text, "JSON does not round-trip: \(text)")
            }
            _ = CelerySafeRepr.repr(value)
            _ = TaskFailure(json: value)?.repr
        }
        guard let envelope = try? KombuEnvelope(parsing: String(decoding: bytes, as: UTF8.self)) else { return }
        _ = envelope.text
        _ = envelope.priority
        if let control = ControlRequest(envelope: envelope) {
            _ = control.isAddressed(to: "celery@fuzz")
        }
        guard let message = try? TaskMessage(envelope: envelope) else { return }
        _ = message.argsRepr
        _ = message.kwargsRepr
        _ = (message.priority, message.routingKey, message.exchange, message.isRedelivered, message.deliveryTag)
        _ = [message.eta, message.expires].compactMap { $0.map(CeleryDate.format) }
        _ = [message.hardTimeLimit, message.softTimeLimit].compactMap { $0.map(Duration.clamped(seconds:)) }
    }
}
