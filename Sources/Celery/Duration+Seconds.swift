extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The longest wait the worker schedules: about 31 years. Longer (or infinite) limits and delays
    /// are never reached in practice, and `Duration.seconds(_:)` traps far beyond it.
    static let longestWait: Duration = .seconds(1_000_000_000)

    /// `seconds` as a duration clamped to `0…longestWait`; NaN is zero. Never traps, whatever a message,
    /// a control command or a setting says.
    package static func clamped(seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        return seconds >= 1_000_000_000 ? longestWait : .seconds(seconds)
    }
}
