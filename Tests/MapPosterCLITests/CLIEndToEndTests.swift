import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Testing

@testable import MapPosterCLI

/// Runs the built `mapposter` binary on the real Helsinki extract (`Fixtures.helsinkiPBF`).
@Suite struct CLIEndToEndTests {
    private static let centre = ["--lat", "60.1716", "--lon", "24.9443"]

    /// A fresh folder, removed after `body`.
    private func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mapposter-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// A PNG's width and height, from its IHDR chunk.
    private func pngSize(_ png: Data) throws -> (width: Int, height: Int) {
        try #require(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let header = [UInt8](png[16..<24])
        return (header[0..<4].reduce(0) { $0 << 8 | Int($1) }, header[4..<8].reduce(0) { $0 << 8 | Int($1) })
    }

    @Test func rendersTheExtractAroundCoordinates() throws {
        let binary = try MapPosterBinary()
        try withFolder { folder in
            let output = folder.appendingPathComponent("poster.png")
            let printed = try binary.succeed(
                ["render", "--osm", try Fixtures.helsinkiPBF.path] + Self.centre + [
                    "--distance", "650", "--any-distance", "--theme", "noir", "--format", "png", "--output",
                    output.path,
                    "--city", "Helsinki", "--country", "Finland", "--paper", "A4", "--dpi", "40",
                ])
            let lines = printed.split(separator: "\n")
            try #require(lines.count == 2, "\(printed)")
            #expect(lines[0].hasPrefix("read ") && lines[0].contains(" roads, "))
            #expect(lines[1].hasPrefix("wrote \(output.path)"))
            let size = try pngSize(try Data(contentsOf: output))
            #expect(size.width == 331 && size.height == 468)  // A4 at 40 dpi
        }
    }

    /// `features` writes what `render --osm` reads, so `render --features` on it draws the same poster, byte
    /// for byte; and the JSON holds exactly what the OSM module selects in process.
    /// Issue 20's options in a PDF from the binary: the labels and the title are text in it, the rest of the text not.
    @Test func lookOptionsDrawInAPDF() throws {
        let binary = try MapPosterBinary()
        try withFolder { folder in
            let output = folder.appendingPathComponent("poster.pdf")
            _ = try binary.succeed(
                ["render", "--osm", try Fixtures.helsinkiPBF.path] + Self.centre + [
                    "--distance", "650", "--any-distance", "--width", "6", "--height", "8", "--output", output.path,
                    "--city", "Helsinki", "--country", "Finland", "--text", "title", "--line-scale", "2", "--frame",
                    "--fade", "bottom", "--marker", "60.1719,24.9414,Station", "--marker",
                    "60.1694,24.9522,Senate Square",
                    "--rotation", "20", "--north-arrow",
                ])
            let words = try Self.pdfText(output)
            #expect(words.contains("Station") && words.contains("Senate Square"))
            #expect(words.contains("H E L S I N K I") || words.contains("H  E  L  S  I  N  K  I"))
            #expect(!words.contains("FINLAND") && !words.contains("OpenStreetMap"))
        }
    }

    /// A GPX track and no --lat/--lon: the poster is centred on the route and sized to it; a bad file is refused in a
    /// sentence before anything is read.
    @Test func aGPXRouteCentresThePoster() throws {
        let binary = try MapPosterBinary()
        let pbf = try Fixtures.helsinkiPBF.path
        try withFolder { folder in
            let gpx = folder.appendingPathComponent("run.gpx")
            let track = [(60.1690, 24.9400), (60.1720, 24.9450), (60.1740, 24.9420)]
            try GPXDocument.text(segments: [track.map { (latitude: $0.0, longitude: $0.1) }])
                .write(to: gpx, atomically: true, encoding: .utf8)
            let output = folder.appendingPathComponent("run.png")
            let printed = try binary.succeed([
                "render", "--osm", pbf, "--gpx", gpx.path, "--city", "Helsinki", "--width", "4", "--height", "5",
                "--dpi", "40", "--output", output.path,
            ])
            #expect(!printed.contains("geocoded"))
            #expect(printed.contains("wrote \(output.path)"))

            try "<gpx><trk><trkseg>".write(to: gpx, atomically: true, encoding: .utf8)
            let bad = try binary.run(["render", "--osm", pbf, "--gpx", gpx.path, "--output", output.path])
            #expect(bad.status != 0)
            #expect(bad.errors.contains("The GPX file is not valid XML (line 1"), "\(bad.errors)")
            let missing = try binary.run(["render", "--osm", pbf, "--gpx", "/no/such.gpx", "--output", output.path])
            #expect(missing.errors.contains("No such file: /no/such.gpx"))
        }
    }

    /// The text of a PDF, by poppler's `pdftotext`.
    private static func pdfText(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [file.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(decoding: text, as: UTF8.self)
    }

    @Test func featuresFileDrawsTheSamePosterAsTheExtract() throws {
        let binary = try MapPosterBinary()
        let pbf = try Fixtures.helsinkiPBF
        try withFolder { folder in
            let json = folder.appendingPathComponent("helsinki.json")
            let size = ["--distance", "500", "--any-distance", "--width", "6", "--height", "8"]
            let layers = ["--layer", "rail", "--layer", "subway:#ff00ff:2"]
            let printed = try binary.succeed(
                ["features", "--osm", pbf.path] + Self.centre + size + layers + ["--output", json.path])
            #expect(printed.hasPrefix("wrote \(json.path) ("))
            let written = try JSONDecoder().decode(MapData.self, from: Data(contentsOf: json))

            // 500 m on a 6 × 8 in page: features within 500 × 8 / 6 m of the centre.
            let request = MapDataRequest(
                center: GeoPoint(latitude: 60.1716, longitude: 24.9443),
                distance: 500 * 8 / 6,
                layers: [
                    try #require(ExtraLayer(argument: "rail")).layer,
                    try #require(ExtraLayer(argument: "subway:#ff00ff:2")).layer,
                ]
            )
            let expected = FeatureSelector(request: request).select(
                from: try LocalExtractSource.load(file: PBFFile(url: pbf), request: request)
            ).mapData
            #expect(written == expected)
            #expect(!written.roads.isEmpty && !written.water.isEmpty && !written.parks.isEmpty)
            #expect(written.layers.map(\.color) == ["#f1c40f", "#ff00ff"])
            #expect(written.layers.allSatisfy { !$0.lines.isEmpty })

            let common = Self.centre + size + ["--dpi", "30", "--city", "Helsinki", "--theme", "ocean"]
            let fromExtract = folder.appendingPathComponent("extract.png")
            let fromFile = folder.appendingPathComponent("file.png")
            try binary.succeed(["render", "--osm", pbf.path] + layers + common + ["--output", fromExtract.path])
            try binary.succeed(["render", "--features", json.path] + common + ["--output", fromFile.path])
            #expect(try Data(contentsOf: fromExtract) == Data(contentsOf: fromFile))
        }
    }

    @Test func geocodesTheCityOfflineWhenCoordinatesAreMissing() throws {
        let binary = try MapPosterBinary()
        try withFolder { folder in
            let output = folder.appendingPathComponent("poster.svg")
            let printed = try binary.succeed([
                "render", "--osm", try Fixtures.helsinkiPBF.path, "--city", "Helsinki", "--country", "Finland",
                "--offline", "--distance", "400", "--any-distance", "--width", "4", "--height", "5", "--format", "svg",
                "--output", output.path,
            ])
            // The gazetteer's Helsinki (GeoNames), inside the extract.
            #expect(printed.hasPrefix("geocoded Helsinki, Finland: 60.16952, 24.93545\n"))
            let svg = try String(contentsOf: output, encoding: .utf8)
            #expect(svg.contains("<svg") && svg.contains("width=\"288pt\""))
        }
    }

    @Test func failuresExitNonZeroWithTheReason() throws {
        let binary = try MapPosterBinary()
        let pbf = try Fixtures.helsinkiPBF.path
        let unknown = try binary.run([
            "render", "--osm", pbf, "--city", "Atlantis", "--country", "Nowhere", "--offline", "--output", "x.png",
        ])
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("Could not find coordinates for Atlantis, Nowhere"))

        // A centre far from the extract: nothing to draw.
        let empty = try binary.run(["render", "--osm", pbf, "--lat", "48.85", "--lon", "2.35", "--output", "x.png"])
        #expect(empty.status != 0)
        #expect(empty.errors.contains("No map data found"))

        let missing = try binary.run(
            ["render", "--osm", "/nonexistent.osm.pbf"] + Self.centre + ["--output", "x.png"])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("No such file: /nonexistent.osm.pbf"))
    }

    /// Every option is checked before geocoding or reading anything, and refusals are sentences: no
    /// "Missing value" for a negative number, no `NSCocoaErrorDomain` for a missing folder.
    @Test func badOptionsAreRefusedFirstAndInWords() throws {
        let binary = try MapPosterBinary()
        let pbf = try Fixtures.helsinkiPBF.path
        // An unknown place, but the margins are what is reported: nothing was geocoded.
        let margins = try binary.run([
            "render", "--osm", pbf, "--city", "Atlantis", "--offline", "--margins", "9", "--output", "x.png",
        ])
        #expect(margins.status != 0)
        #expect(margins.errors.contains("Error: Margins of 9 in leave too little room on a 12 × 16 in poster"))
        let negative = try binary.run(
            ["render", "--osm", pbf] + Self.centre + ["--distance", "-5", "--output", "x.png"])
        #expect(negative.errors.contains("Error: Invalid distance -5.0 m: must be between 500 and 100000 metres"))
        #expect(!negative.errors.contains("Missing value"))
        let folder = try binary.run(["render", "--osm", pbf] + Self.centre + ["--output", "/nonexistent/dir/x.png"])
        #expect(folder.status != 0)
        #expect(folder.errors.contains("Error: The folder /nonexistent/dir for --output does not exist"))
        #expect(!folder.errors.contains("NSCocoaErrorDomain"))
        let features = try binary.run(["features", "--osm", pbf] + Self.centre + ["--output", "/nonexistent/f.json"])
        #expect(features.errors.contains("Error: The folder /nonexistent for --output does not exist"))
    }

    /// `--output poster.pdf` writes a PDF of the page's size; a PNG carries its dpi.
    @Test func theOutputFileNamesTheFormat() throws {
        let binary = try MapPosterBinary()
        try withFolder { folder in
            let pdf = folder.appendingPathComponent("poster.pdf")
            try binary.succeed(
                ["render", "--osm", try Fixtures.helsinkiPBF.path] + Self.centre + [
                    "--distance", "1000", "--paper", "A4-landscape", "--output", pdf.path,
                ])
            let bytes = try Data(contentsOf: pdf)
            #expect(bytes.starts(with: Array("%PDF-".utf8)))
            // A4 turned: 841.89 × 595.276 pt.
            #expect(String(decoding: bytes, as: UTF8.self).contains("/MediaBox [ 0 0 841.889764 595.275591 ]"))
            let png = folder.appendingPathComponent("poster.png")
            try binary.succeed(
                ["render", "--osm", try Fixtures.helsinkiPBF.path] + Self.centre + [
                    "--distance", "1000", "--width", "4", "--height", "6", "--dpi", "72", "--output", png.path,
                ])
            // pHYs: 2835 pixels per metre (72 dpi) both ways, unit metre.
            let data = try Data(contentsOf: png)
            let physical = try #require(data.firstRange(of: Data("pHYs".utf8)))
            #expect([UInt8](data[physical.upperBound..<(physical.upperBound + 9)]) == [0, 0, 11, 19, 0, 0, 11, 19, 1])
        }
    }

    @Test func listsTheThemes() throws {
        let themes = try MapPosterBinary().succeed(["themes"])
        #expect(themes.split(separator: "\n").count == 17)
        #expect(themes.hasPrefix("autumn\tAutumn\t"))
    }
}
