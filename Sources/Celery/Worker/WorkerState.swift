import Foundation

/// A message the worker holds: reserved, waiting for its ETA, or running.
struct HeldRequest: Sendable {
    var delivery: Delivery
    var envelope: KombuEnvelope
    var message: TaskMessage
    var definition: TaskDefinition
    /// Whether the message was already acknowledged (early ack, before running).
    var acknowledged = false
}

/// The worker's bookkeeping: what it holds, what is ready to run, what is waiting for an ETA.
///
/// A pure state holder; the worker's loops ask it what to do next.
actor WorkerState {
    private let prefetchCount: Int
    private var held: [String: HeldRequest] = [:]
    private var ready: [String] = []
    private var readyHead = 0
    private var scheduled: [(eta: Date, tag: String)] = []
    private var running: [String: Task<Void, Never>] = [:]
    private var waitingExecutors: [CheckedContinuation<HeldRequest?, Never>] = []
    private var waitingFetcher: CheckedContinuation<Void, Never>?
    private(set) var isStopping = false
    private(set) var isCold = false
    private(set) var processed: [String: Int] = [:]

    init(prefetchCount: Int) { self.prefetchCount = prefetchCount }

    /// How many more messages may be fetched; waits while the prefetch window is full.
    /// Returns 0 once the worker is stopping.
    func fetchAllowance() async -> Int {
        while !isStopping {
            let window = prefetchCount == 0 ? Int.max : prefetchCount + scheduled.count
            let allowance = window - held.count
            if allowance > 0 { return min(allowance, 64) }
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

    /// The next request to run, or `nil` once the worker is stopping.
    func nextReady() async -> HeldRequest? {
        while readyHead < ready.count {
            let tag = ready[readyHead]
            readyHead += 1
            if readyHead > 1024 {
                ready.removeFirst(readyHead)
                readyHead = 0
            }
            if let request = held[tag] { return request }
        }
        guard !isStopping else { return nil }
        return await withCheckedContinuation { waitingExecutors.append($0) }
    }

    func markAcknowledged(_ tag: String) { held[tag]?.acknowledged = true }

    func startRunning(_ tag: String, task: Task<Void, Never>) {
        running[tag] = task
        if isCold { task.cancel() }
    }

    func finish(_ tag: String, name: String) {
        held[tag] = nil
        running[tag] = nil
        processed[name, default: 0] += 1
        wakeFetcher()
    }

    /// Warm shutdown: stop fetching and starting; running tasks go on.
    func beginStopping() {
        isStopping = true
        wakeFetcher()
        for executor in waitingExecutors { executor.resume(returning: nil) }
        waitingExecutors.removeAll()
    }

    /// Cold shutdown: also cancel running tasks.
    func beginCold() {
        isCold = true
        beginStopping()
        for task in running.values { task.cancel() }
    }

    /// Everything still held and not running: to be restored to the queue at shutdown.
    func takeUnstarted() -> [HeldRequest] {
        let unstarted = held.filter { running[$0.key] == nil }
        for tag in unstarted.keys { held[tag] = nil }
        return Array(unstarted.values)
    }

    /// Delivery tags of everything held, to refresh their visibility.
    var heldTags: [String] { held.values.compactMap { $0.acknowledged ? nil : $0.delivery.deliveryTag } }
    var activeCount: Int { running.count }

    private func wakeFetcher() {
        waitingFetcher?.resume()
        waitingFetcher = nil
    }
}
