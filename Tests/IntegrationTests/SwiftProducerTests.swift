import Celery
import Foundation
import JSON
import MapPosterTesting
import Redis
import Testing

/// The Swift producer sends; a real Python `celery worker` runs; Swift reads the result.
@Suite struct SwiftProducerToPythonWorkerTests {
    @Test func pythonWorkerRunsSwiftMessagesAndSwiftReadsResults() async throws {
        try await withRedisServer { server in
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            let worker = try python.worker(["-c", "2", "-P", "threads"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { _, producer in
                    let sum = try await producer.send("py.add", args: [2, 3]).get(timeout: .seconds(60))
                    #expect(sum == 5)
                    let text = try await producer.send("py.add", args: ["Zür", "ich"]).get()
                    #expect(text == "Zürich")
                    let delayed = try await producer.send(
                        "py.add", args: [1, 1], options: TaskOptions(priority: 6, countdown: 1, expiresIn: 600)
                    )
                    #expect(try await delayed.get() == 2)
                    let progress = try await producer.send("py.slow_add", args: [4, 4])
                    #expect(try await progress.get() == 8)

                    do {
                        _ = try await producer.send("py.boom").get()
                        Issue.record("py.boom should fail")
                    } catch let error as CeleryError {
                        #expect(error.code == .taskFailed)
                        #expect(error.failure?.type == "ValueError")
                        #expect(error.failure?.module == "builtins")
                        #expect(error.failure?.arguments == ["python says no", 7])
                    }
                }
                await worker.stop()
            }
        }
    }

    /// An integer beyond 64 bits reaches Python as the same `int`, and Python's result comes back exact.
    @Test func bigIntegersReachPythonExactly() async throws {
        try await withRedisServer { server in
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            let worker = try python.worker(["-c", "1", "-P", "threads"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { _, producer in
                    let big = try JSONValue(parsing: "-1180591620717411303424")
                    let described = try await producer.send("py.describe", args: [big]).get(timeout: .seconds(60))
                    #expect(described["value"] == big)
                    #expect(described["type"] == "int")
                    #expect(described["repr"] == "-1180591620717411303424")
                    let sum = try await producer.send("py.add", args: [big, .bigInt("1180591620717411303425")]).get()
                    #expect(sum == 1)
                }
                await worker.stop()
            }
        }
    }

    /// The message the Swift producer writes is the one a Python producer writes, key for key.
    @Test func swiftMessageMatchesPythonMessage() async throws {
        try await withRedisServer { server in
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            try await withSwiftClient(server) { client, producer in
                _ = try await python.peer(["send", "py.add", "[2, 2]", #"{"queue": "py_queue", "via": "apply_async"}"#])
                try await producer.send("py.add", args: [2, 2], options: TaskOptions(queue: "swift_queue"))
                let pythonText = try #require(try await client.execute(["LPOP", "py_queue"]).string)
                let swiftText = try #require(try await client.execute(["LPOP", "swift_queue"]).string)
                let pythonMessage = try KombuEnvelope(parsing: pythonText)
                let swiftMessage = try KombuEnvelope(parsing: swiftText)
                #expect(swiftMessage.body == pythonMessage.body)
                #expect(swiftMessage.headers.orderedKeys == pythonMessage.headers.orderedKeys)
                #expect(swiftMessage.properties.orderedKeys == pythonMessage.properties.orderedKeys)
                for key in [
                    "lang", "task", "shadow", "eta", "expires", "group", "retries", "timelimit", "argsrepr",
                    "kwargsrepr", "ignore_result", "stamps",
                ] {
                    #expect(swiftMessage.headers[key] == pythonMessage.headers[key], "header \(key)")
                }
                for key in ["delivery_mode", "priority", "body_encoding"] {
                    #expect(swiftMessage.properties[key] == pythonMessage.properties[key], "property \(key)")
                }
                #expect(swiftText.contains(#""content-encoding": "utf-8", "content-type": "application/json""#))
                // Both declared their queue in kombu's binding tables.
                let bindings = try await client.execute(["SMEMBERS", "_kombu.binding.swift_queue"]).array?.compactMap(
                    \.string)
                #expect(bindings == ["swift_queue\u{06}\u{16}\u{06}\u{16}swift_queue"])
            }
        }
    }
}
