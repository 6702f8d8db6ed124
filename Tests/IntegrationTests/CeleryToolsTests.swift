import Celery
import Foundation
import JSON
import Logging
import MapPosterTesting
import Redis
import Testing

/// Operators' tools from Python Celery against the Swift worker: `celery inspect`/`control`,
/// an event receiver (what `celery events` uses), and Flower's HTTP API.
@Suite(.serialized) struct CeleryToolsTests {
    static let swiftNode = "swift1@testhost"
    static let pythonNode = "py1@testhost"

    @Test func inspectListsTheSwiftWorkerNextToAPythonWorker() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            let swift = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "2"])
            try await withTearDown(swift) { swift in
                let python = try PythonCelery(directory: Paths.python, redisURL: server.url())
                    .worker(["-n", Self.pythonNode, "-Q", "py", "-c", "1"])
                try await withTearDown(python) { python in

                    let pings = try await tools.inspectUntil("ping") { $0.count == 2 }
                    #expect(pings[Self.swiftNode] as? [String: String] == ["ok": "pong"])
                    #expect(pings[Self.pythonNode] as? [String: String] == ["ok": "pong"])

                    let registered = try await tools.inspect("registered")
                    let swiftTasks = try #require(registered[Self.swiftNode] as? [String])
                    #expect(swiftTasks.contains("tests.add") && swiftTasks.contains("tests.sleep"))
                    #expect(swiftTasks == swiftTasks.sorted())
                    #expect((registered[Self.pythonNode] as? [String])?.contains("py.add") == true)

                    try await withSwiftClient(server) { _, producer in
                        #expect(try await producer.send("tests.add", args: [2, 3]).get() == 5)
                        let sleeping = try await producer.send("tests.sleep", args: [20])
                        let active = try await tools.inspectUntil("active") {
                            ($0[Self.swiftNode] as? [[String: Any]])?.isEmpty == false
                        }
                        let running = try #require((active[Self.swiftNode] as? [[String: Any]])?.first)
                        #expect(running["id"] as? String == sleeping.id)
                        #expect(running["name"] as? String == "tests.sleep")
                        #expect(running["args"] as? [Int] == [20])
                        #expect(running["hostname"] as? String == Self.swiftNode)
                        #expect(running["time_start"] as? Double != nil)
                        #expect((running["delivery_info"] as? [String: Any])?["routing_key"] as? String == "celery")
                        #expect((active[Self.pythonNode] as? [Any])?.isEmpty == true)

                        let stats = try await tools.inspect("stats")
                        let swiftStats = try #require(stats[Self.swiftNode] as? [String: Any])
                        #expect(swiftStats["pid"] as? Int == Int(swift.processIdentifier))
                        #expect((swiftStats["total"] as? [String: Int])?["tests.add"] == 1)
                        #expect((swiftStats["pool"] as? [String: Any])?["max-concurrency"] as? Int == 2)
                        // Prefork lists its pool processes, as Celery's does, not the worker's own pid.
                        let processes = (swiftStats["pool"] as? [String: Any])?["processes"] as? [Int] ?? []
                        #expect(
                            processes.count == 2 && !processes.contains(Int(swift.processIdentifier)), "\(processes)")
                        #expect(swiftStats["prefetch_count"] as? Int == 8)
                        #expect((swiftStats["broker"] as? [String: Any])?["port"] as? Int == server.port)
                        #expect(stats[Self.pythonNode] is [String: Any])

                        let queues = try await tools.inspect("active_queues")
                        let consumed = (queues[Self.swiftNode] as? [[String: Any]])?.compactMap {
                            $0["name"] as? String
                        }
                        #expect(consumed == ["celery"])
                    }
                    await swift.stop()
                    await python.stop()
                }
            }
        }
    }

    @Test func answersAndBeatsWhileEveryThreadBurnsCPU() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", String(cores)])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { client, producer in
                    _ = try await tools.inspectUntil("ping") { $0[Self.swiftNode] != nil }
                    let receiver = try tools.python(["event_receiver.py"])
                    try await withTearDown(receiver) { receiver in
                        // The worker's pidbox and the receiver's events pattern.
                        #expect(
                            try await eventually(timeout: .seconds(30)) {
                                try await client.execute(["PUBSUB", "NUMPAT"]).int ?? 0 >= 2
                            })
                        func heartbeats() -> Int {
                            receiver.output.split(separator: "\n").filter {
                                $0.contains("\"worker-heartbeat\"") && $0.contains(Self.swiftNode)
                            }.count
                        }
                        // As many never-suspending tasks as the cooperative pool has threads.
                        let burns = try await (0..<cores).asyncMap { _ in
                            try await producer.send("tests.burn", args: [30])
                        }
                        let active = try await tools.inspectUntil("active") {
                            ($0[Self.swiftNode] as? [Any])?.count == cores
                        }
                        let running = (active[Self.swiftNode] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                        #expect(Set(running ?? []) == Set(burns.map(\.id)))
                        let beatsBefore = heartbeats()
                        #expect(
                            try await eventually(timeout: .seconds(20)) { heartbeats() >= beatsBefore + 2 },
                            "\(beatsBefore) heartbeats before; events: \(receiver.output.suffix(1500))")
                        // All of that happened while the burns still ran.
                        for burn in burns { #expect(try await producer.backend?.meta(for: burn.id) == nil) }
                        for burn in burns { #expect(try await burn.get(timeout: .seconds(60)) == 1) }
                        await receiver.stop()
                        await worker.stop()
                    }
                }
            }
        }
    }

    @Test func remoteControlComesBackAfterARedisRestart() async throws {
        try await withRedisServer(appendOnly: true) { server in
            let tools = CeleryTools(server)
            let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1"])
            try await withTearDown(worker) { worker in
                _ = try await tools.inspectUntil("ping") { $0[Self.swiftNode] != nil }
                try await server.restart(downtime: .seconds(2))
                // The pidbox subscription is re-established and the worker answers again.
                let pings = try await tools.inspectUntil("ping") { $0[Self.swiftNode] != nil }
                #expect(pings[Self.swiftNode] as? [String: String] == ["ok": "pong"])
                #expect(worker.isRunning)
                await worker.stop()
            }
        }
    }

    @Test func controlRevokeStopsAQueuedEtaTaskAndSurvivesARestart() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1"])
            try await withSwiftClient(server) { client, producer in
                let queued = try await producer.send(
                    "tests.record", args: ["runs:revoked"], options: TaskOptions(countdown: 15))
                let scheduled = try await tools.inspectUntil("scheduled") {
                    ($0[Self.swiftNode] as? [[String: Any]])?.isEmpty == false
                }
                let entry = try #require((scheduled[Self.swiftNode] as? [[String: Any]])?.first)
                #expect((entry["request"] as? [String: Any])?["id"] as? String == queued.id)

                let reply = try await tools.run(["control", "revoke", queued.id])
                #expect(reply.contains("flagged as revoked"))
                // Stored as REVOKED at once, as Celery 5.7 does.
                #expect(try await producer.backend?.meta(for: queued.id)?.status == .revoked)
                let revoked = try await tools.inspect("revoked")
                #expect(revoked[Self.swiftNode] as? [String] == [queued.id])
                // At its ETA the worker drops it: acknowledged and never run.
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        try await client.execute(["HLEN", "unacked"]) == .integer(0)
                    })
                #expect(try await client.execute(["LLEN", "runs:revoked"]) == .integer(0))
                #expect(try await client.execute(["ZSCORE", "swift-celery.revoked", queued.id]).string != nil)
                #expect(await worker.stop() == 0)

                // A new worker, without mingle, knows the id from Redis and skips a redelivery of it.
                _ = try await producer.send(
                    "tests.record", args: ["runs:revoked"], options: TaskOptions(taskID: queued.id))
                let restarted = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1", "--without-mingle"])
                try await withTearDown(restarted) { restarted throws in
                    #expect(try await producer.send("tests.add", args: [1, 1]).get() == 2)
                    #expect(try await client.execute(["LLEN", "celery"]) == .integer(0))
                    #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                    #expect(try await client.execute(["LLEN", "runs:revoked"]) == .integer(0))
                    #expect(try await producer.backend?.meta(for: queued.id)?.status == .revoked)
                    await restarted.stop()
                }
            }
        }
    }

    @Test func mingleSharesRevokedIdsWithPythonWorkersBothWays() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            let swift = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1"])
            _ = try await tools.inspectUntil("ping") { $0[Self.swiftNode] != nil }
            let fromSwift = newIdentifier()
            _ = try await tools.run(["control", "revoke", fromSwift])

            // A Python worker starting with mingle learns the Swift worker's revoked ids.
            let python = try tools.celery([
                "worker", "-n", Self.pythonNode, "-Q", "py", "-c", "1", "--without-gossip", "-l", "info",
            ])
            try await withTearDown(python) { python in
                let learnt = try await tools.inspectUntil("revoked") { $0[Self.pythonNode] != nil }
                #expect(learnt[Self.pythonNode] as? [String] == [fromSwift])
                #expect(python.output.contains("mingle: sync with 1 nodes"))

                // A Swift worker starting with mingle learns ids revoked while it was away.
                #expect(await swift.stop() == 0)
                let fromPython = newIdentifier()
                _ = try await tools.run(["control", "revoke", fromPython])
                let restarted = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1"])
                try await withTearDown(restarted) { restarted in
                    let revoked = try await tools.inspectUntil("revoked") { $0[Self.swiftNode] != nil }
                    #expect(Set(revoked[Self.swiftNode] as? [String] ?? []) == [fromSwift, fromPython])
                    #expect(restarted.output.contains("mingle: sync with 1 nodes"))
                    await restarted.stop()
                    await python.stop()
                }
            }
        }
    }

    @Test func terminateCancelsARunningTask() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { _, producer in
                    let sleeping = try await producer.send("tests.sleep", args: [60])
                    _ = try await tools.inspectUntil("active") { ($0[Self.swiftNode] as? [Any])?.isEmpty == false }
                    let reply = try await tools.run(["control", "terminate", "SIGTERM", sleeping.id])
                    #expect(reply.contains("terminate: \(sleeping.id)"))
                    let meta = try await #require(producer.backend).waitForReady(sleeping.id, timeout: .seconds(20))
                    #expect(meta.status == .revoked)
                    #expect(TaskFailure(json: meta.result) == .revoked("terminated"))
                    // The slot is free again.
                    #expect(try await producer.send("tests.add", args: [2, 2]).get(timeout: .seconds(20)) == 4)
                }
                await worker.stop()
            }
        }
    }

    @Test func runtimeControlCommandsChangeQueuesPoolAndLimits() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "1"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { client, producer in
                    let mailbox = Pidbox(
                        client: client, names: KombuNames(), nodeName: "tester@testhost", logger: Logger(label: "test"))
                    /// The Swift worker's reply to a broadcast command.
                    func call(_ method: String, _ arguments: JSONObject = JSONObject()) async throws -> JSONValue? {
                        let replies = try await mailbox.call(
                            method, arguments: arguments, clock: 1, timeout: .seconds(1))
                        return replies.lazy.compactMap { $0[Self.swiftNode] }.first
                    }
                    #expect(try await eventually { try await call("ping") == ["ok": "pong"] })
                    #expect(try await call("no_such_command") == ["error": "KeyError('no_such_command')"])
                    #expect(try await call("enable_events") == ["ok": "task events enabled"])
                    #expect(try await call("enable_events") == ["ok": "task events already enabled"])
                    #expect(try await call("disable_events") == ["ok": "task events disabled"])

                    // Queues: consume one more, then stop consuming it.
                    #expect(try await tools.run(["control", "add_consumer", "extra"]).contains("add consumer extra"))
                    let extra = TaskOptions(queue: "extra")
                    #expect(try await producer.send("tests.add", args: [1, 2], options: extra).get() == 3)
                    let queues = try await call("active_queues")?.array?.compactMap { $0["name"]?.string }
                    #expect(queues == ["celery", "extra"])
                    #expect(
                        try await call("cancel_consumer", JSONObject([("queue", "extra")])) == [
                            "ok": "no longer consuming from extra"
                        ])
                    let waiting = try await producer.send("tests.add", args: [5, 5], options: extra)
                    #expect(try await producer.send("tests.add", args: [2, 2]).get() == 4)
                    #expect(try await client.execute(["LLEN", "extra"]) == .integer(1))
                    #expect(try await producer.backend?.meta(for: waiting.id) == nil)

                    // Limits: a bad rate is refused; a time limit set at runtime applies to the next run.
                    let badRate = try await call(
                        "rate_limit", JSONObject([("task_name", "tests.add"), ("rate_limit", "fast")]))
                    #expect(badRate?["error"] != nil)
                    #expect(
                        try await call("rate_limit", JSONObject([("task_name", "nope"), ("rate_limit", "1/s")])) == [
                            "error": "unknown task"
                        ])
                    #expect(
                        try await call("rate_limit", JSONObject([("task_name", "tests.add"), ("rate_limit", "100/s")]))
                            == ["ok": "new rate limit set successfully"])
                    #expect(
                        try await tools.run(["control", "time_limit", "tests.sleep", "0.3", "20"])
                            .contains("time limits set successfully"))
                    let limited = try await producer.send("tests.sleep", args: [10])
                    await #expect { _ = try await limited.get(timeout: .seconds(20)) } throws: { error in
                        (error as? CeleryError)?.failure?.type == "SoftTimeLimitExceeded"
                    }

                    // Pool: three tasks run at once after growing by two.
                    #expect(try await call("pool_grow", JSONObject([("n", 2)])) == ["ok": "pool will grow"])
                    let sleepers = try await (0..<3).asyncMap { _ in
                        try await producer.send("tests.record", args: ["runs:pool", 6])
                    }
                    #expect(
                        try await eventually {
                            try await call("active")?.array?.count == 3
                        })
                    #expect(try await call("stats")?["pool"]?["max-concurrency"] == 3)
                    let queried = try await call("query_task", JSONObject([("ids", .array([.string(sleepers[0].id)]))]))
                    #expect(queried?[sleepers[0].id]?.array?.first == "active")
                    #expect(queried?[sleepers[0].id]?.array?.last?["name"] == "tests.record")
                    #expect(try await call("pool_shrink", JSONObject([("n", 2)])) == ["ok": "pool will shrink"])
                    #expect(try await call("stats")?["prefetch_count"] == 4)

                    // Remote shutdown is a warm shutdown: running tasks finish, the process exits 0.
                    // (No reply, as from a Python worker, so the command itself reports that nobody answered.)
                    let shutdown = try tools.celery(["control", "shutdown"])
                    _ = await shutdown.waitForExit(timeout: .seconds(60))
                    #expect(await worker.waitForExit(timeout: .seconds(30)) == 0)
                    for sleeper in sleepers {
                        #expect(try await sleeper.get(timeout: .seconds(5)) == .string(sleeper.id))
                    }
                }
            }
        }
    }

    @Test func anEventReceiverSeesTheWorkerAndTaskLifecycle() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            try await withSwiftClient(server) { client, producer in
                let receiver = try tools.python(["event_receiver.py"])
                try await withTearDown(receiver) { receiver in
                    // Subscribed once its pattern subscription shows (nothing else subscribes yet).
                    #expect(try await eventually { try await client.execute(["PUBSUB", "NUMPAT"]).int ?? 0 >= 1 })
                    let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "2", "-E"])
                    let added = try await producer.send("tests.add", args: [2, 3])
                    let failed = try await producer.send("tests.boom")
                    let retried = try await producer.send("tests.retry", args: [1])
                    #expect(try await added.get() == 5)
                    #expect(try await retried.get() == 1)
                    await #expect(throws: CeleryError.self) { try await failed.get() }

                    func events() -> [[String: Any]] {
                        receiver.output.split(separator: "\n").compactMap {
                            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                        }
                    }
                    func seen(_ type: String, _ uuid: String? = nil) -> [String: Any]? {
                        events().first {
                            $0["type"] as? String == type && $0["hostname"] as? String == Self.swiftNode
                                && (uuid == nil || $0["uuid"] as? String == uuid)
                        }
                    }
                    #expect(
                        try await eventually {
                            seen("task-failed", failed.id) != nil && seen("worker-heartbeat") != nil
                        })
                    let online = try #require(seen("worker-online"))
                    #expect(online["sw_ident"] as? String == "swift-celery")
                    #expect(online["freq"] as? Double == 2.0)
                    let received = try #require(seen("task-received", added.id))
                    #expect(received["name"] as? String == "tests.add")
                    #expect(received["args"] as? String == "(2, 3)")
                    #expect(seen("task-started", added.id) != nil)
                    let succeeded = try #require(seen("task-succeeded", added.id))
                    #expect(succeeded["result"] as? String == "5")
                    #expect(succeeded["runtime"] as? Double != nil)
                    let failure = try #require(seen("task-failed", failed.id))
                    #expect(failure["exception"] as? String == "ValueError('bad', 42)")
                    let retry = try #require(seen("task-retried", retried.id))
                    #expect(retry["exception"] as? String == "RuntimeError('try again')")
                    #expect(seen("task-succeeded", retried.id) != nil)
                    let heartbeat = try #require(seen("worker-heartbeat"))
                    #expect(heartbeat["pid"] as? Int == Int(worker.processIdentifier))

                    #expect(await worker.stop() == 0)
                    #expect(try await eventually { seen("worker-offline") != nil })
                    await receiver.stop()
                }
            }
        }
    }

    @Test func flowerShowsTheSwiftWorkerAndItsTasks() async throws {
        try await withRedisServer { server in
            let tools = CeleryTools(server)
            // No -E: Flower turns task events on with the enable_events command.
            let worker = try startSwiftWorker(server, ["-n", Self.swiftNode, "-c", "2"])
            try await withTearDown(worker) { worker in
                let port = try freeLoopbackPort()
                let flower = try tools.celery(
                    ["--broker", server.url(), "flower", "--address=127.0.0.1", "--port=\(port)"],
                    environment: ["FLOWER_UNAUTHENTICATED_API": "true"])
                try await withTearDown(flower) { flower in
                    try await waitForLoopbackPort(port, timeout: .seconds(60))

                    var workers: [String: Any] = [:]
                    #expect(
                        try await eventually(timeout: .seconds(30)) {
                            workers = try await tools.httpJSON("http://127.0.0.1:\(port)/api/workers?refresh=1")
                            let conf = (workers[Self.swiftNode] as? [String: Any])?["conf"] as? [String: Any]
                            return conf?["worker_send_task_events"] as? Bool == true
                        })
                    let swift = try #require(workers[Self.swiftNode] as? [String: Any])
                    #expect((swift["registered"] as? [String])?.contains("tests.add") == true)
                    #expect((swift["stats"] as? [String: Any])?["pid"] as? Int == Int(worker.processIdentifier))

                    try await withSwiftClient(server) { _, producer in
                        let added = try await producer.send("tests.add", args: [7, 3])
                        #expect(try await added.get() == 10)
                        var task: [String: Any] = [:]
                        #expect(
                            try await eventually(timeout: .seconds(30)) {
                                let tasks = try await tools.httpJSON("http://127.0.0.1:\(port)/api/tasks")
                                task = tasks[added.id] as? [String: Any] ?? [:]
                                return task["state"] as? String == "SUCCESS"
                            })
                        #expect(task["worker"] as? String == Self.swiftNode)
                        #expect(task["name"] as? String == "tests.add")
                        #expect(task["result"] as? String == "10")
                    }
                    await flower.stop()
                    await worker.stop()
                }
            }
        }
    }
}

/// Runs Python Celery's command line and helper scripts against a test Redis.
struct CeleryTools {
    let server: RedisServer

    init(_ server: RedisServer) { self.server = server }

    private var environment: [String: String] {
        ["REDIS_URL": server.url(), "PYTHONPATH": Paths.python.path, "PYTHONDONTWRITEBYTECODE": "1"]
    }

    /// Starts `python3 -m celery -A interop_app <arguments>`.
    func celery(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess(
            "python3", ["-m", "celery", "-A", "interop_app"] + arguments, environment: environment.merging(extra) { $1 }
        )
    }

    /// Starts a script of the python folder.
    func python(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(
            "python3", [Paths.python.appendingPathComponent(arguments[0]).path] + arguments.dropFirst(),
            environment: environment)
    }

    /// Runs a `celery` command to the end and returns what it printed.
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> String {
        let process = try celery(arguments)
        guard let status = await process.waitForExit(timeout: timeout) else {
            await process.stop(signal: SIGKILL)
            throw TestServerError("celery \(arguments) timed out:\n\(process.output)")
        }
        let output = process.output
        guard status == 0 else { throw TestServerError("celery \(arguments) failed (\(status)):\n\(output)") }
        return output
    }

    /// `celery inspect <command> --json`: the replies by node name (empty when nobody answered).
    func inspect(_ command: String) async throws -> [String: Any] {
        let process = try celery(["inspect", command, "--json", "--timeout", "2"])
        guard await process.waitForExit(timeout: .seconds(60)) != nil else {
            await process.stop(signal: SIGKILL)
            throw TestServerError("celery inspect \(command) timed out:\n\(process.output)")
        }
        guard let line = process.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }

    /// Repeats `celery inspect <command>` until `condition` holds for the replies (workers take a
    /// moment to start listening).
    func inspectUntil(_ command: String, _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        var replies: [String: Any] = [:]
        let holds = try await eventually(timeout: .seconds(60)) {
            replies = try await inspect(command)
            return condition(replies)
        }
        guard holds else { throw TestServerError("celery inspect \(command) never satisfied the test: \(replies)") }
        return replies
    }

    /// GETs `url` with `http_get.py` and parses the JSON object it returns.
    func httpJSON(_ url: String) async throws -> [String: Any] {
        let process = try python(["http_get.py", url])
        guard await process.waitForExit(timeout: .seconds(60)) == 0 else {
            await process.stop(signal: SIGKILL)
            throw TestServerError("GET \(url) failed:\n\(process.output)")
        }
        return try JSONSerialization.jsonObject(with: Data(process.output.utf8)) as? [String: Any] ?? [:]
    }
}
