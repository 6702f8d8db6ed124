public import NIOCore

/// One command in RESP form, ready to write: an array of bulk strings.
///
/// Arguments are binary-safe; build a command from text with ``init(_:)-([String])`` or from bytes with
/// ``init(binary:)``.
public struct RedisCommand: Sendable, Hashable {
    /// The encoded command.
    public private(set) var bytes: ByteBuffer
    /// The command's name (its first argument), for errors and logs; never the arguments, which may hold
    /// secrets or payloads.
    public let name: String

    /// The command `arguments` (its name first), each sent as its UTF-8 bytes.
    public init(_ arguments: [String]) {
        self.init(arguments.map(\.utf8), name: arguments.first ?? "")
    }

    /// The command `arguments` (its name first), each sent as the bytes given.
    public init(binary arguments: [[UInt8]]) {
        self.init(arguments, name: arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? "")
    }

    private init<Argument: Collection<UInt8>>(_ arguments: [Argument], name: String) {
        self.name = name
        let size = arguments.reduce(16) { $0 + $1.count + 16 }
        bytes = ByteBufferAllocator().buffer(capacity: size)
        bytes.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            bytes.writeString("$\(argument.count)\r\n")
            bytes.writeBytes(argument)
            bytes.writeStaticString("\r\n")
        }
    }
}
