/// A JSON value that keeps the order of object members, as Python's `dict` does.
///
/// The poster request arrives as JSON (Celery's `args[0]`) and its canonical form, whose MD5 names
/// the stored poster, depends on the order of the keys inside `CustomLayer.tags`. Foundation's
/// `JSONSerialization` loses that order, so requests are decoded into this type instead.
///
/// Numbers keep the distinction Python's `json` module makes: a literal without a fraction or an
/// exponent is an ``integer(_:)``, anything else is a ``double(_:)`` (so `12.0` stays a float).
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer literal such as `10000` or `-3`.
    case integer(Int)
    /// A literal with a fraction or an exponent (`12.0`, `1e-6`), or `NaN`/`Infinity` as Python writes them.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose members keep their insertion order.
    case object(JSONObject)
}

extension JSONValue {
    /// The member named `key` when this is an object, otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}
