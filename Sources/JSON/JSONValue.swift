/// A JSON document that keeps what Python's `json` keeps: object key order, the difference
/// between `2` and `2.0`, and integers of any size.
///
/// Celery arguments, results and the Python original's request dicts round-trip through it
/// unchanged, which Foundation's `JSONSerialization` (unordered, `NSNumber`) cannot promise.
///
/// Literals build values directly: `let value: JSONValue = ["x": 2, "tags": ["a", nil]]`.
public enum JSONValue: Sendable, Hashable {
    /// `null` (Python's `None`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits `Int`, written without a fraction (Python's `int`).
    case int(Int)
    /// An integer outside `Int`'s range, kept exactly as its decimal digits (an optional `-`, no
    /// leading zeros), as Python's arbitrary-precision `int` is. The parser makes one only for
    /// literals that do not fit `Int`, so each integer has one representation.
    case bigInt(String)
    /// A number written with a fraction or an exponent (Python's `float`), or `NaN`/`Infinity`, which Python's
    /// `json` reads and writes.
    case double(Double)
    /// A string.
    case string(String)
    /// An array (Python's `list`).
    case array([JSONValue])
    /// An object whose members keep their order (Python's `dict`).
    case object(JSONObject)

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }

    /// The text of a ``string(_:)``, or `nil` for other values.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The flag of a ``bool(_:)``, or `nil` for other values (numbers are not booleans).
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

    /// The elements of an ``array(_:)``, or `nil` for other values.
    public var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members of an ``object(_:)``, or `nil` for other values.
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
    /// `nil` as ``null``.
    public init(nilLiteral: ()) { self = .null }
    /// `true` or `false` as ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal as ``int(_:)``.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A floating-point literal as ``double(_:)``, so `2.0` stays a float.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal as ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal as ``array(_:)``.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal as ``object(_:)``, its members in the order written; a repeated key keeps its first
    /// position and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
