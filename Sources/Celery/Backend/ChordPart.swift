package import JSON

/// What one header task of a chord returned, as the worker reports it once the task is done (the arguments of
/// Celery's `on_chord_part_return`).
package struct ChordPart: Sendable {
    package var taskID: String
    /// The chord's group id (the header task's `group` header).
    package var groupID: String
    /// The task's place in the header (`group_index`); the callback gets the results in this order.
    /// `nil` sorts last, as Celery's `+inf`.
    package var groupIndex: Int?
    /// SUCCESS, or FAILURE/REVOKED, which fail the chord.
    package var state: TaskState
    /// The return value, or the exception dict of a failure.
    package var result: JSONValue

    init(taskID: String, groupID: String, groupIndex: Int?, state: TaskState, result: JSONValue) {
        self.taskID = taskID
        self.groupID = groupID
        self.groupIndex = groupIndex
        self.state = state
        self.result = result
    }
}
