import Foundation
import JSON
public import Logging
import Synchronization

/// The loop of a `prefork` pool process: runs the jobs the worker sends, one at a time, and answers
/// with their progress and outcome. The worker process keeps the broker, the result backend, the
/// time limits and the bookkeeping; a pool process only runs handlers.
///
/// Frames from the worker: `{"run": job}` with the kombu message as the payload, and `{"soft": job}` (the soft
/// time limit passed: the handler is cancelled). Frames to the worker: `{"state": job, "status", "meta"}`
/// for `update_state`, then `{"done": job, …}` with `result`, `failure` (an exception dict), `retry`
/// (`countdown`, `failure`) or `cancelled`.
public enum PoolChild {
    /// Set (to the worker's node name) in the environment of a pool process.
    public static let environmentKey = "CELERY_POOL_CHILD"
    static let jobDescriptor: Int32 = 3
    static let replyDescriptor: Int32 = 4

    /// Serves jobs until the worker closes the job pipe (or goes away), then returns.
    ///
    /// `broker` is configured as the worker's: Celery's built-in tasks send through it (`celery.chunks`), and
    /// connect only when they do.
    ///
    /// A pool process ignores SIGINT and SIGQUIT (a Ctrl-C in a terminal reaches the whole process
    /// group; the worker decides what happens to running tasks) and ends on SIGTERM or SIGKILL from
    /// the worker.
    public static func serve(
        registry: TaskRegistry, broker: RedisBroker, hostname: String, logger: Logger
    ) async {
        let registry = registry.withBuiltins(publisher: TaskPublisher(transport: broker, origin: hostname))
        signal(SIGINT, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let replies = PoolPipeWriter(descriptor: replyDescriptor)
        let running = Mutex<(job: Int, work: Task<Void, Never>)?>(nil)
        let (finished, ending) = AsyncStream.makeStream(of: Void.self)
        do {
            // Jobs are read on an event loop, where each handler's task then starts: no reader thread, no hop.
            try await PoolPipeReader.start(reading: jobDescriptor) { frame in
                if let job = frame.header["soft"]?.int {
                    running.withLock { current in if current?.job == job { current?.work.cancel() } }
                } else if let job = frame.header["run"]?.int {
                    let work = Task {
                        let reply = await run(
                            frame.payload, job: job, registry: registry, hostname: hostname, replies: replies)
                        try? replies.write(reply)
                    }
                    running.withLock { $0 = (job, work) }
                }
            } ended: { error in
                if let error {
                    logger.error("Pool process cannot read its jobs", metadata: [CeleryLogKey.error: "\(error)"])
                }
                ending.finish()
            }
        } catch {
            logger.error("Pool process cannot read its jobs", metadata: [CeleryLogKey.error: "\(error)"])
            return
        }
        for await _ in finished {}
    }

    private static func run(
        _ raw: [UInt8], job: Int, registry: TaskRegistry, hostname: String, replies: PoolPipeWriter
    ) async -> JSONValue {
        let message: TaskMessage
        do {
            message = try TaskMessage(envelope: KombuEnvelope(parsing: raw))
        } catch {
            return ["done": .int(job), "failure": TaskFailure.runtimeError("pool process: \(error.reason)").json]
        }
        guard let definition = registry[message.name] else {
            return ["done": .int(job), "failure": TaskFailure.notRegistered(message.name).json]
        }
        let context = TaskContext(message: message, hostname: hostname) { state, meta in
            try replies.write(["state": .int(job), "status": .string(state.rawValue), "meta": meta])
        }
        // The handler runs in this job's task: a `soft` frame cancels that task, and so the handler.
        do {
            return ["done": .int(job), "result": try await definition.handler(context)]
        } catch let retry as TaskRetry {
            return [
                "done": .int(job),
                "retry": [
                    "countdown": retry.countdown.map(JSONValue.double) ?? .null,
                    "failure": retry.failure?.json ?? .null,
                ],
            ]
        } catch {
            // Whatever a cancelled handler throws (its own error or `CancellationError`), the soft limit ended it.
            if Task.isCancelled { return ["done": .int(job), "cancelled": true] }
            return ["done": .int(job), "failure": TaskFailure(error).json]
        }
    }
}
