public import Foundation
public import JSON

/// The JSON stored at `celery-task-meta-<id>` (celery-protocol.md §3.2).
public struct TaskResultMeta: Sendable, Hashable {
    /// The task's id (`task_id`).
    public var taskID: String
    /// The task's state (`status`).
    public var status: TaskState
    /// The return value, the exception dict, `{"pid", "hostname"}` for STARTED, or custom-state meta.
    public var result: JSONValue
    /// The traceback text of a failure (`traceback`); `nil` writes `null`.
    public var traceback: String?
    /// Result tuples of tasks this task published; `nil` writes `null` (results stored without a request).
    public var children: [JSONValue]?
    /// Set for ready states.
    public var dateDone: Date?
    /// The group the task belongs to (`group_id`), written only when set.
    public var groupID: String?
    /// The task that sent this one (`parent_id`), written only when set.
    public var parentID: String?
    /// `result_extended` fields (`name`, `args`, `kwargs`, `worker`, `retries`, `queue`), in that order.
    public var extended: JSONObject?

    /// A meta as Celery stores it; the parameters are the properties of the same names.
    ///
    /// `dateDone` defaults to now for a ready state (``TaskState/isReady``) and stays `nil` otherwise.
    public init(
        taskID: String,
        status: TaskState,
        result: JSONValue,
        traceback: String? = nil,
        children: [JSONValue]? = [],
        dateDone: Date? = nil,
        groupID: String? = nil,
        parentID: String? = nil,
        extended: JSONObject? = nil
    ) {
        self.taskID = taskID
        self.status = status
        self.result = result
        self.traceback = traceback
        self.children = children
        self.dateDone = dateDone ?? (status.isReady ? Date() : nil)
        self.groupID = groupID
        self.parentID = parentID
        self.extended = extended
    }

    /// Celery's key order: status, result, traceback, children, date_done, [group_id], [parent_id],
    /// [extended…], task_id.
    public var json: JSONValue {
        var object = JSONObject([
            ("status", .string(status.rawValue)),
            ("result", result),
            ("traceback", traceback.map(JSONValue.string) ?? .null),
            ("children", children.map(JSONValue.array) ?? .null),
            ("date_done", dateDone.map { .string(CeleryDate.format($0)) } ?? .null),
        ])
        if let groupID { object["group_id"] = .string(groupID) }
        if let parentID { object["parent_id"] = .string(parentID) }
        for (key, value) in extended ?? JSONObject() { object[key] = value }
        object["task_id"] = .string(taskID)
        return .object(object)
    }

    /// Reads a stored meta; `nil` when it is not one.
    public init?(json: JSONValue) {
        guard let object = json.object, let status = object["status"]?.string else { return nil }
        taskID = object["task_id"]?.string ?? ""
        self.status = TaskState(rawValue: status)
        result = object["result"] ?? .null
        traceback = object["traceback"]?.string
        children = object["children"]?.array
        dateDone = object["date_done"]?.string.flatMap(CeleryDate.parse)
        groupID = object["group_id"]?.string
        parentID = object["parent_id"]?.string
        let extendedKeys = ["name", "args", "kwargs", "worker", "retries", "queue"]
        let present = extendedKeys.compactMap { key in object[key].map { (key, $0) } }
        extended = present.isEmpty ? nil : JSONObject(present)
    }

    /// The exception of a FAILURE, RETRY or REVOKED result.
    public var failure: TaskFailure? { status.isException ? TaskFailure(json: result) : nil }
}
