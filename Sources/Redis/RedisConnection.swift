import CHiredis
import Foundation

/// One blocking connection to Redis, owning a hiredis context.
///
/// ## Threading
/// Every call blocks the calling thread until Redis answers or the configured timeout passes, so
/// call it only from a thread pool, never from the Swift cooperative pool or an event loop
/// (``RedisClient`` does that for you). A connection is used by one thread at a time.
///
/// ## Cleanup
/// The hiredis context is freed in `deinit`. After an I/O error or timeout (``isBroken``) the
/// connection must be discarded.
public final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>
    private let commandTimeout: Duration
    /// Set once an I/O error or timeout left the protocol stream in an unknown state.
    public private(set) var isBroken = false

    /// Connects, authenticates and selects the database.
    ///
    /// - Throws: ``RedisError`` with code `connectionFailed` when any step fails.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public init(configuration: RedisConfiguration) throws {
        let connectTimeout = timeval(configuration.connectTimeout)
        let connected: UnsafeMutablePointer<redisContext>? =
            switch configuration.endpoint {
            case .tcp(let host, let port): redisConnectWithTimeout(host, Int32(port), connectTimeout)
            case .unixSocket(let path): redisConnectUnixWithTimeout(path, connectTimeout)
            }
        guard let connected else {
            throw RedisError(code: .connectionFailed, message: "cannot allocate a hiredis context")
        }
        guard connected.pointee.err == 0 else {
            let message = Self.errorText(connected)
            redisFree(connected)
            throw RedisError(code: .connectionFailed, message: "\(message) (\(configuration))")
        }
        context = connected
        // hiredis opens its socket without close-on-exec: a process this one starts (a prefork pool process)
        // would keep the connection open after this process died, and a BRPOP on it would still take messages.
        _ = fcntl(connected.pointee.fd, F_SETFD, FD_CLOEXEC)
        commandTimeout = configuration.commandTimeout
        redisSetTimeout(context, timeval(commandTimeout))
        do {
            if let password = configuration.password {
                let auth = configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                try checkHandshake(send(auth), step: "AUTH")
            }
            if configuration.database != 0 {
                try checkHandshake(send(["SELECT", String(configuration.database)]), step: "SELECT")
            }
        } catch let error as RedisError {
            throw RedisError(code: .connectionFailed, message: error.message, command: error.command)
        }
    }

    deinit { redisFree(context) }

    /// Sends one command and waits for its reply.
    ///
    /// Error replies come back as ``RedisValue/error(_:)``; use ``execute(_:)`` to throw them.
    /// - Parameter extraTimeout: added to the command timeout, for blocking commands such as `BRPOP`.
    /// - Throws: ``RedisError`` when the connection breaks or the reply does not arrive in time.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func send(_ command: [String], extraTimeout: Duration = .zero) throws -> RedisValue {
        try pipeline([command], extraTimeout: extraTimeout)[0]
    }

    /// Sends one command and throws if Redis answers with an error reply.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func execute(_ command: [String], extraTimeout: Duration = .zero) throws -> RedisValue {
        let reply = try send(command, extraTimeout: extraTimeout)
        if case .error(let message) = reply {
            throw RedisError(code: .serverError, message: message, command: command.first)
        }
        return reply
    }

    /// Sends several commands in one write and reads all their replies: one round trip.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func pipeline(_ commands: [[String]], extraTimeout: Duration = .zero) throws -> [RedisValue] {
        try exchange(commands.map { $0.map(\.utf8) }, extraTimeout: extraTimeout)
    }

    /// ``pipeline(_:extraTimeout:)`` for commands whose arguments are bytes, such as a message that is not
    /// valid UTF-8 (Redis strings are binary-safe).
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func pipeline(binary commands: [[[UInt8]]], extraTimeout: Duration = .zero) throws -> [RedisValue] {
        try exchange(commands, extraTimeout: extraTimeout)
    }

    private func exchange<Argument: Collection<UInt8>>(_ commands: [[Argument]], extraTimeout: Duration) throws
        -> [RedisValue]
    {
        guard !isBroken else { throw RedisError(code: .closed, message: "connection is broken") }
        for command in commands { append(command) }
        if extraTimeout != .zero { redisSetTimeout(context, timeval(commandTimeout + extraTimeout)) }
        defer { if extraTimeout != .zero { redisSetTimeout(context, timeval(commandTimeout)) } }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for command in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                throw fail(command: command.first.map { String(decoding: $0, as: UTF8.self) })
            }
            replies.append(Self.value(of: raw))
        }
        return replies
    }

    /// Sends a command without reading its reply, e.g. `PSUBSCRIBE`, whose replies arrive through ``read(timeout:)``.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func write(_ command: [String]) throws {
        append(command.map(\.utf8))
        var done: Int32 = 0
        while done == 0 {
            guard redisBufferWrite(context, &done) == REDIS_OK else { throw fail(command: command.first) }
        }
    }

    /// Waits up to `timeout` for the next pushed reply (a pub/sub message) and returns it, or `nil` if none came.
    ///
    /// Unlike a socket timeout inside hiredis, running out of time here leaves the connection usable.
    @available(*, noasync, message: "blocks the calling thread; use RedisClient")
    public func read(timeout: Duration) throws -> RedisValue? {
        if let value = try replyFromBuffer() { return value }
        var descriptor = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 && errno != EINTR { throw fail(command: nil) }
        guard ready > 0 else { return nil }
        guard redisBufferRead(context) == REDIS_OK else { throw fail(command: nil) }
        return try replyFromBuffer()
    }

    private func replyFromBuffer() throws -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReplyFromReader(context, &raw) == REDIS_OK else { throw fail(command: nil) }
        return raw.map(Self.value(of:))
    }

    private func append<Argument: Collection<UInt8>>(_ command: [Argument]) {
        // All arguments go into one contiguous buffer (plus a trailing NUL so it is never empty);
        // hiredis copies them into its output buffer before returning.
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        for argument in command {
            offsets.append(bytes.count)
            bytes.append(contentsOf: argument)
            lengths.append(bytes.count - offsets[offsets.count - 1])
        }
        bytes.append(0)
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            _ = redisAppendCommandArgv(context, Int32(command.count), &pointers, lengths)
        }
    }

    private func checkHandshake(_ reply: RedisValue, step: String) throws {
        if case .error(let message) = reply {
            throw RedisError(code: .connectionFailed, message: "\(step) failed: \(message)", command: step)
        }
    }

    private func fail(command: String?) -> RedisError {
        isBroken = true
        let text = Self.errorText(context)
        let isTimeout = context.pointee.err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)
        return RedisError(code: isTimeout ? .timeout : .io, message: text, command: command)
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Copies a hiredis reply into a ``RedisValue`` and frees it.
    private static func value(of raw: UnsafeMutableRawPointer) -> RedisValue {
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return copy(reply.pointee)
    }

    private static func copy(_ reply: redisReply) -> RedisValue {
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .bulk(Array(UnsafeRawBufferPointer(start: reply.str, count: reply.len)))
        case REDIS_REPLY_STATUS:
            return .status(String(cString: reply.str))
        case REDIS_REPLY_ERROR:
            return .error(String(cString: reply.str))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(reply.integer))
        case REDIS_REPLY_ARRAY:
            return .array((0..<reply.elements).map { copy(reply.element[$0]!.pointee) })
        default:
            return .null
        }
    }
}

extension timeval {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
