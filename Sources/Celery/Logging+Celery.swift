import Logging

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
