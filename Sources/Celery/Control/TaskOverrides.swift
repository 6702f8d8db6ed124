import Foundation
import Synchronization

/// Per-task settings changed at runtime by the `rate_limit` and `time_limit` control commands.
final class TaskOverrides: Sendable {
    struct TimeLimits: Sendable {
        var hard: Double?
        var soft: Double?
    }

    private struct Bucket {
        var interval: Duration
        var next: ContinuousClock.Instant
    }

    private let timeLimits = Mutex<[String: TimeLimits]>([:])
    private let buckets = Mutex<[String: Bucket]>([:])

    func timeLimits(for name: String) -> TimeLimits? { timeLimits.withLock { $0[name] } }

    func setTimeLimits(_ limits: TimeLimits, for name: String) { timeLimits.withLock { $0[name] = limits } }

    /// Sets tasks per second for `name`; 0 removes the limit.
    func setRate(_ perSecond: Double, for name: String) {
        buckets.withLock { buckets in
            guard perSecond > 0 else {
                buckets[name] = nil
                return
            }
            buckets[name] = Bucket(interval: .clamped(seconds: 1 / perSecond), next: .now)
        }
    }

    /// Reserves the next start slot of a rate-limited task (a token bucket of capacity 1, as
    /// kombu's `TokenBucket`): how long to wait before starting it, or `nil` at once.
    func reserveStart(of name: String) -> Duration? {
        buckets.withLock { buckets in
            guard var bucket = buckets[name] else { return nil }
            let now = ContinuousClock.now
            let slot = max(now, bucket.next)
            bucket.next = slot + bucket.interval
            buckets[name] = bucket
            return slot > now ? slot - now : nil
        }
    }

    /// Parses Celery's rate strings: `"10"` (per second), `"10/s"`, `"10/m"`, `"10/h"`; empty is no limit.
    /// - Returns: tasks per second, or `nil` for a bad string.
    static func parseRate(_ text: String) -> Double? {
        guard !text.isEmpty else { return 0 }
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let count = Double(parts[0].trimmingCharacters(in: .whitespaces)) else { return nil }
        switch parts.count == 2 ? parts[1] : "s" {
        case "s": return count
        case "m": return count / 60
        case "h": return count / 3600
        default: return nil
        }
    }
}
