import Synchronization

/// A Lua script run with `EVALSHA`, loaded on first use and reloaded after a server restart (`NOSCRIPT`).
///
/// Make one per script and keep it (a `static let`): it remembers the script's SHA1 once loaded.
public final class RedisScript: Sendable {
    /// The Lua source.
    public let source: String
    private let sha = Mutex<String?>(nil)

    /// A script of Lua `source`; nothing is sent to Redis until it first runs.
    public init(_ source: String) { self.source = source }

    /// Runs the script on `connection` and returns its reply; error replies are thrown.
    @discardableResult
    public func run(on connection: RedisConnection, keys: [String], arguments: [String]) async throws(RedisError)
        -> RedisValue
    {
        try await run(on: connection, keys: keys, arguments: arguments.map { Array($0.utf8) })
    }

    /// ``run(on:keys:arguments:)-(_,_,[String])`` with arguments that are bytes, such as a message that is not
    /// valid UTF-8.
    @discardableResult
    public func run(on connection: RedisConnection, keys: [String], arguments: [[UInt8]]) async throws(RedisError)
        -> RedisValue
    {
        func evaluate(_ digest: String) async throws(RedisError) -> RedisValue {
            let call = ["EVALSHA", digest, String(keys.count)] + keys
            return try await connection.pipeline(encoded: [
                RedisCommand(binary: call.map { Array($0.utf8) } + arguments)
            ])[0]
        }
        let digest: String
        if let known = sha.withLock({ $0 }) { digest = known } else { digest = try await load(on: connection) }
        var reply = try await evaluate(digest)
        if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
            reply = try await evaluate(try await load(on: connection))
        }
        return try RedisConnection.checked(reply, command: "EVALSHA")
    }

    /// Loads the script into the server's cache and returns its SHA1.
    @discardableResult
    public func load(on connection: RedisConnection) async throws(RedisError) -> String {
        guard let digest = try await connection.execute(["SCRIPT", "LOAD", source]).string else {
            throw RedisError(code: .protocolError, message: "SCRIPT LOAD returned no digest", command: "SCRIPT")
        }
        sha.withLock { $0 = digest }
        return digest
    }
}
