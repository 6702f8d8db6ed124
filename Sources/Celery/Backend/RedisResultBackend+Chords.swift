import Foundation
package import JSON
package import Logging
package import Redis

/// Chords joined in Redis exactly as Celery 5.7's Redis backend joins them (`on_chord_part_return`), so that Swift
/// and Python workers can run the header tasks of one chord: each header result goes into the sorted set
/// `celery-taskset-meta-<group>.j` (scored by `group_index`), at most once per task (`.d`); the part that makes the
/// count reach the size `.s` (plus `.t`) claims `.c` with a token, joins, sends the callback once and replaces the
/// claim by a `done` marker. A failed header task fails the callback with `ChordError`.
///
/// Better than Celery: recording a part is idempotent for the same claim token, so a Redis call retried after a lost
/// reply neither counts twice nor loses the claim it had taken; the results are read in the same script that claims.
/// Only `result_chord_ordered=True` (Celery's default, a sorted set) is supported.
extension RedisResultBackend {
    /// Seconds a worker holds the claim to join a complete chord (Celery: twice `result_chord_join_timeout`).
    static let chordClaimSeconds = 6
    /// Seconds of claim while the callback is published (Celery's estimate with its default publish retries).
    static let chordPublishClaimSeconds = 21
    /// Seconds the `done` marker of a joined chord is kept, so that late duplicate parts do not join it again.
    static let chordDoneSeconds = 300
    /// How long the results of a saved (nested) header may take to be read.
    static let chordJoinTimeout: Duration = .seconds(3)

    /// Sets the size of chord `groupID` before its header tasks are sent, as Celery's `set_chord_size`: a new run
    /// of the same group id forgets the previous run's `done` marker.
    public func setChordSize(groupID: String, size: Int) async throws {
        let size = [groupKey(for: groupID, suffix: ".s"), String(size)]
        let set = chordSeconds > 0 ? ["SET"] + size + ["EX", String(chordSeconds)] : ["SET"] + size
        try await client.pipeline([["DEL", groupKey(for: groupID, suffix: ".c")], set]).throwingFirstError()
    }

    /// Records a header task's result in its chord and, when it is the last one, joins the chord and calls
    /// `sendCallback` with the header's results in `group_index` order, exactly once across all workers.
    ///
    /// - Parameters:
    ///   - part: the header task's id, group, index, state and result.
    ///   - retryPolicy: how Redis calls are retried while Redis is unreachable; a retried call does not count twice.
    ///   - sendCallback: publishes the chord's callback with the results prepended to its arguments; an error
    ///     fails the chord with `ChordError("Callback error: …")`.
    ///   - logger: where the join is logged.
    /// - Throws: errors of Redis other than lost connections; the chord is then left for another part or expiry.
    package func chordPartReturned(
        _ part: ChordPart,
        retryPolicy: RetryPolicy,
        logger: Logger,
        sendCallback: @Sendable ([JSONValue]) async throws -> Void
    ) async throws -> ChordOutcome {
        let keys = [".j", ".t", ".s", ".d", "", ".c"].map { groupKey(for: part.groupID, suffix: $0) }
        let token = newIdentifier()
        let value: JSONValue = [1, .string(part.taskID), .string(part.state.rawValue), part.result]
        let arguments = [
            part.taskID, value.serialized(.python), part.groupIndex.map(String.init) ?? "+inf", String(chordSeconds),
            String(chordSeconds), String(Self.chordClaimSeconds), token,
        ]
        let reply = try await retryPolicy.run(logger: logger) {
            try await self.client.run(
                Self.chordPartReturnScript, keys: keys, arguments: arguments)
        }
        guard let replies = reply.array, replies.first?.int == 1, let members = replies.last?.array else {
            return .waiting
        }
        let results: [JSONValue]
        do {
            results = try await joinChord(part.groupID, members: members.compactMap(\.string))
        } catch {
            // A copy of a header task that returns later must not fail the chord again: drop its size.
            try await retryPolicy.run(logger: logger) {
                try await self.client.execute(["DEL", self.groupKey(for: part.groupID, suffix: ".s")])
            }
            return .failed(error as? TaskFailure ?? .chordError("Join error: \(TaskFailure(error).repr)"))
        }
        let claim = [keys[5], keys[2]]
        let extended = try await retryPolicy.run(logger: logger) {
            try await self.client.run(
                Self.chordClaimExtendScript, keys: claim, arguments: [token, String(Self.chordPublishClaimSeconds)])
        }
        guard extended.int == 1 else { return .claimLost }
        var outcome = ChordOutcome.callbackSent
        do {
            try await sendCallback(results)
        } catch {
            outcome = .failed(.chordError("Callback error: \(TaskFailure(error).repr)"))
        }
        let cleaned = try await retryPolicy.run(logger: logger) {
            try await self.client.run(
                Self.chordCleanupScript, keys: [keys[5], keys[0], keys[1], keys[2], keys[3]],
                arguments: [token, String(Self.chordDoneSeconds)])
        }
        if cleaned.int != 1 {
            logger.warning(
                "Chord callback claim was lost before cleanup; chord data was left for expiry",
                metadata: ["celery.group_id": "\(part.groupID)"])
        }
        return outcome
    }

    /// Seconds chord bookkeeping is kept: `result_chord_expires`, which defaults to `result_expires`; 0 for ever.
    private var chordSeconds: Int { expires.map { Int($0.components.seconds) } ?? 0 }

    /// The callback's argument: the results of a saved header group when one was saved (a header holding groups,
    /// as Celery's `apply_chord` saves it), otherwise the recorded parts `[1, id, state, result]` in order.
    ///
    /// - Throws: `ChordError("Dependency <id> raised …")` for the first failed part.
    private func joinChord(_ groupID: String, members: [String]) async throws -> [JSONValue] {
        if let header = try await restoreGroup(groupID) {
            do {
                return try await header.get(timeout: Self.chordJoinTimeout)
            } catch let error as CeleryError {
                throw TaskFailure.chordError("Join error: \(error.failure?.repr ?? "TimeoutError('\(error)')")")
            }
        }
        return try members.map { text in
            let part = try JSONValue(parsing: text).array ?? []
            guard part.count == 4, let taskID = part[1].string, let state = part[2].string else {
                throw TaskFailure.chordError("Join error: malformed chord part \(text)")
            }
            if [.failure, .revoked].contains(TaskState(rawValue: state)) {
                let raised = TaskFailure(json: part[3])?.repr ?? PythonRepr.repr(part[3])
                throw TaskFailure.chordError("Dependency \(taskID) raised \(raised)")
            }
            return part[3]
        }
    }

    /// Celery 5.7's `CHORD_PART_RETURN_LUA` (ordered), returning `{1, <parts in order>}` to the part that claims
    /// the complete chord and `{0}` otherwise; a retry with the same token claims again instead of failing.
    /// KEYS: `.j`, `.t`, `.s`, `.d`, group key, `.c`. ARGV: task id, encoded part, group index, chord TTL,
    /// group TTL, claim TTL, claim token.
    static let chordPartReturnScript = RedisScript(
        """
        local jkey, tkey, skey, dkey, gkey, ckey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local tid, value, score = ARGV[1], ARGV[2], ARGV[3]
        local expires, group_expires, claim_expires = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local token = ARGV[7]
        local claim = redis.call('GET', ckey)
        if claim == 'done' then return {0} end
        local member = tid .. ':' .. score
        if redis.call('SISMEMBER', dkey, member) == 0 then
          redis.call('ZADD', jkey, score, value)
          redis.call('SADD', dkey, member)
        end
        local readycount = redis.call('ZCOUNT', jkey, '-inf', '+inf')
        if expires > 0 then
          for _, key in ipairs({jkey, tkey, skey, dkey}) do redis.call('EXPIRE', key, expires) end
          if group_expires > 0 then redis.call('EXPIRE', gkey, group_expires) end
        end
        local size = redis.call('GET', skey)
        if not size or readycount ~= tonumber(size) + tonumber(redis.call('GET', tkey) or 0) then return {0} end
        if claim ~= token and not redis.call('SET', ckey, token, 'NX', 'EX', claim_expires) then return {0} end
        return {1, redis.call('ZRANGE', jkey, 0, -1)}
        """
    )

    /// Celery 5.7's `CHORD_CLAIM_EXTEND_LUA`: extends the claim while this worker owns it, or takes it again if it
    /// expired while the chord is still there. KEYS: `.c`, `.s`. ARGV: token, seconds.
    static let chordClaimExtendScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
        end
        if not redis.call('GET', KEYS[1]) and redis.call('EXISTS', KEYS[2]) == 1 then
          return redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]), 'NX') and 1 or 0
        end
        return 0
        """
    )

    /// Celery 5.7's `CHORD_CLEANUP_LUA`: if the claim is still this worker's, deletes the chord's bookkeeping and
    /// leaves the `done` marker. KEYS: `.c`, `.j`, `.t`, `.s`, `.d`. ARGV: token, marker seconds.
    static let chordCleanupScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
          redis.call('SET', KEYS[1], 'done', 'EX', tonumber(ARGV[2]))
          return 1
        end
        return 0
        """
    )
}
