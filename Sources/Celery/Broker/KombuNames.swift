import Foundation

/// Key and channel names of kombu's Redis transport (celery-protocol.md §2.1), with optional
/// `global_keyprefix`.
public struct KombuNames: Sendable, Hashable {
    /// kombu's default separator between a queue name and its priority step: `\x06\x16`.
    public static let separator = "\u{06}\u{16}"
    /// kombu's `priority_steps`: priorities 0–2 → step 0, 3–5 → 3, 6–8 → 6, 9 → 9.
    public static let prioritySteps = [0, 3, 6, 9]

    /// Prepended to every key and channel (kombu's `global_keyprefix`). Defaults to none.
    public var keyPrefix: String
    /// The Redis database number, part of fanout channel names.
    public var database: Int

    /// The names for a broker on database `database`, every key and channel prefixed with `keyPrefix`.
    ///
    /// - Parameters:
    ///   - keyPrefix: kombu's `global_keyprefix`, used as given (no separator is added). Defaults to none.
    ///   - database: the Redis database the broker uses (the `/<db>` of `REDIS_URL`). Defaults to 0.
    public init(keyPrefix: String = "", database: Int = 0) {
        self.keyPrefix = keyPrefix
        self.database = database
    }

    /// The list holding messages of `queue` at `priority`: `queue` for step 0, else `queue\x06\x16<step>`.
    public func list(queue: String, priority: Int) -> String {
        let step = Self.priorityStep(for: priority)
        return keyPrefix + (step == 0 ? queue : queue + Self.separator + String(step))
    }

    /// All priority lists of the queues, priority-major, in the order kombu's `BRPOP` names them.
    public func consumeKeys(queues: [String]) -> [String] {
        Self.prioritySteps.flatMap { step in queues.map { list(queue: $0, priority: step) } }
    }

    /// The queue a list key belongs to (suffix and prefix stripped).
    public func queue(ofList key: String) -> String {
        var name = key.hasPrefix(keyPrefix) ? String(key.dropFirst(keyPrefix.count)) : key
        if let range = name.range(of: Self.separator, options: .backwards) { name = String(name[..<range.lowerBound]) }
        return name
    }

    /// The step of ``prioritySteps`` whose list holds messages of `priority`, after clamping it to 0…9:
    /// the highest step not above it.
    public static func priorityStep(for priority: Int) -> Int {
        let clamped = min(max(priority, 0), 9)
        return prioritySteps.last { $0 <= clamped } ?? 0
    }

    /// `_kombu.binding.<exchange>`: the routing table of an exchange.
    public func bindingSet(exchange: String) -> String { keyPrefix + "_kombu.binding." + exchange }
    /// `_kombu.binding_permanent.<exchange>` (kombu 5.7).
    public func permanentBindingSet(exchange: String) -> String { keyPrefix + "_kombu.binding_permanent." + exchange }
    /// A binding member: `routing_key SEP pattern SEP queue`.
    public static func bindingMember(routingKey: String, pattern: String = "", queue: String) -> String {
        routingKey + separator + pattern + separator + queue
    }

    /// The hash of unacknowledged messages: delivery tag → `[<message>, "<exchange>", "<routing key>"]`.
    public var unacked: String { keyPrefix + "unacked" }
    /// The sorted set of unacknowledged delivery tags, scored by when they were taken or last refreshed
    /// (epoch seconds).
    public var unackedIndex: String { keyPrefix + "unacked_index" }
    /// The lock a worker holds while it restores messages past the visibility timeout (kombu's `unacked_mutex`).
    public var unackedMutex: String { keyPrefix + "unacked_mutex" }

    /// Where a worker's blocking fetch moves a message before recording it as unacknowledged:
    /// `swift-celery.landing.<worker>`. A message stays there only between the move and the fetch script, or
    /// when the worker lost its connection in between; the next fetch (or a sweep) takes it from there.
    public func landingList(worker: String) -> String { keyPrefix + "swift-celery.landing." + worker }
    /// The hash of landing lists: list key → `{"source": <list it was moved from>, "seen": <last fetch>}`.
    public var landingTable: String { keyPrefix + "swift-celery.landing" }

    /// Where messages that cannot be decoded or run are set aside: `<queue>.deadletter`.
    public func deadLetterList(queue: String) -> String { keyPrefix + queue + ".deadletter" }

    /// The pub/sub channel of a fanout exchange: `/{db}.<exchange>[/<routing key>]`.
    public func fanoutChannel(exchange: String, routingKey: String = "") -> String {
        keyPrefix + "/\(database).\(exchange)" + (routingKey.isEmpty ? "" : "/" + routingKey)
    }
}
