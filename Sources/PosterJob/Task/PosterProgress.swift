public import JSON

/// One progress report of the poster task: Celery's `PROGRESS` meta `{current, total: 100, status}`.
///
/// The status texts are the Python original's; the web UI translates them by the words
/// `decoding`, `fetching`, `rendering` and `uploading` (maptoposter-web §1.7).
public struct PosterProgress: Sendable, Hashable {
    /// Percent done, 0–100.
    public var current: Int
    /// What the task is doing, e.g. `Fetching map data...`.
    public var status: String

    /// Creates a report.
    public init(current: Int, status: String) {
        self.current = current
        self.status = status
    }

    /// The meta dict stored with the `PROGRESS` state: `{"current", "total": 100, "status"}`.
    public var json: JSONValue {
        .object(JSONObject([("current", .int(current)), ("total", 100), ("status", .string(status))]))
    }

    static let decoding = PosterProgress(current: 10, status: "Decoding parameters...")
    static let fetching = PosterProgress(current: 20, status: "Fetching map data...")
    static let rendering = PosterProgress(current: 60, status: "Rendering map...")
    static let uploading = PosterProgress(current: 90, status: "Uploading to cloud...")

    static func preparing(themes count: Int) -> PosterProgress {
        PosterProgress(current: 15, status: "Preparing \(count) themes...")
    }

    /// `30 + int(i/N·60)`, as the original computes it (30, 33, 37, … for 17 themes).
    static func rendering(theme: String, index: Int, of count: Int) -> PosterProgress {
        PosterProgress(
            current: 30 + Int(Double(index) / Double(count) * 60),
            status: "Rendering \(theme) (\(index + 1)/\(count))...")
    }
}
