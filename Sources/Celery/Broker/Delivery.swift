/// A message taken from a queue and recorded in `unacked` until it is acknowledged or restored.
package struct Delivery: Sendable {
    /// The exact bytes that were in the list (JSON text, unless a producer wrote something else), kept
    /// verbatim for restores and the dead-letter list.
    package var raw: [UInt8]
    /// The queue it came from (priority suffix stripped).
    package var queue: String
    /// The key of the message in `unacked`: its `properties.delivery_tag` as the fetch read it, or `nil`
    /// when the envelope was too broken to have one (such a message is dead-lettered by the fetch itself).
    package var deliveryTag: String?
    /// Why the fetch already set this message aside, if it did.
    package var deadLetterReason: String?
}
