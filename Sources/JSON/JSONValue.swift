/// A JSON document that keeps what Python's `json` keeps: object key order, the difference
/// between `2` and `2.0`, and integers of any size.
///
/// Celery arguments, results and the Python original's request dicts round-trip through it
/// unchanged, which Foundation's `JSONSerialization` (unordered, `NSNumber`) cannot promise.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    /// An integer outside `Int`'s range, kept exactly as its decimal digits (an optional `-`, no
    /// leading zeros), as Python's arbitrary-precision `int` is. The parser makes one only for
    /// literals that do not fit `Int`, so each integer has one representation.
    case bigInt(String)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var isNull: Bool { self == .null }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// An integer, or a double with no fractional part, that fits `Int` (`nil` for ``bigInt(_:)``).
    public var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 9.2e18: Int(value)
        default: nil
        }
    }

    /// A number as a double; a ``bigInt(_:)`` as the nearest double, as Python's `float(int)` gives.
    public var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .bigInt(let digits): Double(digits)
        case .double(let value): value
        default: nil
        }
    }

    public var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var object: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object, or `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? {
        object?[key]
    }

    /// The name of the JSON type, for error messages: `"object"`, `"array"`, `"string"`, …
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .bigInt: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
