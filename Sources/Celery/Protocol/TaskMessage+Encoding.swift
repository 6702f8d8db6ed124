import Foundation
import JSON

extension TaskMessage {
    /// The embed of a task with no callbacks, errbacks, chain or chord, as Python writes it.
    static let emptyEmbed = JSONObject([("callbacks", .null), ("errbacks", .null), ("chain", .null), ("chord", .null)])

    /// The v2 headers Python writes, in Python's order (celery-protocol.md §1.2).
    static func headers(
        name: String,
        id: String,
        args: [JSONValue],
        kwargs: JSONObject,
        options: TaskOptions,
        origin: String
    ) -> JSONObject {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func optional(_ date: Date?) -> JSONValue { date.map { .string(CeleryDate.format($0)) } ?? .null }
        func optional(_ number: Double?) -> JSONValue { number.map(JSONValue.double) ?? .null }
        let timeLimits: JSONValue = .array([optional(options.timeLimit), optional(options.softTimeLimit)])
        let members: [(String, JSONValue)] = [
            ("lang", .string("py")),
            ("task", .string(name)),
            ("id", .string(id)),
            ("shadow", optional(options.shadow)),
            ("eta", optional(options.eta)),
            ("expires", optional(options.expires)),
            ("group", optional(options.groupID)),
            ("group_index", options.groupIndex.map(JSONValue.int) ?? .null),
            ("retries", .int(options.retries)),
            ("timelimit", timeLimits),
            ("root_id", .string(options.rootID ?? id)),
            ("parent_id", optional(options.parentID)),
            ("argsrepr", .string(CelerySafeRepr.tuple(args))),
            ("kwargsrepr", .string(CelerySafeRepr.repr(.object(kwargs)))),
            ("origin", .string(origin)),
            ("ignore_result", .bool(options.ignoreResult)),
            ("replaced_task_nesting", .int(0)),
            ("stamped_headers", .null),
            ("stamps", .object(JSONObject())),
        ]
        var headers = JSONObject(members)
        for (key, value) in options.extraHeaders { headers[key] = value }
        return headers
    }

    /// Builds the envelope a Python producer would publish for this task call.
    static func envelope(
        name: String,
        id: String,
        args: [JSONValue],
        kwargs: JSONObject,
        embed: JSONObject?,
        options: TaskOptions,
        origin: String,
        replyTo: String
    ) -> KombuEnvelope {
        let headers = headers(name: name, id: id, args: args, kwargs: kwargs, options: options, origin: origin)
        let embed = embed ?? emptyEmbed
        var properties = JSONObject([
            ("correlation_id", .string(id)),
            ("reply_to", .string(replyTo)),
            ("delivery_mode", .int(2)),
            (
                "delivery_info",
                .object(JSONObject([("exchange", .string("")), ("routing_key", .string(options.queue))]))
            ),
            ("priority", .int(options.priority ?? 0)),
        ])
        if let expires = options.expires {
            properties["expiration"] = .string(String(max(0, Int(expires.timeIntervalSinceNow * 1000))))
        }
        return KombuEnvelope(
            json: [.array(args), .object(kwargs), .object(embed)],
            headers: headers,
            properties: properties
        )
    }
}
