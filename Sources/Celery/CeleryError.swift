/// A failure in the Celery layer that is not a task's own failure.
public struct CeleryError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String { case timeout, configuration, taskFailed, invalidResult }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A wait for a result ran out of time.
        public static let timeout = Code(.timeout)
        /// A setting is invalid.
        public static let configuration = Code(.configuration)
        /// A task ended in FAILURE or REVOKED; ``CeleryError/failure`` says how.
        public static let taskFailed = Code(.taskFailed)
        /// A stored result or saved group is not in Celery's format.
        public static let invalidResult = Code(.invalidResult)

        /// The code's name, e.g. `timeout`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// What happened, in a sentence.
    public var message: String
    /// The task's exception, for `taskFailed`.
    public var failure: TaskFailure?

    /// An error of `code` saying `message`, with the task's exception for `taskFailed`.
    public init(code: Code, message: String, failure: TaskFailure? = nil) {
        self.code = code
        self.message = message
        self.failure = failure
    }

    /// The ``message``.
    public var description: String { message }
}
