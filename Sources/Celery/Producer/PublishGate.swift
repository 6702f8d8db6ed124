import Redis

/// A condition a message must pass to be published, checked by Redis in the same script as the publish: one round
/// trip, and nothing sent when the condition says no (a rate limit, a quota).
///
/// The condition is a Lua chunk that sees its own `KEYS` and `ARGV` and returns a table; the message is sent when the
/// table's first element is `1`. The whole table is the reply of ``CeleryProducer/send(_:args:kwargs:options:admittedBy:)``.
public struct PublishGate: Sendable {
    /// A condition's Lua chunk wrapped with the publish, loaded into Redis once. Make one per kind of condition and
    /// keep it (a `static let`).
    public final class Condition: Sendable {
        let script: RedisScript

        /// - Parameter lua: the chunk; `return {1, …}` admits the message, `return {0, …}` refuses it.
        public init(lua: String) {
            // ARGV: the condition's key count, its arguments…, binding member, message.
            // KEYS: the condition's keys…, binding set, permanent binding set, list.
            // The writes are the ones of `RedisBroker.publish(_:queue:declaring:)` with `declaring`.
            script = RedisScript(
                """
                local count = tonumber(ARGV[1])
                local keys, arguments = {}, {}
                for i = 1, count do keys[i] = KEYS[i] end
                for i = 2, #ARGV - 2 do arguments[#arguments + 1] = ARGV[i] end
                local verdict = (function(KEYS, ARGV)
                \(lua)
                end)(keys, arguments)
                if type(verdict) == 'table' and verdict[1] == 1 then
                  redis.call('SADD', KEYS[count + 1], ARGV[#ARGV - 1])
                  redis.call('SADD', KEYS[count + 2], ARGV[#ARGV - 1])
                  redis.call('LPUSH', KEYS[count + 3], ARGV[#ARGV])
                end
                return verdict
                """)
        }
    }

    /// The condition to check.
    public var condition: Condition
    /// The condition's `KEYS`, for this message.
    public var keys: [String]
    /// The condition's `ARGV`, for this message.
    public var arguments: [String]

    /// A gate checking `condition` with its `keys` and `arguments`.
    public init(_ condition: Condition, keys: [String], arguments: [String]) {
        self.condition = condition
        self.keys = keys
        self.arguments = arguments
    }
}
