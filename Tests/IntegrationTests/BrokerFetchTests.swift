import Celery
import JSON
import Logging
import MapPosterTesting
import Redis
import Testing

/// The fetch script against a real Redis: what one call takes, in which order, and what it records as unacknowledged.
@Suite struct BrokerFetchTests {
    /// A batch of 1,200: the landing list first (as if from the first queue), then the main
    /// list oldest first, then the priority lists; a message without a tag is dead-lettered and counts; each taken
    /// message is in `unacked` as kombu writes it and in `unacked_index`; the rest waits. One store call then
    /// acknowledges them all.
    @Test func oneFetchTakesABatchInOrderAndRecordsEveryMessage() async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, producer in
                let broker = producer.broker
                let names = broker.names
                func envelope(_ tag: String) -> String {
                    #"{"body": "", "properties": {"delivery_tag": "\#(tag)", "delivery_info": "#
                        + #"{"exchange": "", "routing_key": "celery"}}}"#
                }
                let landing = (0..<3).map { envelope("landing-\($0)") }
                let main = (0..<1100).map { envelope("main-\($0)") } + ["not json"]
                let urgent = (0..<300).map { envelope("urgent-\($0)") }
                // LPUSH puts the first of each list at its right end, where RPOP takes from.
                try await client.execute(["LPUSH", names.landingList(worker: "w@t")] + landing)
                try await client.execute(["LPUSH", names.list(queue: "celery", priority: 0)] + main)
                try await client.execute(["LPUSH", names.list(queue: "celery", priority: 3)] + urgent)

                let deliveries = try await broker.fetch(
                    queues: ["celery"], limit: 1200, timeout: .seconds(1), worker: "w@t")

                let expected = landing + main + urgent.prefix(96)
                #expect(deliveries.map { String(decoding: $0.raw, as: UTF8.self) } == Array(expected))
                #expect(deliveries.allSatisfy { $0.queue == "celery" })
                #expect(deliveries.filter { $0.deliveryTag == nil }.map(\.deadLetterReason) == ["envelope is not JSON"])
                let tags = deliveries.compactMap(\.deliveryTag)
                #expect(tags.count == 1199)
                #expect(try await client.execute(["HLEN", names.unacked]) == .integer(1199))
                #expect(try await client.execute(["ZCARD", names.unackedIndex]) == .integer(1199))
                #expect(
                    try await client.execute(["HGET", names.unacked, "urgent-95"]).string
                        == "[\(urgent[95]), \"\", \"celery\"]")
                #expect(try await client.execute(["ZSCORE", names.unackedIndex, "main-1099"]).string != nil)
                #expect(try await client.execute(["LLEN", names.list(queue: "celery", priority: 3)]) == .integer(204))
                #expect(try await client.execute(["LLEN", names.deadLetterList(queue: "celery")]) == .integer(1))

                let backend = try #require(producer.backend)
                let metas = tags.prefix(1100).map { TaskResultMeta(taskID: $0, status: .success, result: nil) }
                let written = try await backend.store(metas, acknowledging: tags.map(broker.acknowledgement(of:)))
                #expect(written == Array(repeating: true, count: 1100))
                #expect(try await client.execute(["HLEN", names.unacked]) == .integer(0))
                #expect(try await client.execute(["ZCARD", names.unackedIndex]) == .integer(0))
                #expect(try await backend.meta(for: "main-1096")?.status == .success)  // the 1,100th tag
                #expect(try await backend.meta(for: "main-1097") == nil)
            }
        }
    }
}
