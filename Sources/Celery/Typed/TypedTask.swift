/// The typed signature of a Celery task: its registered name, the parameters Python declares for it, and the types
/// of its arguments and its return value.
///
/// One value serves both sides: a worker registers a handler for it with
/// ``TaskDefinition/init(_:acksLate:maxRetries:defaultRetryDelay:timeLimit:softTimeLimit:ignoreResult:handler:)``,
/// and a producer sends it with ``CeleryProducer/delay(_:_:)``.
///
/// `Arguments` is a `Codable` struct whose coding keys are the Python parameter names. Python binds a call's
/// positional arguments to ``parameters`` in order and its keyword arguments by name, so
/// `add.delay(2, 3)`, `add.delay(2, y=3)` and `add.delay(x=2, y=3)` all decode as `Add(x: 2, y: 3)`:
///
/// ```swift
/// struct Add: Codable, Sendable { var x: Int; var y: Int }
/// let add = TypedTask<Add, Int>("tasks.add", parameters: ["x", "y"])
/// ```
///
/// For a task whose arguments are not known ahead, use ``TaskDefinition/init(name:acksLate:maxRetries:defaultRetryDelay:timeLimit:softTimeLimit:ignoreResult:handler:)``
/// and ``CeleryProducer/send(_:args:kwargs:options:)``, which take `JSONValue`s.
public struct TypedTask<Arguments: Codable & Sendable, Output: Codable & Sendable>: Sendable {
    /// The name the task is registered under, e.g. `tasks.add`.
    public let name: String
    /// The parameter names of the Python function, in order: the coding keys of `Arguments`.
    public let parameters: [String]

    /// - Parameters:
    ///   - name: the task's registered name.
    ///   - parameters: the Python parameter names in declaration order; positional arguments bind to them in turn.
    public init(_ name: String, parameters: [String]) {
        self.name = name
        self.parameters = parameters
    }
}
