public import Celery
import Foundation
public import Logging
public import Redis
public import Settings

/// A worker process's settings: each from its flag, else its environment variable (by the rule of
/// ``Settings/EnvironmentVariables``: empty counts as unset), else Celery's default.
public struct WorkerSettings: Sendable {
    /// Broker and result backend: `--broker`, `CELERY_BROKER_URL` or `REDIS_URL`, with
    /// `CELERY_BROKER_TRANSPORT_OPTIONS`. Defaults to `redis://localhost:6379/0`.
    public var redis: RedisConfiguration
    /// The runtime's settings: pool, concurrency, queues, node name, prefetch, acks, limits, events.
    public var worker: WorkerConfiguration
    /// Seconds before an unacknowledged message is redelivered (`CELERY_VISIBILITY_TIMEOUT`). Defaults to 3600.
    public var visibilityTimeout: Duration
    /// How long results are kept (`CELERY_RESULT_EXPIRES`); `nil` (from `0`) keeps them. Defaults to a day.
    public var resultExpires: Duration?
    /// The log level (`--loglevel`, `LOG_LEVEL`). Defaults to `info`.
    public var logLevel: Logger.Level
    /// The node name of the prefork parent when this process is one of its pool processes (the parent sets
    /// `CELERY_POOL_CHILD` for its children); `nil` in a worker's main process.
    public var poolParent: String?

    /// Reads the settings from `options` over `environment`.
    ///
    /// - Throws: ``Settings/SettingError`` naming the flag's variable when a value cannot be read.
    public init(options: WorkerOptions, environment: EnvironmentVariables) throws {
        func value<T: LosslessStringConvertible>(_ flag: T?, _ name: String, _ expected: String) throws
            -> T?
        {
            try flag ?? environment.value(name, expected: expected) { T($0) }
        }
        func flag(_ set: Bool, _ names: String...) throws -> Bool {
            if set { return true }
            for name in names { if let value = try environment.flag(name) { return value } }
            return false
        }
        redis = try RedisConfiguration(
            environment: environment, option: options.brokerURL.map { ("--broker", $0) },
            defaultURL: "redis://localhost:6379/0")
        var worker = WorkerConfiguration()
        if let concurrency = try options.concurrency
            ?? environment.integer("CELERY_WORKER_CONCURRENCY", in: 1 ... .max)
        {
            guard concurrency > 0 else {
                throw SettingError(variable: "--concurrency", value: "\(concurrency)", expected: "at least 1")
            }
            worker.concurrency = concurrency
        }
        let pool = options.pool ?? environment["CELERY_WORKER_POOL"] ?? "prefork"
        guard let poolKind = PoolKind(name: pool) else {
            throw SettingError(
                variable: options.pool == nil ? "CELERY_WORKER_POOL" : "--pool", value: pool,
                expected: "prefork or threads")
        }
        worker.pool = poolKind
        if let queues = options.queues.map(EnvironmentVariables.items) ?? environment.list("CELERY_QUEUES"),
            !queues.isEmpty
        {
            worker.queues = queues
        }
        if let hostname = options.hostname ?? environment["CELERY_HOSTNAME"] {
            let host = ProcessInfo.processInfo.hostName
            let expanded = hostname.replacingOccurrences(of: "%h", with: host)
                .replacingOccurrences(of: "%n", with: host.split(separator: ".").first.map(String.init) ?? host)
            worker.nodeName = expanded.contains("@") ? expanded : "\(expanded)@\(host)"
        }
        worker.prefetchMultiplier =
            try options.prefetchMultiplier ?? environment.integer("CELERY_WORKER_PREFETCH_MULTIPLIER", in: 0 ... .max)
            ?? 4
        worker.acksLate = try options.acksLate ?? environment.flag("CELERY_TASK_ACKS_LATE") ?? false
        worker.timeLimit = TaskMessage.normalizedTimeLimit(
            try value(options.timeLimit, "CELERY_TASK_TIME_LIMIT", "a number of seconds"))
        worker.softTimeLimit = TaskMessage.normalizedTimeLimit(
            try value(options.softTimeLimit, "CELERY_TASK_SOFT_TIME_LIMIT", "a number of seconds"))
        worker.restoreInterval = .seconds(
            try options.restoreInterval ?? environment.integer("CELERY_RESTORE_INTERVAL", in: 1 ... .max) ?? 100)
        worker.taskEvents = try flag(options.taskEvents, "CELERY_SEND_EVENTS", "CELERY_WORKER_SEND_TASK_EVENTS")
        worker.workerEvents = !(try flag(options.withoutHeartbeat, "CELERY_WITHOUT_HEARTBEAT"))
        worker.mingle = !(try flag(options.withoutMingle, "CELERY_WITHOUT_MINGLE"))
        worker.remoteControl = !(try flag(options.withoutControl, "CELERY_WITHOUT_CONTROL"))
        self.worker = worker
        visibilityTimeout = .seconds(
            try options.visibilityTimeout ?? environment.integer("CELERY_VISIBILITY_TIMEOUT", in: 1 ... .max) ?? 3600)
        let expires = try options.resultExpires ?? environment.integer("CELERY_RESULT_EXPIRES", in: 0 ... .max) ?? 86400
        resultExpires = expires > 0 ? .seconds(expires) : nil
        let level = options.logLevel ?? environment["LOG_LEVEL"] ?? "info"
        guard let parsedLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw SettingError(
                variable: options.logLevel == nil ? "LOG_LEVEL" : "--loglevel", value: level,
                expected: "trace, debug, info, notice, warning, error or critical")
        }
        logLevel = parsedLevel
        poolParent = environment[PoolChild.environmentKey]
    }
}
