import NIOPosix
import Synchronization

/// A small thread-safe pool of Redis connections that runs every blocking hiredis call on its own threads.
///
/// ## Creating and closing
/// Create one client per process with ``init(configuration:threadCount:)``, share it, and call
/// ``close()`` when done. Connections are opened lazily and reused; one that breaks (I/O error,
/// timeout, server restart) is discarded and the next call opens a new one, so callers survive a
/// Redis restart by retrying (see ``RetryPolicy``).
///
/// ## Threading
/// hiredis blocks, so calls run on a private `NIOThreadPool` of `threadCount` threads, never on the
/// Swift cooperative pool. Size it for the blocking calls you run at once (a `BRPOP` holds a thread
/// for its whole timeout).
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let threadPool: NIOThreadPool
    private let idle = Mutex<[RedisConnection]>([])
    private let isClosed = Atomic<Bool>(false)

    /// - Parameters:
    ///   - configuration: where to connect.
    ///   - threadCount: how many blocking calls may run at once. Defaults to 4.
    public init(configuration: RedisConfiguration, threadCount: Int = 4) {
        self.configuration = configuration
        self.threadPool = NIOThreadPool(numberOfThreads: threadCount)
        threadPool.start()
    }

    /// Runs `body` with a pooled connection on the client's thread pool.
    ///
    /// The connection returns to the pool afterwards unless it broke.
    /// - Throws: ``RedisError`` from connecting or from `body`; whatever else `body` throws.
    public func withConnection<Result: Sendable>(
        _ body: @Sendable @escaping (RedisConnection) throws -> Result
    ) async throws -> Result {
        guard !isClosed.load(ordering: .relaxed) else {
            throw RedisError(code: .closed, message: "client is closed")
        }
        return try await threadPool.runIfActive { [self] in
            let connection = try takeConnection()
            defer { giveBack(connection) }
            return try body(connection)
        }
    }

    /// Runs `body` on the client's thread pool with a connection of its own that is not pooled,
    /// for subscriptions and other long-held connections. The connection is closed afterwards.
    public func withDedicatedConnection<Result: Sendable>(
        _ body: @Sendable @escaping (RedisConnection) throws -> Result
    ) async throws -> Result {
        try await threadPool.runIfActive { [configuration] in
            try body(RedisConnection(configuration: configuration))
        }
    }

    /// Sends one command; error replies are thrown.
    @discardableResult
    public func execute(_ command: [String]) async throws -> RedisValue {
        try await withConnection { try $0.execute(command) }
    }

    /// Sends commands in one round trip and returns every reply (error replies included).
    public func pipeline(_ commands: [[String]]) async throws -> [RedisValue] {
        try await withConnection { try $0.pipeline(commands) }
    }

    /// Closes pooled connections and stops the thread pool; later calls throw `closed`.
    public func close() async throws {
        isClosed.store(true, ordering: .relaxed)
        idle.withLock { $0.removeAll() }
        try await threadPool.shutdownGracefully()
    }

    private func takeConnection() throws -> RedisConnection {
        if let pooled = idle.withLock({ $0.popLast() }) { return pooled }
        return try RedisConnection(configuration: configuration)
    }

    private func giveBack(_ connection: RedisConnection) {
        guard !connection.isBroken, !isClosed.load(ordering: .relaxed) else { return }
        idle.withLock { $0.append(connection) }
    }
}

// RedisConnection is used by one thread at a time: the pool hands each out to a single caller and
// takes it back only after that caller is done, so moving it between pool threads is safe.
extension RedisConnection: @unchecked Sendable {}
