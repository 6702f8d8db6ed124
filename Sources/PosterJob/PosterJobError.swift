/// The error of the `PosterJob` module.
///
/// ``description`` is safe to show an end user; ``debugDescription`` adds the source location.
/// A request that fails validation carries one ``ValidationIssue`` per problem, in pydantic's order,
/// so the API can answer FastAPI's `422 {"detail": [...]}`.
public struct PosterJobError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidJSON, invalidRequest
        }
        private let base: Base

        /// The input is not JSON text.
        public static let invalidJSON = Code(base: .invalidJSON)
        /// The input is JSON but does not satisfy the `PosterRequest` schema.
        public static let invalidRequest = Code(base: .invalidRequest)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The schema violations when ``code`` is ``Code/invalidRequest``, otherwise empty.
    public var issues: [ValidationIssue]
    /// The file that raised the error.
    public var file: String
    /// The line that raised the error.
    public var line: Int

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        issues: [ValidationIssue] = [],
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.issues = issues
        self.file = file
        self.line = line
    }

    public var description: String { message }

    public var debugDescription: String { "PosterJobError(\(code)): \(message) [\(file):\(line)]" }
}
