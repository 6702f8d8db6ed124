import JSON

extension CeleryProducer {
    /// Sends a typed task with default options, like Python's `task.delay(...)`.
    ///
    /// - Returns: a handle whose ``TypedAsyncResult/get(timeout:)`` decodes the task's result as `Output`.
    @discardableResult
    public func delay<Arguments, Output>(_ task: TypedTask<Arguments, Output>, _ arguments: Arguments)
        async throws -> TypedAsyncResult<Output>
    {
        try await applyAsync(task, arguments)
    }

    /// Sends a typed task with `options`, like Python's `task.apply_async(...)`.
    ///
    /// The arguments go as Python's `task.delay(2, 3)` sends them: the leading parameters present in
    /// `arguments` (in ``TypedTask/parameters`` order) as positional arguments, and any after a missing one
    /// (an optional left out) as keyword arguments.
    ///
    /// - Throws: `EncodingError` when `arguments` cannot be encoded, or a ``TaskFailure`` (`TypeError`) when they
    ///   encode to something else than an object of the task's parameters; nothing is sent then.
    @discardableResult
    public func applyAsync<Arguments, Output>(
        _ task: TypedTask<Arguments, Output>, _ arguments: Arguments, options: TaskOptions = TaskOptions()
    ) async throws -> TypedAsyncResult<Output> {
        let binding = TaskArgumentBinding(taskName: task.name, parameters: task.parameters)
        guard let object = try JSONValue(encoding: arguments).object else {
            throw binding.typeError("arguments must encode as an object of its parameters \(task.parameters)")
        }
        let (args, kwargs) = try binding.split(object)
        let sent = try await send(task.name, args: args, kwargs: kwargs, options: options)
        return TypedAsyncResult(sent, taskName: task.name, broker: broker)
    }
}
