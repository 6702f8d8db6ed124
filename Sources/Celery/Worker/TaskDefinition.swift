public import JSON

/// A task the worker can run: its registered name, handler and Celery task options.
public struct TaskDefinition: Sendable {
    /// Runs one invocation and returns the task's return value as JSON.
    public typealias Handler = @Sendable (TaskContext) async throws -> JSONValue

    /// The name Python sends the task by, e.g. `tasks.add`.
    public var name: String
    /// Runs one invocation.
    public var handler: Handler
    /// Acknowledge after the task finished instead of before it starts; `nil` uses the worker's setting.
    public var acksLate: Bool?
    /// Retries allowed by ``TaskContext/retry(countdown:error:)``; `nil` is unlimited. Defaults to 3.
    public var maxRetries: Int?
    /// Countdown of a retry that names none, in seconds. Defaults to 180.
    public var defaultRetryDelay: Double
    /// The hard limit in seconds, used when the message carries none; `nil` uses the worker's.
    public var timeLimit: Double?
    /// The soft limit in seconds (the task is cancelled), used when the message carries none; `nil` uses the worker's.
    public var softTimeLimit: Double?
    /// Store no result for this task.
    public var ignoreResult: Bool

    /// An untyped task: the handler reads the arguments from its ``TaskContext`` and returns JSON.
    public init(
        name: String,
        acksLate: Bool? = nil,
        maxRetries: Int? = 3,
        defaultRetryDelay: Double = 180,
        timeLimit: Double? = nil,
        softTimeLimit: Double? = nil,
        ignoreResult: Bool = false,
        handler: @escaping Handler
    ) {
        self.name = name
        self.handler = handler
        self.acksLate = acksLate
        self.maxRetries = maxRetries
        self.defaultRetryDelay = defaultRetryDelay
        self.timeLimit = timeLimit
        self.softTimeLimit = softTimeLimit
        self.ignoreResult = ignoreResult
    }
}

/// The tasks a worker knows, by name.
public struct TaskRegistry: Sendable {
    private var tasks: [String: TaskDefinition] = [:]

    /// A registry of `definitions`; a later definition of a name replaces an earlier one.
    public init(_ definitions: [TaskDefinition] = []) {
        for definition in definitions { register(definition) }
    }

    /// Adds `definition`, replacing any task of the same name.
    public mutating func register(_ definition: TaskDefinition) { tasks[definition.name] = definition }

    /// The task registered as `name`, if any.
    public subscript(name: String) -> TaskDefinition? { tasks[name] }

    /// Registered names, sorted, as `celery inspect registered` lists them.
    public var names: [String] { tasks.keys.sorted() }
}
