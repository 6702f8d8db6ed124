public import BlockingWork
import Foundation
public import Geocoding
public import JSON
public import Logging
import MapFeatures
public import OSM
import PosterDesign
import PosterRequestOptions
import PosterSchema
import Render
public import S3
import Synchronization

/// The Python original's `backend.tasks.generate_poster_task`: request → cache check → geocode →
/// fetch → render → upload, with the same progress texts, object keys and result.
///
/// ```swift
/// let task = try PosterTask.standard(environment: .process(), pool: pool)
/// let result = try await task.run(requestDict) { progress in print(progress.status) }
/// print(result.fileURL)
/// ```
///
/// The task knows nothing of Celery: the worker wraps ``run(_:progress:)`` in a task definition,
/// turns each ``PosterProgress`` into a `PROGRESS` state and each ``PosterJobError`` into the
/// Python exception ``PosterJobError/pythonExceptionType`` names.
///
/// ## Steps (maptoposter-web §1.5)
/// 1. Validate the dict as pydantic's `PosterRequest`, then check what the original never did:
///    the theme and format exist, the distance is 500–100,000 m, the size and dpi are sane.
/// 2. `HEAD` the object key (``PosterRequest/objectKey``); on a hit return `cached: true` at once.
///    Any store error counts as a miss, as in the original.
/// 3. Geocode "city, country", fetch the area with the compensated distance, render (in the ``renders`` lane of
///    the blocking pool, off the cooperative pool), upload with the format's `Content-Type`.
/// 4. All-themes mode fetches once and renders every shipped theme, without custom colours, into one
///    DEFLATE ZIP built in memory. Nothing is written to local disk in either mode.
public struct PosterTask: Sendable {
    /// The registered Celery task name.
    public static let name = "backend.tasks.generate_poster_task"

    /// Receives each progress report; an error it throws stops the task.
    public typealias ProgressHandler = @Sendable (PosterProgress) async throws -> Void

    /// Turns "city, country" into the poster's centre.
    public let geocoder: any Geocoder
    /// Where the map features come from.
    public let mapSource: any MapDataSource
    /// Where posters are stored and looked up.
    public let store: any ObjectStore
    /// Where rendering runs: a lane of the process's blocking pool, one render at a time by default (a PNG
    /// already paints on every core, so a second render at once would only compete for them).
    public let renders: BlockingLane
    /// Where the pipeline says what went wrong without failing the task (map data it could not fetch).
    public private(set) var logger = Logger(label: "mapposter.poster")
    private let storePrepared: StorePreparation

    /// Creates a task over its parts.
    ///
    /// - Parameter renders: where rendering runs; share one lane between the tasks of a process.
    public init(
        geocoder: any Geocoder,
        mapSource: any MapDataSource,
        store: any ObjectStore,
        renders: BlockingLane
    ) {
        self.geocoder = geocoder
        self.mapSource = mapSource
        self.store = store
        self.renders = renders
        storePrepared = StorePreparation()
    }

    /// This task, logging to `logger` (say, one that carries the Celery task's id).
    public func logging(to logger: Logger) -> PosterTask {
        var task = self
        task.logger = logger
        return task
    }

    /// Runs one task invocation on the request dict (Celery's `args[0]`).
    ///
    /// - Parameters:
    ///   - argument: the request as JSON: the 15 `PosterRequest` fields, defaults allowed.
    ///   - progress: called with each `PROGRESS` report, in order.
    /// - Returns: the result dict's values; `cached` is `true` when the object already existed.
    /// - Throws: ``PosterJobError`` for every failure of the task itself; whatever `progress` throws.
    public func run(_ argument: JSONValue, progress: ProgressHandler) async throws -> PosterResult {
        let request = try PosterRequest(validating: argument)
        // Check the theme, format, size, dpi, margins, colours, distance and centre now, before the cache and the network.
        let theme = try request.validateOptions()
        let key = request.objectKey
        // A given centre needs no geocoding, so its coverage is known before the cache: no data fails at once.
        var warnings: [String] = []
        if let center = try request.givenCenter() {
            warnings = try await coverageWarnings(request, theme: theme, center: center)
        }
        if let stored = try? await store.head(key) {
            logger.info("Poster already stored", metadata: [PosterLogKey.key: "\(key)"])
            return PosterResult(key: stored.key, fileURL: store.publicURL(for: key), cached: true, warnings: warnings)
        }
        if request.allThemes { return try await renderAllThemes(request, key: key, progress: progress) }
        return try await renderSingle(request, theme: theme, key: key, progress: progress)
    }

    private func renderSingle(_ request: PosterRequest, theme: Theme, key: String, progress: ProgressHandler)
        async throws -> PosterResult
    {
        try await progress(.decoding)
        try await progress(.fetching)
        let center = try await center(of: request)
        let warnings = try await coverageWarnings(request, theme: theme, center: center)
        let options = try request.posterOptions(theme: theme, center: center, withCustomColors: true)
        let fetched = try await fetch(request.mapDataRequest(for: options), noDataMessage: Self.noDataSingle)
        let map = fetched.mapData
        try await progress(.rendering)
        let started = ContinuousClock.now
        let data = try await renders.perform { try Self.render(map, options) }
        // A revoke with terminate cancels the task: a render that ran on regardless stores nothing.
        try Task.checkCancellation()
        logger.info(
            "Poster rendered",
            metadata: [
                PosterLogKey.format: "\(options.format.rawValue)", PosterLogKey.bytes: "\(data.count)",
                PosterLogKey.duration: "\(ContinuousClock.now - started)",
            ])
        try await progress(.uploading)
        try await upload(key, data: data, contentType: options.format.contentType)
        return PosterResult(
            key: key, fileURL: store.publicURL(for: key), cached: false, warnings: warnings + fetched.warnings)
    }

    private func renderAllThemes(_ request: PosterRequest, key: String, progress: ProgressHandler) async throws
        -> PosterResult
    {
        let themes = Theme.all
        try await progress(.preparing(themes: themes.count))
        let center = try await center(of: request)
        let warnings = try await coverageWarnings(request, theme: themes[0], center: center)
        let firstOptions = try request.posterOptions(theme: themes[0], center: center, withCustomColors: false)
        let fetched = try await fetch(request.mapDataRequest(for: firstOptions), noDataMessage: Self.noDataAllThemes)
        let map = fetched.mapData
        let archive = SerialZipArchive()
        let prefix = PosterRequest.slug(request.city) + "_"
        let fileExtension = request.format.lowercased()
        for (index, theme) in themes.enumerated() {
            try Task.checkCancellation()
            try await progress(.rendering(theme: theme.id, index: index, of: themes.count))
            let options = try request.posterOptions(theme: theme, center: center, withCustomColors: false)
            let name = "\(prefix)\(theme.id).\(fileExtension)"
            try await renders.perform { try archive.add(name, data: try Self.render(map, options)) }
        }
        let data = try await renders.perform { archive.data() }
        try Task.checkCancellation()
        logger.info(
            "Posters rendered",
            metadata: [PosterLogKey.format: "zip", PosterLogKey.bytes: "\(data.count)"])
        try await upload(key, data: data, contentType: "application/zip")
        return PosterResult(
            key: key, fileURL: store.publicURL(for: key), cached: false, warnings: warnings + fetched.warnings)
    }
}

// MARK: - Steps

extension PosterTask {
    static let noDataSingle = "Could not retrieve map data for this location."
    static let noDataAllThemes = "No map data found."
    /// The failure of a poster whose area the source has no data for (outside a local extract, or nothing there).
    public static let noDataHere = "No map data for this area"
    /// Below this share of the map's area with data, the result carries a warning.
    static let fullCoverage = 0.995

    /// The request's own centre, else its route's, else the geocoded "city, country".
    func center(of request: PosterRequest) async throws(PosterJobError) -> GeoPoint {
        if let center = try request.givenCenter() { return center }
        if let route = try request.route() { return route.center }
        return try await geocode(request)
    }

    /// Compares the map's area with where the source has data: none at all fails with ``noDataHere``; a part
    /// gives a warning naming the share that will be blank.
    func coverageWarnings(_ request: PosterRequest, theme: Theme, center: GeoPoint) async throws(PosterJobError)
        -> [String]
    {
        let coverage: MapCoverage
        do {
            coverage = try await mapSource.coverage()
        } catch {
            throw PosterJobError(code: .dataSourceFailed, message: "The map data source failed: \(error)")
        }
        let options = try request.posterOptions(theme: theme, center: center, withCustomColors: false)
        let covered = coverage.coveredFraction(of: options.mapBoundingBox)
        if covered <= 0 {
            throw PosterJobError(
                code: .noMapData, message: "\(Self.noDataHere): the map data covers \(coverage.description).")
        }
        guard covered < Self.fullCoverage else { return [] }
        let percent = Int((covered * 100).rounded(.down))
        return [
            "Only \(percent) % of the map has data (the map data covers \(coverage.description)); the rest is blank."
        ]
    }

    func geocode(_ request: PosterRequest) async throws(PosterJobError) -> GeoPoint {
        do {
            let center = try await geocoder.coordinates(city: request.city, country: request.country)
            logger.info(
                "Geocoded",
                metadata: [
                    PosterLogKey.place: "\(request.city), \(request.country)",
                    PosterLogKey.center: "\(center.latitude),\(center.longitude)",
                ])
            return center
        } catch let error as GeocodingError where error.code == .notFound {
            throw PosterJobError(code: .placeNotFound, message: error.description)
        } catch {
            throw PosterJobError(
                code: .geocoderUnavailable,
                message:
                    "Geocoding service (Nominatim) unavailable: could not find coordinates for \(request.city), \(request.country)"
            )
        }
    }

    /// The map data for `dataRequest`, and what the source could not get (a failed water query, a broken
    /// multipolygon), each also logged: the poster is drawn without it, and the result says so.
    func fetch(_ dataRequest: MapDataRequest, noDataMessage: String) async throws(PosterJobError) -> MapDataResult {
        do {
            let started = ContinuousClock.now
            let result = try await mapSource.mapData(for: dataRequest)
            logger.info(
                "Map data read",
                metadata: [
                    PosterLogKey.mapDataSource: "\(mapSource.cacheIdentity)",
                    PosterLogKey.mapDataFeatures: "\(result.mapData.summary)",
                    PosterLogKey.duration: "\(ContinuousClock.now - started)",
                ])
            for warning in result.warnings {
                logger.warning("Map data incomplete", metadata: [PosterLogKey.mapDataWarning: "\(warning)"])
            }
            return result
        } catch let error as OSMError where [OSMError.Code.noData, .fetchFailed, .responseInvalid].contains(error.code)
        {
            throw PosterJobError(
                code: .noMapData, message: error.code == .noData ? "\(Self.noDataHere)." : noDataMessage)
        } catch {
            throw PosterJobError(code: .dataSourceFailed, message: "The map data source failed: \(error)")
        }
    }

    @available(*, noasync, message: "renders synchronously; run it in the renders lane")
    static func render(_ map: MapData, _ options: PosterOptions) throws(PosterJobError) -> Data {
        do {
            return try PosterRenderer.render(map, options: options)
        } catch let error as RenderError where error.code == .cairo {
            throw PosterJobError(code: .renderFailed, message: "Rendering failed: \(error.message)")
        } catch {
            throw PosterJobError(code: .invalidOptions, message: "\(error)")
        }
    }

    func upload(_ key: String, data: Data, contentType: String) async throws(PosterJobError) {
        do {
            let started = ContinuousClock.now
            try await storePrepared.once { try await store.prepare() }
            try await store.put(key, data: data, contentType: contentType)
            logger.info(
                "Poster stored",
                metadata: [
                    PosterLogKey.key: "\(key)", PosterLogKey.bytes: "\(data.count)",
                    PosterLogKey.duration: "\(ContinuousClock.now - started)",
                ])
        } catch {
            throw PosterJobError(code: .storageFailed, message: "Could not store the poster: \(error)")
        }
    }
}

/// Remembers that the store was prepared (bucket, policy, lifecycle), so it happens once per process
/// after the first success; concurrent first uploads may both prepare, which is idempotent.
private final class StorePreparation: Sendable {
    private let done = Mutex(false)

    func once(_ prepare: () async throws -> Void) async throws {
        if done.withLock({ $0 }) { return }
        try await prepare()
        done.withLock { $0 = true }
    }
}

/// A ``ZipArchiveBuilder`` shared with the closures of the renders lane.
///
/// `@unchecked Sendable`: every call happens inside one ``BlockingWork/BlockingLane/perform(_:)`` of the same
/// task, each awaited before the next starts, so the archive is never touched by two threads at once.
private final class SerialZipArchive: @unchecked Sendable {
    private var builder = ZipArchiveBuilder()

    func add(_ name: String, data: Data) throws { try builder.add(name, data: data) }

    func data() -> Data { builder.data() }
}
