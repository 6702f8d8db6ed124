import Redis

extension RedisBroker {
    /// Pops up to `ARGV[1]` messages from the lists `KEYS[4…]` in order and records each in
    /// `unacked`/`unacked_index` in the same atomic step, closing the window kombu leaves between
    /// `BRPOP` and `HSET`. A message already popped by `BRPOP` is passed in `ARGV[4]`/`ARGV[5]`.
    /// Messages without a readable `delivery_tag` go straight to the dead-letter list `KEYS[3]`.
    ///
    /// KEYS: unacked, unacked_index, dead-letter list, lists…
    /// ARGV: limit, now (epoch seconds), worker name, popped list key or "", popped message or "".
    /// Returns a flat array: list key, message, status ("ok" or the dead-letter reason) per message.
    static let fetchScript = RedisScript(
        """
        local out = {}
        local limit = tonumber(ARGV[1])
        local function track(key, raw)
          local ok, envelope = pcall(cjson.decode, raw)
          local properties = ok and type(envelope) == 'table' and envelope.properties
          local tag = type(properties) == 'table' and properties.delivery_tag
          if type(tag) ~= 'string' or tag == '' then
            local reason = ok and 'envelope has no properties.delivery_tag' or 'envelope is not JSON'
            redis.call('LPUSH', KEYS[3], '{"reason": ' .. cjson.encode(reason) .. ', "list": ' .. cjson.encode(key) ..
              ', "worker": ' .. cjson.encode(ARGV[3]) .. ', "time": ' .. ARGV[2] .. ', "message": ' .. cjson.encode(raw) .. '}')
            table.insert(out, key); table.insert(out, raw); table.insert(out, reason)
            return
          end
          local info = type(properties.delivery_info) == 'table' and properties.delivery_info or {}
          local exchange = type(info.exchange) == 'string' and info.exchange or ''
          local routing = type(info.routing_key) == 'string' and info.routing_key or ''
          redis.call('ZADD', KEYS[2], ARGV[2], tag)
          redis.call('HSET', KEYS[1], tag, '[' .. raw .. ', ' .. cjson.encode(exchange) .. ', ' .. cjson.encode(routing) .. ']')
          table.insert(out, key); table.insert(out, raw); table.insert(out, 'ok')
        end
        if ARGV[5] ~= '' then track(ARGV[4], ARGV[5]) end
        for i = 4, #KEYS do
          while #out < limit * 3 do
            local raw = redis.call('RPOP', KEYS[i])
            if not raw then break end
            track(KEYS[i], raw)
          end
        end
        return out
        """
    )

    /// Releases the `unacked_mutex` only if this sweeper still holds it (redis-py `Lock.release`).
    static let releaseMutexScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
    )
}
