import Celery
import Foundation
import JSON
import Logging
import MapPosterTesting
import Redis
import Testing

/// Nothing is lost: dead workers, malformed messages, Redis restarts, shutdowns.
@Suite struct ReliabilityTests {
    @Test func killedWorkerTaskRunsElsewhereAfterVisibilityTimeoutAndNothingRunsTwice() async throws {
        try await withRedisServer { server in
            let settings = ["--acks-late", "--visibility-timeout", "3", "--restore-interval", "1", "-c", "2"]
            let first = try startSwiftWorker(server, settings)
            try await withSwiftClient(server) { client, producer in
                let held = try await producer.send("tests.record", args: ["runs:held", 30])
                // Wait until the first worker holds it unacknowledged, then kill it without warning.
                #expect(try await eventually { try await client.execute(["HLEN", "unacked"]) == .integer(1) })
                await first.stop(signal: SIGKILL)

                let second = try startSwiftWorker(server, settings)
                try await withTearDown(second) { second in
                    let normal = try await (0..<20).asyncMap { _ in
                        try await producer.send("tests.record", args: ["runs:normal"])
                    }
                    for result in normal { _ = try await result.get(timeout: .seconds(30)) }
                    let runs =
                        try await client.execute(["LRANGE", "runs:normal", "0", "-1"]).array?.compactMap(\.string) ?? []
                    #expect(runs.count == 20)
                    #expect(Set(runs).count == 20)
                    #expect(Set(runs) == Set(normal.map(\.id)))
                    // The restored message is the held one, redelivered to the second worker.
                    #expect(
                        try await eventually(timeout: .seconds(15)) {
                            let stored = try await client.execute(["HVALS", "unacked"]).array?.first?.string ?? ""
                            return stored.contains(held.id) && stored.contains(#""redelivered": true"#)
                        })
                    await second.stop(signal: SIGKILL)
                }
            }
        }
    }

    @Test func aThousandMalformedMessagesAreDeadLetteredAndGoodTasksStillRun() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { client, producer in
                    let goodBody = Data(#"[[1, 2], {}, null]"#.utf8).base64EncodedString()
                    let kinds: [String] = [
                        "not json at all",
                        #"{"body": "%%%not-base64%%%", "content-type": "application/json", "headers": {"task": "tests.add", "id": "x"}, "properties": {"body_encoding": "base64", "delivery_tag": "TAG"}}"#,
                        #"{"body": "\#(Data("{oops".utf8).base64EncodedString())", "content-type": "application/json", "headers": {"task": "tests.add", "id": "x"}, "properties": {"body_encoding": "base64", "delivery_tag": "TAG"}}"#,
                        #"{"body": "\#(goodBody)", "content-type": "application/json", "headers": {"task": "tests.unknown", "id": "x"}, "properties": {"body_encoding": "base64", "delivery_tag": "TAG"}}"#,
                        #"{"body": "\#(Data(#"["not", "three"]"#.utf8).base64EncodedString())", "content-type": "application/json", "headers": {"task": "tests.add", "id": "x"}, "properties": {"body_encoding": "base64", "delivery_tag": "TAG"}}"#,
                        #"{"body": "\#(Data(#"[{"a": 1}, {}, null]"#.utf8).base64EncodedString())", "content-type": "application/json", "headers": {"task": "tests.add", "id": "x"}, "properties": {"body_encoding": "base64", "delivery_tag": "TAG"}}"#,
                        #"{"body": "\#(goodBody)", "content-type": "application/x-python-serialize", "headers": {"task": "tests.add", "id": "x"}, "properties": {"body_encoding": "base64", "delivery_tag": "TAG"}}"#,
                        #"[1, 2, 3]"#,
                    ]
                    // Pushed as raw text, like `redis-cli LPUSH celery '<junk>'`, in batches.
                    for batch in stride(from: 0, to: 1000, by: 100) {
                        let messages = (batch..<batch + 100).map {
                            kinds[$0 % kinds.count].replacingOccurrences(of: "TAG", with: "tag-\($0)")
                        }
                        try await client.execute(["LPUSH", "celery"] + messages)
                    }
                    let good = try await producer.send("tests.add", args: [20, 22])
                    #expect(try await good.get(timeout: .seconds(60)) == 42)
                    #expect(
                        try await eventually(timeout: .seconds(60)) {
                            try await client.execute(["LLEN", "celery.deadletter"]) == .integer(1000)
                        })
                    #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                    #expect(try await client.execute(["LLEN", "celery"]) == .integer(0))
                    let sample = try #require(try await client.execute(["LINDEX", "celery.deadletter", "0"]).string)
                    let entry = try JSONValue(parsing: sample)
                    #expect(entry["reason"]?.string?.isEmpty == false)
                    #expect(entry["message"]?.string?.isEmpty == false)
                    #expect(worker.isRunning)
                    #expect(try await producer.send("tests.add", args: [1, 1]).get() == 2)
                }
                await worker.stop()
            }
        }
    }

    @Test func workerSurvivesARedisRestart() async throws {
        try await withRedisServer(appendOnly: true) { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { _, producer in
                    #expect(try await producer.send("tests.add", args: [1, 2]).get() == 3)
                    try await server.restart(downtime: .seconds(2))
                    #expect(worker.isRunning)
                    let after = try await RetryPolicy().run(logger: .init(label: "test")) {
                        try await producer.send("tests.add", args: [5, 6])
                    }
                    #expect(try await after.get(timeout: .seconds(30)) == 11)
                }
                await worker.stop()
            }
        }
    }

    /// Redis restarted with its data while tasks run, and answering `-LOADING` for a while after: every task
    /// ends with its result stored, and none runs twice (results and acks wait for Redis instead of failing).
    @Test func tasksRunningThroughARedisRestartWhileItLoadsAreStoredAndRunOnce() async throws {
        try await withRedisServer(appendOnly: true) { server in
            try await withSwiftClient(server) { client, producer in
                // Enough data that loading it after the restart takes a while (slow to write on a loaded machine).
                var patient = try RedisConfiguration(url: server.url())
                patient.commandTimeout = .seconds(300)
                try await withTearDown(try RedisClient(configuration: patient)) { admin in
                    _ = try await admin.execute(["DEBUG", "POPULATE", "2000000", "ballast", "64"])
                    _ = try await admin.execute(["BGREWRITEAOF"])
                }
                #expect(
                    try await eventually(timeout: .seconds(120)) {
                        let info = try await client.execute(["INFO", "persistence"]).string ?? ""
                        return info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")
                    })
                // The default visibility timeout: a shorter one than the outage would rightly redeliver the messages
                // this worker holds but cannot refresh while Redis is down, and they would run twice.
                let worker = try startSwiftWorker(server, ["-c", "2"])
                try await withTearDown(worker) { worker in
                    let sent = try await (0..<40).asyncMap { _ in
                        try await producer.send("tests.record", args: ["runs", 0.2])
                    }
                    #expect(try await eventually { try await client.execute(["LLEN", "runs"]).int ?? 0 >= 4 })
                    try await server.restart(downtime: .milliseconds(200))
                    let persistence = try await RetryPolicy().run(logger: .init(label: "test")) {
                        try await client.execute(["INFO", "persistence"]).string ?? ""
                    }
                    #expect(persistence.contains("loading:1"), "Redis was not loading after the restart")
                    for result in sent {
                        let value = try await RetryPolicy().run(logger: .init(label: "test")) {
                            try await result.get(timeout: .seconds(60))
                        }
                        #expect(value == .string(result.id))
                    }
                    // Nothing is left to run again: no message queued or held unacknowledged.
                    #expect(
                        try await eventually {
                            let queued = try await client.execute(["LLEN", "celery"])
                            let unacked = try await client.execute(["HLEN", "unacked"])
                            return queued == .integer(0) && unacked == .integer(0)
                        })
                    let runs =
                        try await client.execute(["LRANGE", "runs", "0", "-1"]).array?.compactMap(\.string) ?? []
                    #expect(runs.count == 40 && Set(runs) == Set(sent.map(\.id)), "\(runs.count) runs")
                    #expect(worker.isRunning)
                }
            }
        }
    }

    @Test func warmShutdownReturnsHeldMessagesAndFinishesRunningOnes() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "1"])
            try await withSwiftClient(server) { client, producer in
                let running = try await producer.send("tests.sleep", args: [1.5])
                let scheduled = try await producer.send("tests.add", args: [1, 1], options: TaskOptions(countdown: 60))
                #expect(try await eventually { try await client.execute(["HLEN", "unacked"]) == .integer(1) })
                #expect(try await eventually { try await client.execute(["LLEN", "celery"]) == .integer(0) })
                try await Task.sleep(for: .milliseconds(300))
                let status = await worker.stop(signal: SIGTERM, timeout: .seconds(20))
                #expect(status == 0)
                #expect(try await running.get(timeout: .seconds(1)) == 1.5)
                // The ETA message is back at the front of the queue, flagged as redelivered, and no longer unacked.
                let restored = try #require(try await client.execute(["LINDEX", "celery", "-1"]).string)
                #expect(restored.contains(scheduled.id))
                #expect(restored.contains(#""redelivered": true"#))
                #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
            }
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
