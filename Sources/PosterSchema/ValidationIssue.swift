public import JSON

/// One schema violation, shaped like an entry of pydantic's `ValidationError.errors()`.
///
/// FastAPI's 422 body is `{"detail": [{"type", "loc": ["body", …loc], "msg", "input"}]}`; see ``fastAPIDetail``.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// One step of a location: a field name or a list index.
    public enum PathComponent: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// Pydantic's error type, such as `missing`, `int_parsing`, `int_from_float`, `float_parsing`,
    /// `string_type`, `bool_parsing`, `list_type`, `model_type`.
    public var type: String
    /// Where the problem is, from the request root (empty when the root itself is wrong).
    public var location: [PathComponent]
    /// Pydantic's message for ``type``, such as `Field required`.
    public var message: String
    /// The offending input (for `missing`, the object the field is missing from).
    public var input: JSONValue

    /// Creates an issue.
    public init(type: String, location: [PathComponent], message: String, input: JSONValue) {
        self.type = type
        self.location = location
        self.message = message
        self.input = input
    }

    /// The location as a JSON array of strings and integers, as pydantic reports `loc`.
    public var locationJSON: JSONValue {
        .array(
            location.map {
                switch $0 {
                case .key(let key): .string(key)
                case .index(let index): .int(index)
                }
            })
    }

    /// The entry FastAPI puts in a 422 `detail` list for a body field: `loc` starts with `"body"`.
    public var fastAPIDetail: JSONValue {
        var loc: [JSONValue] = ["body"]
        if case .array(let rest) = locationJSON { loc += rest }
        return .object(
            JSONObject([("type", .string(type)), ("loc", .array(loc)), ("msg", .string(message)), ("input", input)]))
    }

    public var description: String {
        let path = location.map {
            switch $0 {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }
        return "\(path.joined(separator: ".")): \(message) [type=\(type)]"
    }
}
