import JSON
import Redis

extension RedisResultBackend {
    /// Saves `group` as Python's `GroupResult.save()` does: `{"result": <result tuple>}` at
    /// `celery-taskset-meta-<id>`, kept as long as results, and published on a channel of that name.
    public func saveGroup(_ group: GroupResult) async throws {
        let key = groupKey(for: group.id)
        let text = JSONValue.object(JSONObject([("result", group.tuple)])).serialized(.python)
        let set = expires.map { ["SETEX", key, String($0.components.seconds), text] } ?? ["SET", key, text]
        try await client.pipeline([set, ["PUBLISH", key, text]]).throwingFirstError()
    }

    /// The group saved as `groupID` (by Python's `GroupResult.save()` or ``saveGroup(_:)``), `nil` when none is.
    ///
    /// - Throws: ``CeleryError`` `invalidResult` when the stored value is not a saved group.
    public func restoreGroup(_ groupID: String) async throws -> GroupResult? {
        guard let text = try await client.execute(["GET", groupKey(for: groupID)]).string else { return nil }
        guard let tuple = try JSONValue(parsing: text)["result"], let group = GroupResult(tuple: tuple, backend: self)
        else { throw CeleryError(code: .invalidResult, message: "celery-taskset-meta-\(groupID) is not a saved group") }
        return group
    }

    /// Forgets a saved group, as Python's `GroupResult.delete()`.
    public func deleteGroup(_ groupID: String) async throws {
        try await client.execute(["DEL", groupKey(for: groupID)])
    }
}
