import JSON

/// Maps a call's positional and keyword arguments to named parameters and back, as Python binds a call to
/// `def task(x, y)`.
struct TaskArgumentBinding {
    let taskName: String
    let parameters: [String]

    /// One object of every argument by parameter name: `args` bound to the parameters in turn, then `kwargs`.
    ///
    /// - Throws: a Python `TypeError` when there are more positional arguments than parameters, a keyword names no
    ///   parameter, or a parameter is given twice, worded as Python words it.
    func bind(args: [JSONValue], kwargs: JSONObject) throws(TaskFailure) -> JSONObject {
        guard args.count <= parameters.count else {
            throw typeError(
                "takes \(parameters.count) positional argument\(parameters.count == 1 ? "" : "s") but \(args.count) "
                    + "\(args.count == 1 ? "was" : "were") given")
        }
        var bound = JSONObject(zip(parameters, args).map { ($0, $1) })
        for (key, value) in kwargs {
            guard parameters.contains(key) else { throw typeError("got an unexpected keyword argument '\(key)'") }
            guard bound[key] == nil else { throw typeError("got multiple values for argument '\(key)'") }
            bound[key] = value
        }
        return bound
    }

    /// The call that sends `object`: the leading parameters it has, in order, as positional arguments (as
    /// `task.delay(2, 3)` sends them), and every later one as a keyword argument.
    ///
    /// - Throws: a Python `TypeError` when `object` has a key that is no parameter.
    func split(_ object: JSONObject) throws(TaskFailure) -> (args: [JSONValue], kwargs: JSONObject) {
        if let unknown = object.orderedKeys.first(where: { !parameters.contains($0) }) {
            throw typeError("has no parameter '\(unknown)' (its parameters are \(parameters))")
        }
        let leading = parameters.prefix { object[$0] != nil }
        let args = leading.compactMap { object[$0] }
        let kwargs = JSONObject(parameters.dropFirst(leading.count).compactMap { key in object[key].map { (key, $0) } })
        return (args, kwargs)
    }

    /// Python's `TypeError("<task>() <message>")`.
    func typeError(_ message: String) -> TaskFailure {
        TaskFailure(type: "TypeError", arguments: [.string("\(taskName)() \(message)")])
    }
}
