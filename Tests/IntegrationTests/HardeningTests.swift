import Foundation
import MapPosterTesting
import Redis
import Testing

/// What a producer or a task can do to a Swift worker: header values Python accepts, tasks that crash,
/// tasks that never yield, cold shutdown while they run. The worker survives, reports, and loses nothing.
@Suite(.serialized) struct HardeningTests {
    /// `time_limit=1e21` used to trap converting to `Duration` and kill every worker that took the message.
    @Test func timeLimitsPythonAcceptsNeverKillTheWorker() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                for limits in [
                    #"{"time_limit": 1e21}"#, #"{"time_limit": Infinity}"#, #"{"time_limit": NaN}"#,
                    #"{"soft_time_limit": 1e300, "time_limit": 0}"#, #"{"time_limit": -Infinity}"#,
                ] {
                    let sent = try await python.peer(["call", "tests.add", "[1, 2]", limits])
                    if limits.contains("-Infinity") {
                        // A limit in the past has passed before the task starts, as in Celery's pool.
                        #expect(sent["error_type"] as? String == "TimeLimitExceeded", "\(limits): \(sent)")
                    } else {
                        #expect(sent["result"] as? Int == 3, "\(limits): \(sent)")
                    }
                }
                // A limit that is not a number is refused with the reason, and set aside.
                let bad = try await python.peer(["send", "tests.add", "[1, 2]", #"{"time_limit": "soon"}"#])
                try await withSwiftClient(server) { client, _ in
                    #expect(
                        try await eventually {
                            try await client.execute(["LLEN", "celery.deadletter"]) == .integer(1)
                        })
                    let entry = try await client.execute(["LINDEX", "celery.deadletter", "0"]).string ?? ""
                    #expect(entry.contains("timelimit values must be numbers"))
                    #expect(entry.contains(bad["id"] as? String ?? "-"))
                    let after = try await python.peer(["call", "tests.add", "[2, 3]"])
                    #expect(after["result"] as? Int == 5)
                    #expect(worker.isRunning)
                }
            }
        }
    }

    /// With prefork (the default), a task that traps or faults ends FAILURE with `WorkerLostError`, as in
    /// Celery; the tasks running beside it finish, and the worker goes on serving.
    @Test(arguments: [false, true]) func aCrashingTaskIsReportedAndNothingElseIsLost(acksLate: Bool) async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "3"] + (acksLate ? ["--acks-late"] : []))
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                async let sleeping = python.peer(["call", "tests.sleep", "[1.5]"])
                async let trapped = python.peer(["call", "tests.crash", #"["trap"]"#])
                let faulted = try await python.peer(["call", "tests.crash", #"["segfault"]"#])
                #expect(faulted["error_type"] as? String == "WorkerLostError")
                #expect(faulted["error_module"] as? String == "billiard.exceptions")
                #expect(
                    (faulted["error_str"] as? String)?.hasPrefix("Worker exited prematurely: signal 11 (SIGSEGV)")
                        == true)
                let trap = try await trapped
                #expect(trap["error_type"] as? String == "WorkerLostError")
                #expect((trap["error_str"] as? String)?.contains("signal 4 (SIGILL)") == true)
                // A pool process that garbles its answers is killed, not trusted with another task.
                let garbled = try await python.peer(["call", "tests.crash", #"["garble"]"#])
                #expect(garbled["error_type"] as? String == "WorkerLostError")
                #expect((garbled["error_str"] as? String)?.contains("signal 9 (SIGKILL)") == true)
                #expect(try await sleeping["result"] as? Double == 1.5)
                for number in 0..<10 {
                    let sum = try await python.peer(["call", "tests.add", "[\(number), 1]"])
                    #expect(sum["result"] as? Int == number + 1)
                }
                #expect(worker.isRunning)
                try await withSwiftClient(server) { client, _ throws in
                    #expect(try await client.execute(["HLEN", "unacked"]) == .integer(0))
                    #expect(try await client.execute(["LLEN", "celery.deadletter"]) == .integer(0))
                }
            }
        }
    }

    /// Two CPU-bound tasks at `-c 2` with `--time-limit 2`: both end `TimeLimitExceeded` on time and the next
    /// task runs, with either pool (the limits are timed where no task can starve them).
    @Test(arguments: ["prefork", "threads"]) func hardTimeLimitStopsTasksThatNeverYield(pool: String) async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2", "--pool", pool, "--time-limit", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                async let first = python.peer(["call", "tests.burn", "[120]"])
                async let second = python.peer(["call", "tests.burn", "[120]"])
                for burn in [try await first, try await second] {
                    #expect(burn["error_type"] as? String == "TimeLimitExceeded", "\(burn)")
                }
                // Well before the burns would have ended by themselves, the slots serve again.
                let next = try await python.peer(["call", "tests.add", "[4, 4]"], timeout: .seconds(60))
                #expect(next["result"] as? Int == 8)
                #expect(worker.isRunning)
            }
        }
    }

    /// SIGQUIT is a cold shutdown: running tasks are stopped (even ones that never yield), their messages go
    /// back to the queue, and the process exits.
    @Test(arguments: ["prefork", "threads"]) func coldShutdownExitsWhileTasksBurn(pool: String) async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2", "--pool", pool, "--acks-late"])
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            // The tear-down kills a worker that ignored SIGQUIT, and one left running by a failed step.
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { client, _ in
                    for _ in 0..<2 { _ = try await python.peer(["send", "tests.burn", "[120]"]) }
                    #expect(try await eventually { try await client.execute(["HLEN", "unacked"]) == .integer(2) })
                    try await Task.sleep(for: .milliseconds(500))  // Let both start running.
                    worker.send(signal: SIGQUIT)
                    let status = await worker.waitForExit(timeout: .seconds(20))
                    #expect(status == 0, "the worker did not exit after SIGQUIT:\n\(worker.output.suffix(2000))")
                    guard status != nil else { return }
                    let queued = try await client.execute(["LLEN", "celery"])
                    let unacked = try await client.execute(["HLEN", "unacked"])
                    #expect(
                        queued == .integer(2) && unacked == .integer(0),
                        "\(queued) \(unacked)\n\(worker.output.suffix(3000))")
                }
            }
        }
    }
}
