import JSON

/// A value of the `unacked` hash, `[<message>, "<exchange>", "<routing key>"]`, as kombu
/// (`json.dumps`) and the fetch script write it.
///
/// The entry is split from its end, without parsing the message, so that the message comes back as the
/// exact bytes stored even when no parser accepts them (too deep, not UTF-8, not JSON at all).
struct UnackedEntry {
    /// The message's bytes as stored.
    var message: [UInt8]
    var exchange: String
    var routingKey: String

    /// Splits `stored`, or returns `nil` when it does not end in two JSON strings inside `[…]`.
    init?(_ stored: [UInt8]) {
        let isSpace = { (byte: UInt8) in [0x20, 0x0A, 0x0D, 0x09].contains(byte) }
        var end = stored.endIndex
        func skipSpace() {
            while end > stored.startIndex, isSpace(stored[end - 1]) { end -= 1 }
        }
        func take(_ byte: Unicode.Scalar) -> Bool {
            skipSpace()
            guard end > stored.startIndex, stored[end - 1] == UInt8(ascii: byte) else { return false }
            end -= 1
            return true
        }
        /// The JSON string literal ending at `end`: its opening quote is the first one going back that is
        /// not escaped, i.e. not preceded by an odd number of backslashes.
        func takeString() -> String? {
            skipSpace()
            guard end > stored.startIndex, stored[end - 1] == UInt8(ascii: "\"") else { return nil }
            var start = end - 1
            repeat {
                guard let quote = stored[..<start].lastIndex(of: UInt8(ascii: "\"")) else { return nil }
                start = quote
            } while stored[..<start].reversed().prefix(while: { $0 == UInt8(ascii: "\\") }).count % 2 == 1
            let literal = stored[start..<end]
            end = start
            return try? JSONValue(parsing: literal).string
        }
        guard take("]"), let routingKey = takeString(), take(","), let exchange = takeString(), take(","),
            stored.first == UInt8(ascii: "[")
        else { return nil }
        skipSpace()
        self.message = Array(stored[1..<end].drop(while: isSpace))
        self.exchange = exchange
        self.routingKey = routingKey
    }

    /// The queue whose dead-letter list takes the message if it cannot be restored: the routing key
    /// (the queue, for the anonymous exchange Celery uses), else the exchange, else `celery`.
    var queue: String { [routingKey, exchange].first { !$0.isEmpty } ?? "celery" }
}
