import Celery
import Foundation
import JSON
import MapPosterTesting
import Redis
import Testing

/// Typed tasks across the language line: Python `delay()` to a typed Swift task with Python's `get()` reading the
/// typed result, and a Swift typed `delay()` to a Python worker with Swift's typed `get()`.
@Suite struct TypedTaskTests {
    struct Add: Codable, Sendable {
        var x: Int
        var y: Int
    }
    struct Sum: Codable, Sendable, Equatable {
        var sum: Int
        var worker: String
    }
    struct Describe: Codable, Sendable {
        var value: String
    }
    struct Description: Codable, Sendable, Equatable {
        var value: String
        var type: String
        var repr: String
    }
    struct Nothing: Codable, Sendable {}

    static let add = TypedTask<Add, Sum>("typed.add", parameters: ["x", "y"])

    static var registry: TaskRegistry {
        TaskRegistry([
            TaskDefinition(add) { arguments, context in
                Sum(sum: arguments.x + arguments.y, worker: context.hostname)
            }
        ])
    }

    /// The result Python's `get()` returned, as `peer.py` printed it, read as a ``Sum``; `nil` when it raised.
    static func sum(_ printed: [String: Any]) throws -> Sum? {
        guard let result = printed["result"] else { return nil }
        return try JSONDecoder().decode(Sum.self, from: JSONSerialization.data(withJSONObject: result))
    }

    @Test func pythonCallsReachTheTypedSwiftTask() async throws {
        try await withRedisServer { server in
            try await withInProcessWorker(server, registry: Self.registry) { _, _ in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                let expected = Sum(sum: 5, worker: "typed@test")
                let delayed = try await python.peer(["call", "typed.add", "[2, 3]", #"{"via": "delay"}"#])
                #expect(try Self.sum(delayed) == expected)
                let keywords = try await python.peer(["call", "typed.add", "[]", #"{"kwargs": {"y": 3, "x": 2}}"#])
                #expect(try Self.sum(keywords) == expected)
                let mixed = try await python.peer(["call", "typed.add", "[2]", #"{"kwargs": {"y": 3}}"#])
                #expect(try Self.sum(mixed) == expected)
            }
        }
    }

    /// Arguments that do not fit end the task in FAILURE with the `TypeError` Python's `get()` raises, and the
    /// worker goes on serving.
    @Test func badArgumentsRaiseTypeErrorInPython() async throws {
        try await withRedisServer { server in
            try await withInProcessWorker(server, registry: Self.registry) { _, _ in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                let cases: [(args: String, options: String, message: String)] = [
                    (#"["two", 3]"#, #"{"via": "delay"}"#, "typed.add() argument 'x': expected Int"),
                    ("[2]", #"{"via": "delay"}"#, "typed.add() missing 1 required positional argument: 'y'"),
                    ("[1, 2, 3]", #"{"via": "delay"}"#, "typed.add() takes 2 positional arguments but 3 were given"),
                    ("[1, 2]", #"{"kwargs": {"z": 1}}"#, "typed.add() got an unexpected keyword argument 'z'"),
                ]
                for (args, options, message) in cases {
                    let failed = try await python.peer(["call", "typed.add", args, options])
                    #expect(failed["state"] as? String == "FAILURE", "\(args)")
                    #expect(failed["error_type"] as? String == "TypeError", "\(args)")
                    let text = failed["error_str"] as? String ?? ""
                    #expect(text.hasPrefix(message), "\(args): \(text)")
                }
                let after = try await python.peer(["call", "typed.add", "[1, 1]", #"{"via": "delay"}"#])
                #expect(try Self.sum(after)?.sum == 2)
            }
        }
    }

    @Test func swiftTypedCallsToAPythonWorker() async throws {
        try await withRedisServer { server in
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            try await withTearDown(try python.worker(["-c", "2", "-P", "threads"])) { worker in
                try await withSwiftClient(server) { _, producer in
                    let add = TypedTask<Add, Int>("py.add", parameters: ["x", "y"])
                    let sum = try await producer.delay(add, Add(x: 2, y: 3))
                    #expect(try await sum.get(timeout: .seconds(60)) == 5)
                    #expect(try await sum.state() == .success)
                    #expect(try await sum.info() == 5)

                    let describe = TypedTask<Describe, Description>("py.describe", parameters: ["value"])
                    let described = try await producer.applyAsync(
                        describe, Describe(value: "Zürich"), options: TaskOptions(priority: 3))
                    #expect(try await described.get() == Description(value: "Zürich", type: "str", repr: "'Zürich'"))

                    let boom = TypedTask<Nothing, Int>("py.boom", parameters: [])
                    do {
                        _ = try await producer.delay(boom, Nothing()).get()
                        Issue.record("py.boom should fail")
                    } catch let error as CeleryError {
                        #expect(error.code == .taskFailed)
                        #expect(error.failure?.type == "ValueError")
                        #expect(error.failure?.arguments == ["python says no", 7])
                    }

                    let mistyped = TypedTask<Add, String>("py.add", parameters: ["x", "y"])
                    do {
                        _ = try await producer.delay(mistyped, Add(x: 1, y: 1)).get()
                        Issue.record("an Int result should not decode as a String")
                    } catch let error as CeleryError {
                        #expect(error.code == .invalidResult)
                        #expect(error.message.contains("is not a String"), "\(error.message)")
                    }
                }
                await worker.stop()
            }
        }
    }

    /// A revoked task that has not started ends REVOKED, and the typed `get()` raises Celery's `TaskRevokedError`.
    @Test func revokeBeforeTheTaskStarts() async throws {
        try await withRedisServer { server in
            try await withInProcessWorker(server, registry: Self.registry) { _, _ in
                try await withSwiftClient(server) { client, producer in
                    let later = try await producer.applyAsync(
                        Self.add, Add(x: 1, y: 2), options: TaskOptions(countdown: 30))
                    // The worker has taken the message and holds it until its ETA.
                    #expect(try await eventually { try await client.execute(["LLEN", "celery"]) == .integer(0) })
                    // The worker's remote-control subscription can come up after its first fetch: revoke again (it is
                    // idempotent) until the worker answers.
                    #expect(try await eventually { try await later.revoke(replyWindow: .seconds(1)) == ["typed@test"] })
                    do {
                        _ = try await later.get(timeout: .seconds(10))
                        Issue.record("a revoked task should not succeed")
                    } catch let error as CeleryError {
                        #expect(error.code == .taskFailed)
                        #expect(error.failure?.type == "TaskRevokedError")
                    }
                    #expect(try await later.state() == .revoked)
                }
            }
        }
    }
}
