import Foundation

/// Environment variables, read by the one rule every MapPoster setting follows.
///
/// **The rule:** a variable that is unset, empty or only whitespace is *not given*, and its default applies;
/// a given value is trimmed of surrounding whitespace before it is read. So `S3_BUCKET=` in a compose file
/// or an `.env` means the default bucket, exactly as leaving the line out does. A value that is given but
/// cannot be read (`CELERY_WORKER_CONCURRENCY=two`) is an error naming the variable, never a silent default.
/// The one exception is a variable to which the Python original gives an empty value a meaning of its own
/// (`S3_PUBLIC_URL=`: root-relative poster URLs); its reader uses ``verbatim(_:)`` and says so.
///
/// Each executable reads the process environment once, through ``process()``, and hands this value to the
/// settings of the modules it runs; tests pass a dictionary literal instead.
public struct EnvironmentVariables: Sendable, ExpressibleByDictionaryLiteral {
    private let values: [String: String]

    /// The variables of `values`, read by the rule above.
    public init(_ values: [String: String]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements) { $1 })
    }

    /// The environment of this process: the one place in the package's executables that reads it.
    public static func process() -> EnvironmentVariables {
        EnvironmentVariables(ProcessInfo.processInfo.environment)
    }

    /// The trimmed value of `name`, or `nil` when it is not given (unset, empty or only whitespace).
    public subscript(name: String) -> String? {
        guard let text = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return nil
        }
        return text
    }

    /// The value of `name` exactly as set, even when empty; `nil` only when unset. Only for the documented
    /// exceptions to the rule (see the type's description).
    public func verbatim(_ name: String) -> String? {
        values[name]
    }

    /// The value of the first of `names` that is given: a variable and the older names it replaces.
    public func first(_ names: String...) -> String? {
        names.lazy.compactMap { self[$0] }.first
    }

    /// The value of `name` converted by `read`, or `nil` when it is not given.
    ///
    /// - Parameter expected: what a valid value looks like, for the error ("a positive integer").
    /// - Throws: ``SettingError`` when the value is given and `read` returns `nil`.
    public func value<Value>(
        _ name: String, expected: String, _ read: (String) -> Value?
    ) throws(SettingError) -> Value? {
        guard let text = self[name] else { return nil }
        guard let value = read(text) else { throw SettingError(variable: name, value: text, expected: expected) }
        return value
    }

    /// The integer value of `name` within `range`, or `nil` when it is not given.
    public func integer(_ name: String, in range: ClosedRange<Int> = .min ... .max) throws(SettingError) -> Int? {
        let expected =
            switch (range.lowerBound, range.upperBound) {
            case (.min, .max): "an integer"
            case (0, .max): "a non-negative integer"
            case (1, .max): "a positive integer"
            case (let low, .max): "an integer of at least \(low)"
            case (let low, let high): "an integer from \(low) to \(high)"
            }
        return try value(name, expected: expected) { Int($0).flatMap { range.contains($0) ? $0 : nil } }
    }

    /// The number value of `name`, at least `minimum`, or `nil` when it is not given.
    public func number(_ name: String, minimum: Double = -.infinity) throws(SettingError) -> Double? {
        let expected = minimum == -.infinity ? "a number" : "a number of at least \(minimum)"
        return try value(name, expected: expected) { Double($0).flatMap { $0.isFinite && $0 >= minimum ? $0 : nil } }
    }

    /// The boolean value of `name` as Celery reads one (`1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off`, any
    /// case), or `nil` when it is not given.
    public func flag(_ name: String) throws(SettingError) -> Bool? {
        try value(name, expected: "1, true, yes or on; 0, false, no or off") { text in
            switch text.lowercased() {
            case "1", "true", "yes", "on": true
            case "0", "false", "no", "off": false
            default: nil
            }
        }
    }

    /// The comma-separated items of `name`, each trimmed, empty items left out; `nil` when it is not given or
    /// holds no item.
    public func list(_ name: String) -> [String]? {
        let items = self[name].map(Self.items) ?? []
        return items.isEmpty ? nil : items
    }

    /// The comma-separated items of `text`, each trimmed, empty items left out: how every list setting (a
    /// variable or its flag) is read.
    public static func items(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The value of `name` when it is one of `choices` (compared without case), lowercased; `nil` when not given.
    public func choice(_ name: String, of choices: [String]) throws(SettingError) -> String? {
        try value(name, expected: "one of " + choices.joined(separator: ", ")) { text in
            choices.contains(text.lowercased()) ? text.lowercased() : nil
        }
    }
}

/// A setting that was given but cannot be read.
public struct SettingError: Error, Equatable, CustomStringConvertible {
    /// The environment variable (or flag) that holds the value.
    public var variable: String
    /// What is wrong with it; never the value itself when it may hold a secret.
    public var reason: String

    /// Creates the error for `variable` with `reason`.
    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    /// Creates the error for `variable`, whose `value` is not `expected` ("a positive integer").
    public init(variable: String, value: String, expected: String) {
        self.init(variable: variable, reason: "'\(value)' is not valid: expected \(expected)")
    }

    public var description: String { "\(variable): \(reason)" }
}
