import BlockingWork
import Foundation
import Geocoding
import JSON
import Logging
import MapPosterTesting
import OSM
import PosterJob
import S3
import Synchronization
import Testing

/// What the pipeline tells an operator: each step's outcome, with its metadata, on the logger it is given.
@Suite struct PosterTaskLogTests {
    @Test func eachStepIsLoggedWithItsMetadata() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("poster-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let records = LogRecords()
        let logger = Logger(label: "test") { _ in RecordingLogHandler(records: records) }
        let task = PosterTask(
            geocoder: try Gazetteer(), mapSource: LocalExtractSource(url: try Fixtures.helsinkiPBF, pool: .testing),
            store: FileSystemStore(directory: folder, publicBaseURL: "/minio_storage", pool: .testing),
            renders: BlockingLane(pool: .testing)
        ).logging(to: logger)
        let request: JSONValue = [
            "city": "Helsinki", "country": "Finland", "style": "noir", "distance": 1000, "width": 2.0,
            "height": 3.0, "dpi": 50,
        ]
        let result = try await task.run(request) { _ in }
        #expect(records.messages == ["Geocoded", "Map data read", "Poster rendered", "Poster stored"])
        let geocoded = try #require(records.metadata(of: "Geocoded"))
        #expect(geocoded["mapposter.place"] == "Helsinki, Finland")
        let read = try #require(records.metadata(of: "Map data read"))
        #expect(read["mapposter.map_data.source"]?.description.hasPrefix("pbf:") == true)
        #expect(read["mapposter.map_data.features"]?.description.contains(" roads, ") == true)
        #expect(read["mapposter.duration"]?.description.hasSuffix(" seconds") == true)
        let rendered = try #require(records.metadata(of: "Poster rendered"))
        #expect(rendered["mapposter.format"] == "png")
        let stored = try #require(records.metadata(of: "Poster stored"))
        #expect(stored["mapposter.key"]?.description == result.key)
        #expect(stored["mapposter.bytes"] == rendered["mapposter.bytes"])

        _ = try await task.run(request) { _ in }
        #expect(records.messages.last == "Poster already stored")
    }
}

/// The log lines a test's logger received.
private final class LogRecords: Sendable {
    private let lines = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

    var messages: [String] { lines.withLock { $0.map(\.message) } }

    func append(_ message: String, _ metadata: Logger.Metadata) { lines.withLock { $0.append((message, metadata)) } }

    func metadata(of message: String) -> Logger.Metadata? {
        lines.withLock { lines in lines.first { $0.message == message }?.metadata }
    }
}

/// A log handler that keeps every line at info and above in ``LogRecords``.
private struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
    }
}
