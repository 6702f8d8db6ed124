import Logging

/// The metadata keys `mapposter-api` logs with.
enum APILogKey {
    static let client = "api.client"
    static let taskID = "celery.task.id"
    static let error = "api.error"
    static let method = "http.method"
    static let path = "http.path"
    static let status = "http.status"
    static let duration = "http.duration_ms"
}
