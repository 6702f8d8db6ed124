/// Acknowledging one message on kombu's Redis transport: its delivery tag leaves the `unacked` hash and
/// the `unacked_index` zset. Made by ``RedisBroker/acknowledgement(of:)``, carried out by the result backend in the
/// same atomic step as it stores results, if any (``RedisResultBackend/store(_:acknowledging:)-([TaskResultMeta],_)``).
public struct MessageAcknowledgement: Sendable, Hashable {
    let unacked: String
    let unackedIndex: String
    /// The message's `properties.delivery_tag`, its key in `unacked`.
    public let deliveryTag: String
}
