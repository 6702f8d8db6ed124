import Celery
import Foundation
import JSON
import Logging
import MapPosterTesting
import Redis
import Testing

/// Dead-letter entries: written once, in the same step that takes the message out of `unacked`, and
/// holding the message's exact bytes.
@Suite struct DeadLetterTests {
    /// Envelopes with a delivery tag (so the fetch records them in `unacked`) that the worker's parser refuses.
    static let refusedEnvelopes: [[UInt8]] = [
        Array(#"{"body": 5, "headers": {"task": "tests.add", "id": "a"}, "properties": {"delivery_tag": "t-a"}}"#.utf8),
        Array(#"{"properties": {"delivery_tag": "t-b"}}"#.utf8),
        Array(
            (#"{"body": "", "headers": {"deep": "# + String(repeating: "[", count: 600)
                + String(repeating: "]", count: 600)
                + #"}, "properties": {"delivery_tag": "t-c"}}"#).utf8),
        notUTF8(#"{"body": "", "headers": {"task": "tests.add", "x": "?"}, "properties": {"delivery_tag": "t-d"}}"#),
    ]

    /// `text` with each `?` replaced by the bytes FE BF, which are not UTF-8.
    static func notUTF8(_ text: String) -> [UInt8] {
        text.utf8.flatMap { $0 == UInt8(ascii: "?") ? [0xFE, 0xBF] : [$0] }
    }

    @Test func refusedEnvelopesLeaveUnackedWithOneEntryEach() async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, _ in
                try await lpush(client, "celery", Self.refusedEnvelopes)
                let worker = try startSwiftWorker(
                    server, ["-c", "1", "--visibility-timeout", "2", "--restore-interval", "1"])
                try await withTearDown(worker) { worker in
                    #expect(
                        try await eventually { try await client.execute(["LLEN", "celery.deadletter"]) == .integer(4) })
                    // A restorable message planted as taken long ago: once a sweep has put it back, any sweep that
                    // could have dead-lettered the refused messages a second time has run.
                    let canary =
                        #"{"body": "", "headers": {}, "properties": {"delivery_tag": "canary", "delivery_info": {"exchange": "", "routing_key": "canary"}}}"#
                    _ = try await client.pipeline([
                        ["HSET", "unacked", "canary", #"[\#(canary), "", "canary"]"#],
                        ["ZADD", "unacked_index", "0", "canary"],
                    ])
                    #expect(try await eventually { try await client.execute(["LLEN", "canary"]) == .integer(1) })
                    #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                    #expect(try await client.execute(["ZCARD", "unacked_index"]) == .integer(0))
                    let entries = try await deadLetterEntries(client, "celery.deadletter")
                    #expect(entries.count == 4)
                    #expect(Set(try entries.map(originalBytes)) == Set(Self.refusedEnvelopes))
                    for entry in entries {
                        #expect(entry["reason"]?.string?.isEmpty == false)
                        #expect(entry["list"] == "celery")
                        #expect(entry["worker"]?.string?.hasPrefix("celery@") == true)
                        #expect(entry["time"]?.double != nil)
                    }
                    #expect(worker.isRunning)
                    await worker.stop()
                }
            }
        }
    }

    /// A message left in `unacked` by a worker that died before dead-lettering it: the sweep cannot restore it
    /// and sets it aside with the same entry the worker would have written, bytes intact.
    @Test func theSweepDeadLettersWhatItCannotRestoreWithAProperEntry() async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, _ in
                let broker = RedisBroker(
                    client: client, names: KombuNames(), visibilityTimeout: .zero, logger: Logger(label: "test"))
                let good = #"{"body": "", "headers": {}, "properties": {"delivery_tag": "good"}}"#
                let planted: [(tag: String, value: [UInt8], message: [UInt8], list: String)] = [
                    ("kombu", Array(#"[\#(good), "", "work"]"#.utf8), Array(good.utf8), "work"),
                    (
                        "bare", Array(#"[{"properties": {"delivery_tag": "bare"}}, "", "work"]"#.utf8),
                        Array(#"{"properties": {"delivery_tag": "bare"}}"#.utf8), "work"
                    ),
                    ("bytes", Self.notUTF8(#"[{"body": "?"}, "", "work"]"#), Self.notUTF8(#"{"body": "?"}"#), "work"),
                    ("junk", Array("not a triple".utf8), Array("not a triple".utf8), "celery"),
                ]
                _ = try await client.pipeline(
                    encoded: planted.flatMap { entry in
                        [
                            RedisCommand(
                                binary: ["HSET", "unacked", entry.tag].map { Array($0.utf8) } + [entry.value]),
                            RedisCommand(["ZADD", "unacked_index", "0", entry.tag]),
                        ]
                    })
                #expect(try await broker.restoreVisible(worker: "sweeper@test") == 1)
                let restored = try #require(try await client.execute(["LINDEX", "work", "0"]).string)
                #expect(try KombuEnvelope(parsing: restored).deliveryTag == "good")
                #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                #expect(try await client.execute(["ZCARD", "unacked_index"]) == .integer(0))
                var entries = try await deadLetterEntries(client, "work.deadletter")
                entries += try await deadLetterEntries(client, "celery.deadletter")
                #expect(entries.count == 3)
                for (entry, expected) in zip(entries, planted.dropFirst()) {
                    #expect(entry["reason"]?.string?.hasPrefix("not restorable: ") == true)
                    #expect(entry["list"]?.string == expected.list)
                    #expect(entry["worker"] == "sweeper@test")
                    #expect(entry["time"]?.double != nil)
                    #expect(try originalBytes(entry) == expected.message)
                }
                #expect(entries.last?["message_encoding"] == nil)
                #expect(entries[1]["message_encoding"] == "base64")
            }
        }
    }

    /// A message that is not UTF-8 keeps its bytes in the dead-letter list (base64, flagged), whether the fetch
    /// script pops it from a waiting queue or `BLMOVE` takes it from an empty one into the landing list;
    /// with a tag (dead-lettered by the worker) or without one (by the script).
    @Test(arguments: [false, true])
    func bytesThatAreNotUTF8SurviveBothFetchPaths(blockedFirst: Bool) async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, _ in
                let configuration = try RedisConfiguration(url: server.url())
                try await withTearDown(try RedisClient(configuration: configuration)) { fetcher in
                    let broker = RedisBroker(client: fetcher, names: KombuNames(), logger: Logger(label: "test"))
                    let junk: [UInt8] = Array("junk ".utf8) + [0xFF, 0xFE, 0xED, 0xA0, 0x80, 0x00, 0xC3]
                    let tagged = Self.refusedEnvelopes[3]
                    var deliveries: [Delivery] = []
                    for message in [junk, tagged] {
                        if blockedFirst {
                            async let fetched = broker.fetch(
                                queues: ["celery"], limit: 4, timeout: .seconds(30), worker: "w@t")
                            #expect(
                                try await eventually {
                                    try await client.execute(["INFO", "clients"]).string?.contains("blocked_clients:1")
                                        == true
                                })
                            try await lpush(client, "celery", [message])
                            deliveries += try await fetched
                        } else {
                            try await lpush(client, "celery", [message])
                            deliveries += try await broker.fetch(
                                queues: ["celery"], limit: 4, timeout: .seconds(1), worker: "w@t")
                        }
                    }
                    #expect(deliveries.map(\.raw) == [junk, tagged])
                    #expect(deliveries.map(\.deliveryTag) == [nil, "t-d"])
                    #expect(try await client.execute(["HLEN", "unacked"]) == .integer(1))
                    let refused = try #require(deliveries.last)
                    try await broker.deadLetter(refused, reason: "envelope is not JSON", worker: "w@t")
                    #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                    let entries = try await deadLetterEntries(client, "celery.deadletter")
                    #expect(entries.count == 2)
                    #expect(try entries.map(originalBytes) == [junk, tagged])
                    #expect(entries.map { $0["message_encoding"] } == ["base64", "base64"])
                }
            }
        }
    }

    /// `LPUSH`es `messages` as bytes, which need not be UTF-8.
    private func lpush(_ client: RedisClient, _ list: String, _ messages: [[UInt8]]) async throws {
        _ = try await client.pipeline(encoded: [
            RedisCommand(binary: [Array("LPUSH".utf8), Array(list.utf8)] + messages)
        ])
    }

    /// The entries of a dead-letter list, oldest first.
    private func deadLetterEntries(_ client: RedisClient, _ list: String) async throws -> [JSONValue] {
        let values = try await client.execute(["LRANGE", list, "0", "-1"]).array ?? []
        return try values.reversed().map { try JSONValue(parsing: try #require($0.bytes)) }
    }

    /// The message bytes an entry gives back: its text, or the base64 it says it holds.
    private func originalBytes(_ entry: JSONValue) throws -> [UInt8] {
        let message = try #require(entry["message"]?.string)
        guard entry["message_encoding"] == "base64" else { return Array(message.utf8) }
        return Array(try #require(Data(base64Encoded: message)))
    }
}
