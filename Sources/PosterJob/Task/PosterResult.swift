public import JSON

/// What the poster task returns: `{"success": true, "file_url": …, "cached": …}`.
public struct PosterResult: Sendable, Hashable {
    /// The object's key in the store, e.g. `paris_noir_fc508b37.png`.
    public var key: String
    /// The URL the browser opens (the store's public URL for ``key``).
    public var fileURL: String
    /// Whether the object was already stored and nothing was rendered.
    public var cached: Bool
    /// What the user should know about the poster, e.g. that part of the map has no data and stays blank.
    public var warnings: [String]

    /// Creates a result.
    public init(key: String, fileURL: String, cached: Bool, warnings: [String] = []) {
        self.key = key
        self.fileURL = fileURL
        self.cached = cached
        self.warnings = warnings
    }

    /// The task's return value: the Python original's dict, plus `warnings` (a list of texts) when there are any.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("success", true), ("file_url", .string(fileURL)), ("cached", .bool(cached)),
        ]
        if !warnings.isEmpty { members.append(("warnings", .array(warnings.map(JSONValue.string)))) }
        return .object(JSONObject(members))
    }
}
