/// The error of the `S3` module.
///
/// ``description`` is safe to show (no credentials, no URLs with signatures); ``debugDescription``
/// adds the underlying error, the server's response and the source location.
public struct StorageError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case transport, unexpectedStatus, invalidResponse, invalidKey, fileSystem
        }
        private let base: Base

        /// No response arrived (connection refused, timeout, DNS).
        public static let transport = Code(base: .transport)
        /// The server answered with a status the operation does not accept.
        public static let unexpectedStatus = Code(base: .unexpectedStatus)
        /// The server's answer could not be read.
        public static let invalidResponse = Code(base: .invalidResponse)
        /// The key is empty or would escape the store (`..`, a leading `/`).
        public static let invalidKey = Code(base: .invalidKey)
        /// A file operation of ``FileSystemStore`` failed.
        public static let fileSystem = Code(base: .fileSystem)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The operation, such as `PutObject` or `CreateBucket`.
    public var operation: String
    /// The key or bucket concerned.
    public var target: String
    /// The HTTP status, when there was a response.
    public var status: Int?
    /// S3's error code from the response body (`NoSuchBucket`, `AccessDenied`), when there is one.
    public var serverCode: String?
    /// S3's error message, when there is one.
    public var serverMessage: String?
    /// The error that caused this one.
    public var underlying: (any Error)?
    /// The file that raised the error.
    public var file: String
    /// The line that raised the error.
    public var line: Int

    /// Creates an error.
    public init(
        code: Code,
        operation: String,
        target: String,
        status: Int? = nil,
        serverCode: String? = nil,
        serverMessage: String? = nil,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.operation = operation
        self.target = target
        self.status = status
        self.serverCode = serverCode
        self.serverMessage = serverMessage
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "storage \(operation) failed for \(target): \(code)"
        if let status { text += " (HTTP \(status)\(serverCode.map { " \($0)" } ?? ""))" }
        return text
    }

    public var debugDescription: String {
        var text = description
        if let serverMessage { text += "; server: \(serverMessage)" }
        if let underlying { text += "; underlying: \(String(reflecting: underlying))" }
        return text + " [\(file):\(line)]"
    }
}
