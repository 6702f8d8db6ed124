import ArgumentParser
import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import PosterDesign
import Testing

@testable import MapPosterCLI

/// Parsing and validation of `mapposter render` and its option groups, in process.
@Suite struct RenderCommandTests {
    /// A file that exists, for `--features`/`--osm` (validation checks the file is there).
    private static var existingFile: String { get throws { try Fixtures.helsinkiPBF.path } }

    @Test func paperPresetsSetWidthAndHeight() throws {
        let command = try RenderCommand.parse([
            "--features", try Self.existingFile, "--lat", "-33.8688", "--lon", "151.2093", "--distance", "3000",
            "--theme", "ocean", "--format", "PDF", "--output", "out.pdf", "--paper", "A3",
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
        // Both are refused while parsing, before any geocoding or reading.
        #expect(throws: (any Error).self) { try RenderCommand.parse(base + ["--theme", "nope"]) }
        #expect(throws: (any Error).self) { try RenderCommand.parse(base + ["--format", "gif"]) }
        let parsed = try RenderCommand.parse(base)
        #expect(try parsed.posterOptions(center: center).format == .png)
    }

    /// The message a command line is refused with, as `mapposter` prints it after "Error: ".
    private func refusal(_ arguments: [String]) throws -> String {
        let path = try Self.existingFile
        do {
            _ = try RenderCommand.parse(arguments.map { $0 == "PBF" ? path : $0 })
        } catch {
            return RenderCommand.message(for: error)
        }
        Issue.record("\(arguments) was accepted")
        return ""
    }

    @Test func negativeNumbersParseAndAreRefusedInWords() throws {
        let base = ["--features", "PBF", "--output", "o.png"]
        #expect(
            try refusal(base + ["--lat", "-1", "--lon", "-2", "--distance", "-5"])
                == "Invalid distance -5.0 m: must be between 500 and 100000 metres (the web app's range; --any-distance allows 200000)."
        )
        #expect(
            try refusal(base + ["--lat", "0", "--lon", "0", "--margins", "-1"])
                == "Invalid margins -1.0 in: must be 0 or more.")
        #expect(
            try refusal(base + ["--lat", "-91", "--lon", "0"]).hasPrefix("Invalid centre -91.0, 0.0: latitude must be"))
    }

    @Test func lookOptionsReachThePoster() throws {
        let command = try RenderCommand.parse([
            "--features", try Self.existingFile, "--lat", "60.17", "--lon", "24.94", "--output", "o.png",
            "--text", "title", "--line-scale", "2.5", "--frame", "--fade", "top", "--marker",
            "-33.9,18.4,Cape Town, Bo-Kaap",
            "--marker", "60.17,24.94", "--legend", "--rotation", "-30", "--north-arrow",
        ])
        let options = try command.posterOptions(center: GeoPoint(latitude: 60.17, longitude: 24.94))
        #expect(options.text == .title && options.lineScale == 2.5 && options.frame && options.fade == .top)
        #expect(
            options.markers == [
                PosterMarker(point: GeoPoint(latitude: -33.9, longitude: 18.4), label: "Cape Town, Bo-Kaap"),
                PosterMarker(point: GeoPoint(latitude: 60.17, longitude: 24.94)),
            ])
        #expect(options.legend && options.rotation == -30 && options.northArrow)
        let plain = try RenderCommand.parse([
            "--features", try Self.existingFile, "--lat", "0", "--lon", "0", "--output", "o.png",
        ])
        .posterOptions(center: GeoPoint(latitude: 0, longitude: 0))
        #expect(plain.text == .all && plain.lineScale == 1 && !plain.frame && plain.fade == .both)
        #expect(plain.markers.isEmpty && plain.rotation == 0 && !plain.northArrow)
    }

    @Test func badLookOptionsAreRefusedInWords() throws {
        let base = ["--features", "PBF", "--output", "o.png", "--lat", "60", "--lon", "24"]
        #expect(try refusal(base + ["--text", "loud"]) == "Unknown text 'loud': use all, title or none.")
        #expect(try refusal(base + ["--fade", "left"]) == "Unknown fade 'left': use both, top, bottom or none.")
        #expect(try refusal(base + ["--line-scale", "0"]) == "Invalid line scale 0.0: must be between 0.1 and 10.0.")
        #expect(
            try refusal(base + ["--rotation", "720"])
                == "Invalid rotation 720.0°: must be between -360 and 360 degrees.")
        #expect(
            try refusal(base + ["--marker", "60.17"])
                == "Invalid marker '60.17': write it as LAT,LON or LAT,LON,LABEL (e.g. 60.17,24.94,Home).")
        #expect(
            try refusal(base + ["--marker", "95,24,Pole"]).hasPrefix("Invalid marker at 95.0, 24.0: latitude must be"))
    }

    @Test func distancesFollowTheAPIUnlessTold() throws {
        let base = ["--features", try Self.existingFile, "--lat", "0", "--lon", "0", "--output", "o.png"]
        #expect(throws: (any Error).self) { try RenderCommand.parse(base + ["--distance", "450"]) }
        #expect(throws: (any Error).self) { try RenderCommand.parse(base + ["--distance", "100001"]) }
        #expect(try RenderCommand.parse(base + ["--distance", "1000"]).size.distance == 1000)
        #expect(try RenderCommand.parse(base + ["--distance", "450", "--any-distance"]).size.distance == 450)
        #expect(throws: (any Error).self) {
            try RenderCommand.parse(base + ["--distance", "300000", "--any-distance"])
        }
    }

    @Test func theFormatFollowsTheOutputFile() throws {
        let base = ["--features", try Self.existingFile, "--lat", "0", "--lon", "0"]
        let center = GeoPoint(latitude: 0, longitude: 0)
        for (file, format) in [("out.pdf", PosterFormat.pdf), ("out.SVG", .svg), ("out.png", .png), ("out", .png)] {
            #expect(try RenderCommand.parse(base + ["--output", file]).posterOptions(center: center).format == format)
        }
        #expect(
            try refusal(base + ["--output", "out.pdf", "--format", "png"])
                == "--output out.pdf ends in .pdf but --format is png: make them agree, or leave --format out.")
        #expect(
            try refusal(base + ["--output", "out.jpg"])
                == "Cannot tell the format of out.jpg: end --output in .png, .svg or .pdf, or give --format.")
        #expect(
            try RenderCommand.parse(base + ["--output", "out.img", "--format", "svg"]).posterOptions(center: center)
                .format == .svg)
    }

    @Test func aPaperPresetAndASizeConflict() throws {
        let base = ["--features", "PBF", "--lat", "0", "--lon", "0", "--output", "o.png"]
        #expect(
            try refusal(base + ["--paper", "A4", "--width", "20"])
                == "--width and --height set a custom size: leave them out with --paper A4, or give --paper custom.")
        let landscape = try RenderCommand.parse(
            ["--features", try Self.existingFile] + base.dropFirst(2) + ["--paper", "A4-landscape"])
        let options = try landscape.posterOptions(center: GeoPoint(latitude: 0, longitude: 0))
        #expect(options.width == PaperSize.a4.height && options.height == PaperSize.a4.width)
        #expect(try refusal(base + ["--paper", "letter"]).hasPrefix("Unknown paper size 'letter': use one of A4, A3"))
    }

    @Test func marginsThatLeaveNoRoomAreRefused() throws {
        let base = ["--features", "PBF", "--lat", "0", "--lon", "0", "--output", "o.png", "--paper", "12x16"]
        #expect(
            try refusal(base + ["--margins", "9"])
                == "Margins of 9 in leave too little room on a 12 × 16 in poster: the map and its text need margins of at most 2.96 in."
        )
    }

    @Test func aMissingOutputFolderIsNamed() throws {
        let base = ["--features", "PBF", "--lat", "0", "--lon", "0"]
        #expect(
            try refusal(base + ["--output", "/nonexistent/folder/o.png"])
                == "The folder /nonexistent/folder for --output does not exist: create it first.")
        #expect(try refusal(base + ["--output", "/tmp"]) == "--output /tmp is a folder: give a file name.")
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
        let center = try await command.place.center(nominatim: nil, pool: .testing)
        // GeoNames' Zürich, from the bundled gazetteer.
        #expect(abs(center.latitude - 47.36667) < 0.01 && abs(center.longitude - 8.55) < 0.01)
        #expect(command.place.areaName == "zurich, Switzerland")
    }

    @Test func anUnknownPlaceIsReportedAsThePythonOriginalDoes() async throws {
        let place = try PlaceOptions.parse(["--city", "Atlantis", "--country", "Nowhere", "--offline"])
        await #expect {
            try await place.center(nominatim: nil, pool: .testing)
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
