import Foundation
import JSON
import Logging
import Testing

@testable import Celery

/// The worker's bookkeeping on its own, without Redis or tasks: the prefetch window, the ready queue and its
/// executors, ETAs, `pool_grow`/`pool_shrink`, consumer changes and both shutdowns.
@Suite struct WorkerStateTests {
    /// A held request for a message with delivery tag `tag`, as the worker makes one from a fetched envelope.
    static func request(_ tag: String, name: String = "tests.add") throws -> HeldRequest {
        var envelope = TaskMessage.envelope(
            name: name, id: "id-\(tag)", args: [1, 2], kwargs: JSONObject(), embed: nil, options: TaskOptions(),
            origin: "gen1@test", replyTo: "reply")
        envelope.properties["delivery_tag"] = .string(tag)
        let message = try TaskMessage(envelope: envelope)
        return HeldRequest(
            delivery: Delivery(raw: Array(envelope.text.utf8), queue: "celery", deliveryTag: tag),
            envelope: envelope, message: message,
            definition: TaskDefinition(name: name) { _ in .null }, logger: Logger(label: "test"))
    }

    /// Holds and readies `tags` in order.
    static func receive(_ tags: [String], into state: WorkerState) throws {
        for tag in tags {
            state.hold(try request(tag))
            state.makeReady(tag)
        }
    }

    @Test func theWindowIsConcurrencyTimesMultiplierAndRefillsInBatches() async throws {
        let state = WorkerState(concurrency: 2, prefetchMultiplier: 4, queues: ["celery"])
        #expect(await state.fetchAllowance() == 8)
        try Self.receive((0..<8).map { "t\($0)" }, into: state)
        #expect(state.heldTags.count == 8)

        // A full window waits; finishing three tasks (fewer than half of it) with work still ready does not wake it.
        let fetcher = Task { await state.fetchAllowance() }
        _ = state.resize(by: 0)
        for index in 0..<3 {
            let next = try #require(await state.nextReady())
            #expect(next.delivery.deliveryTag == "t\(index)")
            state.startRunning("t\(index)")
            state.finish("t\(index)", name: "tests.add")
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(state.processedTotal == 3)
        // The fourth frees half of the window: one fetch for four.
        _ = try #require(await state.nextReady())
        state.startRunning("t3")
        state.finish("t3", name: "tests.add")
        #expect(await fetcher.value == 4)
        #expect(state.processed == ["tests.add": 4])
    }

    /// As kombu's QoS counts unacknowledged deliveries only and Celery acknowledges an early-ack task as it starts,
    /// such a task (running, or storing its result) no longer takes room in the window; a late-ack one does.
    @Test func earlyAckTasksLeaveTheWindowAsTheyStart() async throws {
        let state = WorkerState(concurrency: 2, prefetchMultiplier: 1, queues: ["celery"])
        #expect(state.resize(by: 0) == 2)
        try Self.receive(["early", "late"], into: state)
        let fetcher = Task { await state.fetchAllowance() }
        _ = try #require(await state.nextReady())
        state.startRunning("early", leavesWindow: true)
        #expect(await fetcher.value == 1)
        _ = try #require(await state.nextReady())
        state.startRunning("late", leavesWindow: false)
        #expect(await state.fetchAllowance() == 1)
        state.finish("early", name: "tests.add")
        #expect(await state.fetchAllowance() == 1)  // Freed once, when it started.
        state.finish("late", name: "tests.add")
        #expect(await state.fetchAllowance() == 2)
    }

    @Test func anIdleExecutorGetsTheNextReadyRequestAndWakesTheFetcher() async throws {
        let state = WorkerState(concurrency: 1, prefetchMultiplier: 4, queues: ["celery"])
        #expect(state.resize(by: 0) == 1)
        try Self.receive(["a", "b", "c"], into: state)
        // Three ready, one free place in the window of four (less than half): the fetcher waits.
        let fetcher = Task { await state.fetchAllowance() }
        while !state.isFetcherWaiting { try await Task.sleep(for: .milliseconds(1)) }
        // The executor takes all three (late acks, each keeping its room); taking the last wakes no one.
        for tag in ["a", "b", "c"] {
            #expect(try #require(await state.nextReady()).delivery.deliveryTag == tag)
            state.startRunning(tag)
        }
        let waiting = Task { await state.nextReady() }
        // Starving: fetch at once, even with the window not half empty.
        #expect(await fetcher.value == 1)
        try Self.receive(["d"], into: state)
        #expect(await waiting.value?.delivery.deliveryTag == "d")
    }

    @Test func etaRequestsWaitOutsideTheWindowUntilDue() async throws {
        let state = WorkerState(concurrency: 1, prefetchMultiplier: 1, queues: ["celery"])
        let now = Date()
        state.hold(try Self.request("later"))
        state.schedule("later", at: now.addingTimeInterval(60))
        state.hold(try Self.request("soon"))
        state.schedule("soon", at: now.addingTimeInterval(1))
        // Scheduled messages do not count against the prefetch window, as in Celery.
        #expect(await state.fetchAllowance() == 1)
        #expect(state.scheduledRequests.map(\.request.delivery.deliveryTag) == ["soon", "later"])
        #expect(state.releaseDue(now: now) == now.addingTimeInterval(1))
        #expect(state.query(["id-soon"]).map(\.state) == ["scheduled"])
        #expect(state.releaseDue(now: now.addingTimeInterval(2)) == now.addingTimeInterval(60))
        _ = state.resize(by: 0)
        #expect(try #require(await state.nextReady()).delivery.deliveryTag == "soon")
        #expect(state.scheduledRequests.count == 1)
    }

    @Test func shrinkingSendsIdleExecutorsAwayAndGrowingAsksForMore() async throws {
        let state = WorkerState(concurrency: 3, prefetchMultiplier: 2, queues: ["celery"])
        #expect(state.resize(by: 0) == 3)
        let idle = (0..<3).map { _ in Task { await state.nextReady() } }
        try await Task.sleep(for: .milliseconds(50))
        #expect(state.resize(by: -2) == 0)
        #expect(state.concurrency == 1)
        #expect(state.currentPrefetchCount == 2)
        try Self.receive(["x"], into: state)
        var results: [String?] = []
        for executor in idle { results.append(await executor.value?.delivery.deliveryTag) }
        #expect(results.sorted { ($0 ?? "") < ($1 ?? "") } == [nil, nil, "x"])
        #expect(state.resize(by: 2) == 2)
        #expect(state.currentPrefetchCount == 6)
    }

    @Test func consumingWaitsWhileNoQueueIsLeft() async throws {
        let state = WorkerState(concurrency: 1, prefetchMultiplier: 1, queues: ["celery"])
        #expect(state.removeQueue("celery"))
        #expect(!state.removeQueue("celery"))
        let consumer = Task { await state.consumedQueues() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(state.addQueue("posters"))
        #expect(!state.addQueue("posters"))
        #expect(await consumer.value == ["posters"])
    }

    @Test func aWarmStopLetsRunningTasksEndAndGivesBackTheRest() async throws {
        let state = WorkerState(concurrency: 2, prefetchMultiplier: 2, queues: ["celery"])
        #expect(state.resize(by: 0) == 2)
        try Self.receive(["run", "wait"], into: state)
        let running = try #require(await state.nextReady())
        let handler = Task<Void, Never> { try? await Task.sleep(for: .seconds(30)) }
        state.startRunning(try #require(running.delivery.deliveryTag))
        state.attach(handler, to: "run")
        state.markAcknowledged("run")
        #expect(state.heldTags == ["wait"])  // An acknowledged message needs no visibility refresh.

        state.beginStopping()
        #expect(state.isStopping && !state.isCold)
        // A held request ready to run does not start once stopping: it is given back below.
        #expect(await state.nextReady() == nil)
        #expect(await state.fetchAllowance() == 0)
        #expect(await state.consumedQueues() == [])
        #expect(!handler.isCancelled)
        #expect(state.activeRequests.map(\.delivery.deliveryTag) == ["run"])
        #expect(state.takeUnstarted().map(\.delivery.deliveryTag) == ["wait"])

        // Shutdown waits for the running execution to finish.
        let ended = Task {
            await state.executionsEnded()
            return ContinuousClock.now
        }
        try await Task.sleep(for: .milliseconds(50))
        handler.cancel()
        let finished = ContinuousClock.now
        state.finish("run", name: "tests.add")
        #expect(await ended.value >= finished)
        #expect(state.processedTotal == 1)
        await state.executionsEnded()  // Nothing runs: returns at once.
    }

    @Test func aColdStopCancelsRunningTasksAndKeepsThemToRestore() async throws {
        let state = WorkerState(concurrency: 1, prefetchMultiplier: 1, queues: ["celery"])
        #expect(state.resize(by: 0) == 1)
        try Self.receive(["run"], into: state)
        _ = try #require(await state.nextReady())
        let handler = Task<Void, Never> { try? await Task.sleep(for: .seconds(30)) }
        state.startRunning("run")
        state.attach(handler, to: "run")
        state.beginCold()
        #expect(handler.isCancelled)
        #expect(await state.nextReady() == nil)
        state.setAsideInterrupted("run")
        // Set aside, no longer running, but its execution has not ended: shutdown still waits for it.
        let ended = Task {
            await state.executionsEnded()
            return ContinuousClock.now
        }
        try await Task.sleep(for: .milliseconds(50))
        let finished = ContinuousClock.now
        state.finish("run", name: "tests.add")  // Set aside: not counted as processed.
        #expect(await ended.value >= finished)
        #expect(state.processedTotal == 0)
        #expect(state.takeUnstarted().map(\.delivery.deliveryTag) == ["run"])
        #expect(state.takeUnstarted().isEmpty)
    }

    @Test func terminateCancelsOnlyTheRunningTaskWithThatID() async throws {
        let state = WorkerState(concurrency: 1, prefetchMultiplier: 2, queues: ["celery"])
        #expect(state.resize(by: 0) == 1)
        try Self.receive(["a", "b"], into: state)
        _ = try #require(await state.nextReady())
        let handler = Task<Void, Never> { try? await Task.sleep(for: .seconds(30)) }
        state.startRunning("a")
        state.attach(handler, to: "a")
        #expect(state.terminate(taskIDs: ["id-a", "id-b", "id-unknown"]) == ["id-a"])
        #expect(handler.isCancelled)
        #expect(state.wasTerminated("a") && !state.wasTerminated("b"))
        #expect(state.reservedRequests.map(\.delivery.deliveryTag) == ["b"])
        #expect(Set(state.query(["id-a", "id-b"]).map(\.state)) == ["active", "reserved"])
    }

    /// An execution starts on the executor's thread and may run to its end before its task is attached (nothing in it
    /// waited); and a cold stop or a terminate may come before the task is attached.
    @Test func aTaskAttachedAfterItsStartIsFinishedOrCancelledAsItsRequestIs() async throws {
        let state = WorkerState(concurrency: 1, prefetchMultiplier: 4, queues: ["celery"])
        #expect(state.resize(by: 0) == 1)
        try Self.receive(["done", "revoked", "cold"], into: state)

        _ = try #require(await state.nextReady())
        state.startRunning("done")
        state.finish("done", name: "tests.add")
        let late = Task<Void, Never> { try? await Task.sleep(for: .seconds(30)) }
        state.attach(late, to: "done")
        #expect(state.processedTotal == 1)
        #expect(state.activeRequests.isEmpty)
        await state.executionsEnded()  // Counted once, ended once.

        _ = try #require(await state.nextReady())
        state.startRunning("revoked")
        #expect(state.terminate(taskIDs: ["id-revoked"]) == ["id-revoked"])
        let terminated = Task<Void, Never> { try? await Task.sleep(for: .seconds(30)) }
        state.attach(terminated, to: "revoked")
        #expect(terminated.isCancelled)
        state.finish("revoked", name: "tests.add")

        _ = try #require(await state.nextReady())
        state.startRunning("cold")
        state.beginCold()
        let interrupted = Task<Void, Never> { try? await Task.sleep(for: .seconds(30)) }
        state.attach(interrupted, to: "cold")
        #expect(interrupted.isCancelled)
        #expect(!late.isCancelled)  // Never kept: the cold stop did not reach it.
        late.cancel()
    }
}
