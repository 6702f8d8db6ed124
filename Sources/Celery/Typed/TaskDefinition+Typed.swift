import JSON

extension TaskDefinition {
    /// A task with typed arguments and result: the message's positional and keyword arguments are bound to the
    /// task's parameters and decoded as `Arguments`; the handler's `Output` is encoded as the task's result.
    ///
    /// Arguments that do not bind or decode end the task in FAILURE with Python's `TypeError`, which the caller's
    /// `AsyncResult.get()` raises, e.g. `TypeError: tasks.add() argument 'x': expected Int …`; the handler does not
    /// run and the worker goes on.
    ///
    /// - Parameters:
    ///   - task: the task's name and parameters.
    ///   - acksLate: acknowledge after the task finished instead of before it starts; `nil` uses the worker's setting.
    ///   - maxRetries: retries allowed by ``TaskContext/retry(countdown:error:)``; `nil` is unlimited.
    ///   - defaultRetryDelay: countdown of a retry that names none, in seconds.
    ///   - timeLimit: the hard limit in seconds when the message carries none; `nil` uses the worker's.
    ///   - softTimeLimit: the soft limit in seconds when the message carries none; `nil` uses the worker's.
    ///   - ignoreResult: store no result.
    ///   - handler: runs one invocation with the decoded arguments.
    public init<Arguments, Output>(
        _ task: TypedTask<Arguments, Output>,
        acksLate: Bool? = nil,
        maxRetries: Int? = 3,
        defaultRetryDelay: Double = 180,
        timeLimit: Double? = nil,
        softTimeLimit: Double? = nil,
        ignoreResult: Bool = false,
        handler: @escaping @Sendable (Arguments, TaskContext) async throws -> Output
    ) {
        let binding = TaskArgumentBinding(taskName: task.name, parameters: task.parameters)
        self.init(
            name: task.name, acksLate: acksLate, maxRetries: maxRetries, defaultRetryDelay: defaultRetryDelay,
            timeLimit: timeLimit, softTimeLimit: softTimeLimit, ignoreResult: ignoreResult
        ) { context in
            let bound = try binding.bind(args: context.args, kwargs: context.kwargs)
            let arguments: Arguments
            do {
                arguments = try JSONValue.object(bound).decode(Arguments.self)
            } catch let error as DecodingError {
                throw binding.typeError(error.explanation(of: "argument"))
            }
            return try JSONValue(encoding: try await handler(arguments, context))
        }
    }
}
