import NIOCore

/// One connection to Redis on a SwiftNIO event loop, with any number of commands in flight.
///
/// Replies are parsed by hiredis's reader and matched to commands in the order they were sent, so
/// concurrent callers may share one connection (pipelining) as long as none of them needs it alone:
/// blocking commands (`BRPOP`), `WATCH` transactions and subscriptions take a connection of their own
/// (``RedisClient/withConnection(_:)``, ``RedisClient/withDedicatedConnection(_:)``).
///
/// After an I/O error, a timeout or a `READONLY` reply (the server was demoted by a failover), the
/// connection is closed and every later call throws; ``isBroken`` tells the pool to discard it.
public final class RedisConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<RedisChannelHandler>
    private let commandTimeout: Duration

    init(channel: any Channel, handler: NIOLoopBound<RedisChannelHandler>, commandTimeout: Duration) {
        self.channel = channel
        self.handler = handler
        self.commandTimeout = commandTimeout
    }

    /// Whether the connection can no longer be used.
    public var isBroken: Bool { !channel.isActive }

    /// Sends one command and waits for its reply.
    ///
    /// Error replies come back as ``RedisValue/error(_:)``; use ``execute(_:extraTimeout:)`` to throw them.
    /// - Parameters:
    ///   - command: the command's name and arguments, e.g. `["GET", key]`.
    ///   - extraTimeout: added to the command timeout, for blocking commands such as `BRPOP`.
    /// - Throws: ``RedisError`` when the connection breaks or the reply does not arrive in time.
    public func send(_ command: [String], extraTimeout: Duration = .zero) async throws(RedisError) -> RedisValue {
        try await exchange([RedisCommand(command)], extraTimeout: extraTimeout)[0]
    }

    /// Sends one command and throws if Redis answers with an error reply.
    @discardableResult
    public func execute(_ command: [String], extraTimeout: Duration = .zero) async throws(RedisError) -> RedisValue {
        try Self.checked(try await send(command, extraTimeout: extraTimeout), command: command.first)
    }

    /// Sends several commands in one write and reads all their replies (error replies included): one round trip.
    public func pipeline(_ commands: [[String]], extraTimeout: Duration = .zero) async throws(RedisError)
        -> [RedisValue]
    {
        try await exchange(commands.map(RedisCommand.init), extraTimeout: extraTimeout)
    }

    /// ``pipeline(_:extraTimeout:)`` for commands already encoded, such as ones whose arguments are bytes.
    public func pipeline(encoded commands: [RedisCommand], extraTimeout: Duration = .zero) async throws(RedisError)
        -> [RedisValue]
    {
        try await exchange(commands, extraTimeout: extraTimeout)
    }

    /// Sends a command whose replies are pushed rather than answered, e.g. `SUBSCRIBE`; read them with
    /// ``read(timeout:)``.
    public func write(_ command: [String]) async throws(RedisError) {
        _ = try await exchange([RedisCommand(command)], expectingReplies: false, extraTimeout: .zero)
    }

    /// Waits up to `timeout` for the next pushed reply (a subscription's confirmation or message) and returns
    /// it, or `nil` if none came; running out of time leaves the connection usable.
    public func read(timeout: Duration) async throws(RedisError) -> RedisValue? {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let eventLoop = channel.eventLoop
        let handler = handler
        do {
            return try await eventLoop.flatSubmit { handler.value.readPush(until: deadline, on: eventLoop) }.get()
        } catch {
            throw Self.redisError(error)
        }
    }

    /// Closes the connection; commands in flight fail.
    public func close() async {
        try? await channel.close()
    }

    private func exchange(_ commands: [RedisCommand], expectingReplies: Bool = true, extraTimeout: Duration)
        async throws(RedisError) -> [RedisValue]
    {
        var bytes = commands[0].bytes
        for command in commands.dropFirst() {
            var more = command.bytes
            bytes.writeBuffer(&more)
        }
        let replies = channel.eventLoop.makePromise(of: [RedisValue].self)
        let name = commands.count == 1 ? commands[0].name : "pipeline of \(commands.count)"
        channel.writeAndFlush(
            RedisRequest(
                bytes: bytes, replyCount: expectingReplies ? commands.count : 0, promise: replies,
                timeout: commandTimeout + extraTimeout, name: name),
            promise: nil)
        do {
            return try await replies.futureResult.get()
        } catch {
            var failure = Self.redisError(error)
            failure.command = failure.command ?? name
            throw failure
        }
    }

    static func checked(_ reply: RedisValue, command: String?) throws(RedisError) -> RedisValue {
        if case .error(let message) = reply {
            throw RedisError(code: .serverError, message: message, command: command)
        }
        return reply
    }

    static func redisError(_ error: any Error) -> RedisError {
        if let error = error as? RedisError { return error }
        if error is ChannelError { return RedisError(code: .io, message: "connection closed (\(error))") }
        return RedisError(code: .io, message: "\(error)")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(nanoseconds.overflow ? .max : nanoseconds.partialValue + attoseconds / 1_000_000_000)
    }
}
