public import Foundation
public import JSON

/// One task invocation, decoded from protocol v2 (or v1) into the fields a worker acts on.
///
/// Unknown headers and properties are kept in ``headers`` and ``properties`` so that a retry or a
/// restore republishes them unchanged.
public struct TaskMessage: Sendable {
    /// `headers.id`: the task id, also the result key suffix.
    public var id: String
    /// `headers.task`: the registered task name.
    public var name: String
    public var args: [JSONValue]
    public var kwargs: JSONObject
    /// The third body element: `callbacks`, `errbacks`, `chain`, `chord` (all may be null).
    public var embed: JSONObject
    public var retries: Int
    public var eta: Date?
    public var expires: Date?
    /// `timelimit` is `[hard, soft]` in seconds (the order the code uses, not the protocol doc).
    public var hardTimeLimit: Double?
    public var softTimeLimit: Double?
    public var rootID: String?
    public var parentID: String?
    public var groupID: String?
    public var groupIndex: Int?
    public var ignoreResult: Bool
    /// All headers as received (v1 messages get v2 headers synthesized).
    public var headers: JSONObject
    public var properties: JSONObject

    /// `properties.priority`, 0…9, where 0 is the highest on Redis.
    public var priority: Int { min(max(properties["priority"]?.int ?? 0, 0), 9) }
    public var deliveryTag: String { properties["delivery_tag"]?.string ?? "" }
    public var routingKey: String { properties["delivery_info"]?["routing_key"]?.string ?? "" }
    public var exchange: String { properties["delivery_info"]?["exchange"]?.string ?? "" }
    public var argsRepr: String { headers["argsrepr"]?.string ?? CelerySafeRepr.tuple(args) }
    public var kwargsRepr: String { headers["kwargsrepr"]?.string ?? CelerySafeRepr.repr(.object(kwargs)) }
    public var isRedelivered: Bool {
        headers["redelivered"]?.bool == true || properties["delivery_info"]?["redelivered"]?.bool == true
    }
}
