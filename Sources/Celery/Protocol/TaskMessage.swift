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
    /// The positional arguments (the first body element).
    public var args: [JSONValue]
    /// The keyword arguments, in the order sent (the second body element).
    public var kwargs: JSONObject
    /// The third body element: `callbacks`, `errbacks`, `chain`, `chord` (all may be null).
    public var embed: JSONObject
    /// `headers.retries`: how many times the task has been retried; 0 for a first run.
    public var retries: Int
    /// `headers.eta`: the earliest time to run the task; `nil` runs it at once.
    public var eta: Date?
    /// `headers.expires`: after this time the task is revoked instead of run.
    public var expires: Date?
    /// `timelimit[0]`: seconds after which the task is stopped (prefork) or abandoned (threads) and fails with
    /// `TimeLimitExceeded`; `nil` for none (see ``normalizedTimeLimit(_:)``). `timelimit` is `[hard, soft]` (the
    /// order Celery's code uses, not its protocol doc).
    public var hardTimeLimit: Double?
    /// `timelimit[1]`: seconds after which the handler is cancelled; a handler that then throws fails with
    /// `SoftTimeLimitExceeded`. `nil` for none.
    public var softTimeLimit: Double?
    /// `headers.root_id`: the first task of the workflow.
    public var rootID: String?
    /// `headers.parent_id`: the task that sent this one.
    public var parentID: String?
    /// `headers.group`: the group (or chord header) the task belongs to.
    public var groupID: String?
    /// `headers.group_index`: the task's position in its group.
    public var groupIndex: Int?
    /// `headers.ignore_result`: store no result.
    public var ignoreResult: Bool
    /// All headers as received (v1 messages get v2 headers synthesized).
    public var headers: JSONObject
    /// All properties as received: `delivery_tag`, `delivery_info`, `priority`….
    public var properties: JSONObject

    /// `properties.priority`, 0…9, where 0 is the highest on Redis.
    public var priority: Int { min(max(properties["priority"]?.int ?? 0, 0), 9) }
    /// `properties.delivery_tag`, the message's key in `unacked`; empty when missing.
    public var deliveryTag: String { properties["delivery_tag"]?.string ?? "" }
    /// `properties.delivery_info.routing_key`: the queue the message was sent to; empty when missing.
    public var routingKey: String { properties["delivery_info"]?["routing_key"]?.string ?? "" }
    /// `properties.delivery_info.exchange`: empty for the default exchange Celery uses.
    public var exchange: String { properties["delivery_info"]?["exchange"]?.string ?? "" }
    /// `headers.argsrepr`, or Celery's `saferepr` of ``args`` when the sender wrote none: what logs, events and
    /// `celery inspect` show.
    public var argsRepr: String { headers["argsrepr"]?.string ?? CelerySafeRepr.tuple(args) }
    /// `headers.kwargsrepr`, or Celery's `saferepr` of ``kwargs`` when the sender wrote none.
    public var kwargsRepr: String { headers["kwargsrepr"]?.string ?? CelerySafeRepr.repr(.object(kwargs)) }
    /// Whether the message was given back to its queue before (kombu's `redelivered` header or delivery info).
    public var isRedelivered: Bool {
        headers["redelivered"]?.bool == true || properties["delivery_info"]?["redelivered"]?.bool == true
    }
}
