import Synchronization

/// A Lua script run with `EVALSHA`, loaded on first use and reloaded after a server restart (`NOSCRIPT`).
public final class RedisScript: Sendable {
    public let source: String
    private let sha = Mutex<String?>(nil)

    public init(_ source: String) { self.source = source }

    /// Runs the script on `connection` and returns its reply; error replies are thrown.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func run(on connection: RedisConnection, keys: [String], arguments: [String]) throws -> RedisValue {
        let digest = try sha.withLock { $0 } ?? load(on: connection)
        let call = ["EVALSHA", digest, String(keys.count)] + keys + arguments
        let reply = try connection.send(call)
        if case .error(let message) = reply {
            guard message.hasPrefix("NOSCRIPT") else {
                throw RedisError(code: .serverError, message: message, command: "EVALSHA")
            }
            return try connection.execute(["EVALSHA", try load(on: connection)] + call.dropFirst(2))
        }
        return reply
    }

    /// The `EVALSHA` command for use inside a pipeline; call ``load(on:)`` once before pipelining.
    public func command(sha digest: String, keys: [String], arguments: [String]) -> [String] {
        ["EVALSHA", digest, String(keys.count)] + keys + arguments
    }

    /// Loads the script into the server's cache and returns its SHA1.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    @discardableResult
    public func load(on connection: RedisConnection) throws -> String {
        guard let digest = try connection.execute(["SCRIPT", "LOAD", source]).string else {
            throw RedisError(code: .protocolError, message: "SCRIPT LOAD returned no digest", command: "SCRIPT")
        }
        sha.withLock { $0 = digest }
        return digest
    }
}
