import ArgumentParser
import BlockingWork
import Celery
import Foundation
import PosterJob
import Settings
import WorkerCLI

/// The MapPoster worker: a Celery worker serving the Python original's poster task,
/// `backend.tasks.generate_poster_task`.
@main
struct MapPosterWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapposter-worker",
        abstract: "Celery-compatible worker that renders MapPoster posters.",
        discussion: """
            Map data comes from Overpass, from the store named by OSM_DATA (a folder or s3://bucket/prefix \
            made by `mapposter import`), or from the .osm.pbf extract named by OSM_PBF_PATH. Posters go \
            to S3 (S3_ENDPOINT_URL, S3_BUCKET, S3_PUBLIC_URL, AWS_*) or, without an endpoint, to the \
            folder MAPPOSTER_STORAGE_DIR. GEOCODER=offline geocodes with the bundled gazetteer only.
            """
    )

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        let environment = EnvironmentVariables.process()
        let settings = try WorkerSettings(options: options, environment: environment)
        // The one pool for the process's blocking work: transfers, files, PBF reading, rendering.
        let pool = BlockingPool()
        let poster = try PosterTask.standard(environment: environment, pool: pool)
        try await options.runWorker(
            registry: TaskRegistry([.generatePoster(poster), .previewPoster(poster)]), settings: settings,
            services: [pool])
    }
}
