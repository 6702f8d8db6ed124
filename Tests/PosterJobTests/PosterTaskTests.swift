import BlockingWork
import Foundation
import Geocoding
import JSON
import MapPosterTesting
import OSM
import PosterJob
import PosterRequestOptions
import PosterSchema
import S3
import Synchronization
import Testing

/// The task end to end inside one process: real gazetteer, the Helsinki fixture extract, a file store.
@Suite struct PosterTaskTests {
    /// Collects progress reports from the task's callback.
    final class ProgressLog: Sendable {
        private let reports = Mutex<[PosterProgress]>([])
        var all: [PosterProgress] { reports.withLock { $0 } }
        func append(_ report: PosterProgress) { reports.withLock { $0.append(report) } }
    }

    /// A task over a fresh store folder, run by `body`, removed afterwards.
    func withTask<T>(_ body: (PosterTask, FileSystemStore) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("poster-task-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = FileSystemStore(directory: folder, publicBaseURL: "/minio_storage", pool: .testing)
        try await store.prepare()  // the bucket exists, as in a deployment
        let task = PosterTask(
            geocoder: try Gazetteer(), mapSource: LocalExtractSource(url: try Fixtures.helsinkiPBF, pool: .testing),
            store: store, renders: BlockingLane(pool: .testing))
        return try await body(task, store)
    }

    static let helsinki: JSONValue = [
        "city": "Helsinki", "country": "Finland", "style": "noir", "distance": 1000, "width": 2.0, "height": 3.0,
        "dpi": 50,
    ]

    /// ``helsinki`` with `changes` applied.
    func request(_ changes: (String, JSONValue)...) -> JSONValue {
        var object = Self.helsinki.object!
        for (key, value) in changes { object[key] = value }
        return .object(object)
    }

    /// The width and height in a PNG's IHDR chunk.
    func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    @Test func rendersUploadsAndReportsProgressThenServesTheCache() async throws {
        try await withTask { task, store in
            let log = ProgressLog()
            let result = try await task.run(Self.helsinki) { log.append($0) }
            let expected = try PosterRequest(validating: Self.helsinki)
            #expect(result.key == expected.objectKey)
            #expect(result.key.hasPrefix("helsinki_noir_") && result.key.hasSuffix(".png"))
            #expect(result.fileURL == "/minio_storage/posters/\(result.key)")
            #expect(!result.cached)
            // The gazetteer's Helsinki (24.9354 E) is on the extract's west edge: about half the map has no data.
            let warning = try #require(result.warnings.first)
            #expect(result.warnings.count == 1)
            #expect(warning.hasPrefix("Only ") && warning.contains("% of the map has data"), "\(warning)")
            let percent = try #require(Int(warning.dropFirst(5).prefix { $0.isNumber }))
            #expect((35...60).contains(percent), "\(warning)")
            #expect(
                result.json
                    == [
                        "success": true, "file_url": .string(result.fileURL), "cached": false,
                        "warnings": [.string(warning)],
                    ])
            #expect(
                log.all.map(\.json) == [
                    ["current": 10, "total": 100, "status": "Decoding parameters..."],
                    ["current": 20, "total": 100, "status": "Fetching map data..."],
                    ["current": 60, "total": 100, "status": "Rendering map..."],
                    ["current": 90, "total": 100, "status": "Uploading to cloud..."],
                ])
            let stored = try #require(try await store.get(result.key))
            #expect(stored.info.contentType == "image/png")
            #expect(pngSize(stored.data).map { [$0.0, $0.1] } == [100, 150])

            let again = ProgressLog()
            let cached = try await task.run(Self.helsinki) { again.append($0) }
            #expect(cached == PosterResult(key: result.key, fileURL: result.fileURL, cached: true))
            #expect(again.all.isEmpty)
        }
    }

    @Test(arguments: [("svg", "image/svg+xml", "<?xml"), ("pdf", "application/pdf", "%PDF-")])
    func vectorFormatsAreStoredWithTheirType(format: String, contentType: String, magic: String) async throws {
        try await withTask { task, store in
            let result = try await task.run(request(("format", .string(format.uppercased())))) { _ in }
            #expect(result.key.hasSuffix(".\(format)"))
            let stored = try #require(try await store.get(result.key))
            #expect(stored.info.contentType == contentType)
            #expect(stored.data.starts(with: Data(magic.utf8)))
        }
    }

    @Test func customColoursAndLayersAreAccepted() async throws {
        try await withTask { task, store in
            let layers: JSONValue = [
                ["label": "Voies Ferrées", "tags": ["railway": "rail"], "color": "#f1c40f", "width": 1.2],
                [
                    "label": "Forêts", "tags": ["natural": ["wood"], "landuse": ["forest"]], "color": "#27ae60",
                    "enabled": false,
                ],
            ]
            let colors: JSONValue = ["bg": "#ffffff", "water": "#a6cee3", "roads": "#555555", "text": nil]
            let result = try await task.run(request(("custom_layers", layers), ("custom_colors", colors))) { _ in }
            #expect(pngSize(try #require(try await store.get(result.key)).data).map { [$0.0, $0.1] } == [100, 150])
        }
    }

    @Test func allThemesGoIntoOneZipFromOneFetch() async throws {
        try await withTask { task, store in
            let log = ProgressLog()
            let result = try await task.run(request(("all_themes", true), ("style", "ignored"))) { log.append($0) }
            #expect(result.key.hasPrefix("helsinki_ALL_THEMES_") && result.key.hasSuffix(".zip"))
            let reports = log.all
            let count = reports.count - 1
            #expect(count == 17)
            #expect(reports.first == PosterProgress(current: 15, status: "Preparing \(count) themes..."))
            #expect(
                reports.dropFirst().map(\.current) == [
                    30, 33, 37, 40, 44, 47, 51, 54, 58, 61, 65, 68, 72, 75, 79, 82, 86,
                ])
            #expect(reports[1].status == "Rendering autumn (1/17)...")

            let stored = try #require(try await store.get(result.key))
            #expect(stored.info.contentType == "application/zip")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).zip")
            try stored.data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "zip_check.py")
            let report = try JSONValue(parsing: try await PythonScript.run(script, arguments: [file.path]))
            #expect(report["bad"] == .null)
            let entries = try #require(report["entries"]?.array)
            let names = entries.compactMap { $0["name"]?.string }
            #expect(names.count == 17)
            #expect(names.contains("helsinki_noir.png") && names.contains("helsinki_feature_based.png"))
            for entry in entries {
                #expect(entry["method"] == 8, "DEFLATE")
                // IHDR width 100 (0x64) and height 150 (0x96) at bytes 16–23 of each PNG.
                #expect(entry["head"]?.string?.hasSuffix("0000006400000096") == true)
            }
        }
    }

    @Test(
        arguments: [
            ("style", "no_such_theme", "Unknown theme 'no_such_theme'"),
            ("format", "gif", "Unknown format 'gif'"),
            ("distance", 499, "Invalid distance 499 m"),
            ("distance", 200_000, "Invalid distance 200000 m"),
            ("width", 5000.0, "Invalid width"),
            ("dpi", 100_000, "Invalid dpi"),
            (
                "margins", 1.0,
                "Margins of 1 in leave too little room on a 2 × 3 in poster: the map and its text need margins of at most 0.5 in."
            ),
            ("custom_colors", ["bg": "blue-ish"], "blue-ish"),
        ] as [(String, JSONValue, String)])
    func refusesBadOptionsAsValueError(field: String, value: JSONValue, message: String) async throws {
        try await withTask { task, store in
            let log = ProgressLog()
            do {
                _ = try await task.run(request((field, value))) { log.append($0) }
                Issue.record("accepted \(field) = \(value)")
            } catch let error as PosterJobError {
                #expect(error.code == .invalidOptions)
                #expect(error.pythonExceptionType == "ValueError")
                #expect(error.message.contains(message), "\(error.message)")
            }
            #expect(log.all.isEmpty)
            #expect(try await store.listAll().isEmpty)
        }
    }

    @Test func schemaViolationsAreValueErrors() async throws {
        try await withTask { task, _ in
            do {
                _ = try await task.run(["city": "Helsinki"]) { _ in }
                Issue.record("accepted a request without country")
            } catch let error as PosterJobError {
                #expect(error.code == .invalidRequest)
                #expect(error.pythonExceptionType == "ValueError")
            }
        }
    }

    @Test func unknownPlaceUsesTheOriginalsText() async throws {
        try await withTask { task, _ in
            do {
                _ = try await task.run(request(("city", "Atlantis"), ("country", "Nowhere"))) { _ in }
                Issue.record("geocoded Atlantis")
            } catch let error as PosterJobError {
                #expect(error.code == .placeNotFound)
                #expect(error.message == "Could not find coordinates for Atlantis, Nowhere")
                #expect(error.pythonExceptionType == "ValueError")
            }
        }
    }

    static let outsideTheExtract =
        "No map data for this area: the map data covers 60.1642 N–60.1791 N, 24.9352 E–24.9534 E."

    /// Paris is in the gazetteer but not in the Helsinki extract.
    @Test(arguments: [(false, outsideTheExtract), (true, outsideTheExtract)])
    func placeOutsideTheExtractHasNoMapData(allThemes: Bool, message: String) async throws {
        try await withTask { task, store in
            do {
                let paris = request(("city", "Paris"), ("country", "France"), ("all_themes", .bool(allThemes)))
                _ = try await task.run(paris) { _ in }
                Issue.record("rendered Paris from the Helsinki extract")
            } catch let error as PosterJobError {
                #expect(error.code == .noMapData)
                #expect(error.message == message)
                #expect(error.pythonExceptionType == "ValueError")
            }
            #expect(try await store.listAll().isEmpty)
        }
    }

    /// The Helsinki extract, as a source that could not get one of its layers (as Overpass reports a failed query).
    struct PartlyFailingSource: MapDataSource {
        let extract: LocalExtractSource
        var cacheIdentity: String { extract.cacheIdentity }

        func mapData(for request: MapDataRequest) async throws -> MapDataResult {
            var result = try await extract.mapData(for: request)
            result.warnings.append("water: HTTP 504 from every endpoint")
            return result
        }
    }

    @Test func whatTheSourceCouldNotGetIsReturnedWithThePoster() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("poster-task-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let task = PosterTask(
            geocoder: try Gazetteer(),
            mapSource: PartlyFailingSource(extract: LocalExtractSource(url: try Fixtures.helsinkiPBF, pool: .testing)),
            store: FileSystemStore(directory: folder, publicBaseURL: "/minio_storage", pool: .testing),
            renders: BlockingLane(pool: .testing))
        let centred = request(("lat", Self.extractCentre.lat), ("lon", Self.extractCentre.lon), ("distance", 800))
        let result = try await task.run(centred) { _ in }
        #expect(result.warnings == ["water: HTTP 504 from every endpoint"])
        #expect(result.json["warnings"] == ["water: HTTP 504 from every endpoint"])
        let preview = try await task.preview(centred)
        #expect(preview.warnings == ["water: HTTP 504 from every endpoint"])
    }

    /// The middle of the Helsinki extract, and a poster that fits inside it (800 m on 3 × 5 in: 960 × 1600 m).
    static let extractCentre: (lat: JSONValue, lon: JSONValue) = (60.17163, 24.94430)

    @Test func givenCentreSkipsGeocodingFitsTheDataAndChangesTheKey() async throws {
        try await withTask { task, store in
            let body = request(
                ("city", "Atlantis"), ("country", "Nowhere"), ("distance", 800), ("width", 3.0), ("height", 5.0),
                ("lat", Self.extractCentre.lat), ("lon", Self.extractCentre.lon))
            let result = try await task.run(body) { _ in }
            #expect(result.warnings.isEmpty)
            #expect(result.json.object?.orderedKeys == ["success", "file_url", "cached"])
            let expected = try PosterRequest(validating: body)
            #expect(result.key == expected.objectKey)
            var withoutCentre = expected
            (withoutCentre.latitude, withoutCentre.longitude) = (nil, nil)
            #expect(result.key != withoutCentre.objectKey)
            #expect(try await store.get(result.key) != nil)
        }
    }

    @Test(arguments: [false, true])
    func givenCentreOutsideTheExtractFailsBeforeAnyWork(allThemes: Bool) async throws {
        try await withTask { task, store in
            let log = ProgressLog()
            do {
                let paris = request(("lat", 48.8566), ("lon", 2.3522), ("all_themes", .bool(allThemes)))
                _ = try await task.run(paris) { log.append($0) }
                Issue.record("rendered Paris from the Helsinki extract")
            } catch let error as PosterJobError {
                #expect(error.code == .noMapData)
                #expect(error.message == Self.outsideTheExtract)
                #expect(error.pythonExceptionType == "ValueError")
            }
            #expect(log.all.isEmpty)
            #expect(try await store.listAll().isEmpty)
        }
    }

    @Test(
        arguments: [
            (("lat", 60.17), nil, "lat", "Give lat and lon together"),
            (nil, ("lon", 24.94), "lon", "Give lat and lon together"),
            (("lat", 90.5), ("lon", 24.94), "lat", "Invalid lat 90.5"),
            (("lat", 60.17), ("lon", -180.01), "lon", "Invalid lon -180.01"),
            (("lat", "nan"), ("lon", 24.94), "lat", "Invalid lat nan"),
        ] as [((String, JSONValue)?, (String, JSONValue)?, String, String)])
    func centreMustBeBothAndInRange(
        lat: (String, JSONValue)?, lon: (String, JSONValue)?, field: String, message: String
    )
        async throws
    {
        var object = Self.helsinki.object!
        for (key, value) in [lat, lon].compactMap({ $0 }) { object[key] = value }
        if let error = try expectOptionsRefused(object, field: field, message: message) {
            #expect(error.issues.map(\.type) == ["value_error"])
        }
    }

    /// A revoke with terminate cancels the task's Swift task: whatever it was rendering, nothing is stored.
    @Test func cancelledTaskStoresNothing() async throws {
        try await withTask { (task, store) async throws in
            let body = request(("all_themes", true))
            let run = Task {
                try await task.run(body) { progress in
                    // Cancel from inside, once the second theme starts: deterministic, whatever the machine's speed.
                    if progress.status.hasPrefix("Rendering") && progress.status.contains("(2/") {
                        withUnsafeCurrentTask { $0?.cancel() }
                    }
                }
            }
            switch await run.result {
            case .success(let result): Issue.record("a cancelled task stored \(result.key)")
            case .failure(let error): #expect(error is CancellationError, "\(error)")
            }
            #expect(try await store.listAll().isEmpty)
        }
    }

    /// Counts the reads that reach the extract.
    final class CountingSource: MapDataSource {
        let base: LocalExtractSource
        let reads = Mutex(0)
        init(base: LocalExtractSource) { self.base = base }
        var cacheIdentity: String { base.cacheIdentity }
        func coverage() async throws -> MapCoverage { try await base.coverage() }
        func mapData(for request: MapDataRequest) async throws -> MapDataResult {
            reads.withLock { $0 += 1 }
            return try await base.mapData(for: request)
        }
    }

    /// The page's live preview: a ~600 px PNG of the same poster, nothing stored; with the fetch cache, previews that
    /// change only the look, and the full render after them, read the extract once.
    @Test func previewsAreSmallStoreNothingAndShareOneFetchWithTheFullRender() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = FileSystemStore(
            directory: folder.appendingPathComponent("store"), publicBaseURL: "/minio_storage", pool: .testing)
        try await store.prepare()
        let counting = CountingSource(base: LocalExtractSource(url: try Fixtures.helsinkiPBF, pool: .testing))
        let cache = DirectoryFetchCache(directory: folder.appendingPathComponent("cache"), pool: .testing)
        let task = PosterTask(
            geocoder: try Gazetteer(), mapSource: CachedMapDataSource(source: counting, cache: cache, pool: .testing),
            store: store, renders: BlockingLane(pool: .testing))
        let body = request(
            ("width", 12.0), ("height", 16.0), ("dpi", 300), ("distance", 650), ("lat", Self.extractCentre.lat),
            ("lon", Self.extractCentre.lon))

        let preview = try await task.preview(body)
        #expect((preview.width, preview.height) == (600, 800))
        #expect(pngSize(preview.png).map { [$0.0, $0.1] } == [600, 800])
        #expect(preview.warnings.isEmpty)
        let url = try #require(preview.json["preview"]?.string)
        #expect(url.hasPrefix("data:image/png;base64,"))
        #expect(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))) == preview.png)
        #expect(try await store.listAll().isEmpty)

        var other = body.object!
        other["style"] = "warm_beige"
        other["custom_colors"] = ["bg": "#101010"]
        let second = try await task.preview(.object(other))
        #expect(second.png != preview.png)
        let full = try await task.run(body) { _ in }
        #expect(pngSize(try #require(try await store.get(full.key)).data).map { [$0.0, $0.1] } == [3600, 4800])
        #expect(counting.reads.withLock { $0 } == 1)

        // Another area is another entry.
        var moved = body.object!
        moved["lat"] = 60.1710
        _ = try await task.preview(.object(moved))
        #expect(counting.reads.withLock { $0 } == 2)
    }

    /// A GPX route and a marker, no centre: the task draws around the route without geocoding (the city is unknown
    /// to every geocoder), at the smallest distance (500 m for this 560 m route), and the poster differs from the same
    /// one without them centred there.
    @Test func aRouteCentresThePosterWithoutGeocoding() async throws {
        try await withTask { task, store in
            let track = [(60.1690, 24.9400), (60.1720, 24.9450), (60.1740, 24.9420)]
            let gpx = GPXDocument.text(segments: [track.map { (latitude: $0.0, longitude: $0.1) }])
            let marker: JSONValue = .array([
                .object(JSONObject([("lat", 60.1716), ("lon", 24.9443), ("label", "Home")]))
            ])
            let body = request(
                ("city", "Nowhere Town"), ("country", "Atlantis"), ("gpx", .string(gpx)), ("markers", marker))
            let result = try await task.run(body) { _ in }
            let poster = try #require(try await store.get(result.key)).data
            #expect(pngSize(poster).map { [$0.0, $0.1] } == [100, 150])
            var plain = body.object!
            plain["gpx"] = nil
            plain["markers"] = nil
            (plain["lat"], plain["lon"], plain["distance"]) = (60.1715, 24.9425, 500)
            let without = try await task.run(.object(plain)) { _ in }
            let plainPoster = try #require(try await store.get(without.key)).data
            #expect(pngSize(plainPoster).map { [$0.0, $0.1] } == [100, 150])
            #expect(plainPoster != poster)
        }
    }

    @Test func previewOutsideTheDataFailsLikeThePoster() async throws {
        try await withTask { task, _ in
            do {
                _ = try await task.preview(request(("lat", 48.8566), ("lon", 2.3522)))
                Issue.record("previewed Paris from the Helsinki extract")
            } catch let error as PosterJobError {
                #expect(error.message == Self.outsideTheExtract)
            }
        }
    }
}
