/// Why a ``BlockingPool`` refused work.
public struct BlockingPoolError: Error, Hashable, CustomStringConvertible {
    /// What went wrong; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case shutDown
        }

        private let value: Value

        /// The pool is shutting down or has shut down: it takes no new work.
        public static let shutDown = Code(value: .shutDown)

        public var description: String {
            switch value {
            case .shutDown: "shutDown"
            }
        }
    }

    /// What went wrong.
    public let code: Code

    /// Creates an error with `code`.
    public init(code: Code) {
        self.code = code
    }

    public var description: String {
        switch code {
        case .shutDown: "The blocking-work pool has shut down and takes no new work."
        default: "The blocking-work pool refused the work (\(code))."
        }
    }
}
