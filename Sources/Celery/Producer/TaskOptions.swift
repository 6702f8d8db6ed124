public import Foundation
public import JSON

/// The `apply_async` options a producer can set on a task call.
public struct TaskOptions: Sendable {
    /// The task id; a new UUID when `nil`.
    public var taskID: String?
    /// The destination queue (the routing key on the anonymous exchange). Defaults to `celery`.
    public var queue: String
    /// 0…9, 0 highest on Redis. `nil` writes 0, as Python does.
    public var priority: Int?
    /// Earliest execution time (a `countdown` becomes `eta = now + countdown`).
    public var eta: Date?
    /// After this time the task is revoked instead of run.
    public var expires: Date?
    /// `timelimit[0]`, seconds.
    public var timeLimit: Double?
    /// `timelimit[1]`, seconds.
    public var softTimeLimit: Double?
    /// How many times the task has been retried (the `retries` header). Defaults to 0.
    public var retries: Int
    /// Ask workers to store no result (`ignore_result`). Defaults to `false`.
    public var ignoreResult: Bool
    /// Another name to show in logs and events instead of the task's (`shadow`).
    public var shadow: String?
    /// The first task of the workflow this call belongs to (`root_id`).
    public var rootID: String?
    /// The task that sent this one (`parent_id`).
    public var parentID: String?
    /// The group this task is a member of (`group`).
    public var groupID: String?
    /// The task's position in its group (`group_index`).
    public var groupIndex: Int?
    /// Extra headers merged over the standard ones (`apply_async(headers=…)`).
    public var extraHeaders: JSONObject

    /// Options as `apply_async` takes them; `countdown` and `expiresIn` are seconds from now.
    public init(
        taskID: String? = nil,
        queue: String = "celery",
        priority: Int? = nil,
        eta: Date? = nil,
        countdown: Double? = nil,
        expires: Date? = nil,
        expiresIn: Double? = nil,
        timeLimit: Double? = nil,
        softTimeLimit: Double? = nil,
        retries: Int = 0,
        ignoreResult: Bool = false,
        shadow: String? = nil,
        rootID: String? = nil,
        parentID: String? = nil,
        groupID: String? = nil,
        groupIndex: Int? = nil,
        extraHeaders: JSONObject = JSONObject()
    ) {
        self.taskID = taskID
        self.queue = queue
        self.priority = priority
        self.eta = eta ?? countdown.map { Date(timeIntervalSinceNow: $0) }
        self.expires = expires ?? expiresIn.map { Date(timeIntervalSinceNow: $0) }
        self.timeLimit = timeLimit
        self.softTimeLimit = softTimeLimit
        self.retries = retries
        self.ignoreResult = ignoreResult
        self.shadow = shadow
        self.rootID = rootID
        self.parentID = parentID
        self.groupID = groupID
        self.groupIndex = groupIndex
        self.extraHeaders = extraHeaders
    }
}
