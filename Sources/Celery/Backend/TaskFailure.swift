public import JSON

/// An exception in the form Python rebuilds: `{"exc_type", "exc_message": [...], "exc_module"}`
/// (celery-protocol.md §3.4).
///
/// Throw one from a task handler to choose the Python exception a caller sees, e.g.
/// `TaskFailure.valueError("Could not find coordinates for X, Y")` makes `AsyncResult.get()` raise
/// `ValueError`. Any other Swift error reaches Python as a `RuntimeError` with the error's text.
public struct TaskFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exception class's qualified name, e.g. `ValueError`.
    public var type: String
    /// The module Python imports the class from, e.g. `builtins`.
    public var module: String
    /// The exception's `args`.
    public var arguments: [JSONValue]

    /// A Python exception of class `type` from `module`, with `arguments` as its `args`.
    ///
    /// - Parameters:
    ///   - type: the class's qualified name, e.g. `ValueError`.
    ///   - module: the module Python imports the class from. Defaults to `builtins`.
    ///   - arguments: the exception's `args`; one string for the usual message.
    public init(type: String, module: String = "builtins", arguments: [JSONValue]) {
        self.type = type
        self.module = module
        self.arguments = arguments
    }

    /// Python's `ValueError(message)`.
    public static func valueError(_ message: String) -> TaskFailure {
        TaskFailure(type: "ValueError", arguments: [.string(message)])
    }

    /// Python's `RuntimeError(message)`, what a caller sees for a Swift error that is not a ``TaskFailure``.
    public static func runtimeError(_ message: String) -> TaskFailure {
        TaskFailure(type: "RuntimeError", arguments: [.string(message)])
    }

    /// Celery's `NotRegistered(name)` for an unknown task name.
    public static func notRegistered(_ name: String) -> TaskFailure {
        TaskFailure(type: "NotRegistered", module: "celery.exceptions", arguments: [.string(name)])
    }

    /// Celery's `TaskRevokedError(reason)`: `revoked`, `expired` or `terminated`.
    public static func revoked(_ reason: String) -> TaskFailure {
        TaskFailure(type: "TaskRevokedError", module: "celery.exceptions", arguments: [.string(reason)])
    }

    /// billiard's `TimeLimitExceeded(seconds)`, stored when a task passed its hard time limit.
    public static func timeLimitExceeded(_ seconds: Double) -> TaskFailure {
        TaskFailure(type: "TimeLimitExceeded", module: "billiard.exceptions", arguments: [.double(seconds)])
    }

    /// billiard's `SoftTimeLimitExceeded()`, stored when a task passed its soft time limit and was cancelled.
    public static let softTimeLimitExceeded = TaskFailure(
        type: "SoftTimeLimitExceeded", module: "billiard.exceptions", arguments: []
    )

    /// billiard's `WorkerLostError(message)`, stored when the pool process running a task ended before it did.
    public static func workerLost(_ message: String) -> TaskFailure {
        TaskFailure(type: "WorkerLostError", module: "billiard.exceptions", arguments: [.string(message)])
    }

    /// Celery's `ChordError(message)`, stored on a chord's callback when the chord cannot call it, e.g.
    /// `Dependency <id> raised ValueError('bad')`.
    public static func chordError(_ message: String) -> TaskFailure {
        TaskFailure(type: "ChordError", module: "celery.exceptions", arguments: [.string(message)])
    }

    /// The failure Python sees for an arbitrary Swift error.
    public init(_ error: any Error) {
        if let failure = error as? TaskFailure {
            self = failure
        } else {
            self = .runtimeError(String(describing: error))
        }
    }

    /// Reads the exception dict of a stored result.
    public init?(json: JSONValue) {
        guard let type = json["exc_type"]?.string else { return nil }
        self.type = type
        module = json["exc_module"]?.string ?? "builtins"
        switch json["exc_message"] {
        case .array(let arguments)?: self.arguments = arguments
        case let single?: arguments = [single]
        case nil: arguments = []
        }
    }

    /// The exception dict Celery stores.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("exc_type", .string(type)), ("exc_message", .array(arguments)), ("exc_module", .string(module)),
            ]))
    }

    /// `str(exception)` as Python would print it: the single argument, or the args tuple.
    public var message: String {
        if arguments.count == 1, let text = arguments[0].string { return text }
        if arguments.isEmpty { return "" }
        return arguments.count == 1 ? PythonRepr.repr(arguments[0]) : PythonRepr.tuple(arguments)
    }

    /// `repr(exception)`, e.g. `ValueError('bad', 42)`, as task events carry it.
    public var repr: String {
        let inner = arguments.map(PythonRepr.repr).joined(separator: ", ")
        return "\(type)(\(inner))"
    }

    /// A Python-style traceback text for the `traceback` field.
    public var traceback: String {
        "Traceback (most recent call last):\n  (raised in a Swift task)\n\(module == "builtins" ? "" : module + ".")\(type): \(message)\n"
    }

    /// `ValueError: message`, as the last line of a Python traceback.
    public var description: String { "\(type): \(message)" }
}
