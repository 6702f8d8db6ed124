import Celery
import JSON
import MapPosterTesting
import Redis
import Testing

/// The result backend's writes, read back with plain commands as `redis-cli` and Python's `AsyncResult` read them.
@Suite struct ResultBackendTests {
    /// One call stores several results and acknowledges several messages atomically; a stored SUCCESS is kept, also
    /// one stored earlier in the same call.
    @Test func oneCallStoresResultsAndAcknowledgesMessages() async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, producer in
                let broker = producer.broker
                let backend = try #require(producer.backend)
                for tag in ["early", "late", "other"] {
                    try await client.execute(["HSET", broker.names.unacked, tag, "[\"message\", \"\", \"celery\"]"])
                    try await client.execute(["ZADD", broker.names.unackedIndex, "1", tag])
                }
                try await backend.store(TaskResultMeta(taskID: "done", status: .success, result: 1))

                let written = try await backend.store(
                    [
                        TaskResultMeta(taskID: "done", status: .failure, result: "late duplicate"),
                        TaskResultMeta(taskID: "fresh", status: .success, result: ["answer": 42]),
                        TaskResultMeta(taskID: "twice", status: .success, result: "first"),
                        TaskResultMeta(taskID: "twice", status: .failure, result: "second"),
                    ],
                    acknowledging: ["early", "late"].map(broker.acknowledgement(of:)))

                #expect(written == [false, true, true, false])
                #expect(try await backend.meta(for: "twice")?.result == "first")
                #expect(try await backend.meta(for: "done")?.result == 1)
                #expect(try await backend.meta(for: "fresh")?.result == ["answer": 42])
                let ttl = try await client.execute(["TTL", backend.key(for: "fresh")]).int ?? 0
                #expect(ttl > 86000)
                let unacked = try await client.execute(["HKEYS", broker.names.unacked])
                #expect(unacked.array?.compactMap(\.string) == ["other"])
                #expect(try await client.execute(["ZCARD", broker.names.unackedIndex]) == .integer(1))
                #expect(try await backend.store([], acknowledging: []) == [])
            }
        }
    }
}
