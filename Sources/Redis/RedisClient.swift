public import NIOCore
public import NIOPosix
import Synchronization

/// Connections to one Redis (or one Sentinel-managed master), shared by a whole process.
///
/// ## Creating and closing
/// Create one client per process with ``init(configuration:eventLoopGroup:)``, share it, and call
/// ``close()`` when done. Connections open lazily; one that breaks (I/O error, timeout, server restart,
/// failover) is dropped and the next call opens a new one, so callers survive a Redis restart by retrying
/// (see ``RetryPolicy``).
///
/// ## Which connection a call uses
/// ``execute(_:)``, ``pipeline(_:)`` and ``run(_:keys:arguments:)-(_,_,[String])`` share one connection, pipelining
/// every caller's commands: many in flight, one write each, replies matched in order. Calls that need a
/// connection to themselves (a blocking `BRPOP`, a `WATCH` transaction) use ``withConnection(_:)``, which
/// lends an idle connection; subscriptions use ``withDedicatedConnection(_:)``.
public final class RedisClient: Sendable {
    /// Where and how the client connects.
    public let configuration: RedisConfiguration
    private let connector: RedisConnector
    private let state = Mutex(State())

    private struct State {
        var shared: Task<RedisConnection, any Error>?
        var idle: [RedisConnection] = []
        var isClosed = false
    }

    /// A client for `configuration`; no connection is opened until the first call.
    ///
    /// - Parameters:
    ///   - configuration: where to connect.
    ///   - eventLoopGroup: the event loops connections run on. Defaults to the process-wide NIO singleton.
    /// - Throws: ``RedisError`` when the TLS settings cannot be loaded (a missing or malformed PEM file).
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(RedisError) {
        self.configuration = configuration
        self.connector = try RedisConnector(configuration: configuration, eventLoopGroup: eventLoopGroup)
    }

    /// Sends one command on the shared connection; error replies are thrown.
    @discardableResult
    public func execute(_ command: [String]) async throws(RedisError) -> RedisValue {
        try await sharedConnection().execute(command)
    }

    /// Sends commands in one write on the shared connection and returns every reply (error replies included).
    public func pipeline(_ commands: [[String]]) async throws(RedisError) -> [RedisValue] {
        try await sharedConnection().pipeline(commands)
    }

    /// ``pipeline(_:)`` for commands already encoded, such as ones whose arguments are bytes.
    public func pipeline(encoded commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        try await sharedConnection().pipeline(encoded: commands)
    }

    /// Runs a Lua script on the shared connection; error replies are thrown.
    @discardableResult
    public func run(_ script: RedisScript, keys: [String], arguments: [String]) async throws(RedisError) -> RedisValue {
        try await script.run(on: sharedConnection(), keys: keys, arguments: arguments)
    }

    /// ``run(_:keys:arguments:)-(_,_,[String])`` with arguments that are bytes.
    @discardableResult
    public func run(_ script: RedisScript, keys: [String], arguments: [[UInt8]]) async throws(RedisError) -> RedisValue
    {
        try await script.run(on: sharedConnection(), keys: keys, arguments: arguments)
    }

    /// Runs `body` with a connection of its own, lent from the idle ones (or newly opened) and given back
    /// afterwards unless it broke.
    ///
    /// Use it for blocking commands and `WATCH` transactions; everything else is faster on the shared
    /// connection.
    public func withConnection<Result: Sendable>(
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await takeIdle()
        do {
            let result = try await body(connection)
            giveBack(connection)
            return result
        } catch {
            giveBack(connection)
            throw error
        }
    }

    /// Runs `body` with a new connection that is closed afterwards, for subscriptions and other
    /// long-held connections.
    public func withDedicatedConnection<Result: Sendable>(
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        try checkOpen()
        let connection = try await connector.connect()
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Closes every connection; later calls throw `closed`.
    public func close() async throws {
        let (shared, idle) = state.withLock { state in
            state.isClosed = true
            defer { (state.shared, state.idle) = (nil, []) }
            return (state.shared, state.idle)
        }
        if let connection = try? await shared?.value { await connection.close() }
        for connection in idle { await connection.close() }
    }

    private func checkOpen() throws(RedisError) {
        if state.withLock({ $0.isClosed }) { throw RedisError(code: .closed, message: "client is closed") }
    }

    /// The shared connection, opened by the first caller that needs it; callers arriving meanwhile wait for
    /// the same attempt. A broken or failed one is replaced on the next call.
    private func sharedConnection() async throws(RedisError) -> RedisConnection {
        let connector = connector
        while true {
            let attempt = try state.withLock { state throws(RedisError) -> Task<RedisConnection, any Error> in
                guard !state.isClosed else { throw RedisError(code: .closed, message: "client is closed") }
                if let shared = state.shared { return shared }
                let attempt = Task { try await connector.connect() }
                state.shared = attempt
                return attempt
            }
            let connection: RedisConnection
            do {
                connection = try await attempt.value
            } catch {
                state.withLock { if $0.shared == attempt { $0.shared = nil } }
                throw RedisConnection.redisError(error)
            }
            if !connection.isBroken { return connection }
            // It broke since (a timeout, a restart, a failover): forget it and open another.
            state.withLock { if $0.shared == attempt { $0.shared = nil } }
        }
    }

    private func takeIdle() async throws(RedisError) -> RedisConnection {
        let pooled = try state.withLock { state throws(RedisError) -> RedisConnection? in
            guard !state.isClosed else { throw RedisError(code: .closed, message: "client is closed") }
            while let connection = state.idle.popLast() {
                if !connection.isBroken { return connection }
            }
            return nil
        }
        if let pooled { return pooled }
        return try await connector.connect()
    }

    private func giveBack(_ connection: RedisConnection) {
        let keep =
            !connection.isBroken
            && state.withLock { state in
                guard !state.isClosed else { return false }
                state.idle.append(connection)
                return true
            }
        if !keep { Task { await connection.close() } }
    }
}
