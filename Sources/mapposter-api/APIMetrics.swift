import CoreMetrics
import Prometheus

/// The API's own metrics, created on a Prometheus registry (not the global `MetricsSystem`, so each test
/// application has its own).
struct APIMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// `mapposter_api_tasks_enqueued_total`.
    let tasksEnqueued: CoreMetrics.Counter
    /// `mapposter_api_rate_limited_total`.
    let rateLimited: CoreMetrics.Counter
    /// `mapposter_api_errors_total`: answers with a 5xx status.
    let serverErrors: CoreMetrics.Counter
    private let factory: PrometheusMetricsFactory

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        factory = PrometheusMetricsFactory(registry: registry)
        tasksEnqueued = CoreMetrics.Counter(label: "mapposter_api_tasks_enqueued_total", factory: factory)
        rateLimited = CoreMetrics.Counter(label: "mapposter_api_rate_limited_total", factory: factory)
        serverErrors = CoreMetrics.Counter(label: "mapposter_api_errors_total", factory: factory)
    }

    /// Counts one answered request and records its duration.
    func record(method: String, route: String, status: Int, seconds: Double) {
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        CoreMetrics.Counter(label: "mapposter_api_http_requests_total", dimensions: dimensions, factory: factory)
            .increment()
        CoreMetrics.Timer(
            label: "mapposter_api_http_request_duration_seconds",
            dimensions: [("method", method), ("route", route)], factory: factory
        ).recordSeconds(seconds)
    }
}
