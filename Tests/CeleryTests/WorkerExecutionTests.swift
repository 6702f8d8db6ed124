import Foundation
import JSON
import Logging
import Synchronization
import Testing

@testable import Celery

/// The worker's whole path, fetch to settlement, on an in-memory transport and result store: no Redis, no
/// processes. What the real-Redis integration tests prove against Python Celery, these pin down one step at a time.
@Suite struct WorkerExecutionTests {
    static func configuration(concurrency: Int = 2, acksLate: Bool = false) -> WorkerConfiguration {
        WorkerConfiguration(
            nodeName: "test@local", concurrency: concurrency, pool: .threads, acksLate: acksLate,
            workerEvents: false, mingle: false, remoteControl: false)
    }

    static let add = TaskDefinition(name: "tests.add") { context in
        .int(context.args.compactMap(\.int).reduce(0, +))
    }

    /// Runs a worker on `broker` serving `tasks` while `body` runs, then stops it warmly and waits until it returns.
    static func withWorker(
        _ broker: InMemoryBroker, _ tasks: [TaskDefinition], configuration: WorkerConfiguration = configuration(),
        _ body: () async throws -> Void
    ) async throws {
        let worker = CeleryWorker(
            configuration: configuration, registry: TaskRegistry(tasks), transport: broker, results: broker,
            control: nil, logger: Logger(label: "test"))
        let running = Task { try await worker.run() }
        do {
            try await body()
        } catch {
            await worker.stop()
            try await running.value
            throw error
        }
        await worker.stop()
        try await running.value
    }

    /// Polls `condition` every few milliseconds for up to 10 seconds.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    @Test func earlyAckTasksStoreTheirResultsAndLeaveNothingHeld() async throws {
        let broker = InMemoryBroker()
        let ids = (0..<200).map { broker.send("tests.add", args: [.int($0), 1]) }
        try await Self.withWorker(broker, [Self.add]) {
            try #require(await Self.eventually { ids.allSatisfy { broker.result($0) != nil } })
        }
        for (number, id) in ids.enumerated() {
            #expect(broker.result(id)?.status == .success)
            #expect(broker.result(id)?.result == .int(number + 1))
        }
        #expect(broker.unacknowledgedTags.isEmpty)
        #expect(broker.queued().isEmpty)
        // Settled in batches: fewer settlement calls than results and acknowledgements.
        #expect(broker.settlements.count < 2 * ids.count)
        #expect(broker.settlements.flatMap(\.acknowledged).count == ids.count)
    }

    /// A late-ack message stays unacknowledged while its task runs and is acknowledged in the same step as its
    /// result is stored.
    @Test func aLateAckIsSettledWithItsResult() async throws {
        let broker = InMemoryBroker()
        let heldWhileRunning = Mutex<Bool?>(nil)
        let late = TaskDefinition(name: "tests.late", acksLate: true) { _ in
            heldWhileRunning.withLock { $0 = broker.unacknowledgedTags.count == 1 }
            return "done"
        }
        let id = broker.send("tests.late")
        try await Self.withWorker(broker, [late]) {
            try #require(await Self.eventually { broker.result(id) != nil })
        }
        #expect(heldWhileRunning.withLock { $0 } == true)
        #expect(broker.result(id)?.result == "done")
        let settlement = try #require(broker.settlements.first { $0.stored.contains(id) })
        #expect(settlement.acknowledged.count == 1)
        #expect(broker.unacknowledgedTags.isEmpty)
    }

    /// A failing task ends FAILURE with its exception; a retried one goes back to the queue with `retries` counted
    /// and succeeds on its next run.
    @Test func failuresAreStoredAndRetriesRunAgain() async throws {
        let broker = InMemoryBroker()
        let attempts = Mutex(0)
        let flaky = TaskDefinition(name: "tests.flaky") { context in
            let attempt = attempts.withLock { count in
                count += 1
                return count
            }
            if attempt == 1 { throw context.retry(countdown: 0) }
            return .int(context.message.retries)
        }
        let boom = TaskDefinition(name: "tests.boom") { _ in throw TaskFailure(type: "ValueError", arguments: ["bad"]) }
        let flakyID = broker.send("tests.flaky")
        let boomID = broker.send("tests.boom")
        try await Self.withWorker(broker, [flaky, boom]) {
            try #require(await Self.eventually { broker.result(flakyID)?.status == .success })
            try #require(await Self.eventually { broker.result(boomID) != nil })
        }
        #expect(broker.result(flakyID)?.result == 1)
        #expect(attempts.withLock { $0 } == 2)
        let failure = try #require(broker.result(boomID))
        #expect(failure.status == .failure)
        #expect(failure.result["exc_type"] == "ValueError")
        #expect(broker.unacknowledgedTags.isEmpty)
    }

    /// Bad input loses nothing and stops nothing: a message without a delivery tag and one naming an unknown task
    /// are set aside with their reasons (the unknown task ends FAILURE as `NotRegistered`), and good tasks run.
    @Test func malformedAndUnknownMessagesAreSetAside() async throws {
        let broker = InMemoryBroker()
        broker.push(Array("not json at all".utf8))
        let unknownID = broker.send("tests.unknown")
        let goodID = broker.send("tests.add", args: [20, 22])
        try await Self.withWorker(broker, [Self.add]) {
            try #require(await Self.eventually { broker.result(goodID) != nil && broker.deadLetters.count == 2 })
        }
        #expect(broker.result(goodID)?.result == 42)
        #expect(broker.result(unknownID)?.status == .failure)
        #expect(broker.result(unknownID)?.result["exc_type"] == "NotRegistered")
        let reasons = broker.deadLetters.map(\.reason)
        #expect(reasons.contains("envelope has no properties.delivery_tag"))
        #expect(reasons.contains("unregistered task tests.unknown"))
        #expect(broker.deadLetters.first?.raw == Array("not json at all".utf8))
        #expect(broker.unacknowledgedTags.isEmpty)
    }

    /// A warm shutdown lets the running task finish and gives every message it held but had not started back to
    /// the front of its queue: none is lost, none stays unacknowledged.
    @Test func aWarmShutdownGivesBackWhatDidNotStart() async throws {
        let broker = InMemoryBroker()
        let release = Mutex(false)
        let started = Mutex(false)
        let slow = TaskDefinition(name: "tests.slow", acksLate: true) { _ in
            started.withLock { $0 = true }
            while !release.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            return "finished"
        }
        let first = broker.send("tests.slow")
        let rest = (0..<3).map { _ in broker.send("tests.slow") }
        let worker = CeleryWorker(
            configuration: Self.configuration(concurrency: 1, acksLate: true), registry: TaskRegistry([slow]),
            transport: broker, results: broker, control: nil, logger: Logger(label: "test"))
        let running = Task { try await worker.run() }
        try #require(await Self.eventually { started.withLock { $0 } && broker.queued().isEmpty })
        await worker.stop()
        release.withLock { $0 = true }
        try await running.value

        #expect(broker.result(first)?.result == "finished")
        let requeued = try broker.queued().map { try TaskMessage(envelope: KombuEnvelope(parsing: $0)).id }
        #expect(Set(requeued) == Set(rest))
        #expect(rest.allSatisfy { broker.result($0) == nil })
        #expect(broker.unacknowledgedTags.isEmpty)
    }
}
