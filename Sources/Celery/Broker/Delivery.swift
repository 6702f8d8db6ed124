/// A message taken from a queue and recorded in `unacked` until it is acknowledged or restored.
public struct Delivery: Sendable {
    /// The exact JSON text that was in the list, kept verbatim for restores and the dead-letter list.
    public var raw: String
    /// The queue it came from (priority suffix stripped).
    public var queue: String
    /// `properties.delivery_tag`, or `nil` when the envelope was too broken to have one
    /// (such a message is dead-lettered by the fetch itself).
    public var deliveryTag: String?
    /// Why the fetch already set this message aside, if it did.
    public var deadLetterReason: String?
}
