import Foundation
public import JSON
public import Logging
public import Redis

/// kombu's pidbox mailbox on Redis (celery-protocol.md §4.10): requests arrive on the
/// `/{db}.celery.pidbox` pub/sub channel; replies are pushed onto the sender's
/// `<oid>.reply.celery.pidbox` list, found through the `_kombu.binding.reply.celery.pidbox` routing table.
public final class Pidbox: Sendable {
    /// The fanout exchange of requests.
    public static let exchange = "celery.pidbox"
    /// The direct exchange of replies.
    public static let replyExchange = "reply.celery.pidbox"

    /// The node this mailbox serves, e.g. `celery@host`.
    public let nodeName: String
    private let client: RedisClient
    private let names: KombuNames
    private let logger: Logger
    private let retryPolicy = RetryPolicy(initialDelay: .milliseconds(200), maximumDelay: .seconds(5))

    /// The mailbox of node `nodeName` on `client`.
    ///
    /// - Parameters:
    ///   - client: the Redis connections requests and replies travel on.
    ///   - names: the broker's key and channel names (the database names the fanout channel).
    ///   - nodeName: the node this mailbox serves or, for a sender only, names itself as.
    ///   - logger: where lost subscriptions and retries are logged.
    public init(client: RedisClient, names: KombuNames, nodeName: String, logger: Logger) {
        self.client = client
        self.names = names
        self.nodeName = nodeName
        self.logger = logger
    }

    /// This node's queue, `<node>.celery.pidbox`, as Python names it.
    public var queueName: String { "\(nodeName).\(Self.exchange)" }

    private var bindingMember: String { KombuNames.bindingMember(routingKey: "", queue: queueName) }

    /// Records the node's queue in the `celery.pidbox` routing table, as a Python worker does.
    public func declare() async throws {
        try await client.execute(["SADD", names.bindingSet(exchange: Self.exchange), bindingMember])
    }

    /// Removes the node's binding and queue lists at shutdown (they are auto-delete in kombu).
    public func remove() async throws {
        _ = try await client.pipeline(
            [["SREM", names.bindingSet(exchange: Self.exchange), bindingMember]]
                + [["DEL"] + KombuNames.prioritySteps.map { names.list(queue: queueName, priority: $0) }]
        )
    }

    /// Receives requests until `stop` is raised, reconnecting with back-off when the connection breaks.
    ///
    /// `deliver` runs on the subscriber's own thread, once per request envelope, in arrival order;
    /// it must not block.
    func listen(until stop: StopSignal, deliver: @escaping @Sendable (KombuEnvelope) -> Void) async {
        let channel = names.fanoutChannel(exchange: Self.exchange)
        var delay = Duration.milliseconds(200)
        while !stop.isRaised {
            do {
                try await client.withDedicatedConnection { connection in
                    try await connection.write(["PSUBSCRIBE", channel])
                    while !stop.isRaised {
                        guard let message = try await connection.read(timeout: .milliseconds(250)),
                            let parts = message.array, parts.count == 4, parts[0].string == "pmessage",
                            let text = parts[3].string
                        else { continue }
                        guard let envelope = try? KombuEnvelope(parsing: text) else { continue }
                        deliver(envelope)
                    }
                }
                delay = .milliseconds(200)
            } catch {
                guard !stop.isRaised else { return }
                logger.warning(
                    "Remote-control subscription lost; reconnecting",
                    metadata: [CeleryLogKey.error: "\(error)", "redis.retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// Sends `{node: reply}` to the sender of a request, to every queue bound to its routing key
    /// (none when the sender stopped waiting and removed its binding).
    public func reply(
        _ reply: JSONValue, to replyTo: (exchange: String, routingKey: String), ticket: String?, clock: Int
    )
        async throws
    {
        var headers = JSONObject([("clock", .int(clock))])
        if let ticket { headers = JSONObject([("ticket", .string(ticket)), ("clock", .int(clock))]) }
        let envelope = KombuEnvelope(
            json: .object(JSONObject([(nodeName, reply)])),
            headers: headers,
            properties: JSONObject([
                ("delivery_mode", JSONValue.int(1)),
                (
                    "delivery_info",
                    ["exchange": .string(replyTo.exchange), "routing_key": .string(replyTo.routingKey)] as JSONValue
                ),
                ("priority", JSONValue.int(0)),
            ])
        )
        let table = names.bindingSet(exchange: replyTo.exchange)
        try await retryPolicy.run(logger: logger) {
            let members = try await self.client.execute(["SMEMBERS", table]).array?.compactMap(\.string) ?? []
            let queues = members.compactMap { member -> String? in
                let parts = member.components(separatedBy: KombuNames.separator)
                return parts.count == 3 && parts[0] == replyTo.routingKey ? parts[2] : nil
            }
            guard !queues.isEmpty else { return }
            _ = try await self.client.pipeline(
                queues.map { ["LPUSH", self.names.list(queue: $0, priority: 0), envelope.text] })
        }
    }

    /// Broadcasts `method` to every node and collects the replies that arrive within `timeout`,
    /// as `app.control.inspect().<method>()` does. Replies are `{node: reply}` objects.
    public func call(_ method: String, arguments: JSONObject, clock: Int, timeout: Duration) async throws
        -> [JSONObject]
    {
        let oid = newIdentifier()
        let ticket = newIdentifier()
        let replyQueue = "\(oid).\(Self.replyExchange)"
        let table = names.bindingSet(exchange: Self.replyExchange)
        let member = KombuNames.bindingMember(routingKey: oid, queue: replyQueue)
        let body: JSONValue = [
            "method": .string(method), "arguments": .object(arguments), "destination": nil, "pattern": nil,
            "matcher": nil, "ticket": .string(ticket),
            "reply_to": ["exchange": .string(Self.replyExchange), "routing_key": .string(oid)],
        ]
        let envelope = KombuEnvelope(
            json: body,
            headers: JSONObject([
                ("clock", .int(clock)), ("expires", .double(Date().timeIntervalSince1970 + timeout.seconds)),
            ]),
            properties: JSONObject([
                ("delivery_mode", JSONValue.int(2)),
                ("delivery_info", ["exchange": .string(Self.exchange), "routing_key": ""] as JSONValue),
                ("priority", JSONValue.int(0)),
            ])
        )
        let lists = KombuNames.prioritySteps.map { names.list(queue: replyQueue, priority: $0) }
        _ = try await client.pipeline([
            ["SADD", table, member], ["PUBLISH", names.fanoutChannel(exchange: Self.exchange), envelope.text],
        ])
        var replies: [JSONObject] = []
        let deadline = ContinuousClock.now + timeout
        do {
            while ContinuousClock.now < deadline {
                let wait = String(format: "%.2f", max(0.05, (deadline - ContinuousClock.now).seconds))
                let popped = try await client.withConnection { connection in
                    try await connection.execute(["BRPOP"] + lists + [wait], extraTimeout: .seconds(1))
                }
                guard let pair = popped.array, pair.count == 2, let text = pair[1].string,
                    let reply = try? KombuEnvelope(parsing: text),
                    reply.headers["ticket"]?.string == ticket,
                    let object = try? reply.payload().object
                else { continue }
                replies.append(object)
            }
        } catch {
            _ = try? await client.pipeline([["SREM", table, member], ["DEL"] + lists])
            throw error
        }
        _ = try await client.pipeline([["SREM", table, member], ["DEL"] + lists])
        return replies
    }
}
