public import JSON

/// A handle on the results of a group of tasks, like Python's `GroupResult`: saved to and restored from
/// `celery-taskset-meta-<id>` as Celery's result tuple `[["<id>", null], [<member tuples>]]` (see
/// ``RedisResultBackend/saveGroup(_:)``).
///
/// Parents of members (a chain's earlier steps) are not kept: they are written, and read, as `null`.
public struct GroupResult: Sendable {
    /// One member of a group: a task's result, or a nested group's.
    public enum Member: Sendable {
        /// A task's result.
        case task(AsyncResult)
        /// A nested group's results.
        case group(GroupResult)
    }

    /// The group id, the key suffix of the saved group (`celery-taskset-meta-<id>`).
    public let id: String
    /// The members, in the order the group's results are returned.
    public let members: [Member]
    /// Where the group is saved and its results read; `nil` when none is configured.
    public let backend: RedisResultBackend?

    /// A group `id` of `members`, read from and saved to `backend`.
    public init(id: String, members: [Member], backend: RedisResultBackend?) {
        self.id = id
        self.members = members
        self.backend = backend
    }

    /// A group of the tasks `taskIDs`, in that order.
    public init(id: String, taskIDs: [String], backend: RedisResultBackend?) {
        self.init(id: id, members: taskIDs.map { .task(AsyncResult(id: $0, backend: backend)) }, backend: backend)
    }

    /// Reads Celery's result tuple of a group (`result_from_tuple`); `nil` when `tuple` is not one.
    public init?(tuple: JSONValue, backend: RedisResultBackend?) {
        guard let pair = tuple.array, pair.count == 2, let id = Self.id(of: pair[0]),
            let nodes = pair[1].array
        else { return nil }
        var members: [Member] = []
        for node in nodes {
            if let group = GroupResult(tuple: node, backend: backend) {
                members.append(.group(group))
            } else if let pair = node.array, pair.count == 2, let taskID = Self.id(of: pair[0]) {
                members.append(.task(AsyncResult(id: taskID, backend: backend)))
            } else {
                return nil
            }
        }
        self.init(id: id, members: members, backend: backend)
    }

    /// The id of a result tuple's head: `["<id>", <parent tuple>]`, or a bare id.
    private static func id(of head: JSONValue) -> String? { head.array?.first?.string ?? head.string }

    /// Celery's `GroupResult.as_tuple()`: `[["<id>", null], [[["<task id>", null], null], …]]`.
    public var tuple: JSONValue {
        let nodes: [JSONValue] = members.map { member in
            switch member {
            case .task(let result): [[.string(result.id), .null], .null]
            case .group(let group): group.tuple
            }
        }
        return [[.string(id), .null], .array(nodes)]
    }

    /// The ids of every task in the group, nested groups included, in order.
    public var taskIDs: [String] {
        members.flatMap { member in
            switch member {
            case .task(let result): [result.id]
            case .group(let group): group.taskIDs
            }
        }
    }

    /// Stores this group in the backend, as Python's `GroupResult.save()`.
    public func save() async throws {
        guard let backend else { throw CeleryError(code: .configuration, message: "no result backend configured") }
        try await backend.saveGroup(self)
    }

    /// Waits for every member and returns their return values in order, nested groups as nested lists, as
    /// Python's `GroupResult.get()`.
    ///
    /// - Throws: ``CeleryError`` `taskFailed` with the exception of the first member (in order) that failed,
    ///   or `timeout` when `timeout` passes first.
    public func get(timeout: Duration = .seconds(30)) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        var values: [JSONValue] = []
        for member in members {
            let remaining = max(deadline - ContinuousClock.now, .zero)
            switch member {
            case .task(let result): values.append(try await result.get(timeout: remaining))
            case .group(let group): values.append(.array(try await group.get(timeout: remaining)))
            }
        }
        return values
    }
}
