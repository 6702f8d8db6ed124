import Celery
import Foundation
import Logging
import MapPosterTesting
import Redis
import ServiceLifecycle
import StatsService
import Testing
import WordStats

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The example against real Python Celery: Python `delay()` to the Swift task with Python's `get()` reading its
/// typed result, and Swift `delay()` to a Python worker with Swift's typed `get()`.
@Suite struct StatsServiceTests {
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("python")
    static let text = "the cat and the dog and THE bird"
    static let summary = WordStats.Summary(words: 8, unique: 5, top: ["the", "and"])

    @Test func pythonCallersGetTheSwiftTaskResult() async throws {
        try await withRedisServer { server in
            let port = try freeLoopbackPort()
            let service = try StatsService(redisURL: server.url(), port: port, logger: Logger(label: "stats"))
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: service.services.map { .init(service: $0) }, logger: Logger(label: "stats")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                #expect(try await Self.summary(Self.call([Self.text, "2"], server)) == Self.summary)
                #expect(try await Self.summary(Self.call(["--kw", Self.text, "1"], server))?.top == ["the"])
                #expect(try await Self.summary(Self.call(["a b c d"], server))?.top == ["a", "b", "c"])
                let bad = try await Self.call([Self.text, #""many""#], server)
                #expect(bad["error_type"] as? String == "TypeError")
                #expect(
                    (bad["error"] as? String)?.hasPrefix("examples.word_stats() argument 'top': expected Int") == true)

                // The Hummingbird app in the same group sends the task to the worker beside it.
                try await waitForLoopbackPort(port)
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/stats")!)
                request.httpMethod = "POST"
                request.httpBody = Data(Self.text.utf8)
                let (body, _) = try await URLSession.shared.data(for: request)
                #expect(try JSONDecoder().decode(WordStats.Summary.self, from: body).top == ["the", "and", "cat"])

                // A graceful shutdown stops the app and the worker, then closes Redis; the group's run returns.
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    @Test func swiftCallersGetThePythonTaskResult() async throws {
        try await withRedisServer { server in
            let worker = try ChildProcess(
                "python3",
                [
                    "-m", "celery", "-A", "stats_app", "worker", "-c", "1", "-P", "threads", "--without-mingle", "-l",
                    "info",
                ],
                environment: Self.environment(server))
            try await withTearDown(worker) { worker in
                let client = try RedisClient(configuration: try RedisConfiguration(url: server.url()))
                let producer = CeleryProducer(
                    broker: RedisBroker(client: client, names: KombuNames(), logger: Logger(label: "stats")),
                    backend: RedisResultBackend(client: client))
                let result = try await producer.delay(WordStats.task, .init(text: Self.text, top: 2))
                #expect(try await result.get(timeout: .seconds(60)) == Self.summary)
                // Python and Swift count alike.
                #expect(WordStats.summarize(.init(text: Self.text, top: 2)) == Self.summary)
                let defaulted = try await producer.delay(WordStats.task, .init(text: "a b c d")).get()
                #expect(defaulted.top == ["a", "b", "c"])
                try await client.close()
                await worker.stop()
            }
        }
    }

    static func environment(_ server: RedisServer) -> [String: String] {
        ["REDIS_URL": server.url(), "PYTHONPATH": python.path, "PYTHONDONTWRITEBYTECODE": "1"]
    }

    /// The `result` that `call.py` printed, read as the Swift type; `nil` when it printed an error.
    static func summary(_ printed: [String: Any]) throws -> WordStats.Summary? {
        guard let result = printed["result"] else { return nil }
        return try JSONDecoder().decode(WordStats.Summary.self, from: JSONSerialization.data(withJSONObject: result))
    }

    /// Runs `python/call.py` with `arguments` and returns the JSON object it printed.
    static func call(_ arguments: [String], _ server: RedisServer) async throws -> [String: Any] {
        let process = try ChildProcess(
            "python3", [python.appendingPathComponent("call.py").path] + arguments, environment: environment(server))
        let status = await process.waitForExit(timeout: .seconds(90))
        guard status == 0, let line = process.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw TestServerError("call.py \(arguments) failed (\(String(describing: status))):\n\(process.output)")
        }
        return object
    }
}
