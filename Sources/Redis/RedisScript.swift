import Synchronization

/// A Lua script run with `EVALSHA`, loaded on first use and reloaded after a server restart (`NOSCRIPT`).
public final class RedisScript: Sendable {
    public let source: String
    private let sha = Mutex<String?>(nil)

    public init(_ source: String) { self.source = source }

    /// Runs the script on `connection` and returns its reply; error replies are thrown.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func run(on connection: RedisConnection, keys: [String], arguments: [String]) throws -> RedisValue {
        try run(on: connection, keys: keys, binaryArguments: arguments.map { Array($0.utf8) })
    }

    /// ``run(on:keys:arguments:)`` with arguments that are bytes, such as a message that is not valid UTF-8.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func run(on connection: RedisConnection, keys: [String], binaryArguments arguments: [[UInt8]]) throws
        -> RedisValue
    {
        func evaluate(_ digest: String) throws -> RedisValue {
            let call = ["EVALSHA", digest, String(keys.count)] + keys
            return try connection.pipeline(binary: [call.map { Array($0.utf8) } + arguments])[0]
        }
        var reply = try evaluate(try sha.withLock { $0 } ?? load(on: connection))
        if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
            reply = try evaluate(try load(on: connection))
        }
        if case .error(let message) = reply {
            throw RedisError(code: .serverError, message: message, command: "EVALSHA")
        }
        return reply
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
