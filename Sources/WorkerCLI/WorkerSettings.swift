import Celery
import Foundation
import Logging
import Redis

/// A worker's settings, from flags over environment over Celery's defaults.
struct WorkerSettings {
    var redis: RedisConfiguration
    var worker: WorkerConfiguration
    var visibilityTimeout: Duration
    var resultExpires: Duration?
    var logLevel: Logger.Level

    init(options: WorkerOptions, environment: [String: String]) throws {
        func value<T: LosslessStringConvertible>(_ flag: T?, _ names: String...) throws -> T? {
            if let flag { return flag }
            for name in names {
                guard let text = environment[name], !text.isEmpty else { continue }
                guard let parsed = T(text) else {
                    throw CeleryError(code: .configuration, message: "\(name)=\(text) is not a valid \(T.self)")
                }
                return parsed
            }
            return nil
        }
        let url: String = try value(options.brokerURL, "CELERY_BROKER_URL", "REDIS_URL") ?? "redis://localhost:6379/0"
        redis = try RedisConfiguration(url: url, transportOptions: environment["CELERY_BROKER_TRANSPORT_OPTIONS"])
        var worker = WorkerConfiguration()
        if let concurrency: Int = try value(options.concurrency, "CELERY_WORKER_CONCURRENCY") {
            guard concurrency > 0 else {
                throw CeleryError(code: .configuration, message: "concurrency must be at least 1")
            }
            worker.concurrency = concurrency
        }
        let pool: String = try value(options.pool, "CELERY_WORKER_POOL") ?? "prefork"
        guard let poolKind = PoolKind(name: pool) else {
            throw CeleryError(code: .configuration, message: "unknown pool '\(pool)': use prefork or threads")
        }
        worker.pool = poolKind
        if let queues: String = try value(options.queues, "CELERY_QUEUES") {
            worker.queues = queues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let hostname: String = try value(options.hostname, "CELERY_HOSTNAME") {
            let host = ProcessInfo.processInfo.hostName
            let expanded = hostname.replacingOccurrences(of: "%h", with: host)
                .replacingOccurrences(of: "%n", with: host.split(separator: ".").first.map(String.init) ?? host)
            worker.nodeName = expanded.contains("@") ? expanded : "\(expanded)@\(host)"
        }
        worker.prefetchMultiplier = try value(options.prefetchMultiplier, "CELERY_WORKER_PREFETCH_MULTIPLIER") ?? 4
        worker.acksLate = try options.acksLate ?? Self.flag(environment, "CELERY_TASK_ACKS_LATE") ?? false
        worker.timeLimit = TaskMessage.normalizedTimeLimit(try value(options.timeLimit, "CELERY_TASK_TIME_LIMIT"))
        worker.softTimeLimit = TaskMessage.normalizedTimeLimit(
            try value(options.softTimeLimit, "CELERY_TASK_SOFT_TIME_LIMIT"))
        worker.restoreInterval = .seconds(try value(options.restoreInterval, "CELERY_RESTORE_INTERVAL") ?? 100)
        func flag(_ set: Bool, _ names: String...) throws -> Bool {
            if set { return true }
            for name in names {
                guard let text = environment[name]?.lowercased(), !text.isEmpty else { continue }
                switch text {
                case "1", "true", "yes", "on": return true
                case "0", "false", "no", "off": return false
                default: throw CeleryError(code: .configuration, message: "\(name)=\(text) is not a boolean")
                }
            }
            return false
        }
        worker.taskEvents = try flag(options.taskEvents, "CELERY_SEND_EVENTS", "CELERY_WORKER_SEND_TASK_EVENTS")
        worker.workerEvents = !(try flag(options.withoutHeartbeat, "CELERY_WITHOUT_HEARTBEAT"))
        worker.mingle = !(try flag(options.withoutMingle, "CELERY_WITHOUT_MINGLE"))
        worker.remoteControl = !(try flag(options.withoutControl, "CELERY_WITHOUT_CONTROL"))
        self.worker = worker
        visibilityTimeout = .seconds(try value(options.visibilityTimeout, "CELERY_VISIBILITY_TIMEOUT") ?? 3600)
        let expires: Int = try value(options.resultExpires, "CELERY_RESULT_EXPIRES") ?? 86400
        resultExpires = expires > 0 ? .seconds(expires) : nil
        let level: String = try value(options.logLevel, "LOG_LEVEL") ?? "info"
        guard let parsedLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw CeleryError(code: .configuration, message: "unknown log level '\(level)'")
        }
        logLevel = parsedLevel
    }

    /// A boolean variable as Celery reads them: `true/false`, `1/0`, `yes/no`, `on/off`.
    private static func flag(_ environment: [String: String], _ name: String) throws -> Bool? {
        guard let text = environment[name]?.lowercased(), !text.isEmpty else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw CeleryError(code: .configuration, message: "\(name)=\(text) is not a boolean")
        }
    }
}
