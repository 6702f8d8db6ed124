import ArgumentParser
import Celery
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Settings

/// `mapposter-api`: the HTTP API of MapPoster, a drop-in for the Python original's FastAPI app.
@main
struct MapPosterAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapposter-api",
        abstract: "MapPoster's HTTP API: /generate, /tasks/{id}, /themes, /geocode, /history, /download/{id}, /health."
    )

    @Option(name: .long, help: "Address to listen on.")
    var hostname = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8000

    func run() async throws {
        var settings = try APISettings(environment: .process())
        settings.hostname = hostname
        settings.port = port
        DeferredMetadataLogHandler.bootstrap(level: settings.logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let app = try await buildApplication(settings, metrics: APIMetrics(registry: registry))
        try await app.runService()
    }
}
