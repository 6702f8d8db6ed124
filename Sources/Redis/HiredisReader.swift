import CHiredis

/// hiredis's own RESP parser, fed with bytes as they arrive from the socket.
///
/// Not thread-safe: each connection owns one and uses it on its event loop only.
final class HiredisReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init() {
        reader = redisReaderCreate()
    }

    deinit { redisReaderFree(reader) }

    /// Appends received bytes to the parser's buffer.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(RedisError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count) == REDIS_OK else {
            throw failure()
        }
    }

    /// The next complete reply in the buffer, or `nil` when more bytes are needed.
    /// - Throws: ``RedisError`` with code `protocolError` when the stream is not RESP; the connection is then unusable.
    func next() throws(RedisError) -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw failure() }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return Self.copy(raw.assumingMemoryBound(to: redisReply.self).pointee)
    }

    private func failure() -> RedisError {
        let text = withUnsafeBytes(of: reader.pointee.errstr) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        return RedisError(code: .protocolError, message: text)
    }

    /// Copies a hiredis reply into a ``RedisValue``.
    private static func copy(_ reply: redisReply) -> RedisValue {
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .bulk(Array(UnsafeRawBufferPointer(start: reply.str, count: reply.len)))
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: reply.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: reply.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(reply.integer))
        case REDIS_REPLY_ARRAY:
            return .array((0..<reply.elements).map { copy(reply.element[$0]!.pointee) })
        default:
            return .null
        }
    }
}

extension RedisValue {
    /// Every complete reply in `bytes`, parsed by hiredis's reader exactly as a connection parses what the
    /// server sends (for the fuzzer and tests); an incomplete last reply is left out.
    /// - Throws: ``RedisError`` with code `protocolError` when the bytes are not RESP.
    public static func replies(parsing bytes: [UInt8]) throws(RedisError) -> [RedisValue] {
        let reader = HiredisReader()
        let fed = bytes.withUnsafeBytes { buffer in Result { () throws(RedisError) in try reader.feed(buffer) } }
        try fed.get()
        var replies: [RedisValue] = []
        while let reply = try reader.next() { replies.append(reply) }
        return replies
    }
}
