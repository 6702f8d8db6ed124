import Foundation

/// A message the worker holds: reserved, waiting for its ETA, or running.
struct HeldRequest: Sendable {
    var delivery: Delivery
    var envelope: KombuEnvelope
    var message: TaskMessage
    var definition: TaskDefinition
    /// Whether the message was already acknowledged (early ack, before running).
    var acknowledged = false
    /// When it started running (epoch seconds), for `inspect active`.
    var timeStart: Double?
    /// Set by `revoke(terminate=True)` while it runs.
    var terminated = false
}

/// The worker's bookkeeping: what it holds, what is ready to run, what is waiting for an ETA.
///
/// A pure state holder; the worker's loops ask it what to do next.
actor WorkerState {
    private var prefetchCount: Int
    private let prefetchMultiplier: Int
    /// How many executors should run (`pool_grow`/`pool_shrink` change it) and how many do.
    private(set) var concurrency: Int
    private var executors = 0
    /// The queues consumed now (`add_consumer`/`cancel_consumer` change them).
    private(set) var queues: [String]
    private var waitingForQueues: [CheckedContinuation<Void, Never>] = []
    private var held: [String: HeldRequest] = [:]
    private var ready: [String] = []
    private var readyHead = 0
    private var scheduled: [(eta: Date, tag: String)] = []
    private var running: [String: Task<Void, Never>] = [:]
    /// Requests a cold shutdown interrupted, kept to be restored once fetching has stopped (given back
    /// earlier, a fetch still in flight could take one again under the same delivery tag).
    private var interrupted: [HeldRequest] = []
    private var waitingExecutors: [CheckedContinuation<HeldRequest?, Never>] = []
    private var waitingFetcher: CheckedContinuation<Void, Never>?
    private(set) var isStopping = false
    private(set) var isCold = false
    private(set) var processed: [String: Int] = [:]

    init(concurrency: Int, prefetchMultiplier: Int, queues: [String]) {
        self.concurrency = concurrency
        self.prefetchMultiplier = prefetchMultiplier
        self.prefetchCount = concurrency * prefetchMultiplier
        self.queues = queues
    }

    /// How many more messages may be fetched; waits while the prefetch window is full, and while it is
    /// more than half full with work ready to start, so that busy workers fetch in batches rather than one
    /// message per finished task. Returns 0 once the worker is stopping.
    func fetchAllowance() async -> Int {
        while !isStopping {
            guard prefetchCount > 0 else { return 64 }  // No prefetch limit (kombu's 0).
            let allowance = prefetchCount + scheduled.count - held.count
            let starving = readyHead == ready.count || !waitingExecutors.isEmpty
            if allowance > 0 && (starving || allowance * 2 >= prefetchCount) { return min(allowance, 64) }
            await withCheckedContinuation { waitingFetcher = $0 }
        }
        return 0
    }

    func hold(_ request: HeldRequest) {
        held[request.delivery.deliveryTag ?? request.message.id] = request
    }

    /// Queues a held request to run now.
    func makeReady(_ tag: String) {
        if let executor = waitingExecutors.popLast() {
            executor.resume(returning: held[tag])
        } else {
            ready.append(tag)
        }
    }

    func schedule(_ tag: String, at eta: Date) {
        scheduled.append((eta, tag))
        scheduled.sort { $0.eta < $1.eta }
        wakeFetcher()
    }

    /// Moves requests whose ETA has come to the ready queue; returns when the next one is due.
    func releaseDue(now: Date) -> Date? {
        while let first = scheduled.first, first.eta <= now {
            scheduled.removeFirst()
            makeReady(first.tag)
        }
        return scheduled.first?.eta
    }

    /// The next request to run, or `nil` once the worker is stopping or this executor is no longer
    /// needed after a `pool_shrink`.
    func nextReady() async -> HeldRequest? {
        guard executors <= concurrency, !isCold else {
            executors -= 1
            return nil
        }
        while readyHead < ready.count {
            let tag = ready[readyHead]
            readyHead += 1
            if readyHead > 1024 {
                ready.removeFirst(readyHead)
                readyHead = 0
            }
            if let request = held[tag] { return request }
        }
        guard !isStopping else {
            executors -= 1
            return nil
        }
        wakeFetcher()  // An idle executor: fetch without waiting for the window to half-empty.
        return await withCheckedContinuation { waitingExecutors.append($0) }
    }

    func markAcknowledged(_ tag: String) { held[tag]?.acknowledged = true }

    /// Changes the number of tasks run at once, and the prefetch window with it.
    /// - Returns: how many executors the caller must start (0 when shrinking); they are counted as
    ///   running from now on, and each leaves through a `nil` from ``nextReady()``.
    func resize(by delta: Int) -> Int {
        let previous = concurrency
        concurrency = max(1, concurrency + delta)
        prefetchCount = prefetchMultiplier == 0 ? 0 : concurrency * prefetchMultiplier
        wakeFetcher()
        if concurrency < previous {
            // Idle executors above the target leave now; busy ones leave after their task.
            var surplus = executors - concurrency
            while surplus > 0, let executor = waitingExecutors.popLast() {
                executors -= 1
                surplus -= 1
                executor.resume(returning: nil)
            }
        }
        let toStart = max(0, concurrency - executors)
        executors += toStart
        return toStart
    }

    var currentPrefetchCount: Int { prefetchCount }

    /// Starts consuming `queue`; returns `false` if it already was.
    func addQueue(_ queue: String) -> Bool {
        guard !queues.contains(queue) else { return false }
        queues.append(queue)
        for waiter in waitingForQueues { waiter.resume() }
        waitingForQueues.removeAll()
        return true
    }

    /// Stops consuming `queue`; returns `false` if it was not consumed.
    func removeQueue(_ queue: String) -> Bool {
        guard let index = queues.firstIndex(of: queue) else { return false }
        queues.remove(at: index)
        return true
    }

    /// The queues to consume, waiting while there are none (all cancelled); empty once stopping.
    func consumedQueues() async -> [String] {
        while queues.isEmpty && !isStopping {
            await withCheckedContinuation { waitingForQueues.append($0) }
        }
        return isStopping ? [] : queues
    }

    func startRunning(_ tag: String, task: Task<Void, Never>) {
        running[tag] = task
        held[tag]?.timeStart = Date().timeIntervalSince1970
        if isCold { task.cancel() }
    }

    /// Cancels the running tasks with these ids (`revoke` with `terminate`).
    /// - Returns: the ids that were running and are now cancelled.
    func terminate(taskIDs: Set<String>) -> [String] {
        var terminated: [String] = []
        for (tag, request) in held where taskIDs.contains(request.message.id) {
            guard let task = running[tag] else { continue }
            held[tag]?.terminated = true
            task.cancel()
            terminated.append(request.message.id)
        }
        return terminated
    }

    func wasTerminated(_ tag: String) -> Bool { held[tag]?.terminated ?? false }

    // MARK: - Inspection

    /// Running requests, for `inspect active`.
    var activeRequests: [HeldRequest] { running.keys.compactMap { held[$0] } }

    /// Requests waiting for their ETA, soonest first, for `inspect scheduled`.
    var scheduledRequests: [(eta: Date, request: HeldRequest)] {
        scheduled.compactMap { entry in held[entry.tag].map { (entry.eta, $0) } }
    }

    /// Requests held, not running and not waiting for an ETA, for `inspect reserved`.
    var reservedRequests: [HeldRequest] {
        let waiting = Set(scheduled.map(\.tag))
        return held.filter { running[$0.key] == nil && !waiting.contains($0.key) }.map(\.value)
    }

    /// `active`, `scheduled` or `reserved` with the request, for each held id in `ids` (`query_task`).
    func query(_ ids: Set<String>) -> [(state: String, request: HeldRequest)] {
        let waiting = Set(scheduled.map(\.tag))
        return held.compactMap { tag, request in
            guard ids.contains(request.message.id) else { return nil }
            let state = running[tag] != nil ? "active" : waiting.contains(tag) ? "scheduled" : "reserved"
            return (state, request)
        }
    }

    func finish(_ tag: String, name: String) {
        guard running.removeValue(forKey: tag) != nil else { return }  // Set aside by a cold shutdown.
        held[tag] = nil
        processed[name, default: 0] += 1
        wakeFetcher()
    }

    /// Warm shutdown: stop fetching and starting; running tasks go on.
    func beginStopping() {
        isStopping = true
        wakeFetcher()
        for waiter in waitingForQueues { waiter.resume() }
        waitingForQueues.removeAll()
        executors -= waitingExecutors.count
        for executor in waitingExecutors { executor.resume(returning: nil) }
        waitingExecutors.removeAll()
    }

    /// Cold shutdown: also cancel running tasks.
    func beginCold() {
        isCold = true
        beginStopping()
        for task in running.values { task.cancel() }
    }

    /// Sets a request interrupted by the cold shutdown aside, for ``takeUnstarted()``.
    func setAsideInterrupted(_ tag: String) {
        if let request = held.removeValue(forKey: tag) { interrupted.append(request) }
        running[tag] = nil
    }

    /// Everything still held and not running, and every interrupted request: to be restored to the
    /// queue at shutdown.
    func takeUnstarted() -> [HeldRequest] {
        let unstarted = held.filter { running[$0.key] == nil }
        for tag in unstarted.keys { held[tag] = nil }
        defer { interrupted.removeAll() }
        return interrupted + unstarted.values
    }

    /// Delivery tags of everything held, to refresh their visibility.
    var heldTags: [String] { held.values.compactMap { $0.acknowledged ? nil : $0.delivery.deliveryTag } }
    var activeCount: Int { running.count }
    var processedTotal: Int { processed.values.reduce(0, +) }

    private func wakeFetcher() {
        waitingFetcher?.resume()
        waitingFetcher = nil
    }
}
