import JSON

/// Where task handlers run (`--pool`): Celery's `prefork` (a process per slot, so a task that crashes
/// or must be killed takes nothing else with it) or `threads` (in the worker's process, on threads of
/// its own: cheaper, but a crash ends the worker).
public struct PoolKind: Sendable, Hashable, CustomStringConvertible {
    enum Kind: String { case prefork, threads }
    let kind: Kind

    /// A child process per concurrency slot (the default, as in Celery).
    public static let prefork = PoolKind(kind: .prefork)
    /// Handlers in the worker's process, each slot on a thread of its own.
    public static let threads = PoolKind(kind: .threads)

    /// `prefork` (or Celery's alias `processes`) or `threads`. Celery's `solo`, `eventlet` and `gevent` have no
    /// counterpart here and are refused.
    public init?(name: String) {
        switch name.lowercased() {
        case "prefork", "processes": kind = .prefork
        case "threads": kind = .threads
        default: return nil
        }
    }

    private init(kind: Kind) { self.kind = kind }

    /// The pool's name: `prefork` or `threads`.
    public var description: String { kind.rawValue }
}

/// One task run handed to a pool.
struct PoolJob: Sendable {
    var request: HeldRequest
    var hostname: String
    /// Seconds; `nil` for none (see ``TaskMessage/normalizedTimeLimit(_:)``).
    var hardTimeLimit: Double?
    var softTimeLimit: Double?
    /// Stores a custom state (`update_state`) while the task runs.
    var reportState: @Sendable (TaskState, JSONValue) async throws -> Void
}

/// How a pool run ended.
enum PoolJobEnd: Sendable {
    case returned(JSONValue)
    case failed(TaskFailure)
    case retry(TaskRetry)
    case softTimeLimitExceeded
    /// The hard limit passed; the handler was stopped (prefork) or abandoned (threads).
    case hardTimeLimitExceeded(Double)
    /// The process running it ended before the task did (a crash, a kill from outside).
    case workerLost(TaskFailure)
    /// The caller's task was cancelled (revoke with terminate, cold shutdown) and the handler stopped
    /// or was abandoned.
    case cancelled
}

/// Runs task handlers. Cancelling the task that called ``run(_:)`` stops the handler and returns
/// ``PoolJobEnd/cancelled`` promptly, even when the handler never checks for cancellation.
protocol TaskPool: Sendable {
    /// Prepares the pool's slots (prefork: starts the processes).
    func start() async
    func run(_ job: PoolJob) async -> PoolJobEnd
    /// The processes that run handlers, for `inspect stats` (`pool.processes`).
    var processIdentifiers: [Int32] { get }
    /// Releases idle slots once no more jobs come.
    func shutdown() async
}
