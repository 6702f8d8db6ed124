public import JSON

/// What the poster task returns: `{"success": true, "file_url": …, "cached": …}`.
public struct PosterResult: Sendable, Hashable {
    /// The object's key in the store, e.g. `paris_noir_fc508b37.png`.
    public var key: String
    /// The URL the browser opens (the store's public URL for ``key``).
    public var fileURL: String
    /// Whether the object was already stored and nothing was rendered.
    public var cached: Bool

    /// Creates a result.
    public init(key: String, fileURL: String, cached: Bool) {
        self.key = key
        self.fileURL = fileURL
        self.cached = cached
    }

    /// The task's return value, exactly the Python original's dict.
    public var json: JSONValue {
        .object(JSONObject([("success", true), ("file_url", .string(fileURL)), ("cached", .bool(cached))]))
    }
}
