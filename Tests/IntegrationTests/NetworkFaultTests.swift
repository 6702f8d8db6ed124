import Celery
import Foundation
import JSON
import MapPosterTesting
import Redis
import Testing

/// What a real network does to a worker: latency on every round trip, and a partition that holds all traffic
/// for 15 s. The worker reaches Redis through a ``FaultProxy``; producer and checks go direct.
@Suite(.serialized) struct NetworkFaultTests {
    @Test(arguments: [false, true])
    func twentyMillisecondsEachWayLosesNothing(acksLate: Bool) async throws {
        try await withRedisServer { server in
            let proxy = try await FaultProxy.start(upstreamPort: server.port)
            try await withTearDown(proxy) { proxy in
                proxy.latency = .milliseconds(20)
                let worker = try startSwiftWorker(
                    server, ["-c", "4"] + (acksLate ? ["--acks-late"] : []),
                    environment: ["REDIS_URL": "redis://127.0.0.1:\(proxy.port)/0"])
                try await withTearDown(worker) { worker in
                    try await withSwiftClient(server) { client, producer in
                        let results = try await (0..<100).asyncMap { index in
                            try await producer.send("tests.add", args: [.int(index), 1])
                        }
                        for (index, result) in results.enumerated() {
                            #expect(try await result.get(timeout: .seconds(60)) == .int(index + 1))
                        }
                        #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                    }
                    await worker.stop()
                }
            }
        }
    }

    /// Tasks keep arriving while the worker is cut off for 15 s, longer than its command timeout (10 s) (its blocked BLMOVE, result writes and acks are
    /// held in flight, its command timeouts fire); afterwards every task has run and has its result.
    @Test func partitionLongerThanTheCommandTimeoutLosesNothing() async throws {
        try await withRedisServer { server in
            let proxy = try await FaultProxy.start(upstreamPort: server.port)
            try await withTearDown(proxy) { proxy in
                let worker = try startSwiftWorker(
                    server, ["-c", "4", "--visibility-timeout", "30", "--restore-interval", "2"],
                    environment: ["REDIS_URL": "redis://127.0.0.1:\(proxy.port)/0"])
                try await withTearDown(worker) { worker in
                    try await withSwiftClient(server) { client, producer in
                        func send(_ count: Int) async throws -> [AsyncResult] {
                            try await (0..<count).asyncMap { _ in
                                try await producer.send("tests.record", args: ["runs:partition", 0.05])
                            }
                        }
                        var sent = try await send(20)
                        // The worker is idle, blocked in BLMOVE, when the partition starts: the first task sent during the
                        // partition is moved by it and the reply held until the worker has given up on it (with kombu's BRPOP
                        // that message was lost).
                        for result in sent { _ = try await result.get(timeout: .seconds(30)) }
                        proxy.partition()
                        for _ in 0..<15 {
                            sent += try await send(2)
                            try await Task.sleep(for: .seconds(1))
                        }
                        proxy.heal()
                        sent += try await send(20)
                        for result in sent { _ = try await result.get(timeout: .seconds(90)) }
                        let reply = try await client.execute(["LRANGE", "runs:partition", "0", "-1"])
                        let runs = reply.array?.compactMap(\.string) ?? []
                        #expect(Set(runs) == Set(sent.map(\.id)))
                    }
                    await worker.stop()
                }
            }
        }
    }
}

/// The landing list: where a worker's blocking wait puts a message before the fetch script records it.
@Suite struct LandingListTests {
    /// A message in a worker's own landing list (its fetch was cut off after the move) is taken by its next
    /// fetch; one in the landing list of a worker that never came back is given back by the visibility sweep.
    @Test func messagesLeftInLandingListsRun() async throws {
        try await withRedisServer { server in
            try await withSwiftClient(server) { client, producer in
                let own = try await producer.send("tests.add", args: [1, 1], options: TaskOptions(queue: "parking"))
                let abandoned = try await producer.send(
                    "tests.add", args: [2, 2], options: TaskOptions(queue: "parking"))
                try await client.execute(["RPOPLPUSH", "parking", "swift-celery.landing.own@test"])
                try await client.execute(["RPOPLPUSH", "parking", "swift-celery.landing.ghost@test"])
                try await client.execute([
                    "HSET", "swift-celery.landing", "swift-celery.landing.ghost@test",
                    #"{"source": "celery", "seen": 0}"#,
                ])
                let worker = try startSwiftWorker(
                    server, ["-n", "own@test", "-c", "1", "--visibility-timeout", "5", "--restore-interval", "1"])
                try await withTearDown(worker) { worker in
                    #expect(try await own.get(timeout: .seconds(30)) == 2)
                    #expect(try await abandoned.get(timeout: .seconds(30)) == 4)
                    #expect(try await client.execute(["LLEN", "swift-celery.landing.ghost@test"]) == .integer(0))
                    #expect(
                        try await client.execute(["HEXISTS", "swift-celery.landing", "swift-celery.landing.ghost@test"])
                            == .integer(0))
                    // An idle worker notes each wait, so no sweep takes it for gone.
                    let started = Date().timeIntervalSince1970
                    try await Task.sleep(for: .seconds(1.5))
                    let entry = try await client.execute([
                        "HGET", "swift-celery.landing", "swift-celery.landing.own@test",
                    ])
                    let seen = try JSONValue(parsing: try #require(entry.string))["seen"]?.double
                    #expect(try #require(seen) >= started)
                    await worker.stop()
                }
            }
        }
    }
}
