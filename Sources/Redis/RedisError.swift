/// A failure talking to Redis: connecting, sending, reading, or an error reply.
public struct RedisError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String { case connectionFailed, io, protocolError, serverError, timeout, closed }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server could not be reached, or refused the handshake (AUTH, SELECT).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke while sending or reading; it must be replaced.
        public static let io = Code(.io)
        /// The reply could not be parsed.
        public static let protocolError = Code(.protocolError)
        /// Redis answered with an error reply.
        public static let serverError = Code(.serverError)
        /// No reply arrived in time.
        public static let timeout = Code(.timeout)
        /// The client was closed.
        public static let closed = Code(.closed)

        /// The code's name, e.g. `timeout`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// hiredis' own text (`errstr`) or the server's error reply.
    public var message: String
    /// The command that failed, without its arguments (they may hold secrets or payloads).
    public var command: String?

    /// An error of `code` saying `message`, for `command` (its name only) when one failed.
    public init(code: Code, message: String, command: String? = nil) {
        self.code = code
        self.message = message
        self.command = command
    }

    /// Whether the connection that produced this error can no longer be used.
    public var breaksConnection: Bool { code != .serverError }

    /// Whether trying again later may succeed: a broken connection (not a closed client), or an error
    /// reply from a server that is loading its data (`LOADING`, redis-py's `BusyLoadingError`), busy with a
    /// script (`BUSY`), without a reachable master (`MASTERDOWN`), or demoted to a replica by a failover
    /// (`READONLY`).
    public var isTransient: Bool {
        if code == .serverError {
            return ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN"].contains { message.hasPrefix($0) }
        }
        return code != .closed
    }

    /// `Redis <code>: <message>`, safe to show: it names no command arguments.
    public var description: String { "Redis \(code): \(message)" }
    /// Every field, the failed command's name included.
    public var debugDescription: String { "RedisError(code: \(code), message: \(message), command: \(command ?? "-"))" }
}
