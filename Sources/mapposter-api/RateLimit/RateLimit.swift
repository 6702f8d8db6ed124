import Foundation

/// A fixed-window limit such as `5/minute`: at most ``count`` requests per ``window``.
///
/// Accepts slowapi's forms: `5/minute`, `5 per minute`, `100/2 hours`, `10/second`, `1000/day`.
struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// Requests allowed per window.
    var count: Int
    /// How many units one window spans.
    var multiple: Int
    /// `second`, `minute`, `hour` or `day`.
    var unit: String

    /// The window length in seconds.
    var windowSeconds: Int {
        multiple * ["second": 1, "minute": 60, "hour": 3600, "day": 86400][unit, default: 60]
    }

    init?(_ text: String) {
        let normalized = text.lowercased().replacingOccurrences(of: " per ", with: "/")
        let parts = normalized.split(separator: "/", maxSplits: 1).map { $0.split(separator: " ") }
        guard parts.count == 2, parts[0].count == 1, let count = Int(parts[0][0]), count > 0 else { return nil }
        var multiple = 1
        var unitText = parts[1].last.map(String.init) ?? ""
        if parts[1].count == 2 {
            guard let value = Int(parts[1][0]), value > 0 else { return nil }
            multiple = value
        } else if parts[1].count != 1 {
            return nil
        }
        if unitText.hasSuffix("s") { unitText.removeLast() }
        guard ["second", "minute", "hour", "day"].contains(unitText) else { return nil }
        self.count = count
        self.multiple = multiple
        self.unit = unitText
    }

    /// slowapi's text for the 429 body: `5 per 1 minute`.
    var description: String { "\(count) per \(multiple) \(unit)" }
}
