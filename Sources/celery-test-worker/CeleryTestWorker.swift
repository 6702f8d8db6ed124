import ArgumentParser
import Celery
import Foundation
import JSON
import Logging
import Redis
import Settings
import WorkerCLI

/// A worker with small tasks that exercise the Celery protocol, for the interop tests and the benchmark.
@main
struct CeleryTestWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "celery-test-worker",
        abstract: "Celery-compatible worker serving the interop test tasks (tests.*)."
    )

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        let settings = try WorkerSettings(options: options, environment: .process())
        let recorder = try RedisClient(configuration: settings.redis)
        try await options.runWorker(registry: TaskRegistry(TestTasks.all(recorder: recorder)), settings: settings)
    }
}

/// Appends ARGV[1] to the list KEYS[1] once per run token ARGV[2] (remembered in the set KEYS[2]).
private let recordRun = RedisScript(
    "if redis.call('SADD', KEYS[2], ARGV[2]) == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end return 1")

enum TestTasks {
    static func all(recorder: RedisClient) -> [TaskDefinition] {
        [
            TaskDefinition(name: "tests.noop") { _ in .null },
            TaskDefinition(name: "tests.add") { context in
                let numbers = context.args
                if numbers.allSatisfy({ $0.typeName == "integer" }) { return try integerSum(numbers) }
                guard numbers.allSatisfy({ $0.double != nil }) else {
                    throw TaskFailure(type: "TypeError", arguments: ["add needs numbers"])
                }
                return .double(numbers.compactMap(\.double).reduce(0, +))
            },
            TaskDefinition(name: "tests.echo_kwargs") { context in .object(context.kwargs) },
            TaskDefinition(name: "tests.xsum") { context in
                // Sums a list of integers, e.g. a chord's header results.
                let numbers = context.args.first?.array ?? []
                guard numbers.allSatisfy({ $0.int != nil }) else {
                    throw TaskFailure(type: "TypeError", arguments: ["xsum needs a list of integers"])
                }
                return .int(numbers.compactMap(\.int).reduce(0, +))
            },
            TaskDefinition(name: "tests.collect") { context in
                // Returns its argument as it arrived, e.g. a chord's header results in the order received.
                context.args.first ?? .null
            },
            TaskDefinition(name: "tests.boom") { _ in
                throw TaskFailure(type: "ValueError", arguments: ["bad", 42])
            },
            TaskDefinition(name: "tests.progress") { context in
                let steps = context.args.first?.int ?? 2
                for step in 1...steps {
                    try await context.updateState(.progress, meta: ["done": .int(step), "total": .int(steps)])
                    try await Task.sleep(for: .milliseconds(200))
                }
                return "done"
            },
            TaskDefinition(name: "tests.sleep") { context in
                let seconds = context.args.first?.double ?? 1
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return .double(seconds)
            },
            TaskDefinition(name: "tests.spin") { context in
                // Ignores cancellation on purpose, to exercise the hard time limit.
                let until = Date(timeIntervalSinceNow: context.args.first?.double ?? 5)
                while Date() < until { try? await Task.sleep(for: .milliseconds(10)) }
                return "spun"
            },
            TaskDefinition(name: "tests.burn") { context in
                // Keeps its thread busy without ever suspending, like a CPU-bound render.
                let until = Date(timeIntervalSinceNow: context.args.first?.double ?? 5)
                var spins = 0
                while Date() < until { spins &+= 1 }
                return .int(spins > 0 ? 1 : 0)
            },
            TaskDefinition(name: "tests.crash") { context in
                // Crashes the process running it: a Swift trap (integer overflow), or a fault as C code
                // would raise it. Prefork reports WorkerLostError for it and nothing else is lost.
                if context.args.first?.string == "segfault" {
                    UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1
                }
                // Or, in a pool process (where descriptor 4 is the reply pipe), garbles its answers to the worker
                // and hangs: the worker kills the process rather than trust it with another task.
                if context.args.first?.string == "garble", Self.isPipe(4) {
                    let garbage = Array("\u{7f}\u{ff}\u{ff}\u{ff}garbage".utf8)
                    _ = write(4, garbage, garbage.count)
                    try await Task.sleep(for: .seconds(30))
                }
                return .int(Int.max - 1 + context.args.count * 2)
            },
            TaskDefinition(name: "tests.record") { context in
                // Appends the task id to a Redis list after an optional sleep, so tests can count runs.
                let key = context.args.first?.string ?? "tests:runs"
                let seconds = context.args.count > 1 ? context.args[1].double ?? 0 : 0
                if seconds > 0 { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
                // Through Redis restarts too, as the worker's own writes go. A write retried after its reply was
                // lost is not counted twice (its token is already there); a second run of the task is.
                let run = UUID().uuidString
                try await RetryPolicy().run(logger: Logger(label: "tests.record")) {
                    try await recorder.run(recordRun, keys: [key, key + ":runs"], arguments: [context.id, run])
                }
                return .string(context.id)
            },
            TaskDefinition(name: "backend.tasks.generate_poster_task") { context in
                // The poster task's name and result shape, echoing the request dict, for the API's tests.
                guard let request = context.args.first, let city = request["city"]?.string else {
                    throw TaskFailure.valueError("generate_poster_task needs the request dict")
                }
                let key = "\(city.lowercased())_\(request["style"]?.string ?? "")_swift.png"
                return [
                    "success": true, "file_url": .string("/minio_storage/posters/\(key)"), "cached": false,
                    "received": request,
                ]
            },
            TaskDefinition(name: "tests.retry", maxRetries: 5) { context in
                let wanted = context.args.first?.int ?? 1
                if context.retries < wanted {
                    throw context.retry(countdown: 0.2, error: .runtimeError("try again"))
                }
                return .int(context.retries)
            },
        ]
    }

    /// Whether `descriptor` is an open pipe.
    private static func isPipe(_ descriptor: Int32) -> Bool {
        var status = stat()
        return fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO
    }

    /// The exact sum of JSON integers of any size, as Python's `+` gives, within 128 bits.
    private static func integerSum(_ numbers: [JSONValue]) throws -> JSONValue {
        var total: Int128 = 0
        for number in numbers {
            let (sum, overflow) = Int128(number.serialized()).map(total.addingReportingOverflow) ?? (0, true)
            guard !overflow else {
                throw TaskFailure(type: "OverflowError", arguments: ["tests.add sums integers of up to 128 bits"])
            }
            total = sum
        }
        return try JSONValue(parsing: String(total))
    }
}
