/// One reply from Redis, copied out of hiredis' reply object into a Swift value.
public enum RedisValue: Sendable, Hashable {
    /// A bulk string (binary-safe).
    case bulk([UInt8])
    /// A simple status reply such as `OK` or `QUEUED`.
    case status(String)
    /// An integer reply.
    case integer(Int)
    /// An array reply, such as the replies of `EXEC` or the elements of `LRANGE`.
    case array([RedisValue])
    /// A nil bulk or nil array.
    case null
    /// An error reply such as `WRONGTYPE …`; returned, not thrown, so pipelines keep every reply.
    case error(String)

    /// The bulk or status text decoded as UTF-8, or `nil` for other replies.
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// The bytes of a bulk string, exactly as stored, or `nil` for other replies.
    public var bytes: [UInt8]? {
        if case .bulk(let bytes) = self { return bytes }
        return nil
    }

    /// The integer, or a bulk string that parses as one.
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .bulk: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply, or `nil` for other replies.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is the nil reply (a missing key, a blocking pop that timed out, an aborted `EXEC`).
    public var isNull: Bool { self == .null }
}

extension [RedisValue] {
    /// Throws the first error reply among a pipeline's replies, as ``RedisClient/execute(_:)`` throws its one.
    public func throwingFirstError() throws(RedisError) {
        for reply in self {
            if case .error(let message) = reply { throw RedisError(code: .serverError, message: message) }
        }
    }
}
