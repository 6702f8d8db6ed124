import ArgumentParser
import Celery
import WorkerCLI

/// The MapPoster worker: a Celery worker serving the Python original's tasks.
@main
struct MapPosterWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapposter-worker",
        abstract: "Celery-compatible worker that renders MapPoster posters."
    )

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await options.runWorker(registry: TaskRegistry())
    }
}
