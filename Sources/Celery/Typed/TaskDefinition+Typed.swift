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
    ///   - handler: runs one invocation with the decoded arguments.
    ///
    /// The other parameters are those of ``init(name:acksLate:maxRetries:defaultRetryDelay:timeLimit:softTimeLimit:ignoreResult:handler:)``.
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
