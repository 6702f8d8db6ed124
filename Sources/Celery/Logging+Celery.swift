public import Logging

/// Metadata keys of the Celery module's log lines.
enum CeleryLogKey {
    static let taskID = "celery.task.id"
    static let taskName = "celery.task.name"
    static let deliveryTag = "celery.delivery_tag"
    static let queue = "celery.queue"
    static let reason = "celery.reason"
    static let error = "celery.error"
    static let state = "celery.state"
    static let runtime = "celery.runtime"
}

extension Logger {
    /// This logger with a task's id and name as metadata, set in one assignment: a log handler may redo work on
    /// every change (swift-log's `StreamLogHandler` renders all its metadata again; ``DeferredMetadataLogHandler``
    /// does not).
    public func forTask(_ message: TaskMessage) -> Logger {
        var logger = self
        var metadata = logger.handler.metadata
        metadata[CeleryLogKey.taskID] = "\(message.id)"
        metadata[CeleryLogKey.taskName] = "\(message.name)"
        logger.handler.metadata = metadata
        return logger
    }
}
