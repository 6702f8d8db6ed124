import Foundation
import JSON

extension TaskMessage {
    /// Decodes a task from its envelope: protocol v2 when `headers.task` is present, otherwise v1
    /// (the task fields in the body), as Celery's consumer detects them.
    ///
    /// - Throws: ``MessageDecodingError`` saying what is wrong, for the dead-letter list.
    public init(envelope: KombuEnvelope) throws(MessageDecodingError) {
        let payload = try envelope.payload()
        if envelope.headers["task"] != nil {
            try self.init(v2Headers: envelope.headers, payload: payload, properties: envelope.properties)
        } else if let body = payload.object, body["task"] != nil {
            try self.init(v1Body: body, properties: envelope.properties)
        } else {
            throw MessageDecodingError("unknown message: no 'task' in headers (v2) or body (v1)")
        }
    }

    private init(v2Headers headers: JSONObject, payload: JSONValue, properties: JSONObject) throws(MessageDecodingError)
    {
        guard let elements = payload.array, elements.count == 3 else {
            throw MessageDecodingError("v2 body must be [args, kwargs, embed], got \(Self.describe(payload))")
        }
        guard let args = elements[0].array else {
            throw MessageDecodingError("args must be a list, got \(elements[0].typeName)")
        }
        guard let kwargs = elements[1].object else {
            throw MessageDecodingError("kwargs must be a mapping, got \(elements[1].typeName)")
        }
        let embed: JSONObject
        switch elements[2] {
        case .object(let object): embed = object
        case .null: embed = JSONObject()
        default: throw MessageDecodingError("embed must be a mapping or null, got \(elements[2].typeName)")
        }
        try self.init(
            fields: headers, args: args, kwargs: kwargs, embed: embed, headers: headers, properties: properties)
    }

    private init(v1Body body: JSONObject, properties: JSONObject) throws(MessageDecodingError) {
        guard let args = (body["args"] ?? .array([])).array else {
            throw MessageDecodingError("args must be a list, got \(body["args"]!.typeName)")
        }
        guard let kwargs = (body["kwargs"] ?? .object(JSONObject())).object else {
            throw MessageDecodingError("kwargs must be a mapping, got \(body["kwargs"]!.typeName)")
        }
        var headers = JSONObject()
        for key in ["task", "id", "eta", "expires", "retries", "timelimit", "group_index"] {
            if let value = body[key] { headers[key] = value }
        }
        headers["group"] = body["taskset"] ?? body["group"] ?? .null
        headers["root_id"] = body["id"]
        headers["argsrepr"] = .string(CelerySafeRepr.tuple(args))
        headers["kwargsrepr"] = .string(CelerySafeRepr.repr(.object(kwargs)))
        let embed = JSONObject([
            ("callbacks", body["callbacks"] ?? .null), ("errbacks", body["errbacks"] ?? .null),
            ("chain", .null), ("chord", body["chord"] ?? .null),
        ])
        try self.init(
            fields: headers, args: args, kwargs: kwargs, embed: embed, headers: headers, properties: properties)
    }

    private init(
        fields: JSONObject,
        args: [JSONValue],
        kwargs: JSONObject,
        embed: JSONObject,
        headers: JSONObject,
        properties: JSONObject
    ) throws(MessageDecodingError) {
        guard let name = fields["task"]?.string, !name.isEmpty else {
            throw MessageDecodingError("task name must be a non-empty string")
        }
        guard let id = fields["id"]?.string, !id.isEmpty else {
            throw MessageDecodingError("task id must be a non-empty string")
        }
        self.id = id
        self.name = name
        self.args = args
        self.kwargs = kwargs
        self.embed = embed
        self.headers = headers
        self.properties = properties
        retries = try Self.retries(fields["retries"])
        eta = try Self.date(fields["eta"], field: "eta")
        expires = try Self.date(fields["expires"], field: "expires")
        (hardTimeLimit, softTimeLimit) = try Self.timeLimits(fields["timelimit"])
        rootID = fields["root_id"]?.string
        parentID = fields["parent_id"]?.string
        groupID = fields["group"]?.string
        groupIndex = fields["group_index"]?.int
        ignoreResult = fields["ignore_result"]?.bool ?? false
    }

    /// `retries`: a non-negative integer (or null), as Celery's retry counter; larger than `Int` counts as `Int.max`.
    private static func retries(_ value: JSONValue?) throws(MessageDecodingError) -> Int {
        guard let value, value != .null else { return 0 }
        guard let count = value.int, count >= 0 else {
            throw MessageDecodingError("retries must be a non-negative integer, got \(value.serialized(.python))")
        }
        return count
    }

    /// `timelimit`: `[hard, soft]`, each a number of seconds or null, as Celery's pool reads them: null, 0,
    /// infinity and NaN set no limit (the pool never reaches them), and a negative limit has already passed.
    private static func timeLimits(_ value: JSONValue?) throws(MessageDecodingError) -> (hard: Double?, soft: Double?) {
        let limits: [JSONValue]
        switch value {
        case nil, .null?: return (nil, nil)
        case .array(let elements)? where elements.count <= 2: limits = elements
        case let other?:
            throw MessageDecodingError("timelimit must be [hard, soft], got \(other.serialized(.python))")
        }
        func seconds(_ index: Int) throws(MessageDecodingError) -> Double? {
            guard index < limits.count else { return nil }
            let limit = limits[index]
            guard limit != .null else { return nil }
            guard let seconds = limit.double else {
                throw MessageDecodingError("timelimit values must be numbers or null, got \(limit.serialized(.python))")
            }
            return normalizedTimeLimit(seconds)
        }
        return (try seconds(0), try seconds(1))
    }

    /// A time limit as Celery's pool treats it: 0, infinity and NaN are no limit; a negative one has passed.
    public static func normalizedTimeLimit(_ seconds: Double?) -> Double? {
        guard let seconds, !seconds.isNaN, seconds != 0, seconds != .infinity else { return nil }
        return max(seconds, 0)
    }

    private static func date(_ value: JSONValue?, field: String) throws(MessageDecodingError) -> Date? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let date = CeleryDate.parse(text) else {
                throw MessageDecodingError("\(field) is not an ISO-8601 time: \(text)")
            }
            return date
        case let other?:
            throw MessageDecodingError("\(field) must be an ISO-8601 string, got \(other.typeName)")
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        if let elements = value.array { return "a list of \(elements.count)" }
        return "a JSON \(value.typeName)"
    }
}
