import JSON

extension TaskRegistry {
    /// This registry with Celery's built-in tasks that Python canvases send to whichever worker serves the queue
    /// (tasks registered under the same names win):
    /// - `celery.starmap` (`task.starmap(…)`, and each part of `task.chunks(…)`): runs a registered task once per
    ///   argument list, in process, and returns the list of results;
    /// - `celery.chunks`: sends `celery.starmap` parts of `n` argument lists each, as one group, and returns
    ///   that group's result tuple.
    ///
    /// `celery.chord_unlock` is not needed: Celery's Redis backend joins chords natively (`supports_native_join`),
    /// and so does the Swift worker.
    func withBuiltins(publisher: TaskPublisher) -> TaskRegistry {
        let tasks = self
        var registry = self
        let builtins = [
            TaskDefinition(name: "celery.starmap") { context in
                let signature = try context.argument(0, "task")
                guard let items = try context.argument(1, "it").array else {
                    throw TaskFailure(type: "TypeError", arguments: ["starmap needs a list of argument lists"])
                }
                guard let name = signature["task"]?.string, let definition = tasks[name] else {
                    throw TaskFailure.notRegistered(signature["task"]?.string ?? "\(signature)")
                }
                var results: [JSONValue] = []
                for item in items {
                    guard let args = item.array else {
                        throw TaskFailure(type: "TypeError", arguments: ["starmap items must be argument lists"])
                    }
                    results.append(try await definition.handler(context.invoking(name, args: args)))
                }
                return .array(results)
            },
            TaskDefinition(name: "celery.chunks") { context in
                let signature = try context.argument(0, "task")
                guard let items = try context.argument(1, "it").array, let size = try context.argument(2, "n").int,
                    size > 0
                else { throw TaskFailure(type: "TypeError", arguments: ["chunks needs a list and a positive n"]) }
                let message = context.message
                let queue = signature["options"]?["queue"]?.string ?? message.routingKey
                let groupID = newIdentifier()
                var taskIDs: [String] = []
                for (index, start) in stride(from: 0, to: items.count, by: size).enumerated() {
                    let part = Array(items[start..<min(start + size, items.count)])
                    let options = TaskOptions(
                        queue: queue.isEmpty ? "celery" : queue, rootID: message.rootID ?? message.id,
                        parentID: message.id, groupID: groupID, groupIndex: index)
                    taskIDs.append(
                        try await publisher.publish(
                            "celery.starmap", args: [],
                            kwargs: JSONObject([("task", signature), ("it", .array(part))]), embed: nil,
                            options: options))
                }
                return GroupResult(id: groupID, taskIDs: taskIDs, backend: nil).tuple
            },
        ]
        for builtin in builtins where tasks[builtin.name] == nil { registry.register(builtin) }
        return registry
    }
}

extension TaskContext {
    /// Argument `position`, or keyword argument `name`, as Python binds a call's arguments to parameters.
    fileprivate func argument(_ position: Int, _ name: String) throws -> JSONValue {
        if let value = kwargs[name] { return value }
        guard position < args.count else {
            throw TaskFailure(type: "TypeError", arguments: [.string("missing required argument: '\(name)'")])
        }
        return args[position]
    }

    /// The context of task `name` called in process with `args`, as Python's `task(*args)` inside another task.
    fileprivate func invoking(_ name: String, args: [JSONValue]) -> TaskContext {
        var message = message
        message.name = name
        message.args = args
        message.kwargs = JSONObject()
        return TaskContext(message: message, hostname: hostname, reportState: reportState)
    }
}
