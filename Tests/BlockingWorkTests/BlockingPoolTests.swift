import BlockingWork
import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct BlockingPoolTests {
    @Test func workRunsOnThePoolsOwnThreads() async throws {
        let name = try await withBlockingPool(threadCount: 1) { pool in
            try await pool.perform { currentThreadName() }
        }
        // NIOThreadPool names its threads `TP-#<n>`; the cooperative pool's threads are Dispatch's.
        #expect(name.hasPrefix("TP-#"))
    }

    @Test func blockedJobsLeaveTheCooperativePoolFree() async throws {
        // More blocked jobs than the cooperative pool has threads: were they on it, nothing async would run.
        let jobs = BlockingPool.defaultThreadCount * 2 + 1
        let gate = Gate()
        let outcome = try await withBlockingPool(threadCount: jobs) { pool in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<jobs {
                    group.addTask { try await pool.perform { gate.wait() } }
                }
                try await waitUntil { gate.waiting == jobs }
                // Async work runs to its end while every job is still blocked.
                let sum = await withTaskGroup(of: Int.self) { sums in
                    for value in 1...8 {
                        sums.addTask {
                            await Task.yield()
                            return value
                        }
                    }
                    return await sums.reduce(0, +)
                }
                let blockedMeanwhile = gate.waiting == jobs
                gate.open()
                var released = 0
                for try await inTime in group where inTime { released += 1 }
                return (sum, blockedMeanwhile, released)
            }
        }
        #expect(outcome.0 == 36)
        #expect(outcome.1)
        #expect(outcome.2 == jobs)
    }

    @Test func aLaneOfWidthOneNeverRunsTwoAtOnce() async throws {
        let overlap = Overlap()
        try await withBlockingPool(threadCount: 4) { pool in
            let lane = BlockingLane(pool: pool)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await lane.perform {
                            overlap.enter()
                            usleep(20_000)
                            overlap.leave()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(overlap.maximum == 1)
    }

    @Test func waitingForALaneHoldsNoPoolThread() async throws {
        try await withHeldLane { pool, lane, gate in
            async let second = lane.perform { 2 }
            try await Task.sleep(for: .milliseconds(50))
            // The second waits for the lane, not on the pool's second thread, which stays free.
            #expect(try await pool.perform { gate.waiting } == 1)
            gate.open()
            #expect(try await second == 2)
        }
    }

    @Test func cancellingAWaitingCallerTakesItOutOfTheLane() async throws {
        try await withHeldLane { _, lane, gate in
            let waiting = Task { try await lane.perform { 2 } }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            gate.open()
        }
    }

    @Test func aShutDownPoolRefusesWork() async throws {
        let (pool, answer) = try await withBlockingPool(threadCount: 1) { pool in
            (pool, try await pool.perform { 1 })
        }
        #expect(answer == 1)
        await #expect(throws: BlockingPoolError(code: .shutDown)) { try await pool.perform { 2 } }
        #expect(
            String(describing: BlockingPoolError(code: .shutDown))
                == "The blocking-work pool has shut down and takes no new work.")
    }

    @Test func gracefulShutdownLetsTakenWorkFinish() async throws {
        // Two threads: one held by the taken work, one to answer the polls below until the pool refuses them.
        let pool = BlockingPool(threadCount: 2)
        let gate = Gate()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let group = ServiceGroup(services: [pool], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            async let taken = pool.perform { gate.wait() }
            try await waitUntil { gate.waiting == 1 }
            await group.triggerGracefulShutdown()
            // Shutting down: no new work, but what was taken goes on.
            try await waitUntil {
                (try? await pool.perform { 0 }) == nil
            }
            gate.open()
            #expect(try await taken)
            try await tasks.waitForAll()
        }
        await #expect(throws: BlockingPoolError(code: .shutDown)) { try await pool.perform { 0 } }
    }
}

/// Runs `body` with a pool of two threads and a lane of width 1 that a job blocked on a gate holds; `body` opens the
/// gate. Then the lane must take work again.
private func withHeldLane(_ body: (BlockingPool, BlockingLane, Gate) async throws -> Void) async throws {
    let gate = Gate()
    try await withBlockingPool(threadCount: 2) { pool in
        let lane = BlockingLane(pool: pool)
        async let holder = lane.perform { gate.wait() }
        try await waitUntil { gate.waiting == 1 }
        try await body(pool, lane, gate)
        #expect(try await holder)
        #expect(try await lane.perform { 3 } == 3)
    }
}

/// Blocks pool threads until opened (at most five minutes, so a failing test ends).
private final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let state = Mutex((waiting: 0, opened: false))

    var waiting: Int { state.withLock { $0.waiting } }

    /// Waits for ``open()``; `false` when five minutes passed first.
    func wait() -> Bool {
        let opened = state.withLock { state in
            if !state.opened { state.waiting += 1 }
            return state.opened
        }
        return opened || semaphore.wait(timeout: .now() + 300) == .success
    }

    func open() {
        let waiting = state.withLock { state in
            state.opened = true
            return state.waiting
        }
        for _ in 0..<waiting { semaphore.signal() }
    }
}

/// Counts how many jobs run at once, and the most there ever were.
private final class Overlap: Sendable {
    private let state = Mutex((current: 0, maximum: 0))

    var maximum: Int { state.withLock { $0.maximum } }

    func enter() {
        state.withLock { state in
            state.current += 1
            state.maximum = max(state.maximum, state.current)
        }
    }

    func leave() { state.withLock { $0.current -= 1 } }
}

/// Polls `condition` every 10 ms for at most five minutes: the limit only catches a hang. Other suites'
/// synchronous tests (renders) may hold both cooperative threads of a loaded 2-core machine for a minute and more,
/// and the tasks that submit this test's jobs need one of them (seen: 95 s under a parallel CI run).
private func waitUntil(_ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(300)
    while await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within five minutes")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// The calling thread's name, as Linux keeps it.
private func currentThreadName() -> String {
    let name = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
    return name?.trimmingCharacters(in: .newlines) ?? ""
}
