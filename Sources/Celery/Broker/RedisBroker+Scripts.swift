import Redis

extension RedisBroker {
    /// Pops up to `ARGV[1]` messages, first from the worker's landing list `KEYS[4]` (where its blocking
    /// `BLMOVE` put them; they count as coming from `KEYS[5]`), then from the lists `KEYS[5…]` in order, and
    /// records each in `unacked`/`unacked_index` in the same atomic step, closing the window kombu leaves
    /// between `BRPOP` and `HSET`.
    /// Messages without a readable `delivery_tag` go straight to the dead-letter list `KEYS[3]`, in the
    /// entry format of ``deadLetterEntry(message:reason:queue:worker:)`` (base64 when not UTF-8).
    ///
    /// cjson refuses unpaired surrogate escapes (`\ud800`), which Python's `json` accepts; such an
    /// envelope is decoded again with every surrogate escape read as `\ufffd`. Only the tag and the
    /// routing are read from the decoded copy: the message itself is kept byte for byte.
    ///
    /// KEYS: unacked, unacked_index, dead-letter list, landing list, lists…
    /// ARGV: limit, now (epoch seconds), worker name.
    /// Returns a flat array: list key, message, status ("ok" or the dead-letter reason), delivery tag
    /// (the `unacked` key, or "" when dead-lettered) per message.
    static let fetchScript = RedisScript(
        #"""
        local out = {}
        local limit = tonumber(ARGV[1])
        local function decode(raw)
          local ok, envelope = pcall(cjson.decode, raw)
          if ok then return ok, envelope end
          local tolerant = raw:gsub('(\\+)u[dD][89a-fA-F]%x%x', function(slashes)
            if #slashes % 2 == 1 then return slashes:sub(2) .. '\\ufffd' end
          end)
          return pcall(cjson.decode, tolerant)
        end
        local function is_utf8(s)
          local i = 1
          while true do
            i = s:find('[\128-\255]', i)
            if not i then return true end
            local c, count, low, high = s:byte(i), 0, 0x80, 0xBF
            if c >= 0xC2 and c <= 0xDF then count = 1
            elseif c >= 0xE0 and c <= 0xEF then
              count = 2
              if c == 0xE0 then low = 0xA0 elseif c == 0xED then high = 0x9F end
            elseif c >= 0xF0 and c <= 0xF4 then
              count = 3
              if c == 0xF0 then low = 0x90 elseif c == 0xF4 then high = 0x8F end
            else return false end
            for k = 1, count do
              local b = s:byte(i + k)
              if not b or b < low or b > high then return false end
              low, high = 0x80, 0xBF
            end
            i = i + count + 1
          end
        end
        local alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
        local function base64(s)
          local chunks = {}
          for i = 1, #s, 3 do
            local a, b, c = s:byte(i, i + 2)
            local n = a * 65536 + (b or 0) * 256 + (c or 0)
            local chunk = ''
            for shift = 18, 0, -6 do
              local k = math.floor(n / 2 ^ shift) % 64 + 1
              chunk = chunk .. alphabet:sub(k, k)
            end
            if not b then chunk = chunk:sub(1, 2) .. '==' elseif not c then chunk = chunk:sub(1, 3) .. '=' end
            chunks[#chunks + 1] = chunk
          end
          return table.concat(chunks)
        end
        local function track(key, raw)
          local ok, envelope = decode(raw)
          local properties = ok and type(envelope) == 'table' and envelope.properties
          local tag = type(properties) == 'table' and properties.delivery_tag
          if type(tag) ~= 'string' or tag == '' then
            local reason = ok and 'envelope has no properties.delivery_tag' or 'envelope is not JSON'
            local message = cjson.encode(raw)
            if not is_utf8(raw) then message = cjson.encode(base64(raw)) .. ', "message_encoding": "base64"' end
            redis.call('LPUSH', KEYS[3], '{"reason": ' .. cjson.encode(reason) .. ', "list": ' .. cjson.encode(key) ..
              ', "worker": ' .. cjson.encode(ARGV[3]) .. ', "time": ' .. ARGV[2] .. ', "message": ' .. message .. '}')
            table.insert(out, key); table.insert(out, raw); table.insert(out, reason); table.insert(out, '')
            return
          end
          local info = type(properties.delivery_info) == 'table' and properties.delivery_info or {}
          local exchange = type(info.exchange) == 'string' and info.exchange or ''
          local routing = type(info.routing_key) == 'string' and info.routing_key or ''
          redis.call('ZADD', KEYS[2], ARGV[2], tag)
          redis.call('HSET', KEYS[1], tag, '[' .. raw .. ', ' .. cjson.encode(exchange) .. ', ' .. cjson.encode(routing) .. ']')
          table.insert(out, key); table.insert(out, raw); table.insert(out, 'ok'); table.insert(out, tag)
        end
        while #out < limit * 4 do
          local raw = redis.call('RPOP', KEYS[4])
          if not raw then break end
          track(KEYS[5], raw)
        end
        for i = 5, #KEYS do
          while #out < limit * 4 do
            local raw = redis.call('RPOP', KEYS[i])
            if not raw then break end
            track(KEYS[i], raw)
          end
        end
        return out
        """#
    )

    /// Gives back the messages of a landing list whose worker has not waited since `ARGV[2]` to the front of
    /// its source list (popped next), and forgets the list; does nothing when the worker fetched since.
    /// KEYS: landing table, landing list, source list. ARGV: landing list key, cutoff (epoch seconds).
    /// Returns how many messages were given back.
    static let restoreLandingScript = RedisScript(
        """
        local entry = redis.call('HGET', KEYS[1], ARGV[1])
        if not entry then return 0 end
        local ok, info = pcall(cjson.decode, entry)
        if ok and type(info) == 'table' and tonumber(info.seen) and tonumber(info.seen) >= tonumber(ARGV[2]) then
          return 0
        end
        local moved = 0
        while true do
          local raw = redis.call('RPOP', KEYS[2])
          if not raw then break end
          redis.call('RPUSH', KEYS[3], raw)
          moved = moved + 1
        end
        redis.call('HDEL', KEYS[1], ARGV[1])
        return moved
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
