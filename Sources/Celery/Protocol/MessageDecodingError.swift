/// A message from the queue could not be understood; it goes to the dead-letter list with ``reason``.
public struct MessageDecodingError: Error, Sendable, CustomStringConvertible {
    /// Why the message was rejected, e.g. `body is not valid base64`.
    public var reason: String

    /// An error saying `reason`.
    public init(_ reason: String) { self.reason = reason }

    /// The ``reason``.
    public var description: String { reason }
}
