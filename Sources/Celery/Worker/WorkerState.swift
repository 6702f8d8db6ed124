import Foundation
import Logging
import Synchronization

/// A message the worker holds: reserved, waiting for its ETA, or running.
struct HeldRequest: Sendable {
    var delivery: Delivery
    var envelope: KombuEnvelope
    var message: TaskMessage
    var definition: TaskDefinition
    /// The worker's logger with the task's id and name.
    var logger: Logger
    /// Whether the message was already acknowledged (early ack, before running).
    var acknowledged = false
    /// When it started running (epoch seconds), for `inspect active`.
    var timeStart: Double?
    /// Set by `revoke(terminate=True)` while it runs.
    var terminated = false
    /// Started with an early ack: no longer counted in the prefetch window.
    var outsideWindow = false
}

/// The worker's bookkeeping: what it holds, what is ready to run, what is waiting for an ETA.
///
/// A plain state machine behind a lock, without I/O: the worker's loops ask it what to do next, and only
/// ``fetchAllowance()``, ``nextReady()`` and ``consumedQueues()`` ever wait. Every other call returns at once,
/// so recording a message, starting or finishing a task costs a lock, not a hop to another executor. Waiters are
/// resumed after the lock is released.
final class WorkerState: Sendable {
    private struct Bookkeeping {
        var prefetchCount: Int
        let prefetchMultiplier: Int
        /// How many executors should run (`pool_grow`/`pool_shrink` change it) and how many do.
        var concurrency: Int
        var executors = 0
        /// The queues consumed now (`add_consumer`/`cancel_consumer` change them).
        var queues: [String]
        /// Resumed with `nil` when the queues change: the waiter asks again.
        var waitingForQueues: [CheckedContinuation<[String]?, Never>] = []
        var held: [String: HeldRequest] = [:]
        var ready: [String] = []
        var readyHead = 0
        var scheduled: [(eta: Date, tag: String)] = []
        /// Requests started and not finished (nor set aside by a cold shutdown).
        var running: Set<String> = []
        /// The tasks of running requests, for cancelling: each is attached just after it starts (``attach(_:to:)``).
        var tasks: [String: Task<Void, Never>] = [:]
        /// Executions started and not yet finished (``finish(_:name:)``), also those a cold shutdown set aside.
        var executions = 0
        /// Resumed once ``executions`` is back to zero after stopping.
        var waitingForExecutions: [CheckedContinuation<Void, Never>] = []
        /// Requests a cold shutdown interrupted, kept to be restored once fetching has stopped (given back
        /// earlier, a fetch still in flight could take one again under the same delivery tag).
        var interrupted: [HeldRequest] = []
        var waitingExecutors: [CheckedContinuation<HeldRequest?, Never>] = []
        /// Resumed with `nil` when room may have been freed: the fetcher asks again.
        var waitingFetcher: CheckedContinuation<Int?, Never>?
        var isStopping = false
        var isCold = false
        var processed: [String: Int] = [:]

        /// The fetcher's continuation, taken out to be resumed: something freed room in the window.
        mutating func takeFetcher() -> CheckedContinuation<Int?, Never>? {
            defer { waitingFetcher = nil }
            return waitingFetcher
        }

        /// The next ready request still held, advancing the ready queue.
        mutating func popReady() -> HeldRequest? {
            while readyHead < ready.count {
                let tag = ready[readyHead]
                readyHead += 1
                if readyHead > 1024 {
                    ready.removeFirst(readyHead)
                    readyHead = 0
                }
                if let request = held[tag] { return request }
            }
            return nil
        }

        /// Hands `tag` to a waiting executor, or queues it; returns the executor to resume.
        mutating func makeReady(_ tag: String) -> (CheckedContinuation<HeldRequest?, Never>, HeldRequest?)? {
            guard let executor = waitingExecutors.popLast() else {
                ready.append(tag)
                return nil
            }
            return (executor, held[tag])
        }
    }

    private let state: Mutex<Bookkeeping>

    init(concurrency: Int, prefetchMultiplier: Int, queues: [String]) {
        state = Mutex(
            Bookkeeping(
                prefetchCount: concurrency * prefetchMultiplier, prefetchMultiplier: prefetchMultiplier,
                concurrency: concurrency, queues: queues))
    }

    /// How many more messages may be fetched; waits while the prefetch window is full, and while it is
    /// more than half full with work ready to start, so that busy workers fetch in batches rather than one
    /// message per finished task. Returns 0 once the worker is stopping.
    func fetchAllowance() async -> Int {
        while true {
            let allowance = await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
                let answer = state.withLock { state -> Int?? in
                    if state.isStopping { return .some(0) }
                    guard state.prefetchCount > 0 else { return .some(64) }  // No prefetch limit (kombu's 0).
                    // kombu's QoS counts only unacknowledged deliveries, and Celery acknowledges an early-ack task as
                    // it starts: such a task no longer takes room in the window.
                    let inWindow = state.held.values.count { !$0.outsideWindow }
                    let allowance = state.prefetchCount + state.scheduled.count - inWindow
                    let starving = state.readyHead == state.ready.count || !state.waitingExecutors.isEmpty
                    if allowance > 0 && (starving || allowance * 2 >= state.prefetchCount) {
                        return .some(min(allowance, 64))
                    }
                    state.waitingFetcher = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
            if let allowance { return allowance }
        }
    }

    func hold(_ request: HeldRequest) {
        state.withLock { $0.held[request.delivery.deliveryTag ?? request.message.id] = request }
    }

    /// Queues a held request to run now.
    func makeReady(_ tag: String) {
        if let (executor, request) = state.withLock({ $0.makeReady(tag) }) { executor.resume(returning: request) }
    }

    func schedule(_ tag: String, at eta: Date) {
        let fetcher = state.withLock { state in
            state.scheduled.append((eta, tag))
            state.scheduled.sort { $0.eta < $1.eta }
            return state.takeFetcher()
        }
        fetcher?.resume(returning: nil)
    }

    /// Moves requests whose ETA has come to the ready queue; returns when the next one is due.
    func releaseDue(now: Date) -> Date? {
        let (handed, next) = state.withLock { state in
            var handed: [(CheckedContinuation<HeldRequest?, Never>, HeldRequest?)] = []
            while let first = state.scheduled.first, first.eta <= now {
                state.scheduled.removeFirst()
                if let executor = state.makeReady(first.tag) { handed.append(executor) }
            }
            return (handed, state.scheduled.first?.eta)
        }
        for (executor, request) in handed { executor.resume(returning: request) }
        return next
    }

    /// The next request to run, or `nil` once the worker is stopping or this executor is no longer
    /// needed after a `pool_shrink`.
    func nextReady() async -> HeldRequest? {
        await withCheckedContinuation { (continuation: CheckedContinuation<HeldRequest?, Never>) in
            let (answer, fetcher) = state.withLock { state -> (HeldRequest??, CheckedContinuation<Int?, Never>?) in
                // Once stopping, nothing more starts: requests held but not started go back to their queue
                // (``takeUnstarted()``), as Celery's warm shutdown gives back what it reserved.
                guard state.executors <= state.concurrency, !state.isStopping else {
                    state.executors -= 1
                    return (.some(nil), nil)
                }
                if let request = state.popReady() { return (.some(request), nil) }
                state.waitingExecutors.append(continuation)
                // An idle executor: fetch without waiting for the window to half-empty.
                return (nil, state.takeFetcher())
            }
            fetcher?.resume(returning: nil)
            if let answer { continuation.resume(returning: answer) }
        }
    }

    func markAcknowledged(_ tag: String) { state.withLock { $0.held[tag]?.acknowledged = true } }

    /// Changes the number of tasks run at once, and the prefetch window with it.
    /// - Returns: how many executors the caller must start (0 when shrinking); they are counted as
    ///   running from now on, and each leaves through a `nil` from ``nextReady()``.
    func resize(by delta: Int) -> Int {
        let (toStart, leaving, fetcher) = state.withLock { state in
            let previous = state.concurrency
            state.concurrency = max(1, state.concurrency + delta)
            state.prefetchCount = state.prefetchMultiplier == 0 ? 0 : state.concurrency * state.prefetchMultiplier
            var leaving: [CheckedContinuation<HeldRequest?, Never>] = []
            if state.concurrency < previous {
                // Idle executors above the target leave now; busy ones leave after their task.
                var surplus = state.executors - state.concurrency
                while surplus > 0, let executor = state.waitingExecutors.popLast() {
                    state.executors -= 1
                    surplus -= 1
                    leaving.append(executor)
                }
            }
            let toStart = max(0, state.concurrency - state.executors)
            state.executors += toStart
            return (toStart, leaving, state.takeFetcher())
        }
        fetcher?.resume(returning: nil)
        for executor in leaving { executor.resume(returning: nil) }
        return toStart
    }

    var currentPrefetchCount: Int { state.withLock { $0.prefetchCount } }
    var concurrency: Int { state.withLock { $0.concurrency } }
    var queues: [String] { state.withLock { $0.queues } }

    /// Starts consuming `queue`; returns `false` if it already was.
    func addQueue(_ queue: String) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<[String]?, Never>]? in
            guard !state.queues.contains(queue) else { return nil }
            state.queues.append(queue)
            defer { state.waitingForQueues.removeAll() }
            return state.waitingForQueues
        }
        for waiter in waiters ?? [] { waiter.resume(returning: nil) }
        return waiters != nil
    }

    /// Stops consuming `queue`; returns `false` if it was not consumed.
    func removeQueue(_ queue: String) -> Bool {
        state.withLock { state in
            guard let index = state.queues.firstIndex(of: queue) else { return false }
            state.queues.remove(at: index)
            return true
        }
    }

    /// The queues to consume, waiting while there are none (all cancelled); empty once stopping.
    func consumedQueues() async -> [String] {
        while true {
            let queues = await withCheckedContinuation { (continuation: CheckedContinuation<[String]?, Never>) in
                let answer = state.withLock { state -> [String]?? in
                    if state.isStopping { return .some([]) }
                    if !state.queues.isEmpty { return .some(state.queues) }
                    state.waitingForQueues.append(continuation)
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
            if let queues { return queues }
        }
    }

    /// Notes that `tag` starts running, before its task exists: the task may run to ``finish(_:name:)`` as soon as
    /// it is made, and then ``attach(_:to:)`` finds it finished.
    ///
    /// - Parameter leavesWindow: whether the task is acknowledged as it starts (early ack): it then no longer takes
    ///   room in the prefetch window, which may let the fetcher go on.
    func startRunning(_ tag: String, leavesWindow: Bool = false) {
        let fetcher = state.withLock { state in
            state.running.insert(tag)
            state.executions += 1
            state.held[tag]?.timeStart = Date().timeIntervalSince1970
            if leavesWindow { state.held[tag]?.outsideWindow = true }
            return leavesWindow ? state.takeFetcher() : nil
        }
        fetcher?.resume(returning: nil)
    }

    /// Keeps `task`, which runs `tag`, to be cancelled by a cold shutdown or a `revoke` with `terminate`; cancels it
    /// at once when one of those came since ``startRunning(_:leavesWindow:)``. Nothing when it has finished already.
    func attach(_ task: Task<Void, Never>, to tag: String) {
        let cancel = state.withLock { state in
            guard state.running.contains(tag) else { return false }
            state.tasks[tag] = task
            return state.isCold || state.held[tag]?.terminated == true
        }
        if cancel { task.cancel() }
    }

    /// Cancels the running tasks with these ids (`revoke` with `terminate`).
    /// - Returns: the ids that were running and are now cancelled.
    func terminate(taskIDs: Set<String>) -> [String] {
        let found = state.withLock { state in
            var found: [(id: String, task: Task<Void, Never>?)] = []
            for (tag, request) in state.held where taskIDs.contains(request.message.id) {
                guard state.running.contains(tag) else { continue }
                state.held[tag]?.terminated = true
                found.append((request.message.id, state.tasks[tag]))  // Not attached yet: `attach` cancels it.
            }
            return found
        }
        for entry in found { entry.task?.cancel() }
        return found.map(\.id)
    }

    func wasTerminated(_ tag: String) -> Bool { state.withLock { $0.held[tag]?.terminated ?? false } }

    // MARK: - Inspection

    /// Running requests, for `inspect active`.
    var activeRequests: [HeldRequest] { state.withLock { state in state.running.compactMap { state.held[$0] } } }

    /// Requests waiting for their ETA, soonest first, for `inspect scheduled`.
    var scheduledRequests: [(eta: Date, request: HeldRequest)] {
        state.withLock { state in state.scheduled.compactMap { entry in state.held[entry.tag].map { (entry.eta, $0) } }
        }
    }

    /// Requests held, not running and not waiting for an ETA, for `inspect reserved`.
    var reservedRequests: [HeldRequest] {
        state.withLock { state in
            let waiting = Set(state.scheduled.map(\.tag))
            return state.held.filter { !state.running.contains($0.key) && !waiting.contains($0.key) }.map(\.value)
        }
    }

    /// `active`, `scheduled` or `reserved` with the request, for each held id in `ids` (`query_task`).
    func query(_ ids: Set<String>) -> [(state: String, request: HeldRequest)] {
        state.withLock { state in
            let waiting = Set(state.scheduled.map(\.tag))
            return state.held.compactMap { tag, request in
                guard ids.contains(request.message.id) else { return nil }
                let kind = state.running.contains(tag) ? "active" : waiting.contains(tag) ? "scheduled" : "reserved"
                return (kind, request)
            }
        }
    }

    func finish(_ tag: String, name: String) {
        let (fetcher, drained) = state.withLock {
            state -> (CheckedContinuation<Int?, Never>?, [CheckedContinuation<Void, Never>]) in
            state.executions -= 1
            let drained = state.executions == 0 ? state.waitingForExecutions : []
            if !drained.isEmpty { state.waitingForExecutions.removeAll() }
            state.tasks[tag] = nil
            // Not running any more: set aside by a cold shutdown.
            guard state.running.remove(tag) != nil else { return (nil, drained) }
            state.held[tag] = nil
            state.processed[name, default: 0] += 1
            return (state.takeFetcher(), drained)
        }
        fetcher?.resume(returning: nil)
        for waiter in drained { waiter.resume() }
    }

    /// Returns once every execution started with ``startRunning(_:leavesWindow:)`` has called
    /// ``finish(_:name:)``: at shutdown, after the executors have ended (so no more start).
    func executionsEnded() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended = state.withLock { state in
                if state.executions > 0 { state.waitingForExecutions.append(continuation) }
                return state.executions == 0
            }
            if ended { continuation.resume() }
        }
    }

    /// Warm shutdown: stop fetching and starting; running tasks go on.
    func beginStopping() {
        stop(cold: false)
    }

    /// Cold shutdown: also cancel running tasks.
    func beginCold() {
        stop(cold: true)
    }

    private func stop(cold: Bool) {
        let (fetcher, queueWaiters, executors, running) = state.withLock { state in
            if cold { state.isCold = true }
            state.isStopping = true
            state.executors -= state.waitingExecutors.count
            defer {
                state.waitingForQueues.removeAll()
                state.waitingExecutors.removeAll()
            }
            return (
                state.takeFetcher(), state.waitingForQueues, state.waitingExecutors,
                cold ? Array(state.tasks.values) : []
            )
        }
        fetcher?.resume(returning: nil)
        for waiter in queueWaiters { waiter.resume(returning: nil) }
        for executor in executors { executor.resume(returning: nil) }
        for task in running { task.cancel() }
    }

    var isStopping: Bool { state.withLock { $0.isStopping } }
    var isCold: Bool { state.withLock { $0.isCold } }

    /// Sets a request interrupted by the cold shutdown aside, for ``takeUnstarted()``.
    func setAsideInterrupted(_ tag: String) {
        state.withLock { state in
            if let request = state.held.removeValue(forKey: tag) { state.interrupted.append(request) }
            state.running.remove(tag)
            state.tasks[tag] = nil
        }
    }

    /// Everything still held and not running, and every interrupted request: to be restored to the
    /// queue at shutdown.
    func takeUnstarted() -> [HeldRequest] {
        state.withLock { state in
            let unstarted = state.held.filter { !state.running.contains($0.key) }
            for tag in unstarted.keys { state.held[tag] = nil }
            defer { state.interrupted.removeAll() }
            return state.interrupted + unstarted.values
        }
    }

    /// Delivery tags of everything held, to refresh their visibility.
    var heldTags: [String] {
        state.withLock { state in state.held.values.compactMap { $0.acknowledged ? nil : $0.delivery.deliveryTag } }
    }
    var activeCount: Int { state.withLock { $0.running.count } }
    var processed: [String: Int] { state.withLock { $0.processed } }
    var processedTotal: Int { state.withLock { $0.processed.values.reduce(0, +) } }
    /// Whether the fetcher is waiting for room in the window.
    var isFetcherWaiting: Bool { state.withLock { $0.waitingFetcher != nil } }
}
