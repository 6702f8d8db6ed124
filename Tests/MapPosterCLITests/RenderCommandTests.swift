import ArgumentParser
import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Render
import Testing

@testable import MapPosterCLI

/// Parsing and validation of `mapposter render` and its option groups, in process.
@Suite struct RenderCommandTests {
    /// A file that exists, for `--features`/`--osm` (validation checks the file is there).
    private static var existingFile: String { get throws { try Fixtures.helsinkiPBF.path } }

    @Test func paperPresetsOverrideWidthAndHeight() throws {
        let command = try RenderCommand.parse([
            "--features", try Self.existingFile, "--lat", "-33.8688", "--lon", "151.2093", "--distance", "3000",
            "--theme", "ocean", "--format", "PDF", "--output", "out.pdf", "--paper", "A3", "--width", "5",
            "--city", "Sydney", "--country", "Australia", "--name-label", "Warrane",
        ])
        let options = try command.posterOptions(center: GeoPoint(latitude: -33.8688, longitude: 151.2093))
        #expect(options.width == PaperSize.a3.width && options.height == PaperSize.a3.height)
        #expect(options.distance == 3000)
        #expect(options.format == .pdf)
        #expect(options.theme.id == "ocean")
        #expect(options.labels.title == "Warrane")
        #expect(command.place.needsGeocoding == false)
    }

    @Test func unknownThemeAndFormatAreReported() throws {
        let base = ["--features", try Self.existingFile, "--lat", "0", "--lon", "0", "--output", "o.png"]
        let center = GeoPoint(latitude: 0, longitude: 0)
        #expect(throws: RenderError.self) {
            try RenderCommand.parse(base + ["--theme", "nope"]).posterOptions(center: center)
        }
        #expect(throws: RenderError.self) {
            try RenderCommand.parse(base + ["--format", "gif"]).posterOptions(center: center)
        }
    }

    @Test(arguments: [
        // neither source, both sources
        ["--lat", "1", "--lon", "2", "--output", "o.png"],
        ["--osm", "PBF", "--features", "PBF", "--lat", "1", "--lon", "2", "--output", "o.png"],
        // a missing file
        ["--osm", "/nonexistent/x.osm.pbf", "--lat", "1", "--lon", "2", "--output", "o.png"],
        // half a centre, no centre and no city
        ["--osm", "PBF", "--lat", "1", "--output", "o.png"],
        ["--osm", "PBF", "--output", "o.png"],
        // layers come with --osm only; unknown layer; bad layer colour
        ["--features", "PBF", "--lat", "1", "--lon", "2", "--layer", "rail", "--output", "o.png"],
        ["--osm", "PBF", "--lat", "1", "--lon", "2", "--layer", "trams", "--output", "o.png"],
        ["--osm", "PBF", "--lat", "1", "--lon", "2", "--layer", "rail:#12345", "--output", "o.png"],
    ])
    func badCommandLinesAreRejected(arguments: [String]) throws {
        let path = try Self.existingFile
        #expect(throws: (any Error).self) {
            try RenderCommand.parse(arguments.map { $0 == "PBF" ? path : $0 })
        }
    }

    @Test func aCityWithoutCoordinatesIsGeocodedOffline() async throws {
        let command = try RenderCommand.parse([
            "--osm", try Self.existingFile, "--city", "zurich", "--country", "Switzerland", "--offline",
            "--output", "o.png",
        ])
        #expect(command.place.needsGeocoding)
        let center = try await command.place.center(environment: [:])
        // GeoNames' Zürich, from the bundled gazetteer.
        #expect(abs(center.latitude - 47.36667) < 0.01 && abs(center.longitude - 8.55) < 0.01)
        #expect(command.place.areaName == "zurich, Switzerland")
    }

    @Test func anUnknownPlaceIsReportedAsThePythonOriginalDoes() async throws {
        let place = try PlaceOptions.parse(["--city", "Atlantis", "--country", "Nowhere", "--offline"])
        await #expect {
            try await place.center(environment: [:])
        } throws: { error in
            "\(error)" == "Could not find coordinates for Atlantis, Nowhere"
        }
    }

    @Test func layersTakeTheWebUIDefaultsAndOverrides() throws {
        let rail = try #require(ExtraLayer(argument: "rail"))
        #expect(rail.layer.color == "#f1c40f" && rail.layer.width == 1.2)
        #expect(rail.layer.filter.matches(["railway": "rail"]))
        #expect(!rail.layer.filter.matches(["railway": "subway"]))
        let forests = try #require(ExtraLayer(argument: "Forests:#00ff00:2.5"))
        #expect(forests.layer.color == "#00ff00" && forests.layer.width == 2.5)
        #expect(forests.layer.filter.matches(["landuse": "orchard"]))
        let cycleways = try #require(ExtraLayer(argument: "cycleways::3"))
        #expect(cycleways.layer.color == "#3498db" && cycleways.layer.width == 3)
        #expect(ExtraLayer(argument: "rivers:#00f:0") == nil)
        #expect(ExtraLayer(argument: "rivers:#00f:1:2") == nil)
        #expect(ExtraLayer.allValueStrings == ["cycleways", "rail", "subway", "forests", "rivers"])
    }
}
