import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// The process's threads for blocking work: libcurl transfers, file reads and writes, `.osm.pbf` decoding, JSON
/// decoding of large answers, rendering. Nothing that blocks a thread runs on Swift's cooperative pool (one thread
/// per core), so heartbeats, Redis replies and progress writes keep running while this work waits or computes.
///
/// A fixed number of threads (an `NIOThreadPool`): work beyond that waits in a queue without holding a thread.
/// One piece of work may still spread itself over the cores (`DispatchQueue.concurrentPerform` in PNG encoding,
/// painting and PBF decoding): that loop runs on Dispatch's threads while the pool thread that started it waits.
/// To keep a costly kind of work from taking every thread, bound it with a ``BlockingLane``.
///
/// The pool is a `Service`: an executable creates one, hands it to every part that blocks, and puts it first in
/// its `ServiceGroup` (so it stops last). Its threads start when ``run()`` begins or at the first work, whichever
/// comes first, so work that another service submits while the group is still starting waits for no one. At
/// graceful shutdown (or cancellation) the pool stops taking work (``perform(_:)`` throws
/// ``BlockingPoolError/Code/shutDown``), lets the work it took finish, and ends its threads. A command that is no
/// service uses ``withBlockingPool(threadCount:_:)``.
public final class BlockingPool: Service {
    /// How many threads run work at once.
    public let threadCount: Int
    /// The number of cores (what NIO counts, honouring a container's CPU limit).
    public static var defaultThreadCount: Int { System.coreCount }
    private let threads: NIOThreadPool
    private let state = Mutex(State.idle)

    private enum State {
        /// No thread started yet.
        case idle
        /// Taking work; `jobs` were taken and have not finished.
        case running(jobs: Int)
        /// Shutting down: no new work; `drained` resumes once the last of `jobs` has finished.
        case draining(jobs: Int, drained: CheckedContinuation<Void, Never>)
        /// No work is taken any more.
        case shutDown
    }

    /// Creates a pool; no thread starts before ``run()`` or the first ``perform(_:)``.
    ///
    /// - Parameter threadCount: how many pieces of work run at once. Defaults to ``defaultThreadCount``.
    public init(threadCount: Int = defaultThreadCount) {
        precondition(threadCount > 0, "a blocking pool needs at least one thread")
        self.threadCount = threadCount
        threads = NIOThreadPool(numberOfThreads: threadCount)
    }

    /// Starts the threads, waits for graceful shutdown or cancellation, then shuts the pool down: new work is
    /// refused, the work already taken finishes, the threads end.
    public func run() async throws {
        state.withLock { startIfIdle(&$0) }
        do {
            try await gracefulShutdown()
        } catch {
            try await shutDown()
            throw error
        }
        try await shutDown()
    }

    /// Runs `work` on one of the pool's threads and returns its result.
    ///
    /// Cancelling the caller drops `work` if it has not started; once started, it runs to its end (so every
    /// blocking call needs a timeout of its own).
    /// - Throws: ``BlockingPoolError`` (``BlockingPoolError/Code/shutDown``) once the pool is shutting down;
    ///   `CancellationError` when cancelled before `work` started; whatever `work` throws.
    public func perform<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        let taken = state.withLock { state -> Bool in
            startIfIdle(&state)
            guard case .running(let jobs) = state else { return false }
            state = .running(jobs: jobs + 1)
            return true
        }
        guard taken else { throw BlockingPoolError(code: .shutDown) }
        defer { finished() }
        return try await threads.runIfActive(work)
    }

    /// Refuses new work, waits for the work already taken, then ends the threads.
    func shutDown() async throws {
        let started = state.withLock { state -> Bool in
            guard case .idle = state else { return true }
            state = .shutDown
            return false
        }
        // A pool that never started has no threads to end.
        guard started else { return }
        await withCheckedContinuation { (drained: CheckedContinuation<Void, Never>) in
            let busy = state.withLock { state -> Bool in
                switch state {
                case .running(let jobs) where jobs > 0:
                    state = .draining(jobs: jobs, drained: drained)
                    return true
                case .idle, .running:
                    state = .shutDown
                    return false
                case .draining, .shutDown:
                    return false
                }
            }
            if !busy { drained.resume() }
        }
        try await threads.shutdownGracefully()
    }

    /// Counts one piece of work as finished, and ends a drain that waited for it.
    private func finished() {
        let drained = state.withLock { state -> CheckedContinuation<Void, Never>? in
            switch state {
            case .running(let jobs):
                state = .running(jobs: jobs - 1)
                return nil
            case .draining(let jobs, let drained):
                if jobs > 1 {
                    state = .draining(jobs: jobs - 1, drained: drained)
                    return nil
                }
                state = .shutDown
                return drained
            case .idle, .shutDown:
                preconditionFailure("work finished on a pool that took none")
            }
        }
        drained?.resume()
    }

    /// Starts the threads of an idle pool (under the state lock, so no work reaches threads not started yet).
    private func startIfIdle(_ state: inout State) {
        guard case .idle = state else { return }
        threads.start()
        state = .running(jobs: 0)
    }
}
