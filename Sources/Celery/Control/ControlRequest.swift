import Foundation
package import JSON

/// One remote-control message from the `celery.pidbox` fanout: what `celery inspect`/`control`,
/// Flower and mingle send (celery-protocol.md §4.10).
package struct ControlRequest: Sendable {
    /// The command, e.g. `ping`.
    package var method: String
    package var arguments: JSONObject
    /// Node names the command is for; `nil` or empty means every node.
    package var destination: [String]?
    /// A node-name pattern with its ``matcher`` (`glob`, the default, or `pcre`), used without a destination.
    package var pattern: String?
    package var matcher: String?
    /// Present when the sender waits for replies: the reply carries it in its `ticket` header.
    package var ticket: String?
    /// Where replies go: the `reply.celery.pidbox` exchange and the sender's routing key.
    package var replyTo: (exchange: String, routingKey: String)?
    /// The sender's logical clock (`headers.clock`).
    package var clock: Int?

    /// Reads the request from a pidbox envelope; `nil` when it is not one.
    package init?(envelope: KombuEnvelope) {
        guard let body = try? envelope.payload().object, let method = body["method"]?.string else { return nil }
        self.method = method
        arguments = body["arguments"]?.object ?? JSONObject()
        destination = body["destination"]?.array?.compactMap(\.string)
        pattern = body["pattern"]?.string
        matcher = body["matcher"]?.string
        ticket = body["ticket"]?.string
        if let replyTo = body["reply_to"]?.object, let key = replyTo["routing_key"]?.string {
            self.replyTo = (replyTo["exchange"]?.string ?? Pidbox.replyExchange, key)
        }
        clock = envelope.headers["clock"]?.int
    }

    /// kombu's `Node.handle_message` selection: listed in `destination`, else matching
    /// `pattern` with `matcher`, else everyone.
    package func isAddressed(to node: String) -> Bool {
        if let destination, !destination.isEmpty { return destination.contains(node) }
        if let pattern, let matcher { return Self.match(node, pattern: pattern, matcher: matcher) }
        return true
    }

    static func match(_ node: String, pattern: String, matcher: String) -> Bool {
        switch matcher {
        case "pcre":
            // Python's re.match: anchored at the start only.
            guard let regex = try? Regex(pattern) else { return false }
            return (try? regex.prefixMatch(in: node)) != nil
        default:
            return fnmatch(pattern, node, 0) == 0
        }
    }
}
