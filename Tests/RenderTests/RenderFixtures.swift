import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import PosterDesign
import Testing

/// The real Helsinki features the render tests draw, and helpers to run tools and find files.
enum RenderFixtures {
    /// The centre of the Helsinki extract and a distance whose crop fits inside it.
    static let helsinkiCenter = GeoPoint(latitude: 60.1716, longitude: 24.9443)
    static let helsinkiDistance = 650.0
    static let helsinkiLabels = PosterLabels(city: "Helsinki", country: "Finland")

    /// `Tests/RenderTests/Goldens`.
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    /// The features of `shared/fixtures/osm/helsinki-center.osm.pbf` that a poster with the default ``options()``
    /// draws, read once per test run with the OSM module as `mapposter render --osm` reads them: everything within
    /// the poster's fetch distance of the centre (roads, water, parks and the sea built from the coastline).
    static var helsinki: MapData {
        get throws { try helsinkiResult.get() }
    }

    private static let helsinkiResult = Result { () throws -> MapData in
        let request = MapDataRequest(
            center: helsinkiCenter,
            distance: try options().fetchDistance,
            areaName: "Helsinki, Finland"
        )
        let dataSet = try LocalExtractSource.load(file: PBFFile(url: try Fixtures.helsinkiPBF), request: request)
        return FeatureSelector(request: request).select(from: dataSet).mapData
    }

    /// The same features with green space (the fixture's one wood, near its north-west corner), and a centre and
    /// distance whose crop shows it.
    static var helsinkiWithGreenSpace: MapData {
        get throws { try greenSpaceResult.get() }
    }
    static let greenSpaceCenter = GeoPoint(latitude: 60.1788, longitude: 24.9378)
    static let greenSpaceDistance = 150.0

    private static let greenSpaceResult = Result { () throws -> MapData in
        var request = MapDataRequest(center: greenSpaceCenter, distance: 400, areaName: "Helsinki, Finland")
        request.includeGreenSpace = true
        let dataSet = try LocalExtractSource.load(file: PBFFile(url: try Fixtures.helsinkiPBF), request: request)
        return FeatureSelector(request: request).select(from: dataSet).mapData
    }

    /// Options for a Helsinki poster.
    static func options(
        theme: String = "noir",
        format: PosterFormat = .png,
        width: Double = 4,
        height: Double = 16.0 / 3,
        dpi: Int = 50,
        labels: PosterLabels = helsinkiLabels
    ) throws -> PosterOptions {
        PosterOptions(
            center: helsinkiCenter,
            distance: helsinkiDistance,
            width: width,
            height: height,
            dpi: dpi,
            theme: try Theme.named(theme),
            labels: labels,
            format: format
        )
    }

    /// A new empty folder under the system's temporary folder.
    static func temporaryDirectory() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mapposter-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs a program to completion and returns its standard output; throws when it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(
                command: ([executable] + arguments).joined(separator: " "),
                status: process.terminationStatus,
                stderr: String(decoding: errorData, as: UTF8.self)
            )
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}

/// A program the tests ran exited with an error.
struct ToolFailure: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var stderr: String

    var description: String { "\(command) exited \(status): \(stderr)" }
}
